"""Card states in the index (one field table), settings, and the curve read without fsrs."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import fsrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustquiz import scheduler
from trustquiz.store.index import Index
from trustquiz.store.schema import connect
from trustquiz.store.state import (
    CARD_FIELDS,
    Aggregates,
    CardState,
    Settings,
    StateError,
    card_row,
    cards_from_rows,
)

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)
IST = timezone(timedelta(hours=5, minutes=30))

times = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(timezone.utc)
)
states = st.builds(
    CardState,
    card_id=st.text(min_size=1, max_size=12),
    phase=st.sampled_from(["learning", "review", "relearning"]),
    step=st.none() | st.integers(0, 3),
    stability=st.none() | st.floats(0.001, 36500),
    difficulty=st.none() | st.floats(1, 10),
    due=times,
    last_review=st.none() | times,
    first_review=st.none() | times.map(lambda t: t.astimezone(IST)),
    reviews=st.integers(0, 10_000),
    correct=st.integers(0, 10_000),
    lapses=st.integers(0, 1000),
    content_hash=st.none() | st.text(max_size=12),
    last_day=st.none() | st.dates().map(lambda d: d.isoformat()),
)


def test_the_field_table_is_the_card_state() -> None:
    assert [f.name for f in CARD_FIELDS] == list(CardState._fields)
    state = CardState(
        "c", "review", None, 3.5, 5.0, T0, T0, T0.astimezone(IST), 4, 3, 1, "h", "2026-01-01"
    )  # fmt: skip
    assert card_row(state) == (
        "c", "review", None, 3.5, 5.0, "2026-01-01T09:00:00+00:00", "2026-01-01T09:00:00+00:00",
        "2026-01-01T14:30:00+05:30", 4, 3, 1, "h", "2026-01-01",
    )  # fmt: skip


@given(cards=st.lists(states, max_size=5, unique_by=lambda s: s.card_id))
def test_card_states_round_trip_through_the_index(cards: list[CardState]) -> None:
    index = Index(connect(None))
    with index.transaction():
        index.reset()
        index.put_cards(cards)
    read = index.cards()
    assert list(read.values()) == cards
    # Exactly: the same instants, and the same offsets as they were written.
    assert [card_row(s) for s in read.values()] == [card_row(s) for s in cards]
    assert index.cards([c.card_id for c in cards[:1]]) == {c.card_id: c for c in cards[:1]}


def test_an_updated_card_keeps_its_place() -> None:
    index = Index(connect(None))
    first = CardState("a", "learning", 1, 2.0, 5.0, T0, T0, T0)
    second = first._replace(card_id="b")
    with index.transaction():
        index.reset()
        index.put_cards([first, second])
        index.put_cards([first._replace(reviews=1)])
    assert list(index.cards()) == ["a", "b"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("due", "2026-11-23T10:00:00"), ("due", "tomorrow"), ("last_review", 12)],
)
def test_a_card_value_that_cannot_be_read_is_damage(field: str, value: object) -> None:
    row = list(card_row(CardState("c", "review", None, 3.5, 5.0, T0, T0, T0)))
    row[[f.name for f in CARD_FIELDS].index(field)] = value
    with pytest.raises(StateError):
        cards_from_rows([row])


def test_the_index_refuses_a_phase_or_count_that_is_not_one() -> None:
    index = Index(connect(None))
    state = CardState("c", "review", None, 3.5, 5.0, T0, T0, T0)
    with index.transaction():
        index.reset()
    mastered = state._replace(phase="mastered")  # type: ignore[arg-type]
    for wrong in (mastered, state._replace(reviews=-1)):
        with pytest.raises(sqlite3.IntegrityError):
            index.put_cards([wrong])


def test_aggregates_count_in_and_out() -> None:
    counts = Aggregates()
    counts.count("2026-11-01", True, True, None)
    counts.count("2026-11-01", False, False, "guess")
    counts.count("2026-11-01", True, True, None, -1)
    assert counts == Aggregates({"2026-11-01": [1, 0, 0, 0]}, {"sure": [0, 0], "guess": [1, 0]})


def test_settings_parse_text_and_name_what_is_wrong() -> None:
    settings = Settings().updated(
        {"desired_retention": "0.85", "new_per_day": "5", "exam_date": "2027-05-23"}
    )
    assert settings == Settings(0.85, 5, date(2027, 5, 23))
    assert settings.updated({"exam_date": None}).exam_date is None
    cases = {
        ("desired_retention", "2"): "desired_retention: Input should be less than or equal to 0.99",
        ("desired_retention", 0.5): (
            "desired_retention: Input should be greater than or equal to 0.7"
        ),
        ("new_per_day", "many"): "new_per_day: Input should be an integer",
        ("new_per_day", 2.5): "new_per_day: Input should be a whole number",
        ("exam_date", "23/05/2027"): "exam_date: Input should be a date (YYYY-MM-DD)",
        ("colour", "red"): "colour: not a setting",
    }
    for (name, value), message in cases.items():
        with pytest.raises(StateError) as caught:
            Settings().updated({name: value})
        assert str(caught.value) == message


def test_the_curve_and_the_codes_are_fsrs_own() -> None:
    assert fsrs.Scheduler().parameters[20] == scheduler.DECAY_PARAMETER
    ours = (scheduler.AGAIN, scheduler.HARD, scheduler.GOOD, scheduler.EASY)
    ratings = (fsrs.Rating.Again, fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy)
    assert ours == tuple(int(r) for r in ratings)
    states = (fsrs.State.Learning, fsrs.State.Review, fsrs.State.Relearning)
    assert [int(s) for s in states] == [1, 2, 3]
    assert [s.name.lower() for s in states] == list(scheduler._PHASES)


@given(stability=st.floats(0.01, 3650), days=st.integers(0, 3650))
def test_retrievability_matches_fsrs_on_whole_days(stability: float, days: int) -> None:
    card = fsrs.Card(
        card_id=1, state=fsrs.State.Review, stability=stability, difficulty=5.0, last_review=T0
    )
    expected = fsrs.Scheduler().get_card_retrievability(card, T0 + timedelta(days=days))
    state = CardState("c", "review", None, stability, 5.0, T0, T0, T0)
    ours = scheduler.retrievability(state, T0 + timedelta(days=days), Settings())
    assert ours == pytest.approx(expected, rel=1e-12)
