"""The typer app: one typer command per registered command, built from its declared options.

Each command's signature is generated from the fields of its `Options` dataclass (see
commands/options.py), so the names, metavars and help texts exist once; the command body
only makes the options object and hands it to `commands.execute`, the one error boundary.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, MutableMapping
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from trustquiz import __version__, commands
from trustquiz.commands.options import Spec, specs


class _Commands(MutableMapping[str, Any]):
    """The registered commands by name, each built from its declaration when first looked up.

    Building all of them up front would import every command module: `trustquiz config`
    started about 40% slower that way (200 ms to 285 ms of CPU, median of 5 runs).
    """

    def __getitem__(self, name: str) -> Any:
        if name not in commands.COMMANDS:
            raise KeyError(name)
        return _typer_command(name)

    def __iter__(self) -> Iterator[str]:
        return iter(commands.COMMANDS)

    def __len__(self) -> int:
        return len(commands.COMMANDS)

    def __setitem__(self, name: str, command: Any) -> None:
        raise TypeError("commands are added to commands.COMMANDS")

    def __delitem__(self, name: str) -> None:
        raise TypeError("commands are removed from commands.COMMANDS")


class _Registry(TyperGroup):
    """The typer group of the registered commands."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.commands = _Commands()


app = typer.Typer(
    cls=_Registry,
    name="trustquiz",
    help=commands.SUMMARY,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"trustquiz {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=commands.VERSION_HELP),
    ] = False,
) -> None:
    """`trustquiz` itself takes only --version (its help is commands.SUMMARY)."""


def _parameter(spec: Spec) -> inspect.Parameter:
    """The typer parameter for one declared option or argument."""
    info: Any
    if spec.flag is None:
        info = typer.Argument(help=spec.opt.help)
    else:
        opt = spec.opt
        info = typer.Option(opt.flag, metavar=opt.metavar, help=opt.help, min=opt.minimum)
    if spec.kind == "flag":
        hint: Any = bool
        default: Any = False
    elif spec.kind == "repeat":
        hint, default = Optional[list[spec.type]], None  # type: ignore[name-defined]  # noqa: UP045
    else:
        hint, default = Optional[spec.type], None  # noqa: UP045
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Parameter(spec.name, kind, default=default, annotation=Annotated[hint, info])


def _command(name: str, options: type) -> Callable[..., None]:
    """A function typer can read: the declared options as parameters, running `name`."""
    declared = specs(options)
    repeatable = {spec.name for spec in declared if spec.kind == "repeat"}

    def command(**given: Any) -> None:
        for key in repeatable:
            given[key] = tuple(given[key] or ())
        code = commands.execute(name, options(**given))
        if code:
            raise typer.Exit(code)

    parameters = [_parameter(spec) for spec in declared]
    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    command.__name__ = name
    return command


@functools.cache
def _typer_command(name: str) -> Any:
    """The click command typer makes of the registered command `name`."""
    single = typer.Typer(
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
    )
    summary = commands.COMMANDS[name].summary
    single.command(name, help=summary)(_command(name, commands.module(name).Options))
    return typer.main.get_command(single)


def main() -> None:
    """Run the typer app (the `trustquiz` entry point runs launch.main, which may skip it)."""
    app()
