"""What the commands share once their options are parsed, free of typer.

Opening the bank and the store, and all of `stats`, live here so that both the typer app
(cli.py) and the quick start-up path (launch.py) run the same code. It imports only the
standard library at the top; each function imports what it needs.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustquiz.errors import BankError, TrustquizError

if TYPE_CHECKING:
    from datetime import date, datetime

    from rich.console import Console

    from trustquiz.bank.loader import Bank
    from trustquiz.store.progress import ProgressStore

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130


class Exit(Exception):
    """Leave the command with this exit code (cli.py turns it into typer's own exit)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def say_error(message: str) -> None:
    """Write `error: ...` lines to stderr, control characters made visible."""
    from trustquiz.safetext import visible

    for line in message.splitlines() or [""]:
        sys.stderr.write(f"error: {visible(line)}\n")


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn a TrustquizError into `error: ...` and exit 1, and Ctrl-C into exit 130."""
    try:
        yield
    except TrustquizError as exc:
        say_error(str(exc))
        raise Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        raise Exit(EXIT_INTERRUPTED) from None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while loading, then freeze what was loaded.

    Loading a large bank and its progress creates hundreds of thousands of objects that live
    as long as the command, and no garbage cycles. Left running, the collector scans the
    growing heap over and over: about a third of the load time at 50,000 questions. Frozen
    afterwards, those objects are never scanned again, so the collections of a long practice
    session stay as cheap as on a small bank. Garbage is still freed as it is made; only
    cycles among the frozen objects would outlive the command.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def data_dir(home: Path | None) -> Path:
    """The data directory: --home, else TRUSTQUIZ_HOME, else the user data folder."""
    from trustquiz import paths

    return paths.data_dir(home)


def load(home: Path, bank: Sequence[Path] | None, no_builtin: bool) -> Bank:
    """Load the bank for practice and stats: bad questions are reported and skipped."""
    from trustquiz.bank.loader import load_bank
    from trustquiz.safetext import visible

    loaded = load_bank(bank or [], builtin=not no_builtin, home=home, strict=False)
    for problem in loaded.problems:
        sys.stderr.write(f"warning: {visible(str(problem))} (skipped; run `trustquiz check`)\n")
    if not loaded.entries:
        raise BankError(loaded.problems)
    return loaded


def open_all(
    home: Path | None, bank: Sequence[Path] | None, no_builtin: bool, *, readonly: bool
) -> tuple[Bank, ProgressStore]:
    """The bank (bad questions reported and skipped) and the progress store, notes printed."""
    from trustquiz import api

    data = data_dir(home)
    with collector_paused():
        loaded = load(data, bank, no_builtin)
        store = api.open_store(data, readonly=readonly)
    if not readonly:
        store.ensure_writable()
    for notice in store.notices:
        sys.stderr.write(f"note: {notice}\n")
    return loaded, store


def parse_date(text: str) -> date:
    """A YYYY-MM-DD date given on the command line."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TrustquizError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def json_by_key(data: dict[str, Any]) -> str:
    """A JSON object with each top-level key on its own line and its value compact.

    Still easy to read and to grep, and written by the C encoder: `indent` would fall back
    to Python's, which takes a tenth of a second on the megabyte of a large bank's stats.
    """
    import json

    if not data:
        return "{}\n"
    lines = (
        f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in data.items()
    )
    return "{\n" + ",\n".join(lines) + "\n}\n"


def stats(
    home: Path | None,
    bank: Sequence[Path] | None,
    no_builtin: bool,
    topic: Sequence[str] | None,
    exam_date: str | None,
    as_json: bool,
) -> None:
    """`trustquiz stats`: compute the figures and print them as text or one JSON object."""
    from trustquiz import clock
    from trustquiz.scheduler import retrievabilities
    from trustquiz.stats import report

    loaded, store = open_all(home, bank, no_builtin, readonly=True)
    cards = loaded.cards()
    aggregates = store.aggregates
    if topic:
        wanted = {t.casefold() for t in topic}
        cards = [c for c in cards if c.topic.casefold() in wanted]
        if not cards:
            raise TrustquizError(f"no question has the topic {', '.join(topic)}")
        aggregates = store.aggregates_of({c.card_id for c in cards})
    when = parse_date(exam_date) if exam_date else None
    figures: dict[str, Any] = report(
        cards, store.cards, aggregates, store.settings, clock.now(), retrievabilities, when
    )
    if as_json:
        sys.stdout.write(json_by_key(figures))
        sys.stdout.flush()
        return
    from trustquiz.view.console import make_console
    from trustquiz.view.stats import render_report

    render_report(make_console(), figures)


def practice(
    home: Path | None,
    bank: Sequence[Path] | None,
    no_builtin: bool,
    ids: Sequence[str] | None,
    topic: Sequence[str] | None,
    tag: Sequence[str] | None,
    limit: int | None,
    new: int | None,
    wrong: bool,
    cram: bool,
) -> None:
    """`trustquiz practice`: choose the session's cards and ask them.

    Raises:
        Exit: with EXIT_INTERRUPTED when the learner stopped it with Ctrl-C.
    """
    from datetime import timedelta

    from trustquiz import clock
    from trustquiz.selection import Selection, select_cards
    from trustquiz.session import Session
    from trustquiz.stats import due_within, next_due
    from trustquiz.view.console import make_console
    from trustquiz.view.practice import TerminalUI, render_summary

    loaded, store = open_all(home, bank, no_builtin, readonly=False)
    now = clock.now()
    if wrong and cram:
        raise TrustquizError("choose one of --wrong and --cram")
    selection = Selection(ids or [], topic or [], tag or [], limit, new, wrong, cram)
    cards = select_cards(loaded, store, now, selection)
    console = make_console()
    if not cards:
        _nothing_to_do(console, loaded, store, now)
        return
    session = Session(loaded, store, TerminalUI(console, loaded), clock.now, cram=cram)
    summary = session.run(cards)
    end = clock.now()
    tomorrow = due_within(store.cards, end, timedelta(days=1))
    render_summary(console, summary, end, next_due(store.cards), tomorrow)
    if summary.interrupted:
        raise Exit(EXIT_INTERRUPTED)


def _nothing_to_do(console: Console, loaded: Bank, store: ProgressStore, now: datetime) -> None:
    from trustquiz.stats import next_due
    from trustquiz.view.console import humanize, local_time

    console.print(
        "Nothing to practise right now: no question is due and today's new ones are done."
    )
    due = next_due(store.cards)
    if due is not None:
        console.print(f"Next due: {local_time(due)} ({humanize((due - now).total_seconds())}).")
    new = sum(1 for card in loaded.cards() if card.card_id not in store.cards)
    if new:
        console.print(
            f"{new} questions are still new; `trustquiz practice --new 10` adds more today."
        )
