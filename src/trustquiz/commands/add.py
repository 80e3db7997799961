"""`trustquiz add`: write a question into a TOML file, validated before anything is written."""

from __future__ import annotations

import dataclasses
import sys
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar

from trustquiz.bank.authoring import (
    add_question,
    default_file,
    fields_from_flags,
    id_seed,
    render_question,
    unique_id,
)
from trustquiz.bank.loader import load_bank
from trustquiz.commands import options as o
from trustquiz.commands.loading import data_dir
from trustquiz.errors import TrustquizError
from trustquiz.kinds import registry
from trustquiz.kinds.base import AddField


@dataclass(frozen=True)
class _Shared:
    """The options of `trustquiz add` that every kind shares; the kinds' own come between
    --kind and --topic (see `_options_class`)."""

    kind: Annotated[
        str | None,
        o.Opt(
            "--kind",
            "mcq, truefalse, numeric, text, statements, pairs, assertion or cloze;"
            " without it, add asks for each field.",
            "KIND",
        ),
    ] = None
    topic: Annotated[str | None, o.Opt("--topic", "The topic (also names the file).", "TOPIC")] = (
        None
    )
    tags: Annotated[tuple[str, ...], o.Opt("--tag", "A tag (repeatable).", "TAG")] = ()
    explanation: Annotated[
        str | None, o.Opt("--explanation", "Why the answer is right.", "TEXT")
    ] = None
    source: Annotated[str | None, o.Opt("--source", "A key of a sources.toml.", "KEY")] = None
    qid: Annotated[str | None, o.Opt("--id", "The id (default: made from the prompt).", "ID")] = (
        None
    )
    file: Annotated[
        Path | None, o.Opt("--file", "Append here instead of questions/<topic>.toml.", "PATH")
    ] = None
    home: Annotated[Path | None, o.HOME] = None
    bank: Annotated[tuple[Path, ...], o.BANK] = ()
    no_builtin: Annotated[bool, o.NO_BUILTIN] = False


def kind_fields() -> dict[str, list[AddField]]:
    """Every kind's `add` fields by key, in the order the kinds declare them."""
    found: dict[str, list[AddField]] = {}
    for name in registry.KINDS:
        for declared in registry.kind(name).add_fields:
            found.setdefault(declared.key, []).append(declared)
    return found


def _field(declared: list[AddField]) -> tuple[str, Any, Any]:
    """One kind-specific option: a value, a repeatable list, or an on/off switch."""
    first = declared[0]
    helps = list(dict.fromkeys(d.help for d in declared if d.help))
    if first.items == "switch":
        return first.key, Annotated[bool, o.Opt(first.option, " ".join(helps))], False
    opt = o.Opt(first.option, " ".join(helps), first.metavar)
    if first.items == "one":
        return first.key, Annotated[str | None, opt], None
    return first.key, Annotated[tuple[str, ...], opt], ()


def _options_class() -> type[Any]:
    """`Options`: --kind, each kind's own options as its `add_fields` declare them, then the
    shared ones; a kind with a new field needs no edit here."""
    hints = typing.get_type_hints(_Shared, include_extras=True)
    shared = [(f.name, hints[f.name], f.default) for f in dataclasses.fields(_Shared)]
    own = [_field(declared) for declared in kind_fields().values()]
    fields = [shared[0], *own, *shared[1:]]
    made = dataclasses.make_dataclass(
        "Options",
        [(name, hint, dataclasses.field(default=default)) for name, hint, default in fields],
        frozen=True,
    )
    made.__module__ = __name__
    made.__doc__ = "What `trustquiz add` accepts; without --kind it asks for each field instead."
    return made


Options = _options_class()


@dataclass(frozen=True)
class Result:
    """The question written (or, when the learner declined the preview, not written)."""

    question_id: str
    path: Path
    added: bool
    exit_code: ClassVar[int] = 0  # these results never fail: errors are raised


def run(options: Any) -> Result:
    """Build the question from the options (or by asking), check it, and append it."""
    data = data_dir(options.home)
    kind = options.kind
    given: dict[str, Any] = {key: getattr(options, key) for key in kind_fields()}
    interactive = kind is None
    loaded = load_bank(options.bank, builtin=not options.no_builtin, home=data, strict=False)
    taken = {c.card_id for c in loaded.cards()} | {e.id for e in loaded.entries}
    if interactive:
        # The prompts read the terminal through typer: only asked for when there is asking.
        from trustquiz.view import prompts

        kind, given = prompts.ask_fields(kind)
        fields = fields_from_flags(kind, given)
        prompts.ask_reasons(fields)
        prompts.ask_common(fields, options.topic, set(loaded.sources), data)
        fields["id"] = options.qid or prompts.ask_id(unique_id(id_seed(fields), taken), taken)
    else:
        assert kind is not None
        fields = fields_from_flags(kind, given)
        if not options.topic:
            raise TrustquizError("give --topic (it also names the file the question goes to)")
        fields.update(
            topic=options.topic,
            tags=list(options.tags) or None,
            explanation=options.explanation,
            source=options.source,
        )
        if fields.get("source") and fields["source"] not in loaded.sources:
            known = ", ".join(sorted(loaded.sources)) or "none"
            raise TrustquizError(f"unknown source '{fields['source']}' (known: {known})")
        fields["id"] = options.qid or unique_id(id_seed(fields), taken)
    target = options.file or default_file(data, str(fields["topic"]))
    if interactive:
        from trustquiz.view.console import make_console

        if not prompts.preview(make_console(), render_question(fields)):
            return Result(str(fields["id"]), target, added=False)
        # A source made while asking is in the data dir's sources.toml now.
        loaded = load_bank(options.bank, builtin=not options.no_builtin, home=data, strict=False)
    added = add_question(target, fields, loaded)
    return Result(added, target, added=True)


def render(result: Result, options: Any) -> None:
    """`Added 'ID' to PATH`, or that nothing was added."""
    if result.added:
        sys.stdout.write(f"Added '{result.question_id}' to {result.path}\n")
    else:
        sys.stdout.write("Nothing added.\n")
