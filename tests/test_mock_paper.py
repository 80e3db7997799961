"""Drawing a mock paper from the shipped bank, and numeric questions as four figures."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import NOW
from mockbank import known_bank
from trustquiz.bank.loader import Bank, load_bank
from trustquiz.kinds.grading import compare_quantities
from trustquiz.kinds.numeric import NumericQuestion
from trustquiz.mock.figures import numeric_options, parse_figures
from trustquiz.mock.marking import MARKINGS, advice
from trustquiz.mock.paper import bank_figures, draw, eligible, presented
from trustquiz.quantity import parse_quantity
from trustquiz.store.state import CardState


@cache
def shipped() -> Bank:
    return load_bank([], builtin=True)


@cache
def numeric_questions() -> list[NumericQuestion]:
    found = [c.question for c in shipped().cards() if c.entry.kind == "numeric"]
    return [q for q in found if isinstance(q, NumericQuestion)]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10_000), st.text(max_size=8))
def test_numeric_questions_become_four_distinct_figures_one_right(pick: int, seed: str) -> None:
    questions = numeric_questions()
    question = questions[pick % len(questions)]
    options, right = numeric_options(
        question.answer, question.tolerance, parse_figures(bank_figures(shipped())), seed
    )
    assert len(options) == 4 and len(set(options)) == 4
    values = [parse_quantity(text).value for text in options]
    assert len(set(values)) == 4 and values == sorted(values)
    graded = [compare_quantities(question.answer, question.tolerance, o).correct for o in options]
    assert graded == [i == right for i in range(4)]
    assert options[right] == question.answer
    unit = parse_quantity(question.answer).unit
    assert {parse_quantity(text).unit for text in options} == {unit}


def test_every_shipped_numeric_question_is_shown_as_a_choice() -> None:
    bank = shipped()
    figures = parse_figures(bank_figures(bank))
    for card in bank.cards():
        if card.entry.kind == "numeric":
            shown = presented(card, "paper", figures)
            assert shown.options is not None and shown.correct is not None
            assert shown.hint == "a letter a-d"


def test_only_exam_kinds_and_no_source_comparisons_are_eligible() -> None:
    cards = eligible(shipped())
    kinds = Counter(card.entry.kind for card in cards)
    assert set(kinds) == {"mcq", "statements", "pairs", "assertion", "numeric"}
    assert not any("source-comparison" in card.tags for card in cards)
    left_out = [c for c in shipped().cards() if "source-comparison" in c.tags]
    assert left_out, "the shipped bank has source comparisons to leave out"


def test_a_draw_keeps_topics_in_proportion_and_repeats_with_its_seed() -> None:
    cards = eligible(shipped())
    paper = draw(cards, 30, "seed-1")
    assert paper == draw(cards, 30, "seed-1")
    assert paper != draw(cards, 30, "seed-2")
    assert len({card.card_id for card in paper}) == 30
    pool = Counter(card.topic for card in cards)
    chosen = Counter(card.topic for card in paper)
    for topic, size in pool.items():
        assert abs(chosen[topic] - 30 * size / len(cards)) < 1


def test_advice_sentences_for_a_scripted_record() -> None:
    gs, csat, none = MARKINGS["gs"], MARKINGS["csat"], MARKINGS["none"]
    assert advice({"unsure": [20, 9], "guess": [12, 3]}, csat) == (
        "Under CSAT marking an attempt pays when more than 25% of such answers are right;"
        " your unsure answers are right 45% (9 of 20) and your guesses are right 25%"
        " (3 of 12), so answer when unsure but leave pure guesses blank."
    )
    assert advice({"unsure": [10, 5], "guess": [30, 10]}, gs) == (
        "Under GS marking an attempt pays when more than 25% of such answers are right;"
        " your unsure answers are right 50% (5 of 10) and your guesses are right 33%"
        " (10 of 30), so attempting both pays."
    )
    assert advice({"unsure": [40, 8], "guess": [3, 1]}, gs) == (
        "Under GS marking an attempt pays when more than 25% of such answers are right;"
        " your unsure answers are right 20% (8 of 40), so leave unsure questions blank"
        " (too few guesses (3) yet to judge those)."
    )
    assert advice({"sure": [50, 45]}, gs) == (
        "Under GS marking an attempt pays when more than 25% of such answers are right;"
        " your record has too few unsure answers (0) and guesses (0) yet to tell:"
        " keep marking them (b? unsure, b?? guess)."
    )
    assert advice({}, none) == (
        "With no negative marking every attempt pays, so never leave a question blank."
    )


def test_no_distractor_is_within_the_answer_tolerance() -> None:
    figures = parse_figures(["69.5%", "71%", "72%", "60%", "80%", "2024", "₹70 crore"])
    options, right = numeric_options("70%", "1", figures, "s")
    assert (options, right) == (["60%", "70%", "72%", "80%"], 1)


def test_due_and_weak_cards_come_before_new_and_well_known_ones(tmp_path: Path) -> None:
    cards = load_bank([known_bank(tmp_path, alpha=6, beta=0)], builtin=False).cards()
    cards = [c for c in cards if c.card_id.startswith("alpha")]
    later = NOW + timedelta(days=30)

    def state(card_id: str, due: datetime, reviews: int, correct: int, lapses: int) -> CardState:
        return CardState(
            card_id, "review", None, 10.0, 5.0, due, NOW, NOW, reviews, correct, lapses
        )

    states = {
        "alpha-1": state("alpha-1", later, 5, 5, 0),
        "alpha-2": state("alpha-2", later, 5, 5, 0),
        "alpha-3": state("alpha-3", NOW, 5, 5, 0),  # due
        "alpha-4": state("alpha-4", later, 5, 3, 1),  # weak
    }  # alpha-5 and alpha-6 are new
    for seed in ("a", "b", "c"):
        assert {c.card_id for c in draw(cards, 2, seed, states, NOW)} == {"alpha-3", "alpha-4"}
        four = {c.card_id for c in draw(cards, 4, seed, states, NOW)}
        assert four == {"alpha-3", "alpha-4", "alpha-5", "alpha-6"}
