"""The assertion kind: Statement-I and Statement-II with the exam's four standard options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from trustquiz.kinds.base import AddField, Kind, NonEmpty, Problem, QuestionBase, as_given
from trustquiz.kinds.upsc import ASSERTION_KEYS

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade
    from trustquiz.kinds.presentation import Face, Presented
    from trustquiz.textmatch import KnownTerms

AssertionAnswer = Literal["explains", "does-not-explain", "only-1", "only-2"]


class AssertionQuestion(QuestionBase):
    """Statement-I and Statement-II with the four standard options."""

    kind: Literal["assertion"]
    prompt: str = "Consider the following statements:"
    statement1: NonEmpty
    statement2: NonEmpty
    answer: AssertionAnswer


def check(question: AssertionQuestion) -> list[Problem]:
    """Nothing beyond the model's own checks."""
    return []


def face(question: AssertionQuestion) -> Face:
    """The two statements and the right one of the exam's four standard options."""
    return {
        "prompt": question.prompt,
        "statements": [question.statement1, question.statement2],
        "answer": ASSERTION_KEYS.index(question.answer),
    }


def grade(
    question: AssertionQuestion, presented: Presented, response: str, known: KnownTerms
) -> Grade:
    """A letter or an option's text."""
    from trustquiz.kinds.grading import grade_choice

    return grade_choice(presented, response)


def asked_text(question: AssertionQuestion) -> str:
    """Both statements."""
    return f"{question.statement1} {question.statement2}"


def parts(question: AssertionQuestion) -> tuple[bool, bool]:
    """Whether Statement-I and Statement-II are each correct."""
    return question.answer != "only-2", question.answer != "only-1"


def breakdown(question: AssertionQuestion, order: list[int] | None) -> list[tuple[bool, str]]:
    """Each statement correct or not, and, when both are, whether II explains I (they never
    move: `order` is always None)."""
    first, second = parts(question)
    lines = [
        (first, f"Statement-I is {'correct' if first else 'incorrect'}"),
        (second, f"Statement-II is {'correct' if second else 'incorrect'}"),
    ]
    if first and second:
        explains = question.answer == "explains"
        lines.append(
            (explains, f"Statement-II {'explains' if explains else 'does not explain'} Statement-I")
        )
    return lines


KIND = Kind(
    name="assertion",
    model=AssertionQuestion,
    check=check,
    face=face,
    grade=grade,
    asked_text=asked_text,
    add_fields=(
        AddField("statement1", "Statement-I", help="assertion: Statement-I."),
        AddField("statement2", "Statement-II", help="assertion: Statement-II."),
        AddField(
            "answer",
            "Answer (explains, does-not-explain, only-1 or only-2)",
            help="assertion: explains, does-not-explain, only-1 or only-2.",
        ),
    ),
    from_flags=as_given,
    breakdown=breakdown,
)
