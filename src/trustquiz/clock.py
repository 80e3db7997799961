"""Where "now" comes from: TRUSTQUIZ_NOW when set, else the system clock (always UTC)."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

from trustquiz.errors import ClockError

ENV_VAR = "TRUSTQUIZ_NOW"
# The times trustquiz can store and read back. A review's next due date lies up to FSRS's
# maximum interval (36,500 days) ahead, and stats look a year back and ahead and convert to
# local time: both must stay inside Python's years 1 to 9999. No review predates 1970 (and
# local time before the epoch fails on some systems), so the range is 1970 to 8999.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc) - timedelta(microseconds=1)


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 time; a time without an offset is taken as UTC.

    Args:
        text: for example `2026-11-22T08:00:00+05:30` or `2026-11-22`.

    Returns:
        A timezone-aware datetime in UTC.

    Raises:
        ClockError: when the text is not ISO 8601, or is a time trustquiz cannot store.
    """
    raw = text.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ClockError(
            f"{ENV_VAR}={text!r} is not an ISO 8601 time (e.g. 2026-11-22T08:00:00+05:30)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    try:
        value = value.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00+05:30 is before year 1 in UTC
        value = EARLIEST - timedelta(days=1)
    if not storable(value):
        raise ClockError(
            f"{ENV_VAR}={text!r} is outside the times trustquiz can store"
            f" ({range_text()}); nothing was written"
        )
    return value


def local_day(when: datetime) -> date:
    """The learner's calendar day (system time zone) of an aware time."""
    return when.astimezone().date()


def now() -> datetime:
    """Return the current time in UTC, or the time TRUSTQUIZ_NOW names."""
    override = os.environ.get(ENV_VAR)
    if override:
        return parse_time(override)
    return datetime.now(timezone.utc)


def storable(when: datetime) -> bool:
    """Whether trustquiz can store the aware time `when` and read it back."""
    return EARLIEST <= when <= LATEST


def range_text() -> str:
    """The times trustquiz can store, for messages: `1970-01-01 to 8999-12-31`."""
    return f"{EARLIEST.date()} to {LATEST.date()}"
