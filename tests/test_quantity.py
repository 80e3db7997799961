"""Reading quantities the way Indian sources write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trustquiz.quantity import QuantityError, Tolerance, parse_quantity, parse_tolerance


@pytest.mark.parametrize(
    ("text", "value", "unit", "exponent"),
    [
        ("₹16,300 crore", "163000000000", "INR", 7),
        ("Rs 16300 cr", "163000000000", "INR", 7),
        ("Rs. 7,000 crore", "70000000000", "INR", 7),
        ("1.63 lakh crore", "1630000000000", None, 12),
        ("INR 163 billion", "163000000000", "INR", 9),
        ("16,300", "16300", None, None),
        ("1,50,000", "150000", None, None),
        ("150,000", "150000", None, None),
        ("USD 675 million", "675000000", "USD", 6),
        ("$675m", "675000000", "USD", 6),
        ("US$ 2 billion", "2000000000", "USD", 9),
        ("675 million dollars", "675000000", "USD", 6),
        ("19.4 bn", "19400000000", None, 9),
        ("70%", "70", "%", None),
        ("70 per cent", "70", "%", None),
        ("~70 percent", "70", "%", None),
        ("2024", "2024", None, None),
        ("5k", "5000", None, 3),
    ],
)
def test_parses_indian_and_international_forms(
    text: str, value: str, unit: str | None, exponent: int | None
) -> None:
    quantity = parse_quantity(text)
    assert quantity.value == Decimal(value)
    assert quantity.unit == unit
    assert quantity.exponent == exponent


@pytest.mark.parametrize("text", ["", "crore", "abc", "1,5,0", "₹70%", "12..5"])
def test_rejects_what_is_not_a_quantity(text: str) -> None:
    with pytest.raises(QuantityError):
        parse_quantity(text)


def test_tolerance_relative_and_absolute() -> None:
    answer = parse_quantity("₹16,300 crore")
    relative = parse_tolerance("1%", answer)
    assert relative.allows(answer.value, Decimal("164000000000"))
    assert not relative.allows(answer.value, Decimal("165000000000"))
    absolute = parse_tolerance("100", answer)  # 100 crore, in the answer's own scale
    assert absolute.absolute == Decimal("1000000000")
    points = parse_tolerance("2", parse_quantity("70%"))
    assert points.allows(Decimal(70), Decimal(72))
    assert not points.allows(Decimal(70), Decimal(73))


def test_a_per_cent_tolerance_is_relative_even_for_a_percentage() -> None:
    share = parse_tolerance("10%", parse_quantity("70%"))
    assert share == Tolerance(relative=Decimal("0.1"))
    assert share.allows(Decimal(70), Decimal(77))
    assert not share.allows(Decimal(70), Decimal("77.5"))
