"""The typer app: thin commands, and the one place that turns errors into exit codes."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from trustquiz import __version__, commands
from trustquiz.errors import TrustquizError

app = typer.Typer(
    name="trustquiz",
    help="Spaced-repetition revision for UPSC Civil Services Prelims.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

HomeOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option(
        "--home",
        metavar="DIR",
        help="Data directory (default: $TRUSTQUIZ_HOME or the user data dir).",
    ),
]
BankOption = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option("--bank", metavar="PATH", help="Extra question file or folder (repeatable)."),
]
NoBuiltinOption = Annotated[
    bool, typer.Option("--no-builtin", help="Leave the shipped question bank out.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
TopicsOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--topic", metavar="TOPIC", help="Only questions of this topic (repeatable)."),
]
TagsOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--tag", metavar="TAG", help="Only questions with this tag (repeatable)."),
]


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    """Turn a TrustquizError into `error: ...` and exit 1, and Ctrl-C into exit 130."""
    try:
        with commands.user_errors():
            yield
    except commands.Exit as exc:
        raise typer.Exit(exc.code) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"trustquiz {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Spaced-repetition revision for UPSC Civil Services Prelims."""


@app.command()
def practice(
    home: HomeOption = None,
    bank: BankOption = None,
    no_builtin: NoBuiltinOption = False,
    ids: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--id", metavar="ID", help="Practise just this question, due or not (repeatable)."
        ),
    ] = None,
    topic: TopicsOption = None,
    tag: TagsOption = None,
    limit: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--limit", metavar="N", min=1, help="Ask at most N questions."),
    ] = None,
    new: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--new",
            metavar="N",
            min=0,
            help="Introduce at most N new questions (default: today's budget).",
        ),
    ] = None,
    wrong: Annotated[
        bool,
        typer.Option("--wrong", help="Re-quiz what you got wrong or guessed in the last 7 days."),
    ] = False,
    cram: Annotated[
        bool,
        typer.Option("--cram", help="Ignore the schedule; right answers do not postpone cards."),
    ] = False,
) -> None:
    """Answer due questions, then new ones; every answer is saved as you go."""
    with _user_errors():
        commands.practice(home, bank, no_builtin, ids, topic, tag, limit, new, wrong, cram)


@app.command()
def stats(
    home: HomeOption = None,
    bank: BankOption = None,
    no_builtin: NoBuiltinOption = False,
    topic: TopicsOption = None,
    exam_date: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--exam-date", metavar="YYYY-MM-DD", help="Predict recall on this date (YYYY-MM-DD)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Where you stand: retention, streak, heatmap, forecast, topics, leeches, exam day."""
    with _user_errors():
        commands.stats(home, bank, no_builtin, topic, exam_date, as_json)


SETTING_KEYS = ("desired_retention", "new_per_day", "exam_date")


@app.command()
def config(
    key: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help=f"A setting: {', '.join(SETTING_KEYS)}."),
    ] = None,
    value: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="Its new value (`none` clears exam_date)."),
    ] = None,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the settings, or set one: `trustquiz config exam_date 2027-05-23`."""
    with _user_errors():
        from trustquiz import api, clock
        from trustquiz.store.records import SettingsRecord
        from trustquiz.store.state import SettingError

        store = api.open_store(commands.data_dir(home), readonly=key is None)
        if key is not None:
            if key not in SETTING_KEYS:
                raise TrustquizError(f"unknown setting {key!r}; one of {', '.join(SETTING_KEYS)}")
            if value is None:
                raise TrustquizError(f"give a value: trustquiz config {key} VALUE")
            new: object = None if value.lower() in ("none", "") else value
            try:
                store.settings.updated({key: new})
            except SettingError as exc:
                raise TrustquizError(f"{key} {value!r}: {exc.reason}") from None
            store.append(SettingsRecord(type="settings", time=clock.now(), changes={key: new}))
            store.save()
        settings = store.settings.to_json()
        if as_json:
            typer.echo(json.dumps(settings, indent=2))
            return
        for name in SETTING_KEYS:
            typer.echo(f"{name} = {settings[name] if settings[name] is not None else 'none'}")


@app.command()
def check(
    targets: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(help="Question files or folders to check (default: the whole bank)."),
    ] = None,
    home: HomeOption = None,
    bank: BankOption = None,
    no_builtin: NoBuiltinOption = False,
    as_json: JsonOption = False,
) -> None:
    """Validate question files; print `path:line: message` for each problem."""
    with _user_errors():
        from trustquiz.bank.lint import check_bank

        data = commands.data_dir(home)
        with commands.collector_paused():  # builds every question: 50,000 at a time
            loaded = check_bank(targets or [], bank or [], builtin=not no_builtin, home=data)
        questions = len(loaded.entries)
        files = len([f for f in loaded.files if f.name != "sources.toml"])
        found = loaded.problems + loaded.warnings
        if as_json:
            from trustquiz import api

            store = api.open_store(data, readonly=True)
            known = {card.card_id for card in loaded.cards()}
            report = {
                "ok": not loaded.problems,
                "questions": questions,
                "files": files,
                "problems": [
                    {
                        "path": str(p.path),
                        "line": p.line,
                        "id": p.question_id,
                        "message": p.message,
                        "severity": p.severity,
                    }
                    for p in found
                ],
                "orphans": [
                    {"id": card_id, "reviews": state.reviews}
                    for card_id, state in sorted(store.cards.items())
                    if card_id not in known
                ],
            }
            typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            from trustquiz.safetext import visible

            for problem in loaded.problems:
                typer.echo(visible(str(problem)))
            for warning in loaded.warnings:
                typer.echo(visible(f"{warning.location()}: warning: {warning.message}"))
            if not loaded.problems:
                extra = f" ({len(loaded.warnings)} warnings)" if loaded.warnings else ""
                typer.echo(f"ok: {questions} questions in {files} files{extra}")
            else:
                sys.stderr.write(f"{len(loaded.problems)} problem(s) found\n")
        if loaded.problems:
            raise typer.Exit(commands.EXIT_ERROR)


ListOption = Annotated[Optional[list[str]], typer.Option()]  # noqa: UP045


@app.command()
def add(
    kind: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--kind",
            metavar="KIND",
            help="mcq, truefalse, numeric, text, statements, pairs, assertion or cloze;"
            " without it, add asks for each field.",
        ),
    ] = None,
    prompt: Annotated[
        str | None, typer.Option("--prompt", metavar="TEXT", help="The question (or lead-in).")
    ] = None,
    answer: Annotated[
        str | None,
        typer.Option(
            "--answer",
            metavar="TEXT",
            help="The answer (a letter for mcq; true/false; an assertion key).",
        ),
    ] = None,
    options: Annotated[
        list[str] | None, typer.Option("--option", metavar="TEXT", help="An mcq option; give four.")
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option("--accept", metavar="TEXT", help="Another accepted text answer."),
    ] = None,
    tolerance: Annotated[
        str | None,
        typer.Option("--tolerance", metavar="AMOUNT", help="Numeric tolerance: 1% or an amount."),
    ] = None,
    statements: Annotated[
        list[str] | None,
        typer.Option("--statement", metavar="±TEXT", help="+correct or -incorrect statement."),
    ] = None,
    ask: Annotated[
        str | None,
        typer.Option("--ask", metavar="which|how-many", help="statements: which or how-many."),
    ] = None,
    pairs: Annotated[
        list[str] | None,
        typer.Option("--pair", metavar="±LEFT = RIGHT", help="+left = right, or -left = right."),
    ] = None,
    statement1: Annotated[
        str | None, typer.Option("--statement1", metavar="TEXT", help="assertion: Statement-I.")
    ] = None,
    statement2: Annotated[
        str | None, typer.Option("--statement2", metavar="TEXT", help="assertion: Statement-II.")
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", metavar="TEXT", help="cloze: the sentence with {{gaps}}."),
    ] = None,
    no_shuffle: Annotated[
        bool, typer.Option("--no-shuffle", help="mcq: keep the options in order.")
    ] = False,
    topic: Annotated[
        str | None,
        typer.Option("--topic", metavar="TOPIC", help="The topic (also names the file)."),
    ] = None,
    tags: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag (repeatable).")
    ] = None,
    explanation: Annotated[
        str | None, typer.Option("--explanation", metavar="TEXT", help="Why the answer is right.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", metavar="KEY", help="A key of a sources.toml.")
    ] = None,
    qid: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="The id (default: made from the prompt)."),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", metavar="PATH", help="Append here instead of questions/<topic>.toml."
        ),
    ] = None,
    home: HomeOption = None,
    bank: BankOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Add a question to a TOML file, validated before anything is written."""
    with _user_errors():
        from trustquiz.bank.authoring import (
            add_question,
            default_file,
            fields_from_flags,
            id_seed,
            unique_id,
        )
        from trustquiz.bank.loader import load_bank
        from trustquiz.view.console import make_console

        data = commands.data_dir(home)
        interactive = kind is None
        given: dict[str, Any] = {
            "prompt": prompt, "answer": answer, "options": options, "accept": accept,
            "tolerance": tolerance, "statements": statements, "ask": ask, "pairs": pairs,
            "statement1": statement1, "statement2": statement2, "text": text,
            "no_shuffle": no_shuffle,
        }  # fmt: skip
        if interactive:
            from trustquiz.view.prompts import ask_fields

            kind, given = ask_fields(kind)
        assert kind is not None
        fields = fields_from_flags(kind, given)
        if interactive:
            from trustquiz.view.prompts import ask_common

            ask_common(fields, topic)
        else:
            if not topic:
                raise TrustquizError("give --topic (it also names the file the question goes to)")
            fields.update(topic=topic, tags=tags or None, explanation=explanation, source=source)
        loaded = load_bank(bank or [], builtin=not no_builtin, home=data, strict=False)
        if fields.get("source") and fields["source"] not in loaded.sources:
            known = ", ".join(sorted(loaded.sources)) or "none"
            raise TrustquizError(f"unknown source '{fields['source']}' (known: {known})")
        taken = {c.card_id for c in loaded.cards()} | {e.id for e in loaded.entries}
        fields["id"] = qid or unique_id(id_seed(fields), taken)
        target = file or default_file(data, str(fields["topic"]))
        if interactive:
            from trustquiz.bank.authoring import render_question
            from trustquiz.view.prompts import preview

            if not preview(make_console(), render_question(fields)):
                typer.echo("Nothing added.")
                return
        added = add_question(target, fields, loaded)
        typer.echo(f"Added '{added}' to {target}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of question files (for editors)."""
    from trustquiz.bank.schema import schema_text

    typer.echo(schema_text(), nl=False)


@app.command("list")
def list_questions(
    home: HomeOption = None,
    bank: BankOption = None,
    no_builtin: NoBuiltinOption = False,
    topic: TopicsOption = None,
    tag: TagsOption = None,
    as_json: JsonOption = False,
) -> None:
    """The bank as a table: id, kind, topic, seen, due."""
    with _user_errors():
        from trustquiz import clock
        from trustquiz.selection import Selection, matcher

        loaded, store = commands.open_all(home, bank, no_builtin, readonly=True)
        now = clock.now()
        match = matcher(Selection(topics=topic or [], tags=tag or []))
        rows = []
        for card in loaded.cards():
            if match is not None and not match(card):
                continue
            state = store.cards.get(card.card_id)
            rows.append(
                {
                    "id": card.card_id,
                    "kind": card.entry.kind,
                    "topic": card.topic,
                    "seen": state is not None,
                    "due": state.due.isoformat() if state else None,
                    "due_now": state is not None and state.due <= now,
                }
            )
        if as_json:
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        from trustquiz.view.console import make_console
        from trustquiz.view.practice import render_list

        render_list(make_console(), rows)


@app.command()
def doctor(
    home: HomeOption = None,
    bank: BankOption = None,
    no_builtin: NoBuiltinOption = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild progress.json from the review log.")
    ] = False,
    repair_log: Annotated[
        bool,
        typer.Option(
            "--repair-log", help="Set the log aside and keep its readable lines (then rebuild)."
        ),
    ] = False,
) -> None:
    """Check your progress files: the log reads, ids are unique, the snapshot agrees."""
    with _user_errors():
        from trustquiz.bank.loader import load_bank
        from trustquiz.safetext import visible
        from trustquiz.store import doctor as checkup

        data = commands.data_dir(home)
        if repair_log:
            for line in checkup.repair_log(data):
                typer.echo(visible(line))
        elif rebuild:
            typer.echo(checkup.rebuild(data))
        loaded = load_bank(bank or [], builtin=not no_builtin, home=data, strict=False)
        findings = checkup.examine(data, loaded)
        for finding in findings:
            typer.echo(visible(f"{finding.severity}: {finding.message}"))
        if any(f.severity == "error" for f in findings):
            raise typer.Exit(commands.EXIT_ERROR)
        typer.echo("ok: the progress files are consistent")


def main() -> None:
    """Entry point of the `trustquiz` command."""
    app()
