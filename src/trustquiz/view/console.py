"""The rich console and the text helpers every renderer shares (no question models here)."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.text import Text

from trustquiz.safetext import visible

__all__ = ["humanize", "literal", "local_time", "make_console"]


def literal(text: str) -> Text:
    """Untrusted text as a renderable: no markup, control characters shown as `\\xNN`."""
    return Text(visible(text))


def make_console(stderr: bool = False, width: int | None = None) -> Console:
    """A console that honours NO_COLOR and falls back to plain text when not a terminal."""
    return Console(stderr=stderr, width=width, highlight=False, emoji=False, soft_wrap=False)


def humanize(delta_seconds: float) -> str:
    """`in under a minute`, `in 10 minutes`, `in 5 hours`, `in 3 days`, or `now` once due."""
    if delta_seconds <= 0:
        return "now"
    if delta_seconds < 60:
        return "in under a minute"
    minutes = round(delta_seconds / 60)
    if minutes < 60:
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(delta_seconds / 3600)
    if hours < 24:
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    days = round(delta_seconds / 86400)
    return f"in {days} day{'s' if days != 1 else ''}"


def local_time(when: datetime) -> str:
    """A time in the learner's time zone, to the minute."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
