"""The statements kind: "Consider the following statements", asked "which" or "how many"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from trustquiz.kinds.base import (
    AddField,
    Kind,
    NonEmpty,
    Problem,
    QuestionBase,
    Strict,
    marked_items,
)
from trustquiz.kinds.upsc import in_order, reason, shuffle_problems, statements_options

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade
    from trustquiz.kinds.presentation import Face, Presented
    from trustquiz.textmatch import KnownTerms


class Statement(Strict):
    """One numbered statement and whether it is correct."""

    text: NonEmpty
    correct: bool
    why: str = ""


class StatementsQuestion(QuestionBase):
    """ "Consider the following statements": asked as "which" or "how many" are correct."""

    kind: Literal["statements"]
    prompt: str = "Consider the following statements:"
    ask: Literal["which", "how-many"]
    statements: Annotated[list[Statement], Field(min_length=2, max_length=4)]
    shuffle_items: bool = False


def _options(
    question: StatementsQuestion, order: list[int] | None = None
) -> tuple[list[str], int, list[frozenset[int]] | None]:
    truth = [s.correct for s in in_order(question.statements, order)]
    return statements_options(truth, question.ask, question.id)


def check(question: StatementsQuestion) -> list[Problem]:
    """The exam's options can express the answer; shuffled statements stand alone."""
    try:
        _options(question)
    except ValueError as exc:
        fix = 'use ask = "how-many"' if question.ask == "which" else "use 3 statements"
        return [("statements", f"{exc}: {fix}")]
    texts = [s.text for s in question.statements]
    return shuffle_problems(texts, question.shuffle_items, "statements")


def face(question: StatementsQuestion) -> Face:
    """The statements as written and their truth: the options are made from the order they
    are shown in (drawn per attempt with `shuffle_items`), those of "which" with the id."""
    return {
        "prompt": question.prompt,
        "ask": question.ask,
        "statements": [s.text for s in question.statements],
        "truth": [s.correct for s in question.statements],
        "shuffle": question.shuffle_items,
        "id": question.id,
    }


def grade(
    question: StatementsQuestion, presented: Presented, response: str, known: KnownTerms
) -> Grade:
    """A letter or an option's text; a wrong "which" names the statements misjudged."""
    from trustquiz.kinds.grading import grade_choice

    return grade_choice(presented, response)


def asked_text(question: StatementsQuestion) -> str:
    """The lead-in and the statements."""
    return " ".join([question.prompt, *(s.text for s in question.statements)])


def breakdown(question: StatementsQuestion, order: list[int] | None) -> list[tuple[bool, str]]:
    """Each statement as numbered when shown: correct or incorrect, and why."""
    lines: list[tuple[bool, str]] = []
    for number, s in enumerate(in_order(question.statements, order), start=1):
        verdict = "correct" if s.correct else "incorrect"
        why = reason(s.why)
        lines.append((s.correct, f"{number}. {verdict}" + (f": {why}" if why else "")))
    return lines


def from_flags(flags: dict[str, Any]) -> dict[str, Any]:
    """`--statement +text` (correct) or `-text` (incorrect), in order; `--ask`, `--prompt`."""
    if flags.get("statements"):
        flags["statements"] = [
            {"text": text, "correct": right}
            for right, text in marked_items(flags["statements"], "statement")
        ]
    return flags


KIND = Kind(
    name="statements",
    model=StatementsQuestion,
    check=check,
    face=face,
    grade=grade,
    asked_text=asked_text,
    add_fields=(
        AddField(
            "prompt",
            "Lead-in",
            default="Consider the following statements:",
            help="The question (or lead-in).",
        ),
        AddField(
            "ask",
            "Ask which or how-many",
            default="which",
            help="statements: which or how-many.",
            metavar="which|how-many",
        ),
        AddField(
            "statements",
            "Statement",
            items="marked",
            flag="--statement",
            help="+correct or -incorrect statement.",
            metavar="±TEXT",
        ),
    ),
    from_flags=from_flags,
    breakdown=breakdown,
)
