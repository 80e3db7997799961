"""How a command declares its options once: annotated dataclass fields that typer and the fast
path both read.

A command's options are a frozen dataclass. Each field is annotated with an `Opt`, which
records the option's name, metavar and help; the field's type says what it takes: `bool` is a
flag (default False), `X | None` one value (default None), `tuple[X, ...]` a repeatable
option, or for an argument any number of values (default ()), where X is `str`, `int` or
`Path`. cli.py builds the typer signatures from these fields, and `parse` below is the fast
path's parser, so neither keeps a copy of the other. Standard library only: the fast path
must not pay for more.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Opt:
    """An option as declared on a field: `flag` None makes it a positional argument."""

    flag: str | None
    help: str
    metavar: str | None = None
    minimum: int | None = None  # for whole numbers: the least one accepted


def argument(help: str) -> Opt:
    """A positional argument."""
    return Opt(None, help)


HOME = Opt("--home", "Data directory (default: $TRUSTQUIZ_HOME or the user data dir).", "DIR")
BANK = Opt("--bank", "Extra question file or folder (repeatable).", "PATH")
NO_BUILTIN = Opt("--no-builtin", "Leave the shipped question bank out.")
JSON = Opt("--json", "Print one JSON object.")
TOPICS = Opt("--topic", "Only questions of this topic (repeatable).", "TOPIC")
TAGS = Opt("--tag", "Only questions with this tag (repeatable).", "TAG")


@dataclass(frozen=True)
class Spec:
    """One declared option with what its field's type says about it."""

    name: str  # the dataclass field, and the typer parameter
    opt: Opt
    kind: str  # "flag", "value" or "repeat"
    type: type  # bool, str, int or Path

    @property
    def flag(self) -> str | None:
        """The option's name on the command line; None for an argument."""
        return self.opt.flag


_DEFAULTS: dict[str, object] = {"flag": False, "value": None, "repeat": ()}


def specs(options: type) -> list[Spec]:
    """The options and arguments of a command's options class, in declaration order.

    Raises:
        TypeError: a field without an `Opt`, or whose default its type does not imply.
    """
    hints = typing.get_type_hints(options, include_extras=True)
    found = []
    for item in dataclasses.fields(options):
        hint, *extras = typing.get_args(hints[item.name])
        opt = next((e for e in extras if isinstance(e, Opt)), None)
        if opt is None:
            raise TypeError(f"{options.__qualname__}.{item.name} has no Opt annotation")
        if hint is bool:
            kind, base = "flag", bool
        elif typing.get_origin(hint) is tuple:
            kind, base = "repeat", typing.get_args(hint)[0]
        else:
            kind, base = "value", next(a for a in typing.get_args(hint) if a is not type(None))
        if item.default != _DEFAULTS[kind]:
            raise TypeError(
                f"{options.__qualname__}.{item.name} must default to {_DEFAULTS[kind]!r}"
            )
        found.append(Spec(item.name, opt, kind, base))
    return found


def _converter(spec: Spec) -> Callable[[str], Any]:
    """The fast path's reading of a value, or None where typer might read it otherwise."""
    if spec.type is int:
        low = spec.opt.minimum or 0

        def count(text: str) -> int | None:
            if not (text.isascii() and text.isdigit()) or int(text) < low:
                return None
            return int(text)

        return count
    return Path if spec.type is Path else str


def parse(options: type, args: list[str]) -> Any:
    """The options of `trustquiz COMMAND ARGS` as the typer app would read them.

    Returns None for anything short of plain use (help, a positional argument, an unknown or
    repeated option, a missing value, a value that starts with `-`, a number typer might read
    otherwise), which the typer app then handles.
    """
    table = {spec.flag: spec for spec in specs(options) if spec.flag is not None}
    found: dict[str, Any] = {}
    position = 0
    while position < len(args):
        option, equals, text = args[position].partition("=")
        position += 1
        spec = table.get(option)
        if spec is None or (spec.kind != "repeat" and spec.name in found):
            return None
        if spec.kind == "flag":
            if equals:
                return None
            found[spec.name] = True
            continue
        if not equals:
            if position == len(args):
                return None
            text = args[position]
            position += 1
        converted = _converter(spec)(text) if text and not text.startswith("-") else None
        if converted is None:
            return None
        if spec.kind == "repeat":
            found[spec.name] = (*found.get(spec.name, ()), converted)
        else:
            found[spec.name] = converted
    return options(**found)
