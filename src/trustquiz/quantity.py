"""Quantities as Indian sources write them: ₹16,300 crore, USD 675 million, 70 per cent."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CURRENCY_NAMES = {"INR": "rupees", "USD": "US dollars"}
UNIT_NAMES = {**CURRENCY_NAMES, "%": "per cent"}

_CURRENCY_WORDS = {
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
    "rupee": "INR",
    "rupees": "INR",
    "$": "USD",
    "usd": "USD",
    "us$": "USD",
    "us $": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
}
# Each scale's name, and the ways it is written ("1.63L cr", "16,300 Cr.", "$675m").
_SCALES = {
    "thousand": (3, ("thousand", "k")),
    "lakh": (5, ("lakh", "lakhs", "lac", "lacs", "lk", "lkh", "l")),
    "crore": (7, ("crore", "crores", "cr", "crs")),
    "million": (6, ("million", "millions", "mn", "m")),
    "billion": (9, ("billion", "billions", "bn", "b")),
    "trillion": (12, ("trillion", "trillions", "tn")),
}
_SCALE_WORDS = {word: name for name, (_, words) in _SCALES.items() for word in words}
_PERCENT_WORDS = ("per cent", "percent", "pct", "%")
_HEDGES = ("approximately", "approx.", "approx", "about", "around", "nearly", "roughly", "~", "≈")

_NUMBER = re.compile(r"[-+]?(?:\d[\d,]*)?(?:\.\d+)?")
_INDIAN = re.compile(r"^\d{1,2}(,\d\d)*,\d{3}$")
_INTERNATIONAL = re.compile(r"^\d{1,3}(,\d{3})+$")


class QuantityError(ValueError):
    """The text is not a quantity this module can read."""


@dataclass(frozen=True)
class Quantity:
    """A number with an optional unit (INR, USD or %) and the scale it was written at.

    `value` is in base units (rupees, dollars, percentage points); `exponent` is the
    power of ten of the scale word written (7 for crore), or None when none was.
    """

    value: Decimal
    unit: str | None
    exponent: int | None
    scale: str | None = None

    @property
    def number(self) -> Decimal:
        """The number as written, before its scale word (1.63 of "1.63 lakh crore")."""
        return self.value / (Decimal(10) ** self.exponent) if self.exponent else self.value

    def in_scale(self, exponent: int | None, unit: str | None) -> Quantity:
        """Read a bare number as if written at another quantity's scale and unit."""
        scaled = self.value * (Decimal(10) ** exponent) if exponent else self.value
        return Quantity(scaled, self.unit or unit, exponent)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = text.replace("\u2212", "-").replace("\u00a0", " ")
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # "lakh-crore", "seventy-five"
    text = re.sub(r"(?<=[a-z])\.$", "", text)  # "Rs 16,300 Cr."
    return re.sub(r"\s+", " ", text)


def _strip_prefix(text: str, words: tuple[str, ...] | list[str]) -> tuple[str, str | None]:
    for word in sorted(words, key=len, reverse=True):
        if text.startswith(word):
            rest = text[len(word) :]
            alpha_word = word[-1].isalpha()
            if alpha_word and rest[:1].isalpha():
                continue
            return rest.lstrip(), word
    return text, None


def _strip_suffix(text: str, words: tuple[str, ...] | list[str]) -> tuple[str, str | None]:
    for word in sorted(words, key=len, reverse=True):
        if text.endswith(word):
            rest = text[: len(text) - len(word)]
            if word[0].isalpha() and rest[-1:].isalpha():
                continue
            return rest.rstrip(), word
    return text, None


def _parse_number(text: str) -> Decimal:
    match = _NUMBER.fullmatch(text)
    if not match or not any(ch.isdigit() for ch in text):
        raise QuantityError(f"cannot read {text!r} as a number")
    sign = ""
    if text[:1] in "+-":
        sign, text = text[:1], text[1:]
    whole, _, fraction = text.partition(".")
    if "," in whole and not (_INDIAN.match(whole) or _INTERNATIONAL.match(whole)):
        raise QuantityError(f"digit grouping in {text!r} is neither Indian nor international")
    digits = whole.replace(",", "") or "0"
    try:
        return Decimal(sign + digits + ("." + fraction if fraction else ""))
    except InvalidOperation:
        raise QuantityError(f"cannot read {text!r} as a number") from None


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORDS = re.compile(
    rf"^(?:(?P<hundred>(?:a |one )?hundred)"
    rf"|(?P<tens>{'|'.join(_TENS)})(?: (?P<ones>{'|'.join(_UNITS[1:10])}))?"
    rf"|(?P<unit>{'|'.join(_UNITS)}))$"
)


def _from_words(text: str) -> str:
    """`seventy five` -> `75`: number words up to a hundred; digits stay as they are."""
    match = _WORDS.match(text)
    if match is None:
        return text.replace(" ", "")
    if match["hundred"]:
        return "100"
    if match["tens"]:
        ones = _UNITS.index(match["ones"]) if match["ones"] else 0
        return str(20 + 10 * _TENS.index(match["tens"]) + ones)
    return str(_UNITS.index(match["unit"]))


def parse_quantity(text: str, words: bool = False) -> Quantity:
    """Parse `₹16,300 crore`, `Rs 16300 cr`, `1.63 lakh crore`, `$675m`, `70 per cent`, `2024`.

    Also Indian shorthand (`Rs 16,300 Cr.`, `1.63L cr`, `1.63 lakh-crore`, `lk cr`) and a
    number in words up to a hundred (`seventy-five per cent`, `forty two crore`) with
    `words`, which is for a learner's typed answer: a bank's figures stay in digits.

    Raises:
        QuantityError: when the text is not a number with an optional currency, scale and %.
    """
    rest = _normalise(text)
    rest, _ = _strip_prefix(rest, _HEDGES)
    rest, currency = _strip_prefix(rest, list(_CURRENCY_WORDS))
    rest, currency_after = _strip_suffix(rest, list(_CURRENCY_WORDS))
    if currency and currency_after:
        raise QuantityError(f"{text!r} names a currency twice")
    currency = currency or currency_after
    rest, percent = _strip_suffix(rest, _PERCENT_WORDS)
    exponent: int | None = None
    names: list[str] = []
    while True:
        rest, scale = _strip_suffix(rest, list(_SCALE_WORDS))
        if scale is None:
            break
        names.insert(0, _SCALE_WORDS[scale])
        exponent = (exponent or 0) + _SCALES[_SCALE_WORDS[scale]][0]
    if not rest:
        raise QuantityError(f"{text!r} has no number")
    number = _parse_number(_from_words(rest) if words else rest.replace(" ", ""))
    if percent and currency:
        raise QuantityError(f"{text!r} is both a currency and a percentage")
    unit = "%" if percent else (_CURRENCY_WORDS[currency] if currency else None)
    value = number * (Decimal(10) ** exponent) if exponent else number
    return Quantity(value, unit, exponent, " ".join(names) or None)


@dataclass(frozen=True)
class Tolerance:
    """How far a response may be from the answer: relative (a fraction) or absolute."""

    relative: Decimal | None = None
    absolute: Decimal | None = None

    def allows(self, expected: Decimal, got: Decimal) -> bool:
        """Say whether `got` is close enough to `expected`."""
        gap = abs(expected - got)
        if self.relative is not None:
            return gap <= abs(expected) * self.relative
        if self.absolute is not None:
            return gap <= self.absolute
        return gap == 0


def parse_tolerance(text: str | None, answer: Quantity) -> Tolerance:
    """Parse a tolerance: `"1%"` is relative; anything else is an amount in the answer's unit.

    Raises:
        QuantityError: when the tolerance cannot be read.
    """
    if text is None:
        return Tolerance()
    raw = _normalise(text)
    if raw.endswith("%"):  # relative, also for a percentage: "2" is two points
        return Tolerance(relative=_parse_number(raw[:-1].strip()) / 100)
    amount = parse_quantity(raw)
    if amount.unit not in (None, answer.unit):
        raise QuantityError(f"tolerance {text!r} is not in the answer's unit")
    if amount.exponent is None:
        amount = amount.in_scale(answer.exponent, answer.unit)
    return Tolerance(absolute=abs(amount.value))


def describe_unit(unit: str | None) -> str:
    """Name a unit for feedback: `rupees`, `US dollars`, `per cent`, or `a plain number`."""
    return UNIT_NAMES.get(unit or "", "a plain number")
