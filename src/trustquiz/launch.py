"""The `trustquiz` command's entry point: the commonest calls start without typer.

typer builds its options with pydantic as it starts, which costs many times a bare Python
start. So `trustquiz --help`, `trustquiz --version`, and the registered quick commands
(`stats`, `practice`) with plain options are answered here, from the command registry and
the commands' declared options; anything else (other commands, `--help` on a narrow
terminal, an option this parser is unsure of) goes to the typer app in cli.py.
"""

from __future__ import annotations

import sys
from typing import Any

from trustquiz.commands import COMMANDS, SUMMARY, VERSION_HELP

# click narrows its help below 80 columns; from 80 up its text is 78 columns wide.
HELP_MIN_COLUMNS = 80
HELP_WIDTH = 78


def short_help(text: str, limit: int) -> str:
    """A summary cut to `limit` characters the way click cuts it for a command list.

    Whole words only; a sentence that ends in time is kept whole, otherwise `...` follows.
    """
    words = text.split()
    total = 0
    for index, word in enumerate(words):
        total += len(word) + (index > 0)
        if total > limit:
            break
        if word.endswith("."):
            return " ".join(words[: index + 1])
        if total == limit and index != len(words) - 1:
            break
    else:
        return " ".join(words)
    total += len("...")
    while index > 0:
        total -= len(words[index]) + 1
        if total <= limit:
            break
        index -= 1
    return " ".join(words[:index]) + "..."


def help_text() -> str:
    """`trustquiz --help` as typer prints it on a terminal of 80 columns or more."""
    name_width = max(len(name) for name in COMMANDS)
    limit = HELP_WIDTH - 6 - name_width
    rows = "".join(
        f"  {name:<{name_width}}  {short_help(command.summary, limit)}\n"
        for name, command in COMMANDS.items()
    )
    return (
        "Usage: trustquiz [OPTIONS] COMMAND [ARGS]...\n\n"
        f"  {SUMMARY}\n\n"
        "Options:\n"
        f"  --version  {VERSION_HELP}\n"
        "  --help     Show this message and exit.\n\n"
        f"Commands:\n{rows}"
    )


def _help_fits() -> bool:
    import shutil

    return shutil.get_terminal_size().columns >= HELP_MIN_COLUMNS


def quick_options(command: str, args: list[str]) -> Any:
    """The options object of `trustquiz COMMAND ARGS` as typer would build it, or None.

    None when the command is not a quick one or its arguments are not plain.
    """
    info = COMMANDS.get(command)
    if info is None or not info.quick:
        return None
    from trustquiz.collector import collector_paused

    # Importing a command's modules (pydantic and rich for `practice`) makes tens of
    # thousands of objects that live as long as the process and no garbage cycles: the
    # cycle collector, left running, scans them over and over (about 80 times).
    with collector_paused():
        from trustquiz.commands import module
        from trustquiz.commands.options import parse

        return parse(module(command).Options, args)


def quick(args: list[str]) -> int | None:
    """Run `trustquiz ARGS` without typer if it is one of the calls handled here.

    Returns the exit code, or None when the typer app should run instead.
    """
    if args == ["--help"] and _help_fits():
        sys.stdout.write(help_text())
        return 0
    if args == ["--version"]:
        from trustquiz import __version__

        sys.stdout.write(f"trustquiz {__version__}\n")
        return 0
    options = quick_options(args[0], args[1:]) if args else None
    if options is None:
        return None
    from trustquiz.commands import execute

    return execute(args[0], options)


def _typer_app() -> int:
    """Run the typer app; its exit code."""
    from trustquiz.cli import main as run_typer_app

    stdout = sys.stdout
    try:
        run_typer_app()
    except SystemExit as exit:
        # click answers a closed pipe during its own output (help, version: the commands'
        # output goes through commands.execute) by replacing sys.stdout with a wrapper that
        # swallows the error, and exiting 1; that output was complete, so it ends with 0.
        if sys.stdout is not stdout:
            return 0
        return exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    return 0


def main() -> None:
    """Entry point of the `trustquiz` command."""
    from trustquiz import streams

    streams.prepare()
    try:
        code = quick(sys.argv[1:])
        if code is None:
            code = _typer_app()
        streams.flush()
    except OSError as exc:  # help or version cut off by its reader: said all it had to say
        if not streams.is_gone(exc):
            raise
        streams.silence()
        code = 0
    sys.exit(code)
