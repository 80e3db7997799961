"""Figures about progress: pure functions of (bank, card states, settings, now); no printing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from trustquiz.bank import Bank
from trustquiz.models import CardState


def end_of_local_day(now: datetime) -> datetime:
    """The last instant of the learner's current day (system time zone), as an aware time."""
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)


def overview(bank: Bank, cards: Mapping[str, CardState], now: datetime) -> dict[str, Any]:
    """The headline figures: bank size, seen, new, due, reviews and accuracy.

    Review counts cover the whole log, including reviews of questions no longer in the bank.
    """
    in_bank = [card.card_id for card in bank.cards()]
    states = [cards[cid] for cid in in_bank if cid in cards]
    end_of_day = end_of_local_day(now)
    reviews_total = sum(state.reviews for state in cards.values())
    reviews_correct = sum(state.correct for state in cards.values())
    due_dates = [state.due for state in states]
    return {
        "questions_total": len(in_bank),
        "questions_seen": len(states),
        "questions_new": len(in_bank) - len(states),
        "due_now": sum(1 for due in due_dates if due <= now),
        "due_today": sum(1 for due in due_dates if due < end_of_day),
        "reviews_total": reviews_total,
        "reviews_correct": reviews_correct,
        "accuracy": round(reviews_correct / reviews_total, 4) if reviews_total else None,
        "next_due": min(due_dates).isoformat() if due_dates else None,
    }


def due_within(cards: Mapping[str, CardState], now: datetime, window: timedelta) -> int:
    """How many cards fall due by `now + window` (overdue ones included)."""
    horizon = now + window
    return sum(1 for state in cards.values() if state.due <= horizon)


def next_due(cards: Mapping[str, CardState]) -> datetime | None:
    """The earliest due time of any seen card."""
    return min((state.due for state in cards.values()), default=None)
