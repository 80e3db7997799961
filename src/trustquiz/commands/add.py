"""`trustquiz add`: write a question into a TOML file, validated before anything is written."""

from __future__ import annotations

import sys
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

# The options that carry a question's own fields, as `fields_from_flags` reads them.
KIND_FIELDS = (
    "prompt", "answer", "options", "accept", "tolerance", "statements", "ask", "pairs",
    "statement1", "statement2", "text", "no_shuffle",
)  # fmt: skip


@dataclass(frozen=True)
class Options:
    """What `trustquiz add` accepts; without --kind it asks for each field instead."""

    kind: Annotated[
        str | None,
        o.Opt(
            "--kind",
            "mcq, truefalse, numeric, text, statements, pairs, assertion or cloze;"
            " without it, add asks for each field.",
            "KIND",
        ),
    ] = None
    prompt: Annotated[str | None, o.Opt("--prompt", "The question (or lead-in).", "TEXT")] = None
    answer: Annotated[
        str | None,
        o.Opt("--answer", "The answer (a letter for mcq; true/false; an assertion key).", "TEXT"),
    ] = None
    options: Annotated[tuple[str, ...], o.Opt("--option", "An mcq option; give four.", "TEXT")] = ()
    accept: Annotated[
        tuple[str, ...], o.Opt("--accept", "Another accepted text answer.", "TEXT")
    ] = ()
    tolerance: Annotated[
        str | None, o.Opt("--tolerance", "Numeric tolerance: 1% or an amount.", "AMOUNT")
    ] = None
    statements: Annotated[
        tuple[str, ...], o.Opt("--statement", "+correct or -incorrect statement.", "±TEXT")
    ] = ()
    ask: Annotated[
        str | None, o.Opt("--ask", "statements: which or how-many.", "which|how-many")
    ] = None
    pairs: Annotated[
        tuple[str, ...], o.Opt("--pair", "+left = right, or -left = right.", "±LEFT = RIGHT")
    ] = ()
    statement1: Annotated[str | None, o.Opt("--statement1", "assertion: Statement-I.", "TEXT")] = (
        None
    )
    statement2: Annotated[str | None, o.Opt("--statement2", "assertion: Statement-II.", "TEXT")] = (
        None
    )
    text: Annotated[str | None, o.Opt("--text", "cloze: the sentence with {{gaps}}.", "TEXT")] = (
        None
    )
    no_shuffle: Annotated[bool, o.Opt("--no-shuffle", "mcq: keep the options in order.")] = False
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


@dataclass(frozen=True)
class Result:
    """The question written (or, when the learner declined the preview, not written)."""

    question_id: str
    path: Path
    added: bool
    exit_code: ClassVar[int] = 0  # these results never fail: errors are raised


def run(options: Options) -> Result:
    """Build the question from the options (or by asking), check it, and append it."""
    data = data_dir(options.home)
    kind = options.kind
    given: dict[str, Any] = {name: getattr(options, name) for name in KIND_FIELDS}
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


def render(result: Result, options: Options) -> None:
    """`Added 'ID' to PATH`, or that nothing was added."""
    if result.added:
        sys.stdout.write(f"Added '{result.question_id}' to {result.path}\n")
    else:
        sys.stdout.write("Nothing added.\n")
