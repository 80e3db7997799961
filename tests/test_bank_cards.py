"""A bank's cards: one a question, one a gap for a question with gaps, in bank order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustquiz.bank import collection
from trustquiz.bank.collection import Bank
from trustquiz.bank.entries import Entry, Origin


def entry(qid: str, gaps: int, origin: Origin) -> Entry:
    return Entry(
        qid, "cloze" if gaps else "text", "t", [], None, gaps, None, 1, "h", None, 0, 0, origin
    )


@pytest.mark.parametrize(
    "gaps",
    [[], [0], [2], [0, 0, 0], [1, 0, 3], [0, 2, 2, 0], [3, 0, 0, 1], [0, 0, 2], [1, 1]],
)
def test_each_gap_is_a_card_in_its_questions_place(gaps: list[int]) -> None:
    origin = Origin(Path("q.toml"))
    entries = [entry(f"q{n}", count, origin) for n, count in enumerate(gaps)]
    expected: list[tuple[str, str, int | None]] = []
    for n, count in enumerate(gaps):
        if count:
            expected += [(f"q{n}#{gap}", f"q{n}", gap) for gap in range(1, count + 1)]
        else:
            expected.append((f"q{n}", f"q{n}", None))
    bank = Bank(entries=entries)
    assert [(c.card_id, c.entry.id, c.gap) for c in bank.cards()] == expected
    assert bank.card_ids() == [card_id for card_id, _, _ in expected]
    for card_id, qid, gap in expected:
        card = bank.card(card_id)
        assert card is not None and (card.entry.id, card.gap) == (qid, gap)
    assert bank.size() == len(gaps)


def test_cards_asked_one_by_one_are_the_same_once_all_are_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(collection, "SINGLE_SHARE", 0.1)
    origin = Origin(Path("q.toml"))
    bank = Bank(entries=[entry(f"q{n}", n % 3, origin) for n in range(6)])
    ids = bank.card_ids()
    one_by_one = [bank.card(card_id) for card_id in ids]
    assert one_by_one == bank.cards() and bank._cards is not None
    assert [card.card_id for card in one_by_one if card is not None] == ids


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.text("aAb#1é.-", min_size=1, max_size=5), st.integers(0, 2)),
        max_size=30,
        unique_by=lambda pair: pair[0],
    ),
    st.lists(st.text("aAb#1é.-", max_size=6), max_size=10),
)
def test_ids_found_by_their_sorted_order_as_by_the_map(
    questions: list[tuple[str, int]], strangers: list[str]
) -> None:
    origin = Origin(Path("q.toml"))
    entries = [entry(qid, gaps, origin) for qid, gaps in questions]
    by_map = Bank(entries=entries)
    ids = by_map.card_ids()
    if len(set(ids)) != len(ids):
        return  # a question id like another's gap card (`a#1`): the loader keeps one
    ordered = Bank(entries=entries, order=Bank(entries=entries).card_order())
    asked = ids + strangers
    assert [ordered.card(card_id) for card_id in asked] == [by_map.card(c) for c in asked]
    assert "_positions" not in ordered.__dict__  # no map was made for one-by-one lookups
    assert ordered.heads(asked, "kind") == by_map.heads(asked, "kind")  # a batch: the map
    assert [ordered.card(card_id) for card_id in asked] == [by_map.card(c) for c in asked]
    at = ordered.head_at("kind")
    assert [at(n) for n in range(len(ids))] == [by_map.heads([c], "kind")[0] for c in ids]


def test_a_small_batch_of_ids_is_looked_up_one_by_one() -> None:
    origin = Origin(Path("q.toml"))
    entries = [entry(f"q{n}", n % 2, origin) for n in range(40)]
    bank = Bank(entries=entries, order=Bank(entries=entries).card_order())
    assert bank.heads(["q0", "q1#1", "nope"], "kind") == ["text", "cloze", None]
    assert "_positions" not in bank.__dict__
    assert bank.heads(bank.card_ids()[:10], "kind") == ["text", "cloze"] * 5
    assert "_positions" in bank.__dict__
