"""Figures about progress: pure functions of (cards, states, aggregates, settings, now)."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from trustquiz.clock import local_day
from trustquiz.entries import CardRef
from trustquiz.state import Aggregates, CardState, Settings

HEATMAP_WEEKS = 26
FORECAST_DAYS = 30
LEECH_LAPSES = 4
LEECH_MIN_REVIEWS = 3
EXAM_HOUR = time(9, 0)

# Retrievability of many cards at one moment: (states, when, settings) -> {card id: R}.
Recall = Callable[[Mapping[str, CardState], datetime, Settings], Mapping[str, float]]


def end_of_local_day(now: datetime) -> datetime:
    """The first instant of the learner's next day, as an aware time."""
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)


def _share(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


def overview(
    cards: Sequence[CardRef], states: Mapping[str, CardState], agg: Aggregates, now: datetime
) -> dict[str, Any]:
    """Bank size, seen, new, due, reviews and accuracy for the cards in scope."""
    seen = [states[c.card_id] for c in cards if c.card_id in states]
    reviews = sum(d[0] for d in agg.days.values())
    right = sum(d[1] for d in agg.days.values())
    end_of_day = end_of_local_day(now)
    return {
        "questions_total": len(cards),
        "questions_seen": len(seen),
        "questions_new": len(cards) - len(seen),
        "due_now": sum(1 for s in seen if s.due <= now),
        "due_today": sum(1 for s in seen if s.due < end_of_day),
        "reviews_total": reviews,
        "reviews_correct": right,
        "accuracy": _share(right, reviews),
        "next_due": min((s.due for s in seen), default=None),
    }


def streak(agg: Aggregates, today: date) -> int:
    """Consecutive days with a review, ending today (or yesterday, if none yet today)."""
    active = {day for day, counts in agg.days.items() if counts[0] > 0}
    day = today if today.isoformat() in active else today - timedelta(days=1)
    count = 0
    while day.isoformat() in active:
        count += 1
        day -= timedelta(days=1)
    return count


def retention(agg: Aggregates, today: date, days: int | None) -> float | None:
    """Share right among reviews of already-learned cards, over the last `days` days (or all)."""
    first = None if days is None else (today - timedelta(days=days - 1)).isoformat()
    total = right = 0
    for day, counts in agg.days.items():
        if first is None or first <= day <= today.isoformat():
            total += counts[2]
            right += counts[3]
    return _share(right, total)


def heatmap(agg: Aggregates, today: date, weeks: int = HEATMAP_WEEKS) -> list[dict[str, Any]]:
    """Reviews per day, oldest first, from the Monday `weeks - 1` weeks back through today."""
    start = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    return [
        {"date": day.isoformat(), "reviews": agg.days.get(day.isoformat(), [0])[0]}
        for day in (start + timedelta(days=n) for n in range((today - start).days + 1))
    ]


def forecast(
    states: Sequence[CardState], now: datetime, days: int = FORECAST_DAYS
) -> list[dict[str, Any]]:
    """Cards falling due on each of the next `days` local days (overdue ones count today)."""
    today = local_day(now)
    dates = [today + timedelta(days=n) for n in range(days)]
    # The first instant of each following local day; a due time's place among them is its
    # day. In UTC, like the due times, so that comparing them needs no time-zone arithmetic.
    ends = [
        datetime.combine(day + timedelta(days=1), time()).astimezone(timezone.utc) for day in dates
    ]
    counts = [0] * (days + 1)
    for state in states:
        counts[bisect_right(ends, state.due)] += 1
    return [
        {"date": day.isoformat(), "due": count}
        for day, count in zip(dates, counts[:days], strict=True)
    ]


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _weakness(row: Mapping[str, Any]) -> float:
    recall: float | None = row["retrievability"]
    return -1.0 if recall is None else recall


def groups(
    cards: Sequence[CardRef],
    states: Mapping[str, CardState],
    recall_now: Mapping[str, float],
    keys: Sequence[str] = ("topic", "source"),
) -> dict[str, list[dict[str, Any]]]:
    """Per topic and per source: questions, seen, accuracy and mean recall now of the seen.

    Weakest first; a group with nothing seen yet comes before all others.
    """
    # For each key, name -> [questions, seen, right, reviews, recall sum]; one pass for all.
    totals: list[dict[str, list[float]]] = [{} for _ in keys]
    for card in cards:
        entry = card.entry
        state = states.get(card.card_id)
        recall = recall_now[card.card_id] if state is not None else 0.0
        for key, table in zip(keys, totals, strict=True):
            name = getattr(entry, key) or "(none)"
            row = table.get(name)
            if row is None:
                row = table[name] = [0, 0, 0, 0, 0.0]
            row[0] += 1
            if state is not None:
                row[1] += 1
                row[2] += state.correct
                row[3] += state.reviews
                row[4] += recall
    result = {}
    for key, table in zip(keys, totals, strict=True):
        rows = [
            {
                key: name,
                "questions": int(questions),
                "seen": int(seen),
                "accuracy": _share(int(right), int(reviews)),
                "retrievability": round(recall / seen, 4) if seen else None,
            }
            for name, (questions, seen, right, reviews, recall) in table.items()
        ]
        rows.sort(
            key=lambda r: (-1 if r["retrievability"] is None else r["retrievability"], r[key])
        )
        result[key] = rows
    return result


def leeches(cards: Sequence[CardRef], states: Mapping[str, CardState]) -> list[dict[str, Any]]:
    """Cards with 4+ lapses, or under 50% right after 3+ reviews; worst first."""
    found: list[dict[str, Any]] = []
    for card in cards:
        state = states.get(card.card_id)
        if state is None:
            continue
        accuracy = state.correct / state.reviews if state.reviews else 1.0
        if state.lapses >= LEECH_LAPSES or (state.reviews >= LEECH_MIN_REVIEWS and accuracy < 0.5):
            found.append(
                {
                    "id": card.card_id,
                    "topic": card.topic,
                    "reviews": state.reviews,
                    "lapses": state.lapses,
                    "accuracy": round(accuracy, 4),
                }
            )
    found.sort(key=lambda r: (r["accuracy"], -r["lapses"], r["id"]))
    return found


def calibration(agg: Aggregates) -> dict[str, dict[str, Any]]:
    """Accuracy when sure, unsure and guessing (from the confidence marks given)."""
    result = {}
    for level in ("sure", "unsure", "guess"):
        total, right = agg.confidence.get(level, [0, 0])
        result[level] = {"reviews": total, "correct": right, "accuracy": _share(right, total)}
    return result


def exam(
    cards: Sequence[CardRef],
    states: Mapping[str, CardState],
    settings: Settings,
    exam_date: date,
    now: datetime,
    recall: Recall,
) -> dict[str, Any]:
    """Predicted share of the bank recalled on exam day (unseen cards count 0), per topic too,
    and the new cards a day needed to see every card before then."""
    local = now.astimezone()
    moment = datetime.combine(exam_date, EXAM_HOUR, local.tzinfo)
    days_left = (exam_date - local.date()).days
    recalled = recall(states, moment, settings)
    per_card = {c.card_id: recalled.get(c.card_id, 0.0) for c in cards}
    topics: dict[str, list[float]] = {}
    for card in cards:
        topics.setdefault(card.topic, []).append(per_card[card.card_id])
    unseen = sum(1 for c in cards if c.card_id not in states)
    return {
        "date": exam_date.isoformat(),
        "days_left": days_left,
        "predicted_recall": _mean(list(per_card.values())) or 0.0,
        "topics": sorted(
            ({"topic": t, "predicted_recall": _mean(v) or 0.0} for t, v in topics.items()),
            key=lambda r: (r["predicted_recall"], r["topic"]),
        ),
        "new_cards": unseen,
        "new_per_day_needed": math.ceil(unseen / days_left) if days_left > 0 else None,
    }


def report(
    cards: Sequence[CardRef],
    states: Mapping[str, CardState],
    agg: Aggregates,
    settings: Settings,
    now: datetime,
    recall: Recall,
    exam_date: date | None = None,
) -> dict[str, Any]:
    """Every figure of `trustquiz stats`, as one JSON-ready object."""
    today = local_day(now)
    in_scope = {c.card_id: states[c.card_id] for c in cards if c.card_id in states}
    figures = overview(cards, in_scope, agg, now)
    recall_now = recall(in_scope, now, settings)
    grouped = groups(cards, in_scope, recall_now)
    next_due = figures["next_due"]
    figures["next_due"] = next_due.isoformat() if next_due else None
    figures.update(
        {
            "streak_days": streak(agg, today),
            "retention_7d": retention(agg, today, 7),
            "retention_30d": retention(agg, today, 30),
            "retention_all": retention(agg, today, None),
            "desired_retention": settings.desired_retention,
            "heatmap": heatmap(agg, today),
            "forecast": forecast(list(in_scope.values()), now),
            "new_per_day": settings.new_per_day,
            "topics": grouped["topic"],
            "sources": grouped["source"],
            "leeches": leeches(cards, in_scope),
            "calibration": calibration(agg),
        }
    )
    when = exam_date or settings.exam_date
    if when is not None:
        figures["exam"] = exam(cards, in_scope, settings, when, now, recall)
    return figures


def due_within(cards: Mapping[str, CardState], now: datetime, window: timedelta) -> int:
    """How many cards fall due by `now + window` (overdue ones included)."""
    horizon = now + window
    return sum(1 for state in cards.values() if state.due <= horizon)


def next_due(cards: Mapping[str, CardState]) -> datetime | None:
    """The earliest due time of any seen card."""
    return min((state.due for state in cards.values()), default=None)
