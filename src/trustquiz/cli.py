"""The typer app: thin commands, and the one place that turns errors into exit codes."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from trustquiz import __version__
from trustquiz.errors import BankError, TrustquizError

if TYPE_CHECKING:
    from trustquiz.bank import Bank

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
    typer.Option("--home", help="Data directory (default: $TRUSTQUIZ_HOME or the user data dir)."),
]
BankOption = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option("--bank", help="Extra question file or folder (repeatable)."),
]
NoBuiltinOption = Annotated[
    bool, typer.Option("--no-builtin", help="Leave the shipped question bank out.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130


def _err(message: str) -> None:
    for line in message.splitlines() or [""]:
        sys.stderr.write(f"error: {line}\n")


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    """Turn a TrustquizError into `error: ...` and exit 1, and Ctrl-C into exit 130."""
    try:
        yield
    except TrustquizError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _home(home: Path | None) -> Path:
    from trustquiz import paths

    return paths.data_dir(home)


def _load(home: Path, bank: list[Path] | None, no_builtin: bool) -> Bank:
    """Load the bank for practice and stats: bad questions are reported and skipped."""
    from trustquiz.bank import load_bank

    loaded = load_bank(bank or [], builtin=not no_builtin, home=home, strict=False)
    for problem in loaded.problems:
        sys.stderr.write(f"warning: {problem} (skipped; run `trustquiz check`)\n")
    if not loaded.entries:
        raise BankError(loaded.problems)
    return loaded


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
        typer.Option("--id", help="Practise just this question, due or not (repeatable)."),
    ] = None,
    topic: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--topic", help="Only questions of this topic (repeatable)."),
    ] = None,
    tag: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--tag", help="Only questions with this tag (repeatable)."),
    ] = None,
    limit: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--limit", min=1, help="Ask at most N questions."),
    ] = None,
    new: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--new", min=0, help="Introduce at most N new questions (default: today's budget)."
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
        from trustquiz import api, clock
        from trustquiz.selection import Selection, select_cards
        from trustquiz.session import Session
        from trustquiz.ui import TerminalUI, make_console, render_summary

        data = _home(home)
        loaded = _load(data, bank, no_builtin)
        store = api.open_store(data)
        for notice in store.notices:
            sys.stderr.write(f"note: {notice}\n")
        now = clock.now()
        if wrong and cram:
            raise TrustquizError("choose one of --wrong and --cram")
        selection = Selection(ids or [], topic or [], tag or [], limit, new, wrong, cram)
        cards = select_cards(loaded, store, now, selection)
        console = make_console()
        if not cards:
            _nothing_to_do(console, loaded, store, now)
            return
        session = Session(loaded, store, TerminalUI(console, loaded), clock.now, cram=cram)
        summary = session.run(cards)
        from trustquiz.stats import due_within, next_due

        end = clock.now()
        tomorrow = due_within(store.cards, end, timedelta(days=1))
        render_summary(console, summary, end, next_due(store.cards), tomorrow)
        if summary.interrupted:
            raise typer.Exit(EXIT_INTERRUPTED)


def _nothing_to_do(console: Any, loaded: Bank, store: Any, now: Any) -> None:
    from trustquiz.stats import next_due
    from trustquiz.ui import humanize, local_time

    console.print(
        "Nothing to practise right now: no question is due and today's new ones are done."
    )
    due = next_due(store.cards)
    if due is not None:
        console.print(f"Next due: {local_time(due)} ({humanize((due - now).total_seconds())}).")
    new = sum(1 for card in loaded.cards() if card.card_id not in store.cards)
    if new:
        console.print(
            f"{new} questions are still new; `trustquiz practice --new 10` adds more today."
        )


@app.command()
def stats(
    home: HomeOption = None,
    bank: BankOption = None,
    no_builtin: NoBuiltinOption = False,
    topic: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--topic", help="Only this topic (repeatable)."),
    ] = None,
    exam_date: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--exam-date", help="Predict recall on this date (YYYY-MM-DD)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Where you stand: retention, streak, heatmap, forecast, topics, leeches, exam day."""
    with _user_errors():
        from trustquiz import api, clock
        from trustquiz.models import Aggregates
        from trustquiz.progress import effective_reviews
        from trustquiz.scheduler import retrievability
        from trustquiz.stats import report

        data = _home(home)
        loaded = _load(data, bank, no_builtin)
        store = api.open_store(data, readonly=True)
        for notice in store.notices:
            sys.stderr.write(f"note: {notice}\n")
        cards = loaded.cards()
        aggregates = store.aggregates
        if topic:
            wanted = {t.casefold() for t in topic}
            cards = [c for c in cards if c.question.topic.casefold() in wanted]
            if not cards:
                raise TrustquizError(f"no question has the topic {', '.join(topic)}")
            ids = {c.card_id for c in cards}
            aggregates = Aggregates()
            for review in effective_reviews(store.records()):
                if review.question_id in ids:
                    aggregates.add(review)
        when = _parse_date(exam_date) if exam_date else None
        figures = report(
            cards, store.cards, aggregates, store.settings, clock.now(), retrievability, when
        )
        if as_json:
            typer.echo(json.dumps(figures, indent=2, ensure_ascii=False))
            return
        from trustquiz.statsview import render_report
        from trustquiz.ui import make_console

        render_report(make_console(), figures)


def _parse_date(text: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TrustquizError(f"{text!r} is not a date (YYYY-MM-DD)") from None


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
        from pydantic import ValidationError

        from trustquiz import api, clock
        from trustquiz.models import Settings, SettingsRecord

        store = api.open_store(_home(home), readonly=key is None)
        if key is not None:
            if key not in SETTING_KEYS:
                raise TrustquizError(f"unknown setting {key!r}; one of {', '.join(SETTING_KEYS)}")
            if value is None:
                raise TrustquizError(f"give a value: trustquiz config {key} VALUE")
            new: object = None if value.lower() in ("none", "") else value
            try:
                Settings.model_validate({**store.settings.model_dump(), key: new})
            except ValidationError as exc:
                raise TrustquizError(f"{key} {value!r}: {exc.errors()[0]['msg']}") from None
            store.append(SettingsRecord(type="settings", time=clock.now(), changes={key: new}))
            store.save()
        settings = store.settings.model_dump(mode="json")
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
        from trustquiz.lint import check_bank

        data = _home(home)
        loaded = check_bank(targets or [], bank or [], builtin=not no_builtin, home=data)
        questions = len(loaded.entries)
        files = len([f for f in loaded.files if f.name != "sources.toml"])
        found = loaded.problems + loaded.warnings
        if as_json:
            report = {
                "ok": not loaded.problems,
                "questions": questions,
                "files": files,
                "problems": [
                    {
                        "path": str(p.path),
                        "line": p.line,
                        "message": p.message,
                        "severity": p.severity,
                    }
                    for p in found
                ],
            }
            typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            for problem in loaded.problems:
                typer.echo(str(problem))
            for warning in loaded.warnings:
                typer.echo(f"{warning.location()}: warning: {warning.message}")
            if not loaded.problems:
                extra = f" ({len(loaded.warnings)} warnings)" if loaded.warnings else ""
                typer.echo(f"ok: {questions} questions in {files} files{extra}")
            else:
                sys.stderr.write(f"{len(loaded.problems)} problem(s) found\n")
        if loaded.problems:
            raise typer.Exit(EXIT_ERROR)


def main() -> None:
    """Entry point of the `trustquiz` command."""
    app()
