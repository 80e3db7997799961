"""Untrusted text made safe for a terminal: control, escape and bidi characters shown as codes."""

from __future__ import annotations

import re

# C0 and C1 controls (keeping newline), DEL, and the invisible format characters that can
# reorder or hide text on screen (zero-width marks, bidirectional overrides and isolates).
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _code(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\t":
        return "    "
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """Return `text` with every unsafe character replaced by a visible code (`\\x1b`).

    With `one_line`, a newline is shown as a code too (a file name in a one-line message).
    """
    shown = _UNSAFE.sub(_code, text)
    return shown.replace("\n", "\\x0a") if one_line else shown
