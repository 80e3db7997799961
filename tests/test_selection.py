"""Choosing a session's cards: today's new-card count by local day, and the topic mix."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from itertools import islice
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from trustquiz import selection
from trustquiz.bank.entries import CardRef, Entry, Origin
from trustquiz.selection import due_cards, interleave_by_topic
from trustquiz.store.state import CardState

ORIGIN = Origin(Path("bank.toml"))


def card(card_id: str, topic: str) -> CardRef:
    return CardRef(
        card_id, Entry(card_id, "text", topic, [], None, 0, None, 1, "h", None, 0, 0, ORIGIN)
    )


def _round_robin(cards: list[CardRef]) -> list[CardRef]:
    """The topic mix spelled out plainly: one card of each topic in turn, in bank order."""
    queues: dict[str, list[CardRef]] = {}
    for c in cards:
        queues.setdefault(c.topic, []).append(c)
    mixed: list[CardRef] = []
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                mixed.append(queue.pop(0))
    return mixed


@given(
    topics=st.lists(st.sampled_from("ABCD"), max_size=40),
    limit=st.none() | st.integers(0, 50),
)
def test_the_topic_mix_takes_each_topic_in_turn_and_stops_at_the_limit(
    topics: list[str], limit: int | None
) -> None:
    cards = [card(f"q{n}", topic) for n, topic in enumerate(topics)]
    expected = _round_robin(cards)
    assert interleave_by_topic(cards, limit) == expected[:limit]


@given(topics=st.lists(st.sampled_from("ABCD"), max_size=40), take=st.integers(0, 6))
def test_the_first_round_of_the_mix_is_given_as_the_cards_are_read(
    topics: list[str], take: int
) -> None:
    cards = [card(f"q{n}", topic) for n, topic in enumerate(topics)]
    read: list[CardRef] = []

    def reading() -> Iterator[CardRef]:
        for c in cards:
            read.append(c)
            yield c

    taken = list(islice(selection._round_robin(reading(), lambda c: c.topic), take))
    assert taken == _round_robin(cards)[:take]
    if take <= len(set(topics)):  # within the first round: read up to its last card only
        assert read == cards[: cards.index(taken[-1]) + 1 if taken else 0]


def test_due_cards_are_most_overdue_first_and_only_the_bank_s() -> None:
    now = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)

    def due_at(hours: float) -> CardState:
        return CardState("c", "review", None, 3.0, 5.0, now + timedelta(hours=hours), now, now)

    states = {"late": due_at(-1), "later": due_at(-30), "future": due_at(2), "gone": due_at(-50)}
    cards = {cid: card(cid, "t") for cid in ("late", "later", "future")}  # "gone" was deleted
    bank: Any = SimpleNamespace(card=cards.get)
    store: Any = SimpleNamespace(cards=states)
    assert [c.card_id for c in due_cards(bank, store, now)] == ["later", "late"]
    assert due_cards(bank, store, now + timedelta(hours=2))[-1].card_id == "future"


def test_a_days_new_cards_come_from_every_topic_not_the_first_files_block(
    tmp_path: Path,
) -> None:
    from trustquiz import api
    from trustquiz.bank.loader import load_bank

    for topic in ("alpha", "beta", "gamma"):
        questions = "".join(
            f'[[questions]]\nid = "{topic}-{n}"\nkind = "text"\ntopic = "{topic}"\n'
            f'prompt = "Question {n} of {topic}?"\nanswer = "{topic}{n}"\n\n'
            for n in range(10)  # 30 new cards, more than a day's 20
        )
        (tmp_path / f"{topic}.toml").write_text(questions, encoding="utf-8")
    bank = load_bank([tmp_path], builtin=False)
    store = api.open_store(tmp_path / "home")
    now = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
    planned = api.plan(bank, store, now)
    assert planned[:3] == ["alpha-0", "beta-0", "gamma-0"]
    assert {card_id.split("-")[0] for card_id in planned} == {"alpha", "beta", "gamma"}
