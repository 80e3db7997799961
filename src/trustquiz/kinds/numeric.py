"""The numeric kind: a quantity with a unit, written the way Indian sources write it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from trustquiz.kinds.base import (
    PROMPT_FIELD,
    AddField,
    Kind,
    NonEmpty,
    Problem,
    QuestionBase,
    as_given,
    prompt_text,
)

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade
    from trustquiz.kinds.presentation import Face, Presented
    from trustquiz.textmatch import KnownTerms


class NumericQuestion(QuestionBase):
    """A quantity with a unit, written the way Indian sources write it."""

    kind: Literal["numeric"]
    prompt: str
    answer: NonEmpty
    tolerance: str | None = None


def check(question: NumericQuestion) -> list[Problem]:
    """The answer reads as a quantity, and the tolerance as one fitting it (each reported at
    its own key)."""
    from trustquiz.quantity import QuantityError, parse_quantity, parse_tolerance

    try:
        quantity = parse_quantity(question.answer)
    except QuantityError as exc:
        return [("answer", str(exc))]
    try:
        parse_tolerance(question.tolerance, quantity)
    except QuantityError as exc:
        what = str(exc)
        if not what.startswith("tolerance"):
            what = f"tolerance {question.tolerance!r}: {what}"
        return [
            (
                "tolerance",
                f"{what} (write 'N%' for a share of the answer, or an amount in its unit)",
            )
        ]
    return []


def face(question: NumericQuestion) -> Face:
    """Typed in; the hint asks for the unit unless the answer is a bare count."""
    hint = "a number" if question.answer.strip().isdigit() else "a number, with its unit"
    return {"prompt": question.prompt, "hint": hint}


def grade(
    question: NumericQuestion, presented: Presented, response: str, known: KnownTerms
) -> Grade:
    """The figure in the answer's unit, within the tolerance."""
    from trustquiz.kinds.grading import compare_quantities

    return compare_quantities(question.answer, question.tolerance, response)


KIND = Kind(
    name="numeric",
    model=NumericQuestion,
    check=check,
    face=face,
    grade=grade,
    asked_text=prompt_text,
    add_fields=(
        PROMPT_FIELD,
        AddField(
            "answer",
            "Answer with its unit (e.g. ₹16,300 crore)",
            help="numeric: the figure with its unit.",
        ),
        AddField(
            "tolerance",
            "Tolerance (e.g. 1% or 2; empty for exact)",
            default="",
            help="Numeric tolerance: 1% or an amount.",
            metavar="AMOUNT",
        ),
    ),
    from_flags=as_given,
)
