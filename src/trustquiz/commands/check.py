"""`trustquiz check`: validate question files and report each problem by `path:line`."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from trustquiz import api
from trustquiz.bank import lint
from trustquiz.collector import collector_paused
from trustquiz.commands import EXIT_ERROR, EXIT_OK
from trustquiz.commands import options as o
from trustquiz.commands.loading import data_dir, say_log_problems
from trustquiz.errors import QuestionFileError
from trustquiz.safetext import visible
from trustquiz.streams import json_ascii
from trustquiz.view.progress import progress


@dataclass(frozen=True)
class Options:
    """What `trustquiz check` accepts."""

    targets: Annotated[
        tuple[Path, ...],
        o.argument("Question files or folders to check (default: the whole bank)."),
    ] = ()
    home: Annotated[Path | None, o.HOME] = None
    bank: Annotated[tuple[Path, ...], o.BANK] = ()
    no_builtin: Annotated[bool, o.NO_BUILTIN] = False
    as_json: Annotated[bool, o.JSON] = False


@dataclass(frozen=True)
class Orphan:
    """A card with progress whose question is no longer in the bank."""

    id: str
    reviews: int


@dataclass(frozen=True)
class Result:
    """What was checked and what was found; warnings do not fail the check."""

    questions: int
    files: int  # question files, not counting sources.toml
    problems: list[QuestionFileError]
    warnings: list[QuestionFileError]
    # Looked for with --json, and in text when the whole bank is checked (a few files checked
    # alone would make every other question's progress look detached).
    orphans: list[Orphan] | None

    @property
    def exit_code(self) -> int:
        """1 when any file has a problem."""
        return EXIT_ERROR if self.problems else EXIT_OK


def run(options: Options) -> Result:
    """Check the given files (or the whole bank), and the progress for orphans (see Result)."""
    data = data_dir(options.home)
    with collector_paused(), progress("Checking question files", sys.stderr) as advance:
        # builds every question: 50,000 at a time
        loaded = lint.check_bank(
            options.targets,
            options.bank,
            builtin=not options.no_builtin,
            home=data,
            on_file=advance,
        )
    files = len([f for f in loaded.files if f.name != "sources.toml"])
    orphans = None
    if options.as_json or not options.targets:
        store = api.open_store(data, readonly=True)
        say_log_problems(store)
        known = {card.card_id for card in loaded.cards()}
        orphans = [
            Orphan(card_id, state.reviews)
            for card_id, state in sorted(store.cards.items())
            if card_id not in known
        ]
    return Result(len(loaded.entries), files, loaded.problems, loaded.warnings, orphans)


def render(result: Result, options: Options) -> None:
    """One JSON report, or one line per problem and warning and a closing count."""
    if options.as_json:
        report = {
            "ok": not result.problems,
            "questions": result.questions,
            "files": result.files,
            "problems": [
                {
                    "path": str(p.path),
                    "line": p.line,
                    "id": p.question_id,
                    "message": p.message,
                    "severity": p.severity,
                }
                for p in result.problems + result.warnings
            ],
            "orphans": [{"id": x.id, "reviews": x.reviews} for x in result.orphans or []],
        }
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=json_ascii()) + "\n")
        return
    for problem in result.problems:
        sys.stdout.write(visible(str(problem)) + "\n")
    for warning in result.warnings:
        sys.stdout.write(visible(f"{warning.location()}: warning: {warning.message}") + "\n")
    if not result.problems:
        extra = f" ({len(result.warnings)} warnings)" if result.warnings else ""
        sys.stdout.write(f"ok: {result.questions} questions in {result.files} files{extra}\n")
    else:
        sys.stderr.write(f"{len(result.problems)} problem(s) found\n")
    if result.orphans:
        sys.stdout.write(visible(detached_note(result.orphans)) + "\n")


SHOWN_ORPHANS = 5


def detached_note(orphans: list[Orphan]) -> str:
    """One line on progress kept under ids the bank no longer has."""
    named = ", ".join(
        f"'{x.id}' ({x.reviews} review{'s' if x.reviews != 1 else ''})"
        for x in orphans[:SHOWN_ORPHANS]
    )
    more = len(orphans) - SHOWN_ORPHANS
    if more > 0:
        named += f" and {more} more (all in check --json)"
    ids = "id" if len(orphans) == 1 else "ids"
    return (
        f"note: detached history: your progress has {len(orphans)} {ids} no longer in the"
        f" bank: {named}; the reviews stay in the log, and come back if a question takes"
        " that id again (give a renamed question its old id back)"
    )
