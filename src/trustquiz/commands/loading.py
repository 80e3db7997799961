"""What the commands share once their options are parsed: opening the bank and the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from trustquiz import api, paths
from trustquiz.bank.loader import Bank, load_bank
from trustquiz.collector import collector_paused
from trustquiz.errors import BankError, TrustquizError
from trustquiz.safetext import visible
from trustquiz.store.progress import ProgressStore
from trustquiz.streams import say


def data_dir(home: Path | None) -> Path:
    """The data directory: --home, else TRUSTQUIZ_HOME, else the user data folder."""
    return paths.data_dir(home)


def load(home: Path, bank: Sequence[Path] | None, no_builtin: bool) -> Bank:
    """Load the bank for practice and stats: bad questions are reported and skipped."""
    loaded = load_bank(bank or [], builtin=not no_builtin, home=home, strict=False)
    for problem in loaded.problems:
        say(f"warning: {visible(str(problem))} (skipped; run `trustquiz check`)\n")
    if not loaded.size():
        raise BankError(loaded.problems)
    return loaded


def open_all(
    home: Path | None, bank: Sequence[Path] | None, no_builtin: bool, *, readonly: bool
) -> tuple[Bank, ProgressStore]:
    """The bank (bad questions reported and skipped) and the progress store, notes printed."""
    data = data_dir(home)
    with collector_paused():
        loaded = load(data, bank, no_builtin)
        store = api.open_store(data, readonly=readonly)
    if not readonly:
        store.ensure_writable()
    for notice in store.notices:
        say(f"note: {notice}\n")
    say_log_problems(store)
    return loaded, store


def say_log_problems(store: ProgressStore, most: int = 5) -> None:
    """One line per log line the store skipped or ignored (the first `most` of them)."""
    shown = store.warnings()
    for kind, line in shown[:most]:
        say(f"{'warning' if kind == 'skipped' else 'note'}: {visible(line)}\n")
    if len(shown) > most:
        say(f"warning: and {len(shown) - most} more; `trustquiz doctor` lists them all\n")


def parse_date(text: str) -> date:
    """A YYYY-MM-DD date given on the command line."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TrustquizError(f"{text!r} is not a date (YYYY-MM-DD)") from None
