"""Response -> grade: the shared graders (a lettered choice, a quantity), dispatch by kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.presentation import Presented
from trustquiz.kinds.registry import kind_of
from trustquiz.quantity import (
    QuantityError,
    describe_unit,
    parse_quantity,
    parse_tolerance,
)
from trustquiz.textmatch import BUILTIN_TERMS, KnownTerms, normalise_text


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer: right or wrong, the expected answer, and a note on why."""

    correct: bool
    expected: str
    note: str | None = None
    missed: tuple[int, ...] = ()


_LETTER = re.compile(r"^\(?\s*([a-z])\s*[).:]?$")


def _choice_index(presented: Presented, response: str) -> int | None:
    """Return the shown index picked by a letter, `(b)`, `b)` or the option's own text."""
    assert presented.options is not None
    raw = response.strip().lower()
    match = _LETTER.match(raw)
    if match and match.group(1) in LETTERS[: len(presented.options)]:
        return LETTERS.index(match.group(1))
    norm = normalise_text(response)
    for index, option in enumerate(presented.options):
        if norm and norm == normalise_text(option):
            return index
    return None


def grade_choice(presented: Presented, response: str) -> Grade:
    """Grade the pick of one of a presented card's lettered options."""
    assert presented.options is not None and presented.correct is not None
    right = presented.correct
    expected = f"{LETTERS[right]}) {presented.options[right]}"
    picked = _choice_index(presented, response)
    if picked is None:
        letters = f"a-{LETTERS[len(presented.options) - 1]}"
        return Grade(False, expected, f"'{response.strip()}' is not one of the options ({letters})")
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
        got = parse_quantity(response)
    except QuantityError:
        return Grade(False, answer, f"could not read '{response.strip()}' as a number")
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
    return Grade(False, answer, _scale_slip(expected.value, readings[-1]))


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
