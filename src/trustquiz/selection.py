"""Which cards a session asks, and in what order: due, new, recently missed, or everything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from trustquiz.bank import Bank
from trustquiz.clock import local_day
from trustquiz.entries import CardRef
from trustquiz.errors import TrustquizError
from trustquiz.progress import ProgressStore

WRONG_WINDOW = timedelta(days=7)
CRAM_DEFAULT = 20


@dataclass(frozen=True)
class Selection:
    """What the learner asked for on the command line."""

    ids: Sequence[str] = ()
    topics: Sequence[str] = ()
    tags: Sequence[str] = ()
    limit: int | None = None
    new: int | None = None
    wrong: bool = False
    cram: bool = False


def matches(card: CardRef, selection: Selection) -> bool:
    """Whether a card is of the topics and tags asked for (case-insensitive)."""
    if selection.topics and card.topic.casefold() not in {t.casefold() for t in selection.topics}:
        return False
    wanted_tags = {t.casefold() for t in selection.tags}
    return not wanted_tags or bool(wanted_tags & {t.casefold() for t in card.tags})


def interleave_by_topic(cards: list[CardRef]) -> list[CardRef]:
    """Round-robin across topics, keeping each topic's own order (due before new)."""
    by_topic: dict[str, list[CardRef]] = {}
    for card in cards:
        by_topic.setdefault(card.topic, []).append(card)
    queues = list(by_topic.values())
    mixed: list[CardRef] = []
    while queues:
        for queue in queues:
            mixed.append(queue.pop(0))
        queues = [q for q in queues if q]
    return mixed


def new_today(store: ProgressStore, now: datetime) -> int:
    """How many cards were seen for the first time on the learner's current day."""
    today = local_day(now)
    return sum(
        1
        for state in store.cards.values()
        if state.first_review is not None and local_day(state.first_review) == today
    )


def due_cards(bank: Bank, store: ProgressStore, now: datetime) -> list[CardRef]:
    """Cards of the bank that are due at `now`, most overdue first."""
    due = [
        (state.due, card)
        for card in bank.cards()
        if (state := store.cards.get(card.card_id)) is not None and state.due <= now
    ]
    return [card for _, card in sorted(due, key=lambda pair: pair[0])]


def recently_missed(bank: Bank, store: ProgressStore, now: datetime) -> list[CardRef]:
    """Cards answered wrong, or right by a guess, in the last seven days (latest first)."""
    since = now - WRONG_WINDOW
    missed: dict[str, datetime] = {}
    for card_id in {r.question_id for r in store.reviews() if r.time >= since}:
        for review in store.history(card_id):
            if review.time >= since and (review.verdict == "wrong" or review.confidence == "guess"):
                missed[card_id] = max(review.time, missed.get(card_id, review.time))
    ordered = sorted(missed, key=lambda cid: missed[cid], reverse=True)
    return [card for cid in ordered if (card := bank.card(cid)) is not None]


def _by_id(bank: Bank, ids: Sequence[str]) -> list[CardRef]:
    chosen: list[CardRef] = []
    for card_id in ids:
        cards = bank.cards_for(card_id)
        if not cards:
            close = bank.suggest(card_id)
            hint = f" (did you mean '{close}'?)" if close else ""
            raise TrustquizError(f"no question with id '{card_id}'{hint}")
        chosen.extend(card for card in cards if card not in chosen)
    return chosen


def select_cards(
    bank: Bank, store: ProgressStore, now: datetime, selection: Selection
) -> list[CardRef]:
    """The session's cards, mixed across topics.

    By default: due cards (most overdue first), then new ones within today's budget;
    `--limit` keeps the most urgent. `ids` asks exactly those cards; `wrong` the recently
    missed ones; `cram` every matching card, schedule or not.
    """
    if selection.ids:
        chosen = _by_id(bank, selection.ids)
        return chosen[: selection.limit] if selection.limit is not None else chosen
    if selection.wrong:
        pool = [c for c in recently_missed(bank, store, now) if matches(c, selection)]
    elif selection.cram:
        pool = [c for c in bank.cards() if matches(c, selection)]
        pool = interleave_by_topic(pool)[: selection.limit or CRAM_DEFAULT]
    else:
        due = [card for card in due_cards(bank, store, now) if matches(card, selection)]
        budget = selection.new
        if budget is None:
            budget = max(0, store.settings.new_per_day - new_today(store, now))
        unseen = [c for c in bank.cards() if c.card_id not in store.cards and matches(c, selection)]
        pool = due + interleave_by_topic(unseen)[:budget]
    if selection.limit is not None:
        pool = pool[: selection.limit]
    return interleave_by_topic(pool)
