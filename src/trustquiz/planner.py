"""Today's plan: which cards, in what order, within the learner's minutes; exam mode included.

Pure: cards, settings, pace, memory model and `now` come in; an ordered plan goes out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timezone

from trustquiz.memory import AGAIN, GOOD, MemoryModel
from trustquiz.pace import Pace
from trustquiz.planparts import (
    DAY_SECONDS,
    CardSnapshot,
    Mode,
    Plan,
    PlanError,
    PlanSettings,
    day_bounds,
    elapsed_days,
    memory_of,
    overdue_ratio,
    take,
)

__all__ = [
    "EXAM_TIME", "CardSnapshot", "Plan", "PlanError", "PlanSettings", "day_bounds",
    "plan_day", "plan_normal_day", "rank_due",
]  # fmt: skip

EXAM_TIME = time(9, 30)  # Prelims paper I starts at 09:30
LOOKAHEAD_DAYS = 3
WEAK = 0.9  # a card predicted below this on exam day is shown once more in the last pass
# The due cards that no longer fit the minutes left are passed over looking for one that
# does, at most this many in a row: at 50,000 cards one day's plan read 21,910 of them.
FILL_PATIENCE = 64
PASS_SHARE = 0.5


def plan_day(
    cards: Sequence[CardSnapshot],
    settings: PlanSettings,
    pace: Pace,
    model: MemoryModel,
    now: datetime,
    spent_seconds: float = 0.0,
) -> Plan:
    """Plan today's session.

    Args:
        cards: every card of the bank, in bank order (new cards are introduced in this order).
        settings: daily minutes, day start, exam date, retention and new-card cap.
        pace: the learner's seconds per answer.
        model: the memory model (FSRS-6 parameters, default or fitted).
        now: the current time, timezone-aware.
        spent_seconds: time already spent answering today, taken off the budget.

    Returns:
        The ordered card ids and the header's figures.
    """
    today, start, end = day_bounds(now, settings)
    budget = max(0.0, settings.daily_minutes * 60 - spent_seconds)
    busy = {c.group for c in cards if c.group and c.last_review and c.last_review >= start}
    fresh = [c for c in cards if not (c.last_review and c.last_review >= start)]
    exam = settings.exam_date
    if exam is not None and today < exam:
        exam_at = datetime.combine(exam, EXAM_TIME, settings.tz).astimezone(timezone.utc)
        chosen = _exam_choice(cards, fresh, busy, settings, pace, model, now, exam_at, budget)
        return _plan(chosen, "exam")
    due = [c for c in fresh if not c.is_new and c.due is not None and c.due < end]
    return plan_normal_day(
        rank_due(due, now),
        [c for c in fresh if c.is_new],
        {c.kind for c in due},
        busy,
        sum(1 for c in cards if c.first_review and c.first_review >= start),
        settings,
        pace,
        model,
        now,
        spent_seconds,
    )


def plan_normal_day(
    ranked_due: Iterable[CardSnapshot],
    new_cards: Iterable[CardSnapshot],
    kinds: set[str],
    busy: set[str],
    new_seen: int,
    settings: PlanSettings,
    pace: Pace,
    model: MemoryModel,
    now: datetime,
    spent_seconds: float = 0.0,
    new_beyond_minutes: bool = False,
) -> Plan:
    """Plan a day outside exam mode from its parts, read as far as they are needed.

    Args:
        ranked_due: the cards due today and not answered today, in `rank_due` order.
        new_cards: the never-answered cards, in the order they are introduced.
        kinds: the kinds among the due cards (or more kinds: it bounds the cheapest review).
        busy: the sibling groups of the cards answered today.
        new_seen: how many cards were first answered today.
        new_beyond_minutes: take the day's new cards whatever the minutes left.
    Other arguments as for `plan_day`.
    """
    exam = settings.exam_date
    budget = max(0.0, settings.daily_minutes * 60 - spent_seconds)
    cap = max(0, settings.new_per_day - new_seen)
    chosen = _normal_choice(
        ranked_due, new_cards, kinds, busy, pace, model, now, budget, cap, new_beyond_minutes
    )
    return _plan(chosen, "after-exam" if exam is not None else "normal")


def _plan(chosen: list[tuple[CardSnapshot, float]], mode: Mode) -> Plan:
    seconds = sum(cost for _, cost in chosen)
    new = sum(1 for c, _ in chosen if c.is_new)
    return Plan(tuple(c.card_id for c, _ in chosen), mode, len(chosen) - new, new, seconds)


def rank_due(due: Iterable[CardSnapshot], now: datetime) -> list[CardSnapshot]:
    """Due cards, least likely recalled first: recall falls as elapsed time over stability
    grows, so that ratio alone ranks them (ties: by card id). The index ranks the same way
    (`Index.due_ranked`) with the same arithmetic."""
    return sorted(due, key=lambda c: (-overdue_ratio(c, now), c.card_id))


def _normal_choice(
    ranked: Iterable[CardSnapshot],
    new_cards: Iterable[CardSnapshot],
    kinds: set[str],
    busy: set[str],
    pace: Pace,
    model: MemoryModel,
    now: datetime,
    budget: float,
    cap: int,
    new_beyond_minutes: bool = False,
) -> list[tuple[CardSnapshot, float]]:
    """Due cards in rank order, then new cards up to the cap; all in minutes."""
    # Recall and cost are worked out only for the due cards that may still fit: at 50,000
    # cards with 29,000 due this took the plan from 0.25 s to a few hundredths.
    costed = (
        (c, pace.review_cost(c.kind, model.recall(elapsed_days(c, now), memory_of(c).stability)))
        for c in ranked
    )
    cheapest = min((pace.review_cost(k, recall) for k in kinds for recall in (0, 1)), default=0)
    chosen = take(costed, busy, budget, cheapest, patience=FILL_PATIENCE)
    left = math.inf if new_beyond_minutes else budget - sum(cost for _, cost in chosen)
    taken = busy | {c.group for c, _ in chosen if c.group}
    new = ((c, pace.cost(c.kind, "new")) for c in new_cards)
    return chosen + take(new, taken, left, most=cap)


def _exam_choice(
    cards: Sequence[CardSnapshot],
    fresh: Sequence[CardSnapshot],
    busy: set[str],
    settings: PlanSettings,
    pace: Pace,
    model: MemoryModel,
    now: datetime,
    exam_at: datetime,
    budget: float,
) -> list[tuple[CardSnapshot, float]]:
    """New and seen cards ranked together by expected gain in exam-day recall per second."""
    horizon = (exam_at - now).total_seconds() / DAY_SECONDS
    days_left = max(1, math.ceil(horizon))
    daily = settings.daily_minutes * 60
    unseen = [c for c in fresh if c.is_new]
    weak: set[str] = set()
    weak_cost = 0.0
    scored: list[tuple[float, CardSnapshot, float]] = []
    for card in fresh:
        if card.is_new:
            cost = pace.cost(card.kind, "new")
            gain = _first_gain(model, horizon)
        else:
            gain, cost, exam_recall = _review_gain(card, model, pace, now, horizon, days_left)
            if exam_recall < WEAK:
                weak.add(card.card_id)
                weak_cost += cost
        scored.append((gain / cost, card, cost))
    # The last pass: once one showing of every weak card would fill PASS_SHARE of the
    # minutes left, weak cards come first, so each is seen once more before the exam.
    final_days = math.ceil(weak_cost / daily) if daily else 0
    if daily and weak_cost >= PASS_SHARE * days_left * daily:
        scored = [
            (score + (1.0 if card.card_id in weak else 0.0), card, cost)
            for score, card, cost in scored
        ]
    scored.sort(key=lambda s: (-s[0], s[1].card_id))
    # With see_all, today's share of the unseen cards comes first.
    intro_days = max(1, days_left - final_days)
    quota = math.ceil(len(unseen) / intro_days) if settings.see_all else 0
    order = {c.card_id: i for i, c in enumerate(cards)}
    paced = sorted(unseen, key=lambda c: order[c.card_id])[:quota]
    paced_ids = {c.card_id for c in paced}
    first = [(c, pace.cost(c.kind, "new")) for c in paced]
    rest = [(c, cost) for score, c, cost in scored if score > 0 and c.card_id not in paced_ids]
    chosen = take(first + rest, busy, budget)
    rank = {c.card_id: i for i, (_, c, _) in enumerate(scored)}
    return sorted(chosen, key=lambda pair: rank[pair[0].card_id])


def _first_gain(model: MemoryModel, horizon: float) -> float:
    p = model.first_recall
    good, again = model.first(GOOD), model.first(AGAIN)
    return p * model.recall(horizon, good.stability) + (1 - p) * model.recall(
        horizon, again.stability
    )


def _review_gain(
    card: CardSnapshot,
    model: MemoryModel,
    pace: Pace,
    now: datetime,
    horizon: float,
    days_left: int,
) -> tuple[float, float, float]:
    """Gain in exam-day recall from reviewing now, less what waiting a few days would add."""
    memory = memory_of(card)
    elapsed = elapsed_days(card, now)
    without = model.recall(elapsed + horizon, memory.stability)

    def reviewed_after(wait: float) -> float:
        p = model.recall(elapsed + wait, memory.stability)
        right = model.after(memory, elapsed + wait, GOOD, same_day=False).stability
        wrong = model.after(memory, elapsed + wait, AGAIN, same_day=False).stability
        rest = horizon - wait
        return p * model.recall(rest, right) + (1 - p) * model.recall(rest, wrong)

    now_value = reviewed_after(0.0)
    gain = now_value - without
    if days_left > LOOKAHEAD_DAYS:
        later = reviewed_after(float(LOOKAHEAD_DAYS)) - without
        gain -= max(0.0, later - gain)
    recall_now = model.recall(elapsed, memory.stability)
    return gain, pace.review_cost(card.kind, recall_now), without
