"""Response -> verdict, per question kind: letters, numbers with Indian units, forgiving text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from trustquiz.kinds.models import LETTERS, ClozeQuestion, NumericQuestion, TextQuestion
from trustquiz.kinds.presentation import TRUE_FALSE, Presented
from trustquiz.quantity import (
    QuantityError,
    describe_unit,
    parse_quantity,
    parse_tolerance,
)


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer: right or wrong, the expected answer, and a note on why."""

    correct: bool
    expected: str
    note: str | None = None
    missed: tuple[int, ...] = ()


_LETTER = re.compile(r"^\(?\s*([a-z])\s*[).:]?$")
_SPELLING = [
    (re.compile(r"isation\b"), "ization"),
    (re.compile(r"is(e|ed|es|ing)\b"), r"iz\1"),
    (re.compile(r"(?<=\w{3})our\b"), "or"),
    (re.compile(r"(?<=\w{2})tre\b"), "ter"),
    (re.compile(r"\bprogramme"), "program"),
    (re.compile(r"\b(defen|licen|offen)ce\b"), r"\1se"),
    (re.compile(r"ogue\b"), "og"),
]
_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")


def normalise_text(text: str) -> str:
    """Fold case, accents, punctuation, spacing and British/American spelling."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():  # accents are combining marks, never ASCII
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"(?<=\d),(?=\d)", "", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    for pattern, replacement in _SPELLING:
        text = pattern.sub(replacement, text)
    return _LEADING_ARTICLE.sub("", text)


def _within_one_edit(a: str, b: str) -> bool:
    """True when `a` becomes `b` by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


TYPO_MIN_LENGTH = 6


def match_text(response: str, accepted: list[str]) -> tuple[bool, str | None]:
    """Match a typed answer against accepted answers; return (right, note about a typo)."""
    got = normalise_text(response)
    if not got:
        return False, None
    wanted = [normalise_text(a) for a in accepted]
    if got in wanted:
        return True, None
    for original, norm in zip(accepted, wanted, strict=True):
        if (
            len(norm) >= TYPO_MIN_LENGTH
            and re.findall(r"\d+", norm) == re.findall(r"\d+", got)
            and _within_one_edit(got, norm)
        ):
            return True, f"accepted with a typo: the spelling is '{original}'"
    return False, None


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
    if presented.options == TRUE_FALSE:
        if norm in ("t", "true", "yes", "y"):
            return 0
        if norm in ("f", "false", "no", "n"):
            return 1
    return None


def _grade_choice(presented: Presented, response: str) -> Verdict:
    assert presented.options is not None and presented.correct is not None
    right = presented.correct
    expected = f"{LETTERS[right]}) {presented.options[right]}"
    picked = _choice_index(presented, response)
    if picked is None:
        letters = f"a-{LETTERS[len(presented.options) - 1]}"
        return Verdict(
            False, expected, f"'{response.strip()}' is not one of the options ({letters})"
        )
    missed: tuple[int, ...] = ()
    if presented.subsets is not None and picked != right:
        # The option picked says which statements the learner took for correct; the ones
        # judged wrongly are what fooled them.
        wrong = presented.subsets[picked] ^ presented.subsets[right]
        missed = tuple(sorted(i + 1 for i in wrong))
    return Verdict(picked == right, expected, missed=missed)


def _compare_quantities(answer: str, tolerance: str | None, response: str) -> Verdict:
    expected = parse_quantity(answer)
    allowed = parse_tolerance(tolerance, expected)
    try:
        got = parse_quantity(response)
    except QuantityError:
        return Verdict(False, answer, f"could not read '{response.strip()}' as a number")
    if got.unit is not None and got.unit != expected.unit:
        return Verdict(
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
        return Verdict(True, answer, None if exact else f"close enough: the figure is {answer}")
    return Verdict(False, answer, _scale_slip(expected.value, readings[-1]))


def _grade_gap(accepted: list[str], response: str) -> Verdict:
    right, note = match_text(response, accepted)
    if right:
        return Verdict(True, accepted[0], note)
    try:
        parse_quantity(accepted[0])
    except QuantityError:
        return Verdict(False, accepted[0])
    return _compare_quantities(accepted[0], None, response)


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


def grade(presented: Presented, response: str) -> Verdict:
    """Grade a typed response to a presented card."""
    question = presented.card.question
    if presented.options is not None:
        return _grade_choice(presented, response)
    if isinstance(question, NumericQuestion):
        return _compare_quantities(question.answer, question.tolerance, response)
    if isinstance(question, TextQuestion):
        right, note = match_text(response, [question.answer, *question.accept])
        return Verdict(right, question.answer, note)
    if isinstance(question, ClozeQuestion):
        return _grade_gap(presented.accepted, response)
    raise TypeError(f"no grader for {type(question).__name__}")  # pragma: no cover
