"""A numeric question as four figures: the answer and three of the same unit and similar size."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable
from decimal import Decimal

from trustquiz.kinds.grading import compare_quantities
from trustquiz.quantity import Quantity, QuantityError, parse_quantity

SIMILAR = 4.0  # a figure from the bank is "of similar size" within this factor of the answer
_FACTORS = ("0.5", "1.5", "2", "0.75", "1.25", "3", "0.25", "4")
_YEAR_STEPS = (-1, 1, -2, 2, -3, 3, -5, 5)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_INDIAN_WORDS = ("₹", "rs", "inr", "crore", "lakh", "cr")


def _size(value: Decimal) -> float:
    """The log of a figure, to compare sizes by ratio (-inf for zero and below)."""
    return math.log(float(value)) if value > 0 else -math.inf


def _group(digits: str, indian: bool) -> str:
    """`1630000` as `16,30,000` (Indian) or `1,630,000` (international)."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    size = 2 if indian else 3
    groups: list[str] = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return ",".join([*groups, tail])


def _restyle(answer: str, value: Decimal) -> str:
    """The answer's text with its number replaced by `value`, written the same way."""
    match = _NUMBER.search(answer)
    assert match is not None
    token = match.group()
    places = len(token.partition(".")[2])
    whole, _, fraction = f"{value:.{places}f}".partition(".")
    if "," in token:
        indian = any(word in answer.lower() for word in _INDIAN_WORDS)
        whole = _group(whole, indian)
    number = whole + ("." + fraction if fraction else "")
    return answer[: match.start()] + number + answer[match.end() :]


def _is_year(answer: str, quantity: Quantity) -> bool:
    return quantity.unit is None and answer.strip().isdigit() and 1800 <= quantity.value <= 2100


def _made_up(answer: str, quantity: Quantity) -> list[str]:
    """Figures made from the answer itself, for when the bank has too few of its kind."""
    match = _NUMBER.search(answer)
    if match is None:
        return []
    number = Decimal(match.group().replace(",", ""))
    places = Decimal(1).scaleb(-len(match.group().partition(".")[2]))
    if _is_year(answer, quantity):
        values = [number + step for step in _YEAR_STEPS]
    else:
        values = [(number * Decimal(f)).quantize(places) for f in _FACTORS]
    if quantity.unit == "%":
        values = [v for v in values if v <= 100]
    return [_restyle(answer, v) for v in values if v > 0]


def _wrong(answer: str, tolerance: str | None, text: str) -> bool:
    """A figure that the answer's own grader marks wrong (so it cannot be a second answer)."""
    return not compare_quantities(answer, tolerance, text).correct


# By unit: each figure's text, its reading, whether it is a year, and its size.
Figures = dict[str | None, list[tuple[str, Quantity, bool, float]]]


def parse_figures(texts: Iterable[str]) -> Figures:
    """The bank's figures read once, by unit (a bank of 50,000 questions has thousands)."""
    by_unit: Figures = {}
    for text in sorted(set(texts)):
        try:
            figure = parse_quantity(text)
        except QuantityError:
            continue
        row = (text, figure, _is_year(text, figure), _size(figure.value))
        by_unit.setdefault(figure.unit, []).append(row)
    return by_unit


def numeric_options(
    answer: str, tolerance: str | None, figures: Figures, seed: str
) -> tuple[list[str], int]:
    """Four figures in ascending order, and the index of the answer among them.

    Distractors are the bank's figures of the answer's unit closest in size (within a
    factor of SIMILAR), then figures made from the answer; none is graded right, and no
    two are the same figure.
    """
    expected = parse_quantity(answer)
    chosen: list[tuple[Decimal, str]] = [(expected.value, answer)]

    def take(text: str) -> bool:
        try:
            figure = parse_quantity(text)
        except QuantityError:
            return False
        if figure.unit != expected.unit or not _wrong(answer, tolerance, text):
            return False
        if any(value == figure.value or text == other for value, other in chosen):
            return False
        chosen.append((figure.value, text))
        return True

    pool = []
    year = _is_year(answer, expected)
    size, similar = _size(expected.value), math.log(SIMILAR)
    for text, _, is_year, other in figures.get(expected.unit, ()):
        # Sizes across zero (or at it) are never similar: -inf never comes within `similar`.
        if is_year == year and math.isfinite(size) and abs(other - size) <= similar:
            pool.append((abs(other - size), text))
    random.Random(seed).shuffle(pool)
    pool.sort(key=lambda item: item[0])
    for _, text in pool:
        if len(chosen) == 4:
            break
        take(text)
    for text in _made_up(answer, expected):
        if len(chosen) == 4:
            break
        take(text)
    if len(chosen) < 4:
        raise ValueError(f"cannot make four distinct figures for {answer!r}")
    chosen.sort(key=lambda item: item[0])
    texts = [text for _, text in chosen]
    return texts, texts.index(answer)
