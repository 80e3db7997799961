"""The shipped bank loads cleanly and every question is complete."""

from __future__ import annotations

from collections import Counter

from trustquiz.bank import load_bank
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


def test_shipped_bank_is_clean_and_cited() -> None:
    bank = load_bank()
    assert bank.problems == []
    assert set(bank.sources) == {"trust-optimizeias", "trust-targetpt"}
    kinds = Counter(entry.question.kind for entry in bank.entries)
    assert {"mcq", "truefalse", "numeric", "text"} <= set(kinds)
    for entry in bank.entries:
        question = entry.question
        assert question.source in bank.sources, question.id
        assert question.topic in TOPICS, question.id
        assert len(question.explanation) >= 40, question.id
        assert question.tags, question.id


def test_shipped_bank_lives_in_the_top_level_questions_folder() -> None:
    folder = builtin_bank_dir()
    assert folder.name == "questions"
    assert (folder / "sources.toml").is_file()
