"""`trustquiz stats`: the learner's figures, as text or one JSON object."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from trustquiz import clock, mockfile
from trustquiz.collector import collector_paused
from trustquiz.commands import options as o
from trustquiz.commands.loading import data_dir, open_all, parse_date
from trustquiz.errors import TrustquizError
from trustquiz.scheduler import forgetting_curve, retrievabilities
from trustquiz.seen import (
    LEECH_LAPSES,
    LEECH_MIN_REVIEWS,
    Columns,
    seen_from_rows,
    seen_from_states,
)
from trustquiz.stats import exam as exam_figures
from trustquiz.stats import report
from trustquiz.store.state import StateError
from trustquiz.streams import json_ascii
from trustquiz.topics import resolve_topics

if TYPE_CHECKING:
    from datetime import datetime

    from trustquiz.store.progress import ProgressStore
    from trustquiz.store.state import Aggregates


@dataclass(frozen=True)
class Options:
    """What `trustquiz stats` accepts."""

    home: Annotated[Path | None, o.HOME] = None
    bank: Annotated[tuple[Path, ...], o.BANK] = ()
    no_builtin: Annotated[bool, o.NO_BUILTIN] = False
    topic: Annotated[tuple[str, ...], o.TOPICS] = ()
    exam_date: Annotated[
        str | None,
        o.Opt("--exam-date", "Predict recall on this date (YYYY-MM-DD).", "YYYY-MM-DD"),
    ] = None
    as_json: Annotated[bool, o.JSON] = False


@dataclass(frozen=True)
class Result:
    """The figures of `stats.report`; their keys are the documented `--json` keys."""

    figures: dict[str, Any]
    exit_code: ClassVar[int] = 0  # these results never fail: errors are raised


def run(options: Options) -> Result:
    """Compute the figures for the whole bank, or for the given topics."""
    loaded, store = open_all(options.home, options.bank, options.no_builtin, readonly=True)
    aggregates = store.aggregates
    when = parse_date(options.exam_date) if options.exam_date else None
    now = clock.now()
    settings = store.settings
    exam = when or settings.exam_date
    # The ids, topics and sources come from the bank's columns: no card is built for them.
    columns = Columns(loaded.card_ids(), loaded.card_column("topic"), loaded.card_column("source"))
    wanted: set[str] | None = None
    if options.topic:
        wanted = {t.casefold() for t in resolve_topics(loaded, options.topic)}
        columns = columns.where([topic.casefold() in wanted for topic in columns.topics])
        if not columns.ids:
            raise TrustquizError(f"no question has the topic {', '.join(options.topic)}")
        aggregates = store.aggregates_of(set(columns.ids))
    # From the index's rows, unless the exam's figures read the card states anyway: reading
    # forty thousand states takes longer than all the other figures together.
    with collector_paused():  # tens of thousands of objects, and no cycles among them
        figures = None if exam else _from_rows(store, columns, aggregates, now)
        if figures is None:  # or a time not in the form this version writes: from the states
            seen = seen_from_states(store.cards, now, settings, retrievabilities)
            figures = report(columns, seen, aggregates, settings, now)
    if exam is not None:
        # The planner is imported for the exam's figures only, so that stats start without it.
        from trustquiz.planning import exam_outlook

        cards = loaded.cards()  # the exam's figures need the cards themselves
        if wanted is not None:
            cards = [c for c in cards if c.topic.casefold() in wanted]
        known = store.cards
        states = {c.card_id: s for c in cards if (s := known.get(c.card_id)) is not None}
        figures["exam"] = exam_figures(cards, states, settings, exam, now, retrievabilities)
        figures["exam"].update(exam_outlook(loaded, cards, store, now, exam))
    figures["last_mock"] = last_mock(data_dir(options.home))
    return Result(figures)


def _from_rows(
    store: ProgressStore, columns: Columns, aggregates: Aggregates, now: datetime
) -> dict[str, Any] | None:
    """The figures from the index's rows, or None if they cannot be read from them (a due
    time not in the form this version writes: the states are read, and the index repaired)."""
    decay, factor = forgetting_curve()
    rows = store.seen_rows(now, factor, (LEECH_LAPSES, LEECH_MIN_REVIEWS))
    seen = seen_from_rows(rows, decay, store.due_text)
    if seen is None:
        return None
    try:
        return report(columns, seen, aggregates, store.settings, now)
    except StateError:
        return None


def last_mock(home: Path) -> dict[str, Any] | None:
    """The score of the last finished mock (`trustquiz mock`), or None before the first."""
    papers, _ = mockfile.history(home)
    if not papers:
        return None
    keys = ("id", "finished", "marking", "questions", "score", "max_score")
    return {key: papers[-1].get(key) for key in keys}


def json_by_key(data: dict[str, Any], ensure_ascii: bool = False) -> str:
    """A JSON object with each top-level key on its own line and its value compact.

    Still easy to read and to grep, and written by the C encoder: `indent` would fall back
    to Python's, which takes a tenth of a second on the megabyte of a large bank's stats.
    """
    if not data:
        return "{}\n"
    lines = (
        f"  {json.dumps(key, ensure_ascii=ensure_ascii)}:"
        f" {json.dumps(value, ensure_ascii=ensure_ascii)}"
        for key, value in data.items()
    )
    return "{\n" + ",\n".join(lines) + "\n}\n"


def render(result: Result, options: Options) -> None:
    """Print the figures as one JSON object, or draw them in the terminal."""
    if options.as_json:
        sys.stdout.write(json_by_key(result.figures, json_ascii()))
        sys.stdout.flush()
        return
    # rich is imported for text only, so that `stats --json` starts without it.
    from trustquiz.view.console import make_console
    from trustquiz.view.stats import render_report

    console = make_console()
    render_report(console, result.figures, clock.now())
    mock = result.figures["last_mock"]
    if mock is not None:
        console.print(
            f"Last mock: {mock['score']:.2f} of {mock['max_score']:.2f}"
            f" ({mock['questions']} questions; `trustquiz mock --history`)."
        )
