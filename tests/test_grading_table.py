"""Table-driven verdicts: numbers as aspirants type them, and forgiving but honest text."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustquiz.bank.entries import CardRef, Entry
from trustquiz.kinds.grading import grade
from trustquiz.kinds.numeric import NumericQuestion
from trustquiz.kinds.presentation import present
from trustquiz.kinds.text import TextQuestion


def numeric(answer: str, tolerance: str | None = None) -> CardRef:
    question = NumericQuestion(
        id="n", topic="t", kind="numeric", prompt="?", answer=answer, tolerance=tolerance
    )
    return CardRef("n", Entry.parsed(question, Path("x.toml"), 1, "h"))


NUMERIC_CASES = [
    # answer, tolerance, response, right
    ("₹16,300 crore", None, "₹16,300 crore", True),
    ("₹16,300 crore", None, "16300 crore", True),
    ("₹16,300 crore", None, "Rs 16,300 cr", True),
    ("₹16,300 crore", None, "Rs. 16300 crores", True),
    ("₹16,300 crore", None, "INR 163 billion", True),
    ("₹16,300 crore", None, "0.163 lakh crore", True),
    ("₹16,300 crore", None, "16,300", True),
    ("₹16,300 crore", None, "16300", True),
    ("₹16,300 crore", None, "₹ 16,300 Crore", True),
    ("₹16,300 crore", None, "163000000000", True),
    ("₹16,300 crore", None, "16,300 crore rupees", True),
    ("₹16,300 crore", None, "1,63,00,00,00,000", True),
    ("₹16,300 crore", None, "16,000 crore", False),
    ("₹16,300 crore", None, "1630 crore", False),
    ("₹16,300 crore", None, "$16,300 crore", False),
    ("₹16,300 crore", None, "1.63 lakh crore", False),
    ("₹16,300 crore", None, "16,300 lakh", False),
    ("₹16,300 crore", None, "7,000 crore", False),
    ("₹16,300 crore", "1%", "16,400 crore", True),
    ("₹16,300 crore", "1%", "16,500 crore", False),
    ("USD 675 million", None, "$675m", True),
    ("USD 675 million", None, "US$ 675 mn", True),
    ("USD 675 million", None, "675 million dollars", True),
    ("USD 675 million", None, "0.675 billion USD", True),
    ("USD 675 million", None, "675", True),
    ("USD 675 million", None, "₹675 million", False),
    ("USD 675 million", None, "$125 million", False),
    ("USD 675 million", None, "$6.75 billion", False),
    ("USD 19.4 billion", None, "$19.4 bn", True),
    ("USD 19.4 billion", None, "19,400 million dollars", True),
    ("USD 19.4 billion", None, "$19.4", True),
    ("USD 19.4 billion", None, "$20 billion", False),
    ("70%", "2", "70%", True),
    ("70%", "2", "70 per cent", True),
    ("70%", "2", "about 71 percent", True),
    ("70%", "2", "68", True),
    ("70%", "2", "87%", False),
    ("70%", "2", "73%", False),
    ("87%", None, "87", True),
    ("87%", None, "87.0 %", True),
    ("87%", None, "86%", False),
    ("87%", None, "$87", False),
    ("2024", None, "2024", True),
    ("2024", None, "2023", False),
    ("173", None, "173", True),
    ("173", None, "132", False),
    ("1,50,000", None, "150,000", True),
    ("1,50,000", None, "1.5 lakh", True),
    ("1,50,000", None, "15 lakh", False),
]


@pytest.mark.parametrize(("answer", "tolerance", "response", "right"), NUMERIC_CASES)
def test_numeric_table(answer: str, tolerance: str | None, response: str, right: bool) -> None:
    assert grade(present(numeric(answer, tolerance), "s"), response).correct is right


def text(answer: str, *accept: str) -> CardRef:
    question = TextQuestion(
        id="t", topic="t", kind="text", prompt="?", answer=answer, accept=list(accept)
    )
    return CardRef("t", Entry.parsed(question, Path("x.toml"), 1, "h"))


TEXT_CASES = [
    # answer, aliases, response, right, typo pointed out
    ("KABIL", ("Khanij Bidesh India Limited",), "kabil", True, False),
    ("KABIL", ("Khanij Bidesh India Limited",), "K.A.B.I.L.", False, False),
    ("KABIL", ("Khanij Bidesh India Limited",), "khanij bidesh india limited", True, False),
    ("KABIL", ("Khanij Bidesh India Limited",), "Khanij Bidesh Indai Limited", True, True),
    ("KABIL", ("Khanij Bidesh India Limited",), "KABL", False, False),
    ("KABIL", ("Khanij Bidesh India Limited",), "NALCO", False, False),
    ("Minerals Security Finance Network", ("MSFN",), "msfn", True, False),
    (
        "Minerals Security Finance Network",
        ("MSFN",),
        "Mineral Security Finance Network",
        True,
        True,
    ),
    ("Minerals Security Finance Network", ("MSFN",), "Minerals Security Partnership", False, False),
    ("Minerals Security Finance Network", ("MSFN",), "MSP", False, False),
    ("Inflation Reduction Act", ("IRA",), "the inflation reduction act", True, False),
    ("Inflation Reduction Act", ("IRA",), "Inflation-Reduction Act!", True, False),
    ("Inflation Reduction Act", ("IRA",), "Inflation Reducton Act", True, True),
    ("Inflation Reduction Act", ("IRA",), "Inflation Act", False, False),
    ("US Energy Act of 2020", (), "US Energy Act of 2020", True, False),
    ("US Energy Act of 2020", (), "US Energy Act of 2021", False, False),
    ("US Energy Act of 2020", (), "US Energy Act of 202", False, False),
    ("defence", (), "defense", True, False),
    ("utilise", (), "utilize", True, False),
    (
        "Critical Minerals and Materials programme",
        ("CMM",),
        "critical minerals & materials program",
        True,
        False,
    ),
    ("Critical Minerals and Materials programme", ("CMM",), "cmm", True, False),
    ("Washington", (), "washington dc", False, False),
    ("Washington", (), "Washingtn", True, True),
    ("Japan", (), "Japna", False, False),
    ("Japan", (), "JAPAN", True, False),
]


@pytest.mark.parametrize(("answer", "accept", "response", "right", "typo"), TEXT_CASES)
def test_text_table(
    answer: str, accept: tuple[str, ...], response: str, right: bool, typo: bool
) -> None:
    verdict = grade(present(text(answer, *accept), "s"), response)
    assert verdict.correct is right
    assert (verdict.note is not None and verdict.note.startswith("accepted with a typo")) is typo
