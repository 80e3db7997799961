"""Progress bars for long work: shown on a terminal only, and gone once the work is done."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TextIO

# done, total (None: not known, an indeterminate bar)
Advance = Callable[[int, "int | None"], None]


def _ignore(done: int, total: int | None) -> None:
    return None


@contextlib.contextmanager
def progress(description: str, stream: TextIO, *, counted: bool = True) -> Iterator[Advance]:
    """Yield a function telling the bar how far the work is; a bar on `stream` while the
    work lasts if it is a terminal, and nothing at all (not even rich imported) if not.

    `counted=False` is work that cannot say how far it is: a spinner and a pulsing bar.
    """
    try:
        live = stream.isatty()
    except (AttributeError, ValueError):
        live = False
    if not live:
        yield _ignore
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
    )

    console = Console(file=stream)
    # Columns left free at the end of the bar's line: the terminal's echo of Ctrl-C (^C)
    # then stays on that line, and is erased with it, rather than wrapping below it.
    console.width = max(10, console.width - 3)
    columns: list[ProgressColumn] = [TextColumn("{task.description}"), BarColumn()]
    columns = [*columns, MofNCompleteColumn()] if counted else [SpinnerColumn(), *columns]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
