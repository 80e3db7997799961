"""Line editing and history at terminal prompts: readline, loaded only for a terminal.

With readline loaded, `input()` edits the line (arrows, Home/End, Ctrl-L redraws) and keeps
a history of the session's answers (Up-arrow), so escape codes never become part of an
answer. It is imported only when standard input is a terminal (about 1 ms); pipes keep the
bounded read of answers.py. Windows has no readline module: its console edits the line of
`input()` itself (arrows, F7 history), so nothing is loaded there.
"""

from __future__ import annotations

import re
import sys
from types import ModuleType

from rich.console import Console
from rich.text import Text

_SGR = re.compile(r"\x1b\[[0-9;]*m")
_loaded: list[ModuleType] = []


def enable() -> bool:
    """Load readline for `input()` when standard input is a terminal; True once loaded."""
    if _loaded:
        return True
    if not sys.stdin.isatty():
        return False
    try:
        import readline
    except ImportError:  # Windows, or a Python built without it
        return False
    readline.set_completer(lambda text, state: None)  # Tab completes nothing (not file names)
    _loaded.append(readline)
    return True


def prompt_text(console: Console, prompt: Text) -> str:
    """`prompt` as the string `input()` should print, its colour codes marked for readline
    (between \\x01 and \\x02) so that it counts only the visible characters."""
    with console.capture() as captured:
        console.print(prompt, end="")
    return _SGR.sub(lambda code: f"\x01{code.group()}\x02", captured.get())
