"""Figures about progress: pure functions of (cards, seen cards, aggregates, settings, now)."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from functools import partial, reduce
from operator import add, attrgetter
from typing import Any

from trustquiz.bank.entries import CardRef
from trustquiz.clock import local_day
from trustquiz.seen import Columns, Recall, Scope, Seen
from trustquiz.store.state import Aggregates, CardState, Settings

HEATMAP_WEEKS = 26
FORECAST_DAYS = 30
LEECH_LAPSES = 4
LEECH_MIN_REVIEWS = 3
EXAM_HOUR = time(9, 0)


def end_of_local_day(now: datetime) -> datetime:
    """The first instant of the learner's next day, as an aware time."""
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)


def _share(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


def overview(
    total: int, dues: Sequence[datetime], agg: Aggregates, now: datetime
) -> dict[str, Any]:
    """Bank size, seen, new, due, reviews and accuracy for the cards in scope.

    `total` is how many cards are in scope and `dues` the due times of those answered.
    """
    # Due times are UTC; so compared with a UTC `now`, no comparison needs a time-zone
    # conversion.
    utc_now = now.astimezone(timezone.utc)
    end_of_day = end_of_local_day(now).astimezone(timezone.utc)
    reviews = sum(d[0] for d in agg.days.values())
    right = sum(d[1] for d in agg.days.values())
    return {
        "questions_total": total,
        "questions_seen": len(dues),
        "questions_new": total - len(dues),
        "due_now": sum(map(utc_now.__ge__, dues)),
        "due_today": sum(map(end_of_day.__gt__, dues)),
        "reviews_total": reviews,
        "reviews_correct": right,
        "accuracy": _share(right, reviews),
        "next_due": min(dues, default=None),
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
    dues: Sequence[datetime], now: datetime, days: int = FORECAST_DAYS
) -> list[dict[str, Any]]:
    """Cards falling due on each of the next `days` local days (overdue ones count today)."""
    today = local_day(now)
    dates = [today + timedelta(days=n) for n in range(days)]
    # The first instant of each following local day; a due time's place among them is its
    # day. In UTC, like the due times, so that comparing them needs no time-zone arithmetic.
    ends = [
        datetime.combine(day + timedelta(days=1), time()).astimezone(timezone.utc) for day in dates
    ]
    counts = Counter(map(partial(bisect_right, ends), dues))
    return [{"date": day.isoformat(), "due": counts[n]} for n, day in enumerate(dates)]


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


_REVIEWS, _RIGHT, _RECALL = attrgetter("reviews"), attrgetter("correct"), attrgetter("recall")
_DUE = attrgetter("due")


def groups(scope: Scope) -> dict[str, list[dict[str, Any]]]:
    """Per topic and per source: questions, seen, accuracy and mean recall now of the seen.

    Weakest first; a group with nothing seen yet comes before all others.
    """
    return {
        "topic": _group_rows("topic", _tally(scope, scope.topics)),
        "source": _group_rows("source", _tally(scope, scope.sources())),
    }


def _tally(scope: Scope, names: list[str] | str) -> dict[str, list[float]]:
    """name -> [questions, seen, right, reviews, recall sum], summed in bank order; `names`
    is each card's group, or the one group of every card."""
    members: dict[str, list[Seen]] = {}
    if isinstance(names, str):  # one group: all the seen cards, in bank order
        table: dict[str, list[float]] = {names: [len(scope), 0, 0, 0, 0.0]}
        members = {names: scope.found} if scope.found else {}
    else:
        table = {name: [n, 0, 0, 0, 0.0] for name, n in Counter(names).items()}
        for name, one in zip(scope.seen_in(names), scope.found, strict=True):
            group = members.get(name)
            if group is None:
                members[name] = [one]
            else:
                group.append(one)
    for name, group in members.items():
        row = table[name]
        row[1] = len(group)
        row[2] = sum(map(_RIGHT, group))
        row[3] = sum(map(_REVIEWS, group))
        # One addition at a time, as a running total does (sum() compensates from 3.12 on).
        row[4] = reduce(add, map(_RECALL, group), 0.0)
    return table


def _group_rows(key: str, table: dict[str, list[float]]) -> list[dict[str, Any]]:
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
    rows.sort(key=lambda r: (-1 if r["retrievability"] is None else r["retrievability"], r[key]))
    return rows


def leeches(scope: Scope) -> list[dict[str, Any]]:
    """Cards with 4+ lapses, or under 50% right after 3+ reviews; worst first."""
    seen = zip(scope.seen_in(scope.ids), scope.seen_in(scope.topics), scope.found, strict=True)
    found: list[dict[str, Any]] = [
        {
            "id": card_id,
            "topic": topic,
            "reviews": one.reviews,
            "lapses": one.lapses,
            "accuracy": round(one.correct / one.reviews if one.reviews else 1.0, 4),
        }
        for card_id, topic, one in seen
        if one.lapses >= LEECH_LAPSES
        or (one.reviews >= LEECH_MIN_REVIEWS and 2 * one.correct < one.reviews)
    ]
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
    cards: Columns,
    seen: Mapping[str, Seen],
    agg: Aggregates,
    settings: Settings,
    now: datetime,
) -> dict[str, Any]:
    """Every figure of `trustquiz stats` but the exam's, as one JSON-ready object.

    `cards` are the cards in scope, as columns; `seen` may hold cards outside them (another
    bank's, or other topics'): they are left out.
    """
    today = local_day(now)
    scope = Scope(cards, seen)
    dues = list(map(_DUE, scope.found))
    figures = overview(len(scope), dues, agg, now)
    grouped = groups(scope)
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
            "forecast": forecast(dues, now),
            "new_per_day": settings.new_per_day,
            "topics": grouped["topic"],
            "sources": grouped["source"],
            "leeches": leeches(scope),
            "calibration": calibration(agg),
        }
    )
    return figures


def next_due(cards: Mapping[str, CardState]) -> datetime | None:
    """The earliest due time of any seen card."""
    return min((state.due for state in cards.values()), default=None)
