"""The standard streams: what any terminal can show, and a reader that goes away mid-output.

Output is encoded with a fallback (`₹` becomes `Rs`, `✓` becomes `v`, box lines become
`-`/`|`/`+`) so a Latin-1 or ASCII terminal gets readable text instead of a traceback; input
that is not in the terminal's encoding is decoded with U+FFFD, so the answer reader can refuse
it. When the reader of the output goes away (`| head`, `| true`, a closed terminal), the
streams are pointed at the null device so nothing more fails, including Python's own flush on
the way out.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
import unicodedata

# 128 + the signal: the status the shell shows for a program stopped by a closed pipe
# (SIGPIPE) or a closed terminal (SIGHUP, 1 on every POSIX system).
EXIT_CLOSED_PIPE = 141
SIGHUP = 1
EXIT_HUNG_UP = 128 + SIGHUP

_ERRORS = "trustquiz-ascii"
# The characters trustquiz itself prints, or that are common in question text, shown the
# nearest way in ASCII; anything else falls back to its decomposition, then to `?`.
_ASCII = {
    "₹": "Rs ",
    "✓": "v",
    "✗": "x",
    "·": "-",
    "—": "--",
    "–": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "•": "*",
    "→": "->",
    "←": "<-",
    "≥": ">=",
    "≤": "<=",
    "×": "x",
    "°": " deg",
    "±": "+/-",
    "░": ":",
    "▒": "+",
    "▓": "*",
    "█": "#",
    "▁": "_",
    "▂": "_",
    "▃": "=",
    "▄": "=",
    "▅": "+",
    "▆": "+",
    "▇": "#",
    "━": "-",
    "─": "-",
    "═": "=",
    "│": "|",
    "┃": "|",
    "║": "|",
}


def ascii_for(char: str) -> str:
    """The nearest ASCII spelling of one character (`?` when there is none)."""
    if char in _ASCII:
        return _ASCII[char]
    if "\u2500" <= char <= "\u257f":  # box drawing: corners and joints
        return "+"
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return plain or "?"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(ascii_for(char) for char in text), error.end


codecs.register_error(_ERRORS, _fallback)
_on_terminal = False  # a standard stream was a terminal when the command started


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def prepare() -> None:
    """Make the standard streams safe for any terminal; called once as the command starts."""
    global _on_terminal
    # A stream closed before the command started (`>&-`) is None: it gets the null device,
    # as an output whose reader has gone, or an input at its end.
    if sys.stdin is None:
        sys.stdin = os.fdopen(os.open(os.devnull, os.O_RDONLY), encoding="utf-8")
    if sys.stdout is None:
        sys.stdout = os.fdopen(os.open(os.devnull, os.O_WRONLY), "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = os.fdopen(os.open(os.devnull, os.O_WRONLY), "w", encoding="utf-8")
    _on_terminal = any(_isatty(stream) for stream in (sys.stdin, sys.stdout, sys.stderr))
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not _is_utf(stream.encoding):
            stream.reconfigure(errors=_ERRORS)
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")


def _is_utf(encoding: str | None) -> bool:
    return codecs.lookup(encoding or "ascii").name.startswith("utf")


def json_ascii() -> bool:
    """Whether JSON on stdout must escape non-ASCII (`\\u20b9`): its encoding is not UTF.

    Escaping keeps JSON exact where the ASCII spellings would change the data.
    """
    return not _is_utf(getattr(sys.stdout, "encoding", None))


def is_gone(exc: BaseException) -> bool:
    """Whether `exc` means the output's reader went away: a closed pipe or a hung-up terminal.

    A closed pipe can only be the output (trustquiz writes no other pipe). An I/O error counts
    only when a standard stream was a terminal as the command started: a closed terminal
    answers every write with one (and may no longer say it is a terminal).
    """
    if isinstance(exc, BrokenPipeError):
        return True
    if isinstance(exc, OSError) and exc.errno == errno.EIO:
        return _on_terminal or any(_isatty(s) for s in (sys.stdin, sys.stdout, sys.stderr))
    return False


def cut_off_status(exc: OSError) -> int:
    """The exit status of a command whose output went away before it was done."""
    return EXIT_CLOSED_PIPE if isinstance(exc, BrokenPipeError) else EXIT_HUNG_UP


def silence() -> None:
    """Point stdout and stderr at the null device: their reader is gone, stop writing to it.

    What is still buffered goes to the null device too, so Python's flush at exit succeeds
    instead of printing "Exception ignored".
    """
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            try:
                os.dup2(null, stream.fileno())
            except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
                continue  # not a real file (a test's capture): nothing to flush at exit
    finally:
        os.close(null)


def flush() -> bool:
    """Flush stdout and stderr; False (after silencing them) when their reader has gone."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError as exc:
        if not is_gone(exc):
            raise
        silence()
        return False
    return True


def say(text: str) -> None:
    """Write to stderr, or nothing when stderr's reader has gone too."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except OSError as exc:
        if not is_gone(exc):
            raise
        silence()
