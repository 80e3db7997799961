"""Indian shorthand for amounts: every way of writing one amount reads as the same value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustquiz.quantity import QuantityError, parse_quantity

CRORE = Decimal(10) ** 7
LAKH_CRORE = Decimal(10) ** 12


@pytest.mark.parametrize(
    ("text", "value", "scale"),
    [
        ("Rs 16,300 Cr.", 16300 * CRORE, "crore"),
        ("16,300cr", 16300 * CRORE, "crore"),
        ("1.63L crore", Decimal("1.63") * LAKH_CRORE, "lakh crore"),
        ("1.63 L cr", Decimal("1.63") * LAKH_CRORE, "lakh crore"),
        ("1.63 lakh-crore", Decimal("1.63") * LAKH_CRORE, "lakh crore"),
        ("1.63 lk cr", Decimal("1.63") * LAKH_CRORE, "lakh crore"),
        ("1.63 lakh cr", Decimal("1.63") * LAKH_CRORE, "lakh crore"),
        ("₹1.63 lakh crore", Decimal("1.63") * LAKH_CRORE, "lakh crore"),
        ("seventy percent", Decimal(70), None),
        ("seventy-five per cent", Decimal(75), None),
        ("forty two crore", 42 * CRORE, "crore"),
        ("a hundred", Decimal(100), None),
    ],
)
def test_shorthand_is_read(text: str, value: Decimal, scale: str | None) -> None:
    quantity = parse_quantity(text, words=True)
    assert (quantity.value, quantity.scale) == (value, scale)


def indian(whole: int) -> str:
    """16300 -> 16,300; 1630000 -> 16,30,000."""
    digits = str(whole)
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *groups, tail])


def written(number: Decimal, grouped: str) -> list[str]:
    plain = f"{number}"
    return [plain, grouped] if plain != grouped else [plain]


amounts = st.decimals(min_value=1, max_value=999999, places=2, allow_nan=False)

CRORE_FORMS = ["₹{} crore", "Rs {} Cr.", "Rs. {} cr", "INR {} crores", "{}cr", "{} crs", "rs {}Cr"]
LAKH_CRORE_FORMS = [
    "₹{} lakh crore",
    "{}L crore",
    "{} L cr",
    "{} lakh-crore",
    "{} lk cr",
    "{} lakh cr",
    "Rs {} lakh crores",
    "{} lac crore",
]
BILLION_FORMS = ["${} billion", "USD {} bn", "US$ {}bn", "{} billion dollars", "{}b"]
MILLION_FORMS = ["${} million", "USD {} mn", "{}m", "{} million dollars", "US$ {} millions"]


@given(amounts)
def test_every_crore_form_reads_the_same(amount: Decimal) -> None:
    whole = int(amount)
    for number in written(Decimal(whole), indian(whole)):
        values = {parse_quantity(form.format(number)).value for form in CRORE_FORMS}
        assert values == {whole * CRORE}


@given(amounts)
def test_every_lakh_crore_form_reads_the_same(amount: Decimal) -> None:
    values = {parse_quantity(form.format(amount)).value for form in LAKH_CRORE_FORMS}
    assert values == {amount * LAKH_CRORE}


@given(amounts)
def test_every_billion_and_million_form_reads_the_same(amount: Decimal) -> None:
    billions = {parse_quantity(form.format(amount)).value for form in BILLION_FORMS}
    millions = {parse_quantity(form.format(amount)).value for form in MILLION_FORMS}
    assert billions == {amount * 10**9}
    assert millions == {amount * 10**6}


@given(st.integers(min_value=1000, max_value=10**9))
def test_indian_and_international_grouping_read_the_same(whole: int) -> None:
    international = f"{whole:,}"
    assert parse_quantity(f"₹{indian(whole)} crore").value == whole * CRORE
    assert parse_quantity(f"₹{international} crore").value == whole * CRORE


def test_number_words_are_for_typed_answers_only() -> None:
    with pytest.raises(QuantityError, match="cannot read 'seventy' as a number"):
        parse_quantity("seventy percent")
