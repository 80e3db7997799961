"""stats read from the index's rows give the figures the card states give, to the last bit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from trustquiz.bank.entries import CardRef, Entry, Origin
from trustquiz.scheduler import apply_review, forgetting_curve, retrievabilities
from trustquiz.seen import Columns, Scope, Seen, seen_from_rows, seen_from_states
from trustquiz.stats import groups, leeches, overview
from trustquiz.store.folding import Folding
from trustquiz.store.index import Index
from trustquiz.store.queries import IndexQueries
from trustquiz.store.schema import TABLES, connect
from trustquiz.store.state import Aggregates, CardState, Settings

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
    from_rows = seen_from_rows(queries.seen_rows(), now, forgetting_curve())
    by_id = {state.card_id: state for state in states}
    from_states = seen_from_states(by_id, now, Settings(), retrievabilities)
    assert from_rows == from_states
    assert from_rows is not None
    # Equal times are not enough: `next_due` prints the time as the index keeps it.
    assert [s.due.isoformat() for s in from_rows.values()] == [
        s.due.isoformat() for s in from_states.values()
    ]


def test_a_time_the_index_does_not_write_asks_for_the_states() -> None:
    row = ("c", 1, 1, 0, "2026-11-22T10:00:00+00:00", 2.0, 1_795_168_800_000_000)
    assert seen_from_rows([row], NOW, forgetting_curve()) is not None
    assert seen_from_rows([(*row[:4], "soon", *row[5:])], NOW, forgetting_curve()) is None
    naive = "2026-11-20T10:00:00"
    assert seen_from_rows([(*row[:4], naive, *row[5:])], NOW, forgetting_curve()) is None


# -- the figures over columns, against a card-by-card count ------------------------------------


def by_card(cards: list[CardRef], seen: dict[str, Seen], now: datetime) -> dict[str, Any]:
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
    seen: dict[str, Seen] = {}
    for card_id in data.draw(st.lists(st.sampled_from([f"q{n}" for n in range(count + 5)]))):
        reviews = data.draw(st.integers(0, 30))
        correct = data.draw(st.integers(0, reviews))
        seen[card_id] = Seen(
            reviews, correct, data.draw(st.integers(0, 8)), data.draw(times),
            data.draw(st.floats(0, 1)),
        )  # fmt: skip
    scope = Scope(Columns.of(cards), seen)
    expected = by_card(cards, seen, NOW)
    assert groups(scope) == {"topic": expected["topic"], "source": expected["source"]}
    assert leeches(scope) == expected["leeches"]
    figures = overview(len(cards), [one.due for one in scope.found], Aggregates(), NOW)
    assert figures["questions_seen"] == expected["seen"]
    assert (figures["due_now"], figures["due_today"]) == (
        expected["due_now"],
        expected["due_today"],
    )
    assert figures["next_due"] == expected["next_due"]
    if expected["next_due"] is not None:
        assert figures["next_due"].isoformat() == expected["next_due"].isoformat()
