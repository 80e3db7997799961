"""The exam kinds: UPSC wording, deterministic options, grading and per-statement feedback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import run, write
from trustquiz.bank.entries import CardRef, Entry
from trustquiz.bank.loader import load_bank, load_files
from trustquiz.kinds.assertion import AssertionQuestion
from trustquiz.kinds.grading import grade
from trustquiz.kinds.pairs import PairsQuestion
from trustquiz.kinds.presentation import present
from trustquiz.kinds.statements import StatementsQuestion
from trustquiz.kinds.upsc import breakdown, how_many_options, subset_label, which_options


def card(model: Any, qid: str = "q", **fields: Any) -> CardRef:
    question = model(id=qid, topic="t", **fields)
    return CardRef(qid, Entry.parsed(question, Path("x.toml"), 1, "hash"))


def statements(*truth: bool, ask: str = "which", qid: str = "q") -> CardRef:
    items = [
        {"text": f"S{i + 1}", "correct": t, "why": f"why {i + 1}"} for i, t in enumerate(truth)
    ]
    return card(StatementsQuestion, qid, kind="statements", ask=ask, statements=items)


@pytest.mark.parametrize(
    ("truth", "right"),
    [((True, False), 0), ((False, True), 1), ((True, True), 2), ((False, False), 3)],
)
def test_two_statements_use_the_fixed_four(truth: tuple[bool, bool], right: int) -> None:
    presented = present(statements(*truth), "s")
    assert presented.options == ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"]
    assert presented.correct == right
    assert presented.ask == "Which of the statements given above is/are correct?"


def test_three_statements_classic_options() -> None:
    presented = present(statements(True, False, True), "s")
    assert presented.options == ["1 and 2 only", "2 and 3 only", "1 and 3 only", "1, 2 and 3"]
    assert presented.correct == 2


def test_other_answers_get_deterministic_distractors_in_exam_order() -> None:
    subsets, right = which_options([False, True, False], "india-ncmm")
    labels = [subset_label(s, 3) for s in subsets]
    assert labels[right] == "2 only"
    assert (labels, right) == (
        [subset_label(s, 3) for s in which_options([False, True, False], "india-ncmm")[0]],
        right,
    )
    order = ["1 only", "2 only", "3 only", "1 and 2 only", "2 and 3 only", "1 and 3 only"]
    assert labels == sorted(labels, key=lambda x: order.index(x) if x in order else 99)
    assert len(set(labels)) == 4
    other_seed = [subset_label(s, 3) for s in which_options([False, True, False], "x")[0]]
    assert "2 only" in other_seed


def test_four_statements_and_unexpressible_sets() -> None:
    subsets, right = which_options([True, False, True, True], "q")
    assert subset_label(subsets[right], 4) == "1, 3 and 4 only"
    with pytest.raises(ValueError, match="no statement is true"):
        which_options([False, False, False], "q")
    assert how_many_options(3, 0) == (["Only one", "Only two", "All three", "None"], 3)
    assert how_many_options(4, 4) == (["Only one", "Only two", "Only three", "All four"], 3)
    with pytest.raises(ValueError):
        how_many_options(4, 0)


def test_which_grading_names_the_statements_that_fooled_you() -> None:
    presented = present(statements(True, False, True), "s")
    verdict = grade(presented, "d")  # "1, 2 and 3": statement 2 was taken for correct
    assert (verdict.correct, verdict.expected, verdict.missed) == (False, "c) 1 and 3 only", (2,))
    assert grade(presented, "1 and 3 only").correct


def test_how_many_statements_and_breakdown() -> None:
    how_many = statements(True, True, False, ask="how-many")
    presented = present(how_many, "s")
    assert presented.ask == "How many of the above statements are correct?"
    assert grade(presented, "b").correct and not grade(presented, "c").correct
    assert breakdown(how_many.question) == [
        (True, "1. correct: why 1"),
        (True, "2. correct: why 2"),
        (False, "3. incorrect: why 3"),
    ]


def test_pairs_wording_table_and_breakdown() -> None:
    pairs = card(
        PairsQuestion,
        kind="pairs",
        headers=("Mineral", "Use"),
        pairs=[
            {"left": "Gallium", "right": "Semiconductors", "correct": True},
            {
                "left": "Terbium",
                "right": "EV batteries",
                "correct": False,
                "why": "Correct: imaging",
            },
            {"left": "Nickel", "right": "Batteries", "correct": True},
        ],
    )
    presented = present(pairs, "s")
    assert presented.prompt == "Consider the following pairs:"
    assert presented.ask == "How many of the above pairs are correctly matched?"
    assert presented.options == ["Only one", "Only two", "All three", "None"]
    assert presented.table[1] == ("Terbium", "EV batteries")
    assert grade(presented, "b").correct and not grade(presented, "c").correct
    assert breakdown(pairs.question)[1] == (
        False,
        "2. Terbium – EV batteries: not correctly matched; imaging",
    )


@pytest.mark.parametrize(
    ("answer", "letter"),
    [("explains", "a"), ("does-not-explain", "b"), ("only-1", "c"), ("only-2", "d")],
)
def test_assertion_four_standard_options(answer: str, letter: str) -> None:
    assertion = card(
        AssertionQuestion, kind="assertion", statement1="I", statement2="II", answer=answer
    )
    presented = present(assertion, "s")
    assert presented.options == [
        "Both Statement-I and Statement-II are correct and Statement-II explains Statement-I",
        "Both Statement-I and Statement-II are correct, but Statement-II does not explain"
        " Statement-I",
        "Statement-I is correct, but Statement-II is incorrect",
        "Statement-I is incorrect, but Statement-II is correct",
    ]
    assert presented.items == ["Statement-I: I", "Statement-II: II"]
    assert grade(presented, letter).correct
    assert not grade(presented, "a" if letter != "a" else "b").correct


def test_cloze_gaps_are_separate_cards(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.toml",
        """
        [[questions]]
        id = "ncmm"
        kind = "cloze"
        topic = "t"
        explanation = "Seven years, by OptimizeIAS."
        text = "The mission has {{₹16,300 crore|Rs 16,300 crore}} over {{seven|7}} years."
        """,
    )
    bank = load_bank([path], builtin=False)
    assert [c.card_id for c in bank.cards()] == ["ncmm#1", "ncmm#2"]
    assert [c.card_id for c in bank.cards_for("ncmm")] == ["ncmm#1", "ncmm#2"]
    first, second = (present(c, "s") for c in bank.cards())
    assert first.prompt == "The mission has _____ over seven years."
    assert second.prompt == "The mission has ₹16,300 crore over _____ years."
    assert grade(first, "16300 crore").correct and grade(first, "Rs 16,300 cr").correct
    assert not grade(first, "₹7,000 crore").correct
    assert grade(second, "7").correct and not grade(second, "six").correct


def test_gap_cards_keep_their_question_s_place_in_bank_order(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.toml",
        """
        [defaults]
        topic = "t"

        [[questions]]
        id = "first"
        kind = "text"
        prompt = "p?"
        answer = "a"
        explanation = "e"

        [[questions]]
        id = "middle"
        kind = "cloze"
        text = "{{One}} and {{two}}."
        explanation = "e"

        [[questions]]
        id = "last"
        kind = "text"
        prompt = "q?"
        answer = "b"
        explanation = "e"
        """,
    )
    expected = ["first", "middle#1", "middle#2", "last"]
    parsed = load_bank([path], builtin=False)
    cached = load_bank([path], builtin=False)
    for bank in (parsed, cached):
        assert [c.card_id for c in bank.cards()] == expected
        assert [c.gap for c in bank.cards()] == [None, 1, 2, None]
        assert bank.card("middle#2") == bank.cards()[2]
        assert bank.cards_for("middle") == bank.cards()[1:3]


def test_check_errors_for_unexpressible_questions(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.toml",
        """
        [defaults]
        topic = "t"

        [[questions]]
        id = "none-true"
        kind = "statements"
        ask = "which"
        statements = [
          { text = "a", correct = false },
          { text = "b", correct = false },
          { text = "c", correct = false },
        ]

        [[questions]]
        id = "no-gap"
        kind = "cloze"
        text = "Nothing to recall here."
        """,
    )
    assert [str(p) for p in load_files([bad]).problems] == [
        f"{bad}:8: question 'none-true': no statement is true, and 'which' with 3 statements"
        " has no 'none': use ask = \"how-many\"",
        f"{bad}:17: question 'no-gap': no gap: mark what to recall as {{{{...}}}}",
    ]


def test_check_warns_about_missing_explanations_and_near_duplicates(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "w.toml",
        """
        [[questions]]
        id = "a"
        kind = "truefalse"
        topic = "t"
        prompt = "China controls about 70% of global rare earth production."
        answer = true
        explanation = "And 87% of processing."

        [[questions]]
        id = "b"
        kind = "truefalse"
        topic = "t"
        prompt = "China controls about 70 % of global rare-earth production!"
        answer = true
        """,
    )
    result = run(runner, "check", "--no-builtin", str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}:9: warning: question 'b': no explanation; say why the answer is right so that"
        " feedback teaches\n"
        f"{path}:9: warning: question 'b' nearly repeats 'a' ({path}:1)\n"
        "ok: 2 questions in 1 files (2 warnings)\n"
    )


def test_statements_render_in_exam_wording_through_the_cli(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "s.toml",
        """
        [[questions]]
        id = "ncmm-st"
        kind = "statements"
        topic = "Indian programmes"
        ask = "which"
        explanation = "₹7,000 crore is for exploration."
        statements = [
          { text = "The outlay is ₹16,300 crore.", correct = true, why = "Both sources." },
          { text = "₹7,000 crore is for recycling.", correct = false, why = "It is exploration." },
        ]
        """,
    )
    result = run(runner, "practice", "--no-builtin", "--bank", str(path), input="c\n")
    assert (
        "Consider the following statements:\n"
        " 1. The outlay is ₹16,300 crore.\n"
        " 2. ₹7,000 crore is for recycling.\n"
        "Which of the statements given above is/are correct?\n"
        "\n"
        " a) 1 only\n"
        " b) 2 only\n"
        " c) Both 1 and 2\n"
        " d) Neither 1 nor 2\n"
    ) in result.stdout
    assert "✗ Wrong. The answer is a) 1 only\nYou misjudged statement 2.\n" in result.stdout
    assert " ✗ false 2. incorrect: It is exploration. ← you misjudged this\n" in result.stdout
    assert " ✓ true  1. correct: Both sources.\n" in result.stdout
