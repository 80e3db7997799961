"""The shipped bank: clean, complete, exam-shaped, answerable, and in its own words."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run
from trustquiz.bank.entries import CardRef
from trustquiz.bank.lint import asked_text, check_bank
from trustquiz.bank.loader import load_bank
from trustquiz.kinds.cloze import ClozeQuestion
from trustquiz.kinds.numeric import NumericQuestion
from trustquiz.kinds.pairs import PairsQuestion
from trustquiz.kinds.presentation import present
from trustquiz.kinds.statements import StatementsQuestion
from trustquiz.kinds.text import TextQuestion
from trustquiz.paths import builtin_bank_dir

TOPICS = {
    "TRUST initiative",
    "China's dominance",
    "Minerals and their uses",
    "Critical minerals: concepts",
    "Indian programmes",
    "US programmes",
    "Pharma and trade",
}
SOURCES_DIR = Path(__file__).resolve().parents[2] / "shared" / "sources"


def test_shipped_bank_is_clean_without_warnings() -> None:
    checked = check_bank([])
    assert [str(p) for p in checked.problems + checked.warnings] == []
    assert set(checked.sources) == {
        "trust-optimizeias",
        "trust-targetpt",
        "pib-ncmm-2025",
        "pib-recycling-2025",
        "budget-2024-25",
        "msp-finance-network-2024",
        "india-us-joint-statement-2023",
        "india-us-joint-statement-2025",
        "icet-fact-sheet-2023",
        "irs-clean-vehicle-2025",
        "trade-us-india-2023",
    }


def test_shipped_bank_counts() -> None:
    kinds = Counter(entry.question.kind for entry in load_bank().entries)
    assert sum(kinds.values()) >= 120
    assert set(kinds) == {
        "mcq",
        "truefalse",
        "numeric",
        "text",
        "statements",
        "pairs",
        "assertion",
        "cloze",
    }
    assert kinds["statements"] >= 20
    assert kinds["pairs"] >= 6
    assert kinds["assertion"] >= 6
    assert kinds["numeric"] >= 12
    assert kinds["cloze"] >= 8


def test_every_question_is_complete_and_cited() -> None:
    bank = load_bank()
    for entry in bank.entries:
        question = entry.question
        assert question.source in bank.sources, question.id
        assert question.topic in TOPICS, question.id
        assert len(question.explanation) >= 60, question.id
        assert 1 <= len(question.tags) <= 5, question.id
    asks = Counter(
        e.question.ask for e in bank.entries if isinstance(e.question, StatementsQuestion)
    )
    assert asks["which"] >= 5 and asks["how-many"] >= 5
    assert any(isinstance(e.question, PairsQuestion) for e in bank.entries)


def right_answer(card: CardRef) -> str:
    """What a learner who knows the answer types, independent of any option shuffle."""
    presented = present(card, "any")
    question = card.question
    if presented.options is not None and presented.correct is not None:
        return presented.options[presented.correct]
    if isinstance(question, NumericQuestion | TextQuestion):
        return question.answer
    assert isinstance(question, ClozeQuestion)
    return presented.accepted[0]


def test_every_card_is_answerable_through_practice_by_id(runner: CliRunner) -> None:
    cards = load_bank().cards()
    args = [arg for card in cards for arg in ("--id", card.card_id)]
    answers = "".join(right_answer(card) + "\n" for card in cards)
    result = run(runner, "practice", *args, input=answers)
    assert result.exit_code == 0, result.stderr
    total = len(cards)
    assert f"Session saved: {total} answered, {total} right (100%) in " in result.stdout


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9₹$%]+", text.lower().replace("’", "'"))


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="source documents are not beside the repo")
def test_no_sentence_is_copied_from_the_sources() -> None:
    run_length = 8
    source_runs: set[tuple[str, ...]] = set()
    for path in SOURCES_DIR.glob("*.txt"):
        words = _words(path.read_text(encoding="utf-8"))
        source_runs |= {tuple(words[i : i + run_length]) for i in range(len(words) - run_length)}
    copied = []
    for entry in load_bank().entries:
        question = entry.question
        text = " ".join([asked_text(question), question.explanation])
        words = _words(text)
        for i in range(len(words) - run_length + 1):
            if tuple(words[i : i + run_length]) in source_runs:
                copied.append((question.id, " ".join(words[i : i + run_length])))
    assert copied == []


def test_shipped_bank_lives_in_the_top_level_questions_folder() -> None:
    folder = builtin_bank_dir()
    assert folder.name == "questions"
    assert (folder / "sources.toml").is_file()
