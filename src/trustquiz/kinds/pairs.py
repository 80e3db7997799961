"""The pairs kind: "Consider the following pairs", how many are correctly matched."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from trustquiz.errors import TrustquizError
from trustquiz.kinds.base import (
    AddField,
    Kind,
    NonEmpty,
    Problem,
    QuestionBase,
    Strict,
    marked_items,
)
from trustquiz.kinds.upsc import how_many_options, in_order, reason, shuffle_problems

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade
    from trustquiz.kinds.presentation import Face, Presented
    from trustquiz.textmatch import KnownTerms


class Pair(Strict):
    """One row of a matching question and whether it is correctly matched."""

    left: NonEmpty
    right: NonEmpty
    correct: bool
    why: str = ""


class PairsQuestion(QuestionBase):
    """ "Consider the following pairs": how many are correctly matched."""

    kind: Literal["pairs"]
    prompt: str = "Consider the following pairs:"
    headers: tuple[NonEmpty, NonEmpty] | None = None
    pairs: Annotated[list[Pair], Field(min_length=3, max_length=4)]
    shuffle_items: bool = False


def _options(question: PairsQuestion) -> tuple[list[str], int]:
    return how_many_options(len(question.pairs), sum(p.correct for p in question.pairs))


def check(question: PairsQuestion) -> list[Problem]:
    """The exam's options can express the answer."""
    try:
        _options(question)
    except ValueError as exc:
        return [("pairs", f"{exc}: make at least one pair correct")]
    texts = [f"{p.left} {p.right}" for p in question.pairs]
    return shuffle_problems(texts, question.shuffle_items, "pairs")


def face(question: PairsQuestion) -> Face:
    """The pairs as written and how many are correctly matched (shown in an order drawn per
    attempt with `shuffle_items`; the count, and so the options, is the same in any)."""
    return {
        "prompt": question.prompt,
        "headers": None if question.headers is None else list(question.headers),
        "pairs": [[p.left, p.right] for p in question.pairs],
        "correct": sum(p.correct for p in question.pairs),
        "shuffle": question.shuffle_items,
    }


def grade(question: PairsQuestion, presented: Presented, response: str, known: KnownTerms) -> Grade:
    """A letter or an option's text."""
    from trustquiz.kinds.grading import grade_choice

    return grade_choice(presented, response)


def asked_text(question: PairsQuestion) -> str:
    """Both sides of every pair."""
    return " ".join(f"{p.left} {p.right}" for p in question.pairs)


def breakdown(question: PairsQuestion, order: list[int] | None) -> list[tuple[bool, str]]:
    """Each pair as numbered when shown: correctly matched or not, and why."""
    lines: list[tuple[bool, str]] = []
    for number, p in enumerate(in_order(question.pairs, order), start=1):
        verdict = "correctly matched" if p.correct else "not correctly matched"
        text = f"{number}. {p.left} – {p.right}: {verdict}"
        why = reason(p.why)
        lines.append((p.correct, text + (f"; {why}" if why else "")))
    return lines


def from_flags(flags: dict[str, Any]) -> dict[str, Any]:
    """`--pair '+left = right'` (correctly matched) or `-...` (not), in order."""
    if flags.get("pairs"):
        rows = []
        for right, text in marked_items(flags["pairs"], "pair"):
            left, sep, right_side = text.partition("=")
            if not sep:
                raise TrustquizError(f"write a pair as 'left = right': {text!r}")
            rows.append({"left": left.strip(), "right": right_side.strip(), "correct": right})
        flags["pairs"] = rows
    return flags


KIND = Kind(
    name="pairs",
    model=PairsQuestion,
    check=check,
    face=face,
    grade=grade,
    asked_text=asked_text,
    add_fields=(
        AddField(
            "pairs",
            "Pair as 'left = right'",
            items="marked",
            flag="--pair",
            help="+left = right, or -left = right.",
            metavar="±LEFT = RIGHT",
        ),
    ),
    from_flags=from_flags,
    breakdown=breakdown,
    terms=lambda question: [side for p in question.pairs for side in (p.left, p.right)],
)
