"""Exam-day predictions: how much of the bank the learner is expected to recall on the morning."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone, tzinfo

from trustquiz.memory import MemoryModel
from trustquiz.planner import EXAM_TIME, CardSnapshot


def exam_moment(exam_date: date, tz: tzinfo = timezone.utc) -> datetime:
    """The start of the exam (09:30 local) in UTC."""
    return datetime.combine(exam_date, EXAM_TIME, tz).astimezone(timezone.utc)


def card_recall(card: CardSnapshot, when: datetime, model: MemoryModel) -> float:
    """The chance of recalling one card at `when` if it is not reviewed again (0 if unseen)."""
    if card.is_new or card.stability is None or card.last_review is None:
        return 0.0
    elapsed = (when - card.last_review).total_seconds() / 86400
    return model.recall(elapsed, card.stability)


def predicted_recall(
    cards: Sequence[CardSnapshot],
    exam_date: date,
    model: MemoryModel,
    tz: tzinfo = timezone.utc,
) -> float:
    """Expected share of `cards` recalled on the exam morning, with no further study.

    A card never seen counts 0. How well this holds for cards seen once or twice depends on
    the model: FSRS's default parameters assume a card learnt through same-day steps, and
    predict far too much for one answer long ago; parameters fitted to the learner's own
    log (`fitting.fit_parameters`) carry the learner's first-exposure stabilities and decay.
    """
    if not cards:
        return 0.0
    when = exam_moment(exam_date, tz)
    return sum(card_recall(card, when, model) for card in cards) / len(cards)
