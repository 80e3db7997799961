"""Figures about progress: pure functions of (cards, seen cards, aggregates, settings, now)."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from functools import reduce
from itertools import chain, compress, repeat
from operator import add, is_not, sub
from typing import Any

from trustquiz.bank.entries import CardRef
from trustquiz.clock import local_day
from trustquiz.seen import Columns, Recall, Scope, Seen
from trustquiz.store.schema import microseconds
from trustquiz.store.state import Aggregates, CardState, Settings

HEATMAP_WEEKS = 26
# The leeches listed, worst first (all are counted): more than a day's drill, and at
# 50,000 questions of random answers 19,000 leeches would take a sixth of `stats`' time.
LEECHES_LISTED = 100
FORECAST_DAYS = 30
EXAM_HOUR = time(9, 0)


def end_of_local_day(now: datetime) -> datetime:
    """The first instant of the learner's next day, as an aware time."""
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)


def _share(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


def overview(total: int, dues: Sequence[int], agg: Aggregates, now: datetime) -> dict[str, Any]:
    """Bank size, seen, new, due, reviews and accuracy for the cards in scope.

    `total` is how many cards are in scope and `dues` the due times of those answered, in
    microseconds since 1970, sorted; `next_due` is the first of them.
    """
    reviews = sum(d[0] for d in agg.days.values())
    right = sum(d[1] for d in agg.days.values())
    return {
        "questions_total": total,
        "questions_seen": len(dues),
        "questions_new": total - len(dues),
        "due_now": bisect_right(dues, microseconds(now)),
        "due_today": bisect_left(dues, microseconds(end_of_local_day(now))),
        "reviews_total": reviews,
        "reviews_correct": right,
        "accuracy": _share(right, reviews),
        "next_due": dues[0] if dues else None,
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


def forecast(dues: Sequence[int], now: datetime, days: int = FORECAST_DAYS) -> list[dict[str, Any]]:
    """Cards falling due on each of the next `days` local days (overdue ones count today);
    `dues` are due times in microseconds since 1970, sorted."""
    today = local_day(now)
    dates = [today + timedelta(days=n) for n in range(days)]
    # The first instant of each following local day: the cards due before it and not before
    # the one before are that day's, a count found by bisection in the sorted due times.
    ends = [
        microseconds(datetime.combine(day + timedelta(days=1), time()).astimezone(timezone.utc))
        for day in dates
    ]
    before = [bisect_left(dues, end) for end in ends]
    counts = map(sub, before, [0, *before])
    return [{"date": day.isoformat(), "due": n} for day, n in zip(dates, counts, strict=False)]


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


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
    seen, order = scope.seen, scope.order
    if isinstance(names, str):  # one group: all the seen cards, in bank order
        whole: Seen | None = seen if scope.every_seen() else None  # summed in their order
        return {
            names: [
                len(scope),
                len(order),
                sum(whole.correct if whole else map(seen.correct.__getitem__, order)),
                sum(whole.reviews if whole else map(seen.reviews.__getitem__, order)),
                # One addition at a time, as a running total does (sum() compensates
                # from 3.12 on).
                reduce(add, map(seen.recall.__getitem__, order), 0.0),
            ]
        }
    table = {name: [n, 0, 0, 0, 0.0] for name, n in Counter(names).items()}
    members: dict[str, list[int]] = defaultdict(list)  # each group's places among the seen
    for name, place in zip(scope.seen_in(names), order, strict=True):
        members[name].append(place)
    # Each column read once, group after group, then summed a slice at a time.
    places = list(chain.from_iterable(members.values()))
    right = list(map(seen.correct.__getitem__, places))
    reviews = list(map(seen.reviews.__getitem__, places))
    recall = list(map(seen.recall.__getitem__, places))
    start = 0
    for name, group in members.items():
        end = start + len(group)
        row = table[name]
        row[1] = len(group)
        row[2] = sum(right[start:end])
        row[3] = sum(reviews[start:end])
        # One addition at a time, as a running total does (sum() compensates from 3.12 on).
        row[4] = reduce(add, recall[start:end], 0.0)
        start = end
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


def leeches(scope: Scope, most: int = LEECHES_LISTED) -> tuple[list[dict[str, Any]], int]:
    """The `most` worst leeches (cards with 4+ lapses, or under 50% right after 3+ reviews),
    worst first, and how many cards are leeches."""
    seen = scope.seen
    lapses = scope.column(seen.leech_lapses)  # in bank order, None for all but leeches
    keep = list(map(is_not, lapses, repeat(None)))
    places = list(compress(scope.order, keep))  # the leeches' places among the seen
    reviews = list(map(seen.reviews.__getitem__, places))
    counts = list(zip(map(seen.correct.__getitem__, places), reviews, strict=True))
    # round() to 4 places is slow, and (right, reviews) take few values: round each once.
    accuracy = {c: round(c[0] / c[1] if c[1] else 1.0, 4) for c in set(counts)}
    share = list(map(accuracy.__getitem__, counts))
    # The worst by accuracy alone, down to the `most`-th and all tied with it: only those
    # can be among the `most` worst, and only those are ranked in full.
    chosen = sorted(range(len(places)), key=share.__getitem__)
    if len(chosen) > most:
        end = bisect_right(chosen, share[chosen[most - 1]], key=share.__getitem__) if most else 0
        chosen = chosen[:end]
    # Worst first: by accuracy, then most lapses, then id (distinct), in three stable sorts
    # on keys of one type each (several times faster than one on tuples of them).
    ids = list(map(seen.ids.__getitem__, map(places.__getitem__, chosen)))
    chosen = [n for _, n in sorted(zip(ids, chosen, strict=True))]
    lapses_of: list[int] = list(compress(lapses, keep))  # type: ignore[arg-type]
    chosen.sort(key=lapses_of.__getitem__, reverse=True)  # stable, reversed or not
    chosen.sort(key=share.__getitem__)
    in_bank = list(compress(compress(range(len(scope)), scope.mask), keep))  # their places
    listed = [
        {
            "id": seen.ids[places[n]],
            "topic": scope.topics[in_bank[n]],
            "reviews": reviews[n],
            "lapses": lapses_of[n],
            "accuracy": share[n],
        }
        for n in chosen[:most]
    ]
    return listed, len(places)


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
    seen: Seen,
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
    dues = sorted(seen.due if scope.every_seen() else scope.column(seen.due))
    figures = overview(len(scope), dues, agg, now)
    grouped = groups(scope)
    worst, leech_count = leeches(scope)
    next_due = figures["next_due"]
    figures["next_due"] = None if next_due is None else seen.due_text(scope.first_due(next_due))
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
            "leeches": worst,
            "leeches_total": leech_count,
            "calibration": calibration(agg),
        }
    )
    return figures


def next_due(cards: Mapping[str, CardState]) -> datetime | None:
    """The earliest due time of any seen card."""
    return min((state.due for state in cards.values()), default=None)
