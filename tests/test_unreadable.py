"""Answers the grader cannot read are a third outcome, not wrong; unambiguous forms are read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trustquiz.bank.entries import CardRef, Entry
from trustquiz.kinds.cloze import ClozeQuestion
from trustquiz.kinds.grading import Grade, grade, unreadable
from trustquiz.kinds.mcq import McqQuestion
from trustquiz.kinds.numeric import NumericQuestion
from trustquiz.kinds.pairs import PairsQuestion
from trustquiz.kinds.presentation import Presented, present
from trustquiz.kinds.statements import StatementsQuestion
from trustquiz.kinds.truefalse import TrueFalseQuestion


def shown(model: Any, **fields: Any) -> Presented:
    question = model(id="q", topic="t", **fields)
    return present(CardRef("q", Entry.parsed(question, Path("x.toml"), 1, "hash")), "s")


MCQ = shown(
    McqQuestion,
    kind="mcq",
    prompt="Which city hosts the mint?",
    options=["Delhi", "Mumbai", "Kolkata", "Chennai"],
    answer="c",
    shuffle=False,
)
WHICH = shown(
    StatementsQuestion,
    kind="statements",
    ask="which",
    statements=[
        {"text": "One.", "correct": True},
        {"text": "Two.", "correct": False},
        {"text": "Three.", "correct": True},
    ],
)
HOW_MANY = shown(
    StatementsQuestion,
    kind="statements",
    ask="how-many",
    statements=[
        {"text": "One.", "correct": True},
        {"text": "Two.", "correct": False},
        {"text": "Three.", "correct": True},
    ],
)
PAIRS = shown(
    PairsQuestion,
    kind="pairs",
    pairs=[
        {"left": "Lithium", "right": "batteries", "correct": True},
        {"left": "Cobalt", "right": "cathodes", "correct": True},
        {"left": "Gallium", "right": "steel", "correct": False},
    ],
)
TWO = shown(
    StatementsQuestion,
    kind="statements",
    ask="which",
    statements=[{"text": "One.", "correct": True}, {"text": "Two.", "correct": False}],
)
NUMERIC = shown(NumericQuestion, kind="numeric", prompt="Share?", answer="70%")
COUNT = shown(NumericQuestion, kind="numeric", prompt="How many?", answer="42")
LAKH_CRORE = shown(NumericQuestion, kind="numeric", prompt="Budget?", answer="₹1.63 lakh crore")
TRUEFALSE = shown(TrueFalseQuestion, kind="truefalse", prompt="KABIL is a JV.", answer=True)

MCQ_HINT = "type a letter a-d (or the option's text)"


@pytest.mark.parametrize(
    ("presented", "response", "note"),
    [
        (MCQ, "e", f"'e' names none of the options: {MCQ_HINT}"),
        (MCQ, "Bengaluru", f"'Bengaluru' names none of the options: {MCQ_HINT}"),
        (MCQ, "a, b", f"'a, b' names none of the options: {MCQ_HINT}"),
        (
            WHICH,
            "1 and 2 and 3 and 4",
            f"'1 and 2 and 3 and 4' names none of the options: {MCQ_HINT}",
        ),
        (HOW_MANY, "five", f"'five' names none of the options: {MCQ_HINT}"),
        (WHICH, "none", f"'none' names none of the options: {MCQ_HINT}"),
        (
            TRUEFALSE,
            "c",
            "'c' names none of the options: type a letter a or b (or the option's text)",
        ),
        (NUMERIC, "b", "could not read 'b' as a number: type a number, with its unit"),
        (NUMERIC, "70 % $", "could not read '70 % $' as a number: type a number, with its unit"),
        (COUNT, "lots", "could not read 'lots' as a number: type a number"),
        (COUNT, "1,23", "could not read '1,23' as a number: type a number"),
    ],
)
def test_an_unreadable_answer_is_neither_right_nor_wrong(
    presented: Presented, response: str, note: str
) -> None:
    verdict = grade(presented, response)
    assert verdict.unreadable and verdict.outcome == "unreadable"
    assert verdict.note == note
    assert unreadable(presented, response) == note


@pytest.mark.parametrize(
    ("presented", "response", "outcome"),
    [
        (MCQ, "c", "right"),
        (MCQ, "option c", "right"),
        (MCQ, "Option (C)", "right"),
        (MCQ, "(c)", "right"),
        (MCQ, "c)", "right"),
        (MCQ, "c.", "right"),
        (MCQ, "the answer is c", "right"),
        (MCQ, "kolkata", "right"),
        (MCQ, "option a", "wrong"),
        (WHICH, "1 and 3", "right"),
        (WHICH, "1, 3", "right"),
        (WHICH, "1 & 3", "right"),
        (WHICH, "1 and 3 only", "right"),
        (WHICH, "1 3", "right"),
        (WHICH, "2 and 3", "wrong"),
        (WHICH, "all", "wrong"),
        (TWO, "both", "wrong"),
        (TWO, "1", "right"),
        (TWO, "neither", "wrong"),
        (HOW_MANY, "two", "right"),
        (HOW_MANY, "only two", "right"),
        (HOW_MANY, "2", "right"),
        (HOW_MANY, "three", "wrong"),
        (HOW_MANY, "none", "wrong"),
        (PAIRS, "Only two", "right"),
        (PAIRS, "2", "right"),
        (PAIRS, "all three", "wrong"),
        (NUMERIC, "seventy percent", "right"),
        (NUMERIC, "seventy per cent", "right"),
        (NUMERIC, "seventy-five per cent", "wrong"),
        (COUNT, "forty two", "right"),
        (COUNT, "forty-two", "right"),
        (COUNT, "a hundred", "wrong"),
        (TRUEFALSE, "yes", "right"),
        (TRUEFALSE, "b", "wrong"),
    ],
)
def test_unambiguous_forms_are_read(presented: Presented, response: str, outcome: str) -> None:
    assert grade(presented, response).outcome == outcome
    assert unreadable(presented, response) is None


def test_a_missing_scale_word_gets_the_scale_hint() -> None:
    assert grade(LAKH_CRORE, "1.63 lakh") == Grade(
        False, "₹1.63 lakh crore", "you wrote lakh; did you mean lakh crore?"
    )
    assert grade(LAKH_CRORE, "1.63 crore").note == "you wrote crore; did you mean lakh crore?"
    assert grade(LAKH_CRORE, "1.63L cr").outcome == "right"


def test_a_word_in_a_figure_gap_is_wrong_not_unreadable() -> None:
    cloze = shown(ClozeQuestion, kind="cloze", text="The outlay is {{₹16,300 crore}}.")
    verdict = grade(cloze, "a lot")
    assert verdict.outcome == "wrong" and not verdict.unreadable
