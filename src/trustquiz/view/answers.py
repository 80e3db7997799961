"""Reading one typed answer: bounded, and refused when it is not readable text.

Whatever arrives on standard input (a terminal, a pipe, a file of any bytes) is read a line
at a time with a bound, so a 5 MB line costs milliseconds and is never kept whole. An answer
that is too long, or that holds bytes the terminal's encoding could not decode (U+FFFD once
decoded) or control characters, is refused here, before it reaches grading or the log.
"""

from __future__ import annotations

import unicodedata
from typing import IO, NamedTuple

MAX_ANSWER = 1000  # characters; no answer in a question bank comes near it
_CHUNK = 1 << 16  # the rest of an over-long line is skipped this many characters at a time
# Characters refused in an answer: controls, surrogates, private-use and unassigned code
# points, line and paragraph separators, and invisible format characters (which can reorder
# text on screen), except the joiners Indian scripts need.
_REFUSED = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Cf"})
_JOINERS = frozenset("\u200c\u200d")


class Line(NamedTuple):
    """One line of input without its ending, cut at the bound; `whole` False if it was cut."""

    text: str
    whole: bool


def read_line(stream: IO[str], limit: int = MAX_ANSWER) -> Line | None:
    """Read one line of at most `limit` characters; None at end of input.

    A longer line is read to its end in chunks and dropped, so it is never held in memory.
    """
    line = stream.readline(limit + 1)
    if not line:
        return None
    if line.endswith("\n") or len(line) <= limit:
        return Line(line.rstrip("\r\n"), True)
    while True:
        rest = stream.readline(_CHUNK)
        if not rest or rest.endswith("\n"):
            return Line(line[:limit], False)


def tidy(text: str) -> str:
    """`text` with every kind of space (tab, no-break space, ...) made a plain space."""
    return "".join(" " if char.isspace() else char for char in text)


def unreadable(text: str) -> str | None:
    """What makes `text` unreadable (`has control or invisible characters`), or None."""
    if "\ufffd" in text:
        return "has bytes that are not text in this terminal's encoding"
    for char in text:
        if unicodedata.category(char) in _REFUSED and char not in _JOINERS:
            return "has control or invisible characters"
    return None


def problem(line: Line) -> str | None:
    """Why an answer cannot be taken, as a sentence for the learner; None when it can."""
    if not line.whole or len(line.text) > MAX_ANSWER:
        return f"That answer is longer than {MAX_ANSWER:,} characters; it was not saved."
    reason = unreadable(line.text)
    return None if reason is None else f"That answer {reason}; it was not saved."
