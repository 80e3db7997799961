"""A bank's cards: one a question, one a gap for a question with gaps, in bank order."""

from __future__ import annotations

from pathlib import Path

import pytest

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
