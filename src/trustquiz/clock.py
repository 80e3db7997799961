"""Where "now" comes from: TRUSTQUIZ_NOW when set, else the system clock (always UTC)."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from trustquiz.errors import ClockError

ENV_VAR = "TRUSTQUIZ_NOW"


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 time; a time without an offset is taken as UTC.

    Args:
        text: for example `2026-11-22T08:00:00+05:30` or `2026-11-22`.

    Returns:
        A timezone-aware datetime in UTC.

    Raises:
        ClockError: when the text is not ISO 8601.
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
    return value.astimezone(timezone.utc)


def local_day(when: datetime) -> date:
    """The learner's calendar day (system time zone) of an aware time."""
    return when.astimezone().date()


def now() -> datetime:
    """Return the current time in UTC, or the time TRUSTQUIZ_NOW names."""
    override = os.environ.get(ENV_VAR)
    if override:
        return parse_time(override)
    return datetime.now(timezone.utc)
