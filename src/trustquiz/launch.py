"""The `trustquiz` command's entry point: the commonest calls start without typer.

typer builds its options with pydantic as it starts, which costs many times a bare Python
start. So `trustquiz --help`, `trustquiz --version`, and `trustquiz stats` and `trustquiz
practice` with plain options are answered here, from the same code the typer app runs
(commands.py); anything else (other commands, `--help` on a narrow terminal, an option
this parser is unsure of) goes to the typer app in cli.py. Tests hold this path to typer's
own help text and parsing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

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


def _count(low: int) -> Callable[[str], int | None]:
    """A whole number of at least `low`, written in plain ASCII digits (else None)."""

    def convert(text: str) -> int | None:
        if not (text.isascii() and text.isdigit()) or int(text) < low:
            return None
        return int(text)

    return convert


class Options(NamedTuple):
    """A command's options: flags, options taking one value, and repeatable ones."""

    flags: dict[str, str]  # --option -> parameter
    values: dict[str, tuple[str, Callable[[str], Any]]]  # --option -> (parameter, convert)
    lists: dict[str, tuple[str, Callable[[str], Any]]]


STATS = Options(
    flags={"--json": "as_json", "--no-builtin": "no_builtin"},
    values={"--home": ("home", Path), "--exam-date": ("exam_date", str)},
    lists={"--bank": ("bank", Path), "--topic": ("topic", str)},
)
PRACTICE = Options(
    flags={"--no-builtin": "no_builtin", "--wrong": "wrong", "--cram": "cram"},
    values={"--home": ("home", Path), "--limit": ("limit", _count(1)), "--new": ("new", _count(0))},
    lists={"--bank": ("bank", Path), "--id": ("ids", str), "--topic": ("topic", str),
           "--tag": ("tag", str)},
)  # fmt: skip


def parse(spec: Options, args: list[str]) -> dict[str, Any] | None:
    """A command's options as the typer app would hand them to it.

    Returns None for anything short of plain use (help, an unknown or repeated option, a
    missing value, a value that starts with `-`, a number typer might read otherwise),
    which the typer app then handles.
    """
    found: dict[str, Any] = dict.fromkeys(spec.flags.values(), False)
    found.update((name, None) for name, _ in spec.values.values())
    found.update((name, []) for name, _ in spec.lists.values())
    seen: set[str] = set()
    position = 0
    while position < len(args):
        option, equals, value = args[position].partition("=")
        position += 1
        flag = spec.flags.get(option)
        if flag is not None and not equals and flag not in seen:
            seen.add(flag)
            found[flag] = True
            continue
        single = spec.values.get(option)
        name, convert = single or spec.lists.get(option) or (None, str)
        if name is None or name in seen:
            return None
        if not equals:
            if position == len(args):
                return None
            value = args[position]
            position += 1
        converted = convert(value) if value and not value.startswith("-") else None
        if converted is None:
            return None
        if single is None:
            found[name].append(converted)
        else:
            seen.add(name)
            found[name] = converted
    return found


def stats_options(args: list[str]) -> dict[str, Any] | None:
    """The options of `trustquiz stats ARGS` as the typer app would parse them (or None)."""
    return parse(STATS, args)


def practice_options(args: list[str]) -> dict[str, Any] | None:
    """The options of `trustquiz practice ARGS` as the typer app would parse them (or None)."""
    return parse(PRACTICE, args)


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
    command = args[0] if args else None
    parser = {"stats": stats_options, "practice": practice_options}.get(command or "")
    options = parser(args[1:]) if parser is not None else None
    if options is None:
        return None
    from trustquiz import commands

    try:
        with commands.user_errors():
            if command == "stats":
                commands.stats(**options)
            else:
                commands.practice(**options)
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
