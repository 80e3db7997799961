"""The index's lookups of the cards' times: the ranked due cards, today's cards, version 10."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import islice
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from indexfiles import query
from logfiles import answer
from trustquiz.api import open_store
from trustquiz.planner import rank_due
from trustquiz.planparts import CardSnapshot
from trustquiz.store.index import Index
from trustquiz.store.schema import connect
from trustquiz.store.state import CardState

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
START = NOW - timedelta(hours=5)  # the learner's day began then
END = NOW + timedelta(hours=19)
NEW = ("cards_by_last", "cards_by_first", "cards_by_due")
# Ids that share prefixes and sort differently as text and as numbers.
IDS = st.text(alphabet="q1é0", min_size=1, max_size=4)
# Stabilities and elapsed times that make equal ratios (2 days over 2 = 1 day over 1).
STABILITY = st.one_of(st.none(), st.sampled_from([0.5, 1.0, 2.0, 3.3]),
                      st.floats(min_value=0.01, max_value=1e4))  # fmt: skip
MICROSECONDS = st.one_of(
    st.sampled_from([0, 1, 86_400_000_000, 172_800_000_000]),
    st.integers(min_value=0, max_value=400 * 86_400_000_000),
)


def _state(card_id: str, stability: float | None, ago: int, due_in: int, today: int) -> CardState:
    """A card last answered `ago` microseconds before the day began (today 1: during it; 2:
    first seen during it, with no last review)."""
    last = (START + timedelta(minutes=1) if today else START) - timedelta(microseconds=ago)
    due = END + timedelta(microseconds=due_in)
    if today == 2:
        return CardState(card_id, "learning", 0, stability, None, due, None, last)
    return CardState(card_id, "review", None, stability, 5.0, due, last, last - timedelta(days=9))


STATES = st.lists(
    st.builds(
        _state, IDS, STABILITY, MICROSECONDS,
        st.integers(min_value=-400 * 86_400_000_000, max_value=86_400_000_000),
        st.integers(min_value=0, max_value=2),
    ),
    max_size=30, unique_by=lambda state: state.card_id,
)  # fmt: skip


def _index(states: list[CardState]) -> Index:
    index = Index(connect(None))
    with index.transaction():
        index.reset()
        index.make_indexes()
        index.put_cards(states)
    return index


def _expected(states: list[CardState]) -> list[str]:
    """The planner's own order of the due cards (planner.rank_due)."""
    due = [
        CardSnapshot(s.card_id, "fact", None, s.stability, s.difficulty, s.last_review, s.due)
        for s in states
        if s.due < END and s.last_review is not None and s.last_review < START
        and s.stability is not None
    ]  # fmt: skip
    return [snap.card_id for snap in rank_due(due, NOW)]


@settings(max_examples=300, deadline=None)
@given(STATES, st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=4))
def test_due_cards_come_ranked_as_the_planner_ranks_them_across_pages(
    states: list[CardState], first: int, page: int
) -> None:
    index = _index(states)
    with patch("trustquiz.store.index._FIRST", first), patch("trustquiz.store.index._PAGE", page):
        got = list(index.due_ranked(START, END, NOW))
    by_id = {state.card_id: state for state in states}
    assert got == [by_id[card_id] for card_id in _expected(states)]


@settings(max_examples=100, deadline=None)
@given(STATES)
def test_the_cards_answered_today_are_looked_up_whole(states: list[CardState]) -> None:
    index = _index(states)
    today = {
        s.card_id: s
        for s in states
        if (s.last_review is not None and s.last_review >= START)
        or (s.first_review is not None and s.first_review >= START)
    }
    assert index.answered_since(START) == today


def test_ranked_rows_are_read_page_by_page_and_the_rest_ranked_only_when_asked_for() -> None:
    states = [_state(f"q{n}", 1.0 + n, n + 1, -1, 0) for n in range(9)]
    index = _index(states)
    statements: list[str] = []
    index.db.set_trace_callback(statements.append)
    with patch("trustquiz.store.index._FIRST", 4), patch("trustquiz.store.index._PAGE", 2):
        assert len(list(islice(index.due_ranked(START, END, NOW), 3))) == 3
        assert [s.split()[1] for s in statements] == ["rowid", "rowid,", "rowid,"]
        statements.clear()
        assert len(list(index.due_ranked(START, END, NOW))) == 9
    ranks = [s for s in statements if s.startswith("SELECT rowid FROM")]
    assert [s.rpartition("LIMIT ")[2] for s in ranks] == ["4 OFFSET 0", "-1 OFFSET 4"]


def test_the_start_s_lookups_use_the_indexes_of_the_cards_times() -> None:
    index = _index([_state(f"q{n}", 1.0, n, -1, n % 3) for n in range(20)])
    statements: list[str] = []
    index.db.set_trace_callback(statements.append)
    list(index.due_ranked(START, END, NOW))
    index.answered_since(START)
    index.db.set_trace_callback(None)
    ranked, rows, today = (s for s in statements if s.startswith("SELECT"))

    def plan(statement: str) -> list[str]:
        return [row[3] for row in index.db.execute(f"EXPLAIN QUERY PLAN {statement}")]

    assert plan(ranked) == [
        "SEARCH cards USING COVERING INDEX cards_by_due (due_us<?)",
        "USE TEMP B-TREE FOR ORDER BY",
    ]
    assert plan(rows) == ["SEARCH cards USING INTEGER PRIMARY KEY (rowid=?)"]
    assert plan(today) == [
        "MULTI-INDEX OR",
        "INDEX 1",
        "SEARCH cards USING INDEX cards_by_last (last_us>?)",
        "INDEX 2",
        "SEARCH cards USING INDEX cards_by_first (first_us>?)",
    ]


def _indexes(home: Path) -> list[str]:
    rows = query(home, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cards'")
    return sorted(str(name) for (name,) in rows)


def _older(home: Path, version: int) -> list[tuple[object, ...]]:
    """Make the index of `home` one of `version` (the tables of version 9, without the
    indexes version 10 added), marked so that a rebuild shows; return its card rows."""
    store = open_store(home)
    for n, question in enumerate(["q1", "q2", "q3"]):
        store.append(answer(n, question, NOW - timedelta(days=3 - n), n != 1))
    store.close()
    for name in NEW:
        query(home, f"DROP INDEX {name}")
    query(home, "INSERT INTO meta VALUES ('kept', 1)")
    query(home, f"PRAGMA user_version = {version}")
    return query(home, "SELECT * FROM cards ORDER BY rowid")


def test_a_version_9_index_is_given_the_new_indexes_in_place_not_rebuilt(home: Path) -> None:
    rows = _older(home, 9)
    store = open_store(home)
    assert store.notices == []
    assert store.cards["q2"].reviews == 1
    store.close()
    assert query(home, "SELECT * FROM cards ORDER BY rowid") == rows
    assert query(home, "SELECT value FROM meta WHERE key = 'kept'") == [(1,)]
    assert query(home, "PRAGMA user_version") == [(10,)]
    assert _indexes(home) == sorted([*NEW, "sqlite_autoindex_cards_1"])


def test_a_version_9_index_of_a_folder_not_writable_is_upgraded_in_memory(home: Path) -> None:
    rows = _older(home, 9)
    later = (NOW, NOW + timedelta(days=30), NOW + timedelta(days=1))
    with patch("trustquiz.store.progress.os.access", return_value=False):
        store = open_store(home)
        assert store.notices == []
        ranked = list(store.due_ranked(*later))
        store.close()
    assert [state.card_id for state in ranked] == ["q2", "q1", "q3"]
    assert query(home, "PRAGMA user_version") == [(9,)]  # the file is left as it was
    assert query(home, "SELECT * FROM cards ORDER BY rowid") == rows


def test_a_version_8_index_is_rebuilt_from_the_log(home: Path) -> None:
    rows = _older(home, 8)
    store = open_store(home)
    assert store.notices == [
        "the index could not be read (it has version 8, not 10); rebuilt index.sqlite3 from the log"
    ]
    store.close()
    assert query(home, "SELECT * FROM cards ORDER BY rowid") == rows
    assert query(home, "SELECT value FROM meta WHERE key = 'kept'") == []
    assert _indexes(home) == sorted([*NEW, "sqlite_autoindex_cards_1"])
