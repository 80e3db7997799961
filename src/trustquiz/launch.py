"""The `trustquiz` command's entry point: the commonest calls start without typer.

typer builds its options with pydantic as it starts, which costs many times a bare Python
start. So `trustquiz --help`, `trustquiz --version` and `trustquiz stats` with plain options
are answered here, from the same code the typer app runs (commands.py); anything else
(other commands, `--help` on a narrow terminal, an option this parser is unsure of) goes
to the typer app in cli.py. Tests hold this path to typer's own help text and parsing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# `trustquiz --help` as typer prints it at its widest (a terminal of 80 columns or more).
HELP = """\
Usage: trustquiz [OPTIONS] COMMAND [ARGS]...

  Spaced-repetition revision for UPSC Civil Services Prelims.

Options:
  --version  Show the version.
  --help     Show this message and exit.

Commands:
  practice  Answer due questions, then new ones; every answer is saved as...
  stats     Where you stand: retention, streak, heatmap, forecast,...
  config    Show the settings, or set one: `trustquiz config exam_date...
  check     Validate question files; print `path:line: message` for each...
  add       Add a question to a TOML file, validated before anything is...
  schema    Print the JSON Schema of question files (for editors).
  list      The bank as a table: id, kind, topic, seen, due.
  doctor    Check your progress files: the log reads, ids are unique, the...
"""
# click narrows its help below 80 columns; HELP is its text from 80 columns up.
HELP_MIN_COLUMNS = 80

_STATS_FLAGS = {"--json": "as_json", "--no-builtin": "no_builtin"}
_STATS_VALUES = {"--home": "home", "--exam-date": "exam_date"}
_STATS_LISTS = {"--bank": "bank", "--topic": "topic"}


def stats_options(args: list[str]) -> dict[str, Any] | None:
    """The options of `trustquiz stats ARGS` as the typer app would parse them.

    Returns None for anything short of plain use (help, an unknown or repeated option, a
    missing value, a value that starts with `-`), which the typer app then handles.
    """
    found: dict[str, Any] = {
        "home": None,
        "bank": [],
        "no_builtin": False,
        "topic": [],
        "exam_date": None,
        "as_json": False,
    }
    seen: set[str] = set()
    position = 0
    while position < len(args):
        name, equals, value = args[position].partition("=")
        position += 1
        if name in _STATS_FLAGS and not equals and _STATS_FLAGS[name] not in seen:
            seen.add(_STATS_FLAGS[name])
            found[_STATS_FLAGS[name]] = True
            continue
        key = _STATS_VALUES.get(name) or _STATS_LISTS.get(name)
        if key is None or key in seen:
            return None
        if not equals:
            if position == len(args):
                return None
            value = args[position]
            position += 1
        if not value or value.startswith("-"):
            return None
        if name in _STATS_LISTS:
            found[key].append(Path(value) if key == "bank" else value)
            continue
        seen.add(key)
        found[key] = Path(value) if key == "home" else value
    return found


def _help_fits() -> bool:
    import shutil

    return shutil.get_terminal_size().columns >= HELP_MIN_COLUMNS


def quick(args: list[str]) -> int | None:
    """Run `trustquiz ARGS` without typer if it is one of the calls handled here.

    Returns the exit code, or None when the typer app should run instead.
    """
    if args == ["--help"] and _help_fits():
        sys.stdout.write(HELP)
        return 0
    if args == ["--version"]:
        from trustquiz import __version__

        sys.stdout.write(f"trustquiz {__version__}\n")
        return 0
    options = stats_options(args[1:]) if args[:1] == ["stats"] else None
    if options is None:
        return None
    from trustquiz import commands

    try:
        with commands.user_errors():
            commands.stats(**options)
    except commands.Exit as exc:
        return exc.code
    return 0


def main() -> None:
    """Entry point of the `trustquiz` command."""
    code = quick(sys.argv[1:])
    if code is None:
        from trustquiz.cli import main as run_typer_app

        run_typer_app()
    else:
        sys.exit(code)
