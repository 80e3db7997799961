"""The exam-day outlook: a forward run of the planner to the exam, at the learner's minutes.

Pure and light (no pydantic, no fsrs): `stats` runs it. Each planned answer moves a card to
its expected memory (the mean of the right and wrong outcomes, weighted by the chance of
each); a large bank is sampled, with the minutes scaled to the sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from trustquiz.forecast import exam_moment, predicted_recall
from trustquiz.memory import AGAIN, GOOD, Memory, MemoryModel
from trustquiz.pace import Pace
from trustquiz.planner import CardSnapshot, PlanSettings, plan_day

SAMPLE = 200  # cards of a larger bank followed in the forward run
BURST_MINUTES = 3.0  # the least a sampled day studies
CHANGE_MINUTES = 10.0  # the outlook compares the daily minutes with this more and less


@dataclass(frozen=True)
class Outcome:
    """What studying some minutes a day until the exam is expected to give."""

    minutes: float
    predicted_recall: float  # expected share of the bank recalled on the exam morning
    unseen: int  # cards of the (sampled) bank the plan never shows
    sampled: int  # cards followed


def _mix(p: float, right: Memory, wrong: Memory) -> Memory:
    return Memory(
        p * right.stability + (1 - p) * wrong.stability,
        p * right.difficulty + (1 - p) * wrong.difficulty,
    )


def studied(card: CardSnapshot, when: datetime, model: MemoryModel) -> CardSnapshot:
    """The card after one expected answer at `when`."""
    if card.is_new or card.stability is None or card.last_review is None:
        memory = _mix(model.first_recall, model.first(GOOD), model.first(AGAIN))
    else:
        before = Memory(card.stability, card.difficulty if card.difficulty is not None else 5.0)
        elapsed = (when - card.last_review).total_seconds() / 86400
        p = model.recall(elapsed, before.stability)
        right = model.after(before, elapsed, GOOD, same_day=False)
        wrong = model.after(before, elapsed, AGAIN, same_day=False)
        memory = _mix(p, right, wrong)
    return replace(
        card,
        stability=memory.stability,
        difficulty=memory.difficulty,
        last_review=when,
        due=when + timedelta(days=max(1.0, memory.stability)),
        first_review=card.first_review or when,
    )


def sample(cards: Sequence[CardSnapshot], size: int = SAMPLE) -> list[CardSnapshot]:
    """Every k-th card of a bank larger than `size`, so the sample keeps the bank's order."""
    if len(cards) <= size:
        return list(cards)
    step = len(cards) / size
    return [cards[int(n * step)] for n in range(size)]


def forward(
    cards: Sequence[CardSnapshot],
    settings: PlanSettings,
    pace: Pace,
    model: MemoryModel,
    now: datetime,
    minutes: float,
) -> Outcome:
    """Plan and study every day from `now` to the exam at `minutes` a day (`cards` sampled)."""
    assert settings.exam_date is not None
    followed = sample(cards)
    scale = len(followed) / len(cards) if cards else 1.0
    # The sample's share of the minutes. A share too small for a few answers is saved up
    # and spent at once, so that cheap reviews do not crowd out the dearer first answers.
    share = max(0.0, minutes) * scale
    exam_at = exam_moment(settings.exam_date, settings.tz)
    states = followed
    day, credit = now, 0.0
    while day < exam_at:
        credit += share
        if credit < BURST_MINUTES and day + timedelta(days=1) < exam_at:
            day += timedelta(days=1)
            continue
        plan = plan_day(states, replace(settings, daily_minutes=credit), pace, model, day)
        credit -= plan.minutes
        chosen = set(plan.card_ids)
        states = [studied(c, day, model) if c.card_id in chosen else c for c in states]
        day += timedelta(days=1)
    recall = predicted_recall(states, settings.exam_date, model, settings.tz)
    return Outcome(minutes, recall, sum(1 for c in states if c.is_new), len(states))


def outlook(
    cards: Sequence[CardSnapshot],
    settings: PlanSettings,
    pace: Pace,
    model: MemoryModel,
    now: datetime,
) -> list[Outcome]:
    """The outcome at the daily minutes, and at CHANGE_MINUTES less and more."""
    base = settings.daily_minutes
    return [
        forward(cards, settings, pace, model, now, minutes)
        for minutes in (max(1.0, base - CHANGE_MINUTES), base, base + CHANGE_MINUTES)
    ]
