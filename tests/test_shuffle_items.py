"""`shuffle_items`: statements and pairs reordered per attempt, options made from the new order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write
from logfiles import log_records
from trustquiz.bank.entries import CardRef, Entry
from trustquiz.bank.loader import load_files
from trustquiz.kinds.grading import grade
from trustquiz.kinds.pairs import PairsQuestion
from trustquiz.kinds.presentation import present
from trustquiz.kinds.statements import StatementsQuestion
from trustquiz.kinds.upsc import breakdown


def card(model: Any, **fields: Any) -> CardRef:
    question = model(id="q", topic="t", **fields)
    return CardRef("q", Entry.parsed(question, Path("x.toml"), 1, "hash"))


def statements(shuffle: bool) -> CardRef:
    items = [
        {"text": "S1", "correct": True, "why": "w1"},
        {"text": "S2", "correct": False, "why": "w2"},
        {"text": "S3", "correct": False, "why": "w3"},
    ]
    return card(
        StatementsQuestion, kind="statements", ask="which", statements=items, shuffle_items=shuffle
    )


def test_without_shuffle_items_the_order_is_as_written() -> None:
    presented = present(statements(False), "any")
    assert (presented.items, presented.order) == (["S1", "S2", "S3"], None)
    assert presented.options is not None and presented.correct is not None
    assert presented.options[presented.correct] == "1 only"


def test_shuffled_statements_and_their_options_follow_the_shown_order() -> None:
    shuffled = statements(True)
    orders = {tuple(present(shuffled, f"seed-{n}").order or ()) for n in range(20)}
    assert len(orders) == 6  # every order of three occurs
    presented = present(shuffled, "seed-2")
    assert presented.order == [1, 2, 0]
    assert presented.items == ["S2", "S3", "S1"]
    assert presented.options is not None and presented.correct is not None
    # The true statement is now shown third: the key says so.
    assert presented.options[presented.correct] == "3 only"
    assert grade(presented, presented.options[presented.correct]).correct
    wrong = grade(presented, "1 only")
    assert (wrong.correct, wrong.missed) == (False, (1, 3))
    # The breakdown numbers the statements as shown.
    assert breakdown(shuffled.question, presented.order) == [
        (False, "1. incorrect: w2"),
        (False, "2. incorrect: w3"),
        (True, "3. correct: w1"),
    ]
    # The same attempt (card and seed) is shown the same way again.
    assert present(shuffled, "seed-2") == presented


def test_shuffled_pairs_keep_their_count_and_number_the_shown_rows() -> None:
    rows = [
        {"left": "Gallium", "right": "Chips", "correct": True},
        {"left": "Terbium", "right": "Batteries", "correct": False},
        {"left": "Cobalt", "right": "Batteries", "correct": True},
    ]
    pairs = card(PairsQuestion, kind="pairs", pairs=rows, shuffle_items=True)
    presented = present(pairs, "seed-2")
    assert presented.order == [1, 2, 0]
    assert presented.table == [
        ("Terbium", "Batteries"),
        ("Cobalt", "Batteries"),
        ("Gallium", "Chips"),
    ]
    assert presented.options is not None and presented.correct is not None
    assert presented.options[presented.correct] == "Only two"
    assert [line for _, line in breakdown(pairs.question, presented.order)] == [
        "1. Terbium – Batteries: not correctly matched",
        "2. Cobalt – Batteries: correctly matched",
        "3. Gallium – Chips: correctly matched",
    ]


FILE = """
[defaults]
topic = "T"
shuffle_items = true

[[questions]]
id = "s"
kind = "statements"
ask = "how-many"
statements = [
  { text = "One", correct = true },
  { text = "Two", correct = false },
  { text = "Three", correct = true },
]

[[questions]]
id = "own"
kind = "statements"
ask = "which"
shuffle_items = false
statements = [{ text = "One", correct = true }, { text = "Two", correct = false }]

[[questions]]
id = "m"
kind = "truefalse"
prompt = "P"
answer = true
"""


def test_a_files_defaults_turn_it_on_for_the_kinds_that_have_it(tmp_path: Path) -> None:
    bank = load_files([write(tmp_path / "q.toml", FILE)])
    assert bank.problems == []
    flags = {e.id: getattr(e.question, "shuffle_items", None) for e in bank.entries}
    assert flags == {"s": True, "own": False, "m": None}


def test_a_statement_that_refers_to_another_by_number_cannot_be_shuffled(tmp_path: Path) -> None:
    text = FILE.replace(
        '{ text = "Three", correct = true }', '{ text = "Statement 1 explains it", correct = true }'
    )
    path = write(tmp_path / "q.toml", text)
    assert [str(p) for p in load_files([path]).problems] == [
        f"{path}:9: question 's': item 3 refers to another by its place ('Statement 1'), which"
        " shuffle_items would change: reword it or leave shuffle_items off"
    ]


def test_the_review_records_the_order_the_statements_were_shown_in(tmp_path: Path) -> None:

    from typer.testing import CliRunner

    from conftest import run

    bank = write(tmp_path / "q.toml", FILE)
    run(CliRunner(), "practice", "--no-builtin", "--bank", str(bank), "--id", "s", input="b\n")
    log = tmp_path / "home" / "reviews.jsonl"
    (review,) = log_records(log)
    assert review["question_id"] == "s"
    assert sorted(review["shown"]) == [0, 1, 2]
    assert review["verdict"] == "right"  # two of three are true, in any order: "Only two"


HASHED = """
[[questions]]
id = "s"
kind = "statements"
topic = "T"
ask = "which"
statements = [{ text = "A", correct = true }, { text = "B", correct = false }]

[[questions]]
id = "t"
kind = "text"
topic = "T"
prompt = "P"
answer = "Finance"
"""


def test_the_new_options_leave_content_hashes_as_they_were(tmp_path: Path) -> None:
    # The hashes these questions had before shuffle_items and accept_containing existed: a
    # learner's progress must not report every statements or text question as changed.
    before = {"s": "8ef24b60d6da", "t": "89e1212a1774"}
    plain = load_files([write(tmp_path / "a.toml", HASHED)])
    assert {e.id: e.content_hash for e in plain.entries} == before
    opted = HASHED.replace('ask = "which"', 'ask = "which"\nshuffle_items = true').replace(
        'answer = "Finance"', 'answer = "Finance"\naccept_containing = true'
    )
    opted_in = load_files([write(tmp_path / "b.toml", opted)])
    assert {e.id: e.content_hash for e in opted_in.entries} == before
