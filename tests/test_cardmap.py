"""Card states read from the index as asked for: the same answers as reading them all."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trustquiz.api import open_store
from trustquiz.scheduler import rating_for
from trustquiz.store.records import CorrectionRecord, ReviewRecord
from trustquiz.store.state import on_day

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def review(n: int, question: str, hours: float, right: bool = True) -> ReviewRecord:
    return ReviewRecord(
        review_id=f"r{n}",
        question_id=question,
        time=T0 + timedelta(hours=hours),
        response="a",
        verdict="right" if right else "wrong",
        rating=rating_for(right),
        session_id="s",
    )


def test_a_reopened_store_reads_no_state_until_one_is_asked_for(home: Path) -> None:
    store = open_store(home)
    for n, question in enumerate(["q1", "q2", "q3"]):
        store.append(review(n, question, n))
    reopened = open_store(home)
    assert not reopened.cards.loaded
    assert reopened.cards["q2"] == store.cards["q2"]
    assert "q9" not in reopened.cards and reopened.cards.get("q9") is None
    assert list(reopened.cards.seen_ids()) == ["q1", "q2", "q3"]
    assert not reopened.cards.loaded  # lookups and ids read single rows and one column
    assert list(reopened.cards) == ["q1", "q2", "q3"]  # iterating reads them all
    assert reopened.cards.loaded


def test_answers_and_undos_before_a_full_read_are_laid_over_the_index(home: Path) -> None:
    store = open_store(home)
    store.append(review(0, "q1", 0))
    store.append(review(1, "q2", 1))
    reopened = open_store(home)
    reopened.append(review(2, "q3", 2))
    reopened.append(
        CorrectionRecord(type="undo", review_id="r0", question_id="q1", time=T0, session_id="s")
    )
    assert not reopened.cards.loaded
    assert list(reopened.cards.seen_ids()) == ["q2", "q3"]
    assert "q1" not in reopened.cards
    fresh = open_store(home, use_index=False).cards
    day = (T0, T0 + timedelta(hours=3))
    assert reopened.cards.for_today(*day) == fresh.for_today(*day)
    assert list(reopened.cards.for_today(*day)) == ["q2", "q3"]
    assert dict(reopened.cards) == dict(fresh)


@settings(max_examples=25, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.integers(0, 5), st.floats(0, 24 * 40), st.booleans()), min_size=1, max_size=25
    ),
    start_hours=st.floats(0, 24 * 60),
    length=st.floats(1, 48),
)
def test_the_days_states_are_those_a_full_read_finds(
    answers: list[tuple[int, float, bool]],
    start_hours: float,
    length: float,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        store = open_store(home)
        for n, (card, hours, right) in enumerate(sorted(answers, key=lambda a: a[1])):
            store.append(review(n, f"q{card}", hours, right))
        start = T0 + timedelta(hours=start_hours)
        end = start + timedelta(hours=length)
        everything = dict(open_store(home, use_index=False).cards)
        expected = {i: s for i, s in everything.items() if on_day(s, start, end)}
        assert open_store(home).cards.for_today(start, end) == expected
        assert list(open_store(home).cards.seen_ids()) == list(everything)
