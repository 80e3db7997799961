"""Verdicts per kind: letters, numbers with units, forgiving text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trustquiz.bank.entries import CardRef, Entry
from trustquiz.kinds.grading import grade
from trustquiz.kinds.mcq import McqQuestion
from trustquiz.kinds.numeric import NumericQuestion
from trustquiz.kinds.presentation import present
from trustquiz.kinds.text import TextQuestion
from trustquiz.kinds.truefalse import TrueFalseQuestion
from trustquiz.textmatch import match_text, normalise_text


def card(model: Any, **fields: Any) -> CardRef:
    question = model(id="q", topic="t", **fields)
    return CardRef("q", Entry.parsed(question, Path("x.toml"), 1, "hash"))


NCMM = card(NumericQuestion, kind="numeric", prompt="Outlay?", answer="₹16,300 crore")


@pytest.mark.parametrize(
    ("response", "right"),
    [
        ("₹16,300 crore", True),
        ("16300 crore", True),
        ("Rs 16,300 cr", True),
        ("0.163 lakh crore", True),
        ("1.63 lakh crore", False),
        ("INR 163 billion", True),
        ("16,300", True),
        ("163000000000", True),
        ("16,000 crore", False),
        ("1630 crore", False),
        ("$16,300 crore", False),
        ("16300%", False),
        ("sixteen thousand", False),
    ],
)
def test_numeric_equal_quantities_in_other_units(response: str, right: bool) -> None:
    assert grade(present(NCMM, "s"), response).correct is right


def test_numeric_wrong_unit_says_why() -> None:
    verdict = grade(present(NCMM, "s"), "$16,300 crore")
    assert verdict.note == "you answered in US dollars; the answer is in rupees"
    assert verdict.expected == "₹16,300 crore"


def test_numeric_scale_slip_is_pointed_out() -> None:
    verdict = grade(present(NCMM, "s"), "1.63 lakh crore")
    assert verdict.note == (
        "that is 10 times the answer: check the scale (1 lakh crore = 1,00,000 crore)"
    )
    assert grade(present(NCMM, "s"), "1630 crore").note == (
        "that is 1/10 of the answer: check the scale (1 lakh crore = 1,00,000 crore)"
    )


def test_numeric_tolerance_says_close_enough() -> None:
    approx = card(NumericQuestion, kind="numeric", prompt="Share?", answer="70%", tolerance="2")
    verdict = grade(present(approx, "s"), "71")
    assert (verdict.correct, verdict.note) == (True, "close enough: the figure is 70%")
    assert not grade(present(approx, "s"), "73%").correct


MCQ = card(
    McqQuestion,
    kind="mcq",
    prompt="Rank?",
    options=["First", "Second", "Third", "Fourth"],
    answer="Second",
    shuffle=False,
)


@pytest.mark.parametrize(
    ("response", "right"),
    [
        ("b", True),
        ("B", True),
        ("(b)", True),
        ("b)", True),
        (" second ", True),
        ("a", False),
        ("Third", False),
        ("e", False),
    ],
)
def test_choice_by_letter_or_text(response: str, right: bool) -> None:
    assert grade(present(MCQ, "s"), response).correct is right


def test_choice_expected_names_the_shown_letter() -> None:
    shuffled = card(
        McqQuestion, kind="mcq", prompt="Rank?", options=["A1", "B2", "C3", "D4"], answer="B2"
    )
    presented = present(shuffled, "seed-1")
    assert presented.options is not None and sorted(presented.options) == ["A1", "B2", "C3", "D4"]
    letter = "abcd"[presented.options.index("B2")]
    verdict = grade(presented, letter)
    assert verdict.correct
    assert verdict.expected == f"{letter}) B2"
    assert present(shuffled, "seed-1").order == presented.order


def test_truefalse_accepts_letters_and_words() -> None:
    tf = card(TrueFalseQuestion, kind="truefalse", prompt="Claim", answer=False)
    for response, right in [("b", True), ("f", True), ("False", True), ("a", False), ("t", False)]:
        assert grade(present(tf, "s"), response).correct is right, response


@pytest.mark.parametrize(
    ("response", "right", "note"),
    [
        ("KABIL", True, None),
        ("kabil.", True, None),
        ("Khanij Bidesh India Limited", True, None),
        ("khanij  bidesh india ltd", False, None),
        (
            "Khanij Bidesh Indai Limited",
            True,
            "accepted with a typo: the spelling is 'Khanij Bidesh India Limited'",
        ),
        ("NALCO", False, None),
        ("KABL", False, None),
    ],
)
def test_text_aliases_and_one_typo(response: str, right: bool, note: str | None) -> None:
    kabil = card(
        TextQuestion,
        kind="text",
        prompt="?",
        answer="KABIL",
        accept=["Khanij Bidesh India Limited"],
    )
    verdict = grade(present(kabil, "s"), response)
    assert (verdict.correct, verdict.note) == (right, note)


def test_text_never_accepts_a_different_number() -> None:
    assert match_text("Energy Act of 2020", ["Energy Act of 2020"]) == (True, None)
    assert match_text("Energy Act of 2021", ["Energy Act of 2020"]) == (False, None)


def test_normalise_folds_spelling_case_and_punctuation() -> None:
    assert normalise_text("The Defence Programme!") == normalise_text("defense program")
    assert normalise_text("utilise") == normalise_text("Utilize")
    assert normalise_text("R&D") == "r and d"
