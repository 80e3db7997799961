"""The command registry, and the one place a command is run: options in, exit code out.

Each command is a module here with an `Options` dataclass (its declared options, see
options.py), a `run(options)` that returns a result object, and a `render(result, options)`
that prints it as text or JSON. The registry names each module and its one-line summary, so
`trustquiz --help` and the typer app are built from it without importing any command module;
a module is imported only when its command runs (or when the typer app is built).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import NamedTuple

from trustquiz.errors import TrustquizError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

SUMMARY = "Spaced-repetition revision for UPSC Civil Services Prelims."
VERSION_HELP = "Show the version."  # the one option of `trustquiz` itself, besides --help


class Command(NamedTuple):
    """A registered command: where it lives, what it does, and whether it may skip typer.

    A NamedTuple, not a dataclass: `trustquiz --help` reads this table, and importing
    dataclasses would add a quarter to its start-up (8 ms of 33 ms, measured with -X importtime).
    """

    module: str
    summary: str
    quick: bool = False  # plain options are parsed by the fast path in launch.py


COMMANDS: dict[str, Command] = {
    "practice": Command(
        "practice", "Answer due questions, then new ones; every answer is saved as you go.", True
    ),
    "stats": Command(
        "stats",
        "Where you stand: retention, streak, heatmap, forecast, topics, leeches, exam day.",
        True,
    ),
    "mock": Command(
        "mock", "A timed Prelims paper with UPSC marking, then the analysis of your attempts."
    ),
    "config": Command(
        "config", "Show the settings, or set one: `trustquiz config exam_date 2027-05-23`."
    ),
    "optimize": Command(
        "optimize", "Fit the memory model to your own reviews; show how much better it predicts."
    ),
    "check": Command(
        "check", "Validate question files; print `path:line: message` for each problem."
    ),
    "add": Command("add", "Add a question to a TOML file, validated before anything is written."),
    "import": Command(
        "importing",
        "Bring in Anki decks (.apkg, .colpkg) with their review history, or CSV questions.",
    ),
    "export": Command("export", "Write the bank as an Anki deck (.apkg), CSV or Aiken (Moodle)."),
    "schema": Command("schema", "Print the JSON Schema of question files (for editors)."),
    "list": Command("listing", "The bank as a table: id, kind, topic, seen, due."),
    "doctor": Command(
        "doctor", "Check your progress files: the log reads, ids are unique, the index agrees."
    ),
}


def module(name: str) -> ModuleType:
    """The module of the command called `name`, imported now."""
    return importlib.import_module(f"{__name__}.{COMMANDS[name].module}")


def say_error(message: str) -> None:
    """Write `error: ...` lines to stderr, control characters made visible."""
    from trustquiz.safetext import visible
    from trustquiz.streams import say

    say("".join(f"error: {visible(line)}\n" for line in message.splitlines() or [""]))


def execute(name: str, options: object) -> int:
    """Run a command and render its result; the exit code for every way it can end.

    The one error boundary: a bad environment variable or any other TrustquizError becomes
    `error: ...` on stderr and exit 1, Ctrl-C exit 130. When the output's reader goes away
    (`| head`, a closed terminal) the command ends quietly: with its own exit code if its
    result was complete, else 141 or 129 (128 + SIGPIPE or SIGHUP: a session cut off).
    Anything else is a bug and keeps its traceback.
    """
    from trustquiz import environment, streams

    command = module(name)
    result = None
    try:
        environment.check()
        result = command.run(options)
        command.render(result, options)
        streams.flush()
    except TrustquizError as exc:
        say_error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        streams.say("\ninterrupted\n")
        return EXIT_INTERRUPTED
    except OSError as exc:
        if not streams.is_gone(exc):
            raise
        streams.silence()
        if result is None:
            return streams.cut_off_status(exc)
    code: int = result.exit_code
    return code
