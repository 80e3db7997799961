"""stats read from the index's rows give the figures the card states give, to the last bit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustquiz.bank.entries import CardRef, Entry, Origin
from trustquiz.scheduler import apply_review, forgetting_curve, retrievabilities
from trustquiz.seen import (
    LEECH_LAPSES,
    LEECH_MIN_REVIEWS,
    Columns,
    Scope,
    Seen,
    is_leech,
    seen_from_rows,
    seen_from_states,
)
from trustquiz.stats import groups, leeches, overview, report
from trustquiz.store.folding import Folding
from trustquiz.store.index import Index
from trustquiz.store.queries import IndexQueries
from trustquiz.store.schema import TABLES, connect, microseconds
from trustquiz.store.state import Aggregates, CardState, Settings, StateError

NOW = datetime(2026, 11, 22, 10, 30, 15, 123456, tzinfo=timezone.utc)
ORIGIN = Origin(Path("bank.toml"))

offsets = st.sampled_from([0, 0, 0, 330, -300, 345, 60]).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
times = st.builds(
    lambda seconds, micro, zone: (NOW + timedelta(seconds=seconds, microseconds=micro)).astimezone(
        zone
    ),
    st.integers(-400 * 86400, 60 * 86400),
    st.sampled_from([0, 0, 1, 999999]) | st.integers(0, 999999),
    offsets,
)


@st.composite
def card_states(draw: st.DrawFn, card_id: str) -> CardState:
    reviews = draw(st.integers(1, 40))
    correct = draw(st.integers(0, reviews))
    last = draw(times)
    return CardState(
        card_id=card_id,
        phase=draw(st.sampled_from(["learning", "review", "relearning"])),
        step=draw(st.none() | st.integers(0, 2)),
        stability=draw(st.none() | st.just(0.0) | st.floats(0.001, 36500)),
        difficulty=draw(st.floats(1, 10)),
        due=draw(times),
        last_review=draw(st.none() | st.just(last)),
        first_review=last,
        reviews=reviews,
        correct=correct,
        lapses=draw(st.integers(0, reviews - correct)),
    )


def index_of(states: list[CardState]) -> IndexQueries:
    """The queries of an index in memory holding `states`."""
    index = Index(connect(None))
    for statement in TABLES.split(";"):
        index.db.execute(statement)
    index.put_cards(states)
    queries = IndexQueries()
    queries._state = Folding(apply_review, index)
    return queries


@settings(max_examples=200, deadline=None)
@given(data=st.data(), count=st.integers(0, 30))
def test_rows_give_the_counts_due_times_and_recall_of_the_states(
    data: st.DataObject, count: int
) -> None:
    states = [data.draw(card_states(f"c{n}")) for n in range(count)]
    queries = index_of(states)
    now = data.draw(times)
    decay, factor = forgetting_curve()
    rows = queries.seen_rows(now, factor, (LEECH_LAPSES, LEECH_MIN_REVIEWS))
    from_rows = seen_from_rows(rows, decay, queries.due_text)
    by_id = {state.card_id: state for state in states}
    from_states = seen_from_states(by_id, now, Settings(), retrievabilities)
    assert from_rows is not None
    # Column by column, in the order the cards were first seen; floats to the last bit.
    columns = ("ids", "reviews", "correct", "due", "recall", "leech_lapses")
    for name in columns:
        assert list(getattr(from_rows, name)) == list(getattr(from_states, name)), name
    assert list(from_rows.ids) == [state.card_id for state in states]
    # Equal times are not enough: `next_due` prints the time as the index keeps it.
    assert [from_rows.due_text(c) for c in from_rows.ids] == [
        from_states.due_text(c) for c in from_states.ids
    ]


def test_a_time_the_index_does_not_write_asks_for_the_states() -> None:
    due = datetime(2026, 11, 22, 10, tzinfo=timezone.utc)
    one = CardState("c", "review", None, 2.0, 5.0, due, due, due, 1, 1, 0)
    queries = index_of([one])
    assert queries.due_text("c") == "2026-11-22T10:00:00+00:00"
    for damaged in ("soon", "2026-11-20T10:00:00", 12):  # not a time; no timezone; a number
        queries._state.index.db.execute("UPDATE cards SET due = ?", (damaged,))
        with pytest.raises(StateError, match=r"^a card state cannot be read: "):
            queries.due_text("c")
    decay, factor = forgetting_curve()
    rows = queries.seen_rows(NOW, factor, (LEECH_LAPSES, LEECH_MIN_REVIEWS))
    assert seen_from_rows(rows, decay, queries.due_text) is not None
    assert seen_from_rows(rows, -decay, queries.due_text) is None  # a curve that never falls


# -- the figures over columns, against a card-by-card count ------------------------------------


class One(NamedTuple):
    """One seen card's figures, for counting card by card."""

    reviews: int
    correct: int
    lapses: int
    due: datetime
    recall: float


def as_columns(seen: dict[str, One]) -> Seen:
    """The `Seen` columns of these cards, in the dict's order."""
    ones = list(seen.values())
    leech = [is_leech(one.reviews, one.correct, one.lapses) for one in ones]
    return Seen(
        list(seen),
        [one.reviews for one in ones],
        [one.correct for one in ones],
        [microseconds(one.due) for one in ones],
        [one.recall for one in ones],
        [one.lapses if flag else None for one, flag in zip(ones, leech, strict=True)],
        lambda card_id: seen[card_id].due.isoformat(),
    )


def by_card(cards: list[CardRef], seen: dict[str, One], now: datetime) -> dict[str, Any]:
    """The per-topic, per-source, leech and due figures counted one card at a time."""
    tables: dict[str, dict[str, list[Any]]] = {"topic": {}, "source": {}}
    found: list[dict[str, Any]] = []
    in_scope = []
    for card in cards:
        one = seen.get(card.card_id)
        for key, name in (("topic", card.entry.topic), ("source", card.entry.source or "(none)")):
            row = tables[key].setdefault(name, [0, 0, 0, 0, 0.0])
            row[0] += 1
            if one is not None:
                row[1] += 1
                row[2] += one.correct
                row[3] += one.reviews
                row[4] += one.recall
        if one is None:
            continue
        in_scope.append(one)
        if one.lapses >= 4 or (one.reviews >= 3 and 2 * one.correct < one.reviews):
            found.append({
                "id": card.card_id, "topic": card.entry.topic, "reviews": one.reviews,
                "lapses": one.lapses,
                "accuracy": round(one.correct / one.reviews if one.reviews else 1.0, 4),
            })  # fmt: skip
    found.sort(key=lambda r: (r["accuracy"], -r["lapses"], r["id"]))
    rows = {
        key: sorted(
            (
                {
                    key: name,
                    "questions": q,
                    "seen": s,
                    "accuracy": round(r / v, 4) if v else None,
                    "retrievability": round(total / s, 4) if s else None,
                }
                for name, (q, s, r, v, total) in table.items()
            ),
            key=lambda r: (-1 if r["retrievability"] is None else r["retrievability"], r[key]),
        )
        for key, table in tables.items()
    }
    end = datetime.combine(now.astimezone().date() + timedelta(days=1), datetime.min.time())
    return {
        "topic": rows["topic"],
        "source": rows["source"],
        "leeches": found,
        "seen": len(in_scope),
        "due_now": sum(1 for one in in_scope if one.due <= now),
        "due_today": sum(1 for one in in_scope if one.due < end.astimezone()),
        "next_due": min((one.due for one in in_scope), default=None),
    }


names = st.sampled_from(["Polity", "Economy", "History", "Geography", "(none)"])


@settings(max_examples=200, deadline=None)
@given(data=st.data(), count=st.integers(0, 60))
def test_the_figures_over_columns_match_a_card_by_card_count(
    data: st.DataObject, count: int
) -> None:
    cards = [
        CardRef(
            f"q{n}",
            Entry(
                f"q{n}",
                "mcq",
                data.draw(names),
                (),
                data.draw(st.none() | names),
                0,
                None,
                n,
                "",
                None,
                0,
                0,
                ORIGIN,
            ),
        )
        for n in range(count)
    ]
    seen: dict[str, One] = {}
    for card_id in data.draw(st.lists(st.sampled_from([f"q{n}" for n in range(count + 5)]))):
        reviews = data.draw(st.integers(0, 30))
        correct = data.draw(st.integers(0, reviews))
        seen[card_id] = One(
            reviews, correct, data.draw(st.integers(0, 8)), data.draw(times),
            data.draw(st.floats(0, 1)),
        )  # fmt: skip
    columns = as_columns(seen)
    scope = Scope(Columns.of(cards), columns)
    expected = by_card(cards, seen, NOW)
    assert groups(scope) == {"topic": expected["topic"], "source": expected["source"]}
    found = expected["leeches"]
    assert leeches(scope) == (found, len(found))
    most = data.draw(st.integers(0, 6))  # fewer listed than there are: the worst of them
    assert leeches(scope, most) == (found[:most], len(found))
    figures = overview(len(cards), sorted(scope.column(columns.due)), Aggregates(), NOW)
    assert figures["questions_seen"] == expected["seen"]
    assert (figures["due_now"], figures["due_today"]) == (
        expected["due_now"],
        expected["due_today"],
    )
    earliest = expected["next_due"]
    assert figures["next_due"] == (None if earliest is None else microseconds(earliest))
    # The report prints the earliest as it is kept: the first card in bank order due then.
    printed = report(Columns.of(cards), columns, Aggregates(), Settings(), NOW)["next_due"]
    assert printed == (None if earliest is None else earliest.isoformat())
