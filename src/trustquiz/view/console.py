"""The rich console and the text helpers every renderer shares (no question models here)."""

from __future__ import annotations

import errno
import os
import sys
from datetime import datetime

from rich.console import Console
from rich.text import Text

from trustquiz.safetext import visible

__all__ = ["humanize", "literal", "local_time", "make_console"]


def literal(text: str) -> Text:
    """Untrusted text as a renderable: no markup, control characters shown as `\\xNN`."""
    return Text(visible(text))


# Narrower than MIN_WIDTH, a question wraps a word or two per line; wider than MAX_WIDTH, no
# screen shows it, and every rule line is that wide (COLUMNS=10000000 wrote 30 MB and took
# 8 s per question). A COLUMNS outside them (0, 1, 5, -3, abc, 10000000) is a stale or broken
# setting, replaced by the terminal's width or 80.
MIN_WIDTH = 20
MAX_WIDTH = 1000
DEFAULT_WIDTH = 80


class _Console(Console):
    """rich's console, except that a closed pipe is left to the error boundary.

    rich's own answer is `SystemExit(1)`; commands.execute instead ends the command quietly
    with its usual exit status.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "the output's reader went away")


def usable_width() -> int | None:
    """The width COLUMNS asks for, a sane one if it is unusable, None when it is not set."""
    columns = os.environ.get("COLUMNS")
    if columns is None:
        return None
    try:
        width = int(columns.strip())
    except ValueError:
        width = 0
    if MIN_WIDTH <= width <= MAX_WIDTH:
        return width
    try:
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, ValueError, OSError):
        width = 0
    return width if MIN_WIDTH <= width <= MAX_WIDTH else DEFAULT_WIDTH


def make_console(stderr: bool = False, width: int | None = None) -> Console:
    """A console that honours NO_COLOR and falls back to plain text when not a terminal."""
    return _Console(
        stderr=stderr,
        width=width or usable_width(),
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


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


def due_phrase(due: datetime, now: datetime) -> str:
    """`2026-11-22 09:00 (in 5 hours)`, or `overdue by 3 days` once past."""
    wait = (due - now).total_seconds()
    if wait > 0:
        return f"{local_time(due)} ({humanize(wait)})"
    return "now" if wait > -60 else f"overdue by {humanize(-wait).removeprefix('in ')}"


def local_time(when: datetime) -> str:
    """A time in the learner's time zone, to the minute."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
