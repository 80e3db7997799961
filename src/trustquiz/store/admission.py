"""What keeps a log record from being applied, in words: checked on the way in and on reading.

A record the tool could not apply (a time it cannot store, a response no answer prompt
would take, a setting value out of range) is refused before it is written, and skipped with
a warning when it is found in the log (written by hand, or by another tool).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trustquiz import clock
from trustquiz.store.state import Settings

if TYPE_CHECKING:
    from trustquiz.store.log import Record

# Characters: the bound on a typed answer (view/answers.py refuses longer ones as it reads).
MAX_RESPONSE = 1000
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's Cc: what answers.py refuses too
_FIRST_DAY, _LAST_DAY = clock.EARLIEST.date(), clock.LATEST.date()


def _day_problem(day: str) -> str | None:
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        parsed = None
    if parsed is None or parsed.isoformat() != day:  # 3.11 also reads 20261101 and 2026-W48
        return f"its day {day!r} is not a date (YYYY-MM-DD)"
    if not _FIRST_DAY <= parsed <= _LAST_DAY:
        return f"its day {day} is outside the times trustquiz can store ({clock.range_text()})"
    return None


def time_problem(when: datetime) -> str | None:
    """What keeps the aware time `when` from being stored and read back; or None."""
    if clock.storable(when):
        return None
    stored = clock.range_text()
    return f"its time {when.isoformat()} is outside the times trustquiz can store ({stored})"


def problem(record: Record) -> str | None:
    """What keeps `record` from being applied, whatever the log around it holds; or None."""
    # Runs for every line of a rebuild: the common case is a few comparisons and one search.
    if not clock.EARLIEST <= record.time <= clock.LATEST:
        return time_problem(record.time)
    if record.type != "review":
        return None
    response = record.response
    if len(response) > MAX_RESPONSE:
        return f"its response is longer than {MAX_RESPONSE:,} characters"
    if _CONTROL.search(response):
        return "its response has control characters"
    return None if record.day is None else _day_problem(record.day)


def changed_settings(
    settings: Settings, changes: Mapping[str, object]
) -> tuple[Settings, list[str]]:
    """`settings` with the known settings among `changes` applied, and the unknown names.

    A setting this version does not know (added by a newer trustquiz) is ignored, so a newer
    version's log never stops an older one.

    Raises:
        SettingError: for the first known setting given a value it cannot take.
    """
    known = {f.name for f in fields(Settings)}
    unknown = sorted(name for name in changes if name not in known)
    updated = settings.updated({name: v for name, v in changes.items() if name in known})
    return updated, unknown


def described(record: Record) -> str:
    """What a record is, for a message: `the answer to 'kabil'`, `the settings change`."""
    if record.type == "review":
        return f"the answer to '{record.question_id}'"
    if record.type == "settings":
        return "the settings change"
    return f"the {record.type} of the answer to '{record.question_id}'"


def problem_lines(log: Path, problems: list[tuple[int, str, str]]) -> list[tuple[str, str]]:
    """(kind, `path:line: why`) for each line skipped or partly ignored, saying what to do."""
    shown = []
    for line, kind, why in problems:
        if kind == "skipped":
            why += "; skipped (`trustquiz doctor` lists it, `--repair-log` sets it aside)"
        shown.append((kind, f"{log}:{line}: {why}"))
    return shown
