"""Response -> grade: the shared graders (a lettered choice, a quantity), dispatch by kind."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.presentation import Presented
from trustquiz.kinds.reading import choice_expected, choice_index
from trustquiz.kinds.registry import kind_of
from trustquiz.quantity import (
    Quantity,
    QuantityError,
    Tolerance,
    describe_unit,
    parse_quantity,
    parse_tolerance,
)
from trustquiz.textmatch import BUILTIN_TERMS, KnownTerms


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer: right or wrong, the expected answer, and a note on why.

    `unreadable` is a third outcome: the answer names no option or is not a number, so it
    is neither right nor wrong; `note` then says what is expected, and the answer is to be
    asked again with nothing recorded (`correct` stays False for callers that only look
    at it).
    """

    correct: bool
    expected: str
    note: str | None = None
    missed: tuple[int, ...] = ()
    unreadable: bool = False

    @property
    def outcome(self) -> str:
        """ "right", "wrong" or "unreadable"."""
        if self.unreadable:
            return "unreadable"
        return "right" if self.correct else "wrong"


def grade_choice(presented: Presented, response: str) -> Grade:
    """Grade the pick of one of a presented card's lettered options."""
    assert presented.options is not None and presented.correct is not None
    right = presented.correct
    expected = f"{LETTERS[right]}) {presented.options[right]}"
    picked = choice_index(presented, response)
    if picked is None:
        note = f"'{response.strip()}' names none of the options: {choice_expected(presented)}"
        return Grade(False, expected, note, unreadable=True)
    missed: tuple[int, ...] = ()
    if presented.subsets is not None and picked != right:
        # The option picked says which statements the learner took for correct; the ones
        # judged wrongly are what fooled them.
        wrong = presented.subsets[picked] ^ presented.subsets[right]
        missed = tuple(sorted(i + 1 for i in wrong))
    return Grade(picked == right, expected, missed=missed)


def compare_quantities(answer: str, tolerance: str | None, response: str) -> Grade:
    """Grade a typed quantity against the answer's, in its unit and within its tolerance."""
    expected = parse_quantity(answer)
    allowed = parse_tolerance(tolerance, expected)
    try:
        got = parse_quantity(response, words=True)
    except QuantityError:
        what = "a number" if expected.unit is None else "a number, with its unit"
        note = f"could not read '{response.strip()}' as a number: type {what}"
        return Grade(False, answer, note, unreadable=True)
    if got.unit is not None and got.unit != expected.unit:
        return Grade(
            False,
            answer,
            f"you answered in {describe_unit(got.unit)}; the answer is in"
            f" {describe_unit(expected.unit)}",
        )
    readings = [got.value]
    if got.exponent is None:
        # A number without a scale word is read in the answer's own scale ("16,300" for
        # "₹16,300 crore") as well as literally ("163000000000").
        readings.insert(0, got.in_scale(expected.exponent, expected.unit).value)
    if any(allowed.allows(expected.value, value) for value in readings):
        exact = any(value == expected.value for value in readings)
        return Grade(True, answer, None if exact else f"close enough: the figure is {answer}")
    return Grade(
        False,
        answer,
        _wrong_scale(expected, got, allowed) or _scale_slip(expected.value, readings[-1]),
    )


def _wrong_scale(expected: Quantity, got: Quantity, allowed: Tolerance) -> str | None:
    """Name the scale word the answer has, when the number typed is right in it."""
    if got.scale is None or expected.scale is None or got.scale == expected.scale:
        return None
    assert expected.exponent is not None
    if not allowed.allows(expected.value, got.number * Decimal(10) ** expected.exponent):
        return None
    return f"you wrote {got.scale}; did you mean {expected.scale}?"


def _scale_slip(expected: Decimal, got: Decimal) -> str | None:
    """Point out an answer that is off by a power of ten: usually a slipped scale word."""
    if not expected or not got:
        return None
    ratio = got / expected
    hint = "check the scale (1 lakh crore = 1,00,000 crore)"
    for power in range(1, 7):
        factor = Decimal(10) ** power
        if ratio == factor:
            return f"that is {factor:,} times the answer: {hint}"
        if ratio * factor == 1:
            return f"that is 1/{factor:,} of the answer: {hint}"
    return None


def grade(presented: Presented, response: str, known: KnownTerms = BUILTIN_TERMS) -> Grade:
    """Grade a typed response to a presented card, the way its kind grades.

    `known` are the terms a typo must not be taken for: the built-in list, or with a bank's
    own terms (`Bank.known_terms`).
    """
    question = presented.card.question
    return kind_of(question).grade(question, presented, response, known)


def unreadable(
    presented: Presented, response: str, known: KnownTerms = BUILTIN_TERMS
) -> str | None:
    """The hint for a response the grader cannot read (ask again, record nothing), or None
    when it can be graded right or wrong."""
    verdict = grade(presented, response, known)
    return verdict.note if verdict.unreadable else None
