"""`trustquiz mock`: draw a timed paper, sit it, mark it, record it; or show the history."""

from __future__ import annotations

import json
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from trustquiz import clock, mockfile
from trustquiz.bank.loader import Bank
from trustquiz.commands import EXIT_INTERRUPTED, EXIT_OK
from trustquiz.commands import options as o
from trustquiz.commands.loading import data_dir, open_all
from trustquiz.errors import TrustquizError
from trustquiz.kinds.presentation import Presented
from trustquiz.mock.marking import MARKINGS, Analysis
from trustquiz.mock.paper import FULL_PAPER, build, default_minutes, draw, eligible
from trustquiz.mock.sitting import Progress, Sitting
from trustquiz.mock.submit import submit
from trustquiz.store.progress import ProgressStore
from trustquiz.topics import resolve_topics


@dataclass(frozen=True)
class Options:
    """What `trustquiz mock` accepts."""

    home: Annotated[Path | None, o.HOME] = None
    bank: Annotated[tuple[Path, ...], o.BANK] = ()
    no_builtin: Annotated[bool, o.NO_BUILTIN] = False
    questions: Annotated[
        int | None,
        o.Opt("--questions", "Questions in the paper (default 100, or all there are).", "N", 1),
    ] = None
    minutes: Annotated[
        int | None,
        o.Opt("--minutes", "Time allowed (default: 120 minutes per 100 questions).", "M", 1),
    ] = None
    topic: Annotated[tuple[str, ...], o.TOPICS] = ()
    marking: Annotated[
        str | None,
        o.Opt("--marking", "gs (+2, -2/3; the default), csat (+2.5, -5/6) or none.", "SCHEME"),
    ] = None
    seed: Annotated[
        str | None,
        o.Opt("--seed", "Draw the same paper as anyone with this seed and bank.", "S"),
    ] = None
    resume: Annotated[bool, o.Opt("--resume", "Continue the mock you paused or lost.")] = False
    abandon: Annotated[
        bool, o.Opt("--abandon", "Set the mock in progress aside without marking it.")
    ] = False
    history: Annotated[
        bool, o.Opt("--history", "Your finished mocks: score, attempts and accuracy.")
    ] = False
    as_json: Annotated[bool, o.JSON] = False


@dataclass(frozen=True)
class Result:
    """A marked paper, a paused one, an abandoned one, or the history."""

    kind: Literal["finished", "paused", "abandoned", "history"]
    paper: dict[str, Any] = field(default_factory=dict)  # id, seed, marking, minutes, ...
    analysis: Analysis | None = None
    advice: str = ""
    questions: list[Presented] = field(default_factory=list)
    bank: Bank | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        """130 when Ctrl-C paused the mock (its answers are saved)."""
        return EXIT_INTERRUPTED if self.interrupted else EXIT_OK


def _new_paper(options: Options, bank: Bank, store: ProgressStore) -> dict[str, Any]:
    marking = options.marking or "gs"
    if marking not in MARKINGS:
        raise TrustquizError(f"--marking is gs, csat or none, not {marking!r}")
    cards = eligible(bank, resolve_topics(bank, options.topic))
    if not cards:
        wanted = f" of the topic {', '.join(options.topic)}" if options.topic else ""
        raise TrustquizError(
            f"no question{wanted} can be asked in a mock (mcq, statements, pairs, assertion"
            " or numeric)"
        )
    count = min(options.questions or FULL_PAPER, len(cards))
    seed = options.seed or uuid.uuid4().hex[:8]
    now = clock.now()
    states = None if options.seed else store.cards
    ids = [card.card_id for card in draw(cards, count, seed, states, now)]
    return {
        "id": f"{now.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}",
        "seed": seed,
        "marking": marking,
        "minutes": options.minutes or default_minutes(count),
        "started": now.isoformat(),
        "ids": ids,
    }


def _paper(options: Options, home: Path, bank: Bank, store: ProgressStore) -> dict[str, Any]:
    mockfile.sweep(home)
    saved = mockfile.load_in_progress(home)
    if options.resume:
        if saved is None:
            raise TrustquizError("no mock is in progress; `trustquiz mock` starts one")
        return saved
    if saved is not None:
        answered = len(saved.get("progress", {}).get("answers", {}))
        raise TrustquizError(
            f"a mock is in progress ({answered} of {len(saved['ids'])} answered):"
            " `trustquiz mock --resume` continues it, `trustquiz mock --abandon` sets it aside"
        )
    return _new_paper(options, bank, store)


def run(options: Options) -> Result:
    """Sit a new or resumed paper and mark it; or set one aside; or read the history."""
    home = data_dir(options.home)
    if options.history:
        papers, warnings = mockfile.history(home)
        for warning in warnings:
            sys.stderr.write(f"warning: {warning}\n")
        return Result("history", history=papers)
    if options.abandon:
        kept = mockfile.set_aside(home, f"abandoned-{clock.now().strftime('%Y%m%d-%H%M%S')}")
        if kept is None:
            raise TrustquizError("no mock is in progress")
        return Result("abandoned", paper={"kept": str(kept)})
    bank, store = open_all(options.home, options.bank, options.no_builtin, readonly=False)
    paper = _paper(options, home, bank, store)
    questions = build(bank, paper["ids"], paper["seed"])
    progress = Progress.from_json(paper["progress"]) if "progress" in paper else Progress()

    def save(state: Progress) -> None:
        mockfile.save_in_progress(home, {**paper, "progress": state.to_json()})

    save(progress)
    from trustquiz.view.console import make_console
    from trustquiz.view.mock import TerminalDesk

    desk = TerminalDesk(make_console(stderr=options.as_json), sys.stdin)
    sitting = Sitting(questions, paper["minutes"] * 60.0, desk, clock.now, save, progress)
    ending = sitting.run()
    if ending in ("paused", "interrupted"):
        info = {**paper, "answered": len(progress.answers), "left": paper["minutes"] * 60.0}
        info["left"] -= progress.elapsed
        return Result("paused", info, questions=questions, interrupted=ending == "interrupted")
    analysis, advice = submit(home, store, paper, questions, progress, timed_out=ending == "time")
    paper = {**paper, "timed_out": ending == "time"}
    return Result("finished", paper, analysis, advice, questions, bank)


def render(result: Result, options: Options) -> None:
    """The analysis (or the history) as text, or one JSON object."""
    if options.as_json:
        sys.stdout.write(json.dumps(_json(result), ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
        return
    from trustquiz.view import mockreport as view
    from trustquiz.view.console import make_console

    console = make_console()
    if result.kind == "history":
        view.render_history(console, result.history)
    elif result.kind == "abandoned":
        kept = result.paper["kept"]
        console.print(f"The mock in progress was set aside in {kept}; not marked.", soft_wrap=True)
    elif result.kind == "paused":
        if result.interrupted:  # Ctrl-C left the cursor after the prompt
            console.print()
        view.render_paused(console, result.paper)
    else:
        assert result.analysis is not None and result.bank is not None
        view.render_analysis(console, result.analysis, result.advice, result.paper)
        view.review(console, result.analysis, result.questions, result.bank, sys.stdin)


def _json(result: Result) -> dict[str, Any]:
    if result.kind == "history":
        return {"mocks": result.history}
    if result.kind == "abandoned":
        return {"abandoned": result.paper["kept"]}
    if result.kind == "paused":
        keys = ("id", "answered", "left")
        return {"paused": True, **{k: result.paper[k] for k in keys}}
    assert result.analysis is not None
    head = {"id": result.paper["id"], "seed": result.paper["seed"]}
    return {**head, **result.analysis.to_json(), "advice": result.advice}
