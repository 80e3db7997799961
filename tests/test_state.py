"""progress.json's plain reader and writer, and the forgetting curve read without fsrs."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import fsrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustquiz import scheduler
from trustquiz.store.state import (
    CARD_FIELDS,
    Aggregates,
    CardState,
    Settings,
    Snapshot,
    StateError,
    decode_snapshot,
    encode_snapshot,
)

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)

# A version 1 snapshot exactly as an earlier release wrote it (pydantic's JSON: times end in
# Z, each card an object).
OLD_SNAPSHOT = """{
 "schema_version": 1,
 "settings": {"desired_retention": 0.9, "new_per_day": 20, "exam_date": "2027-05-23"},
 "log_offset": 812,
 "log_lines": 3,
 "written_at": "2026-11-20T10:00:01.123456Z",
 "cards": {
  "nmm-outlay": {"card_id": "nmm-outlay", "phase": "review", "step": null,
   "stability": 3.1262, "difficulty": 5.3, "due": "2026-11-23T10:00:00Z",
   "last_review": "2026-11-20T10:00:00Z", "first_review": "2026-11-18T09:30:00.500000Z",
   "reviews": 2, "correct": 2, "lapses": 0, "content_hash": "a1b2c3d4e5f6"},
  "ree-share#1": {"card_id": "ree-share#1", "phase": "learning", "step": 1,
   "stability": 0.212, "difficulty": 6.4, "due": "2026-11-20T10:10:00Z",
   "last_review": "2026-11-20T10:00:00Z", "first_review": "2026-11-20T10:00:00Z",
   "reviews": 1, "correct": 0, "lapses": 0, "content_hash": null}
 },
 "aggregates": {"days": {"2026-11-20": [3, 2, 1, 1]}, "confidence": {"sure": [3, 2]}}
}"""


def test_a_snapshot_of_the_previous_release_reads_unchanged() -> None:
    snapshot = decode_snapshot(OLD_SNAPSHOT.encode())
    assert snapshot.settings == Settings(0.9, 20, date(2027, 5, 23))
    assert (snapshot.log_offset, snapshot.log_lines) == (812, 3)
    assert snapshot.cards["nmm-outlay"] == CardState(
        "nmm-outlay",
        "review",
        None,
        3.1262,
        5.3,
        datetime(2026, 11, 23, 10, tzinfo=timezone.utc),
        datetime(2026, 11, 20, 10, tzinfo=timezone.utc),
        datetime(2026, 11, 18, 9, 30, 0, 500000, tzinfo=timezone.utc),
        2,
        2,
        0,
        "a1b2c3d4e5f6",
    )
    assert snapshot.cards["ree-share#1"].step == 1
    assert snapshot.aggregates == Aggregates({"2026-11-20": [3, 2, 1, 1]}, {"sure": [3, 2]})


# The same progress as this version writes it: each card one line, its values in the order
# card_fields gives.
NEW_SNAPSHOT = """{
 "schema_version": 2,
 "settings": {
  "desired_retention": 0.9,
  "new_per_day": 20,
  "exam_date": "2027-05-23"
 },
 "log_offset": 812,
 "log_lines": 3,
 "written_at": "2026-11-20T10:00:01.123456Z",
 "aggregates": {
  "days": {
   "2026-11-20": [
    3,
    2,
    1,
    1
   ]
  },
  "confidence": {
   "sure": [
    3,
    2
   ]
  }
 },
 "card_fields": [
  "phase",
  "step",
  "stability",
  "difficulty",
  "due",
  "last_review",
  "first_review",
  "reviews",
  "correct",
  "lapses",
  "content_hash"
 ],
 "cards": {
  "nmm-outlay": ["review", null, 3.1262, 5.3, "2026-11-23T10:00:00Z", "2026-11-20T10:00:00Z", \
"2026-11-18T09:30:00.500000Z", 2, 2, 0, "a1b2c3d4e5f6"],
  "ree-share#1": ["learning", 1, 0.212, 6.4, "2026-11-20T10:10:00Z", "2026-11-20T10:00:00Z", \
"2026-11-20T10:00:00Z", 1, 0, 0, null]
 }
}
"""


def test_a_version_1_snapshot_is_written_back_as_version_2_one_line_per_card() -> None:
    text = encode_snapshot(decode_snapshot(OLD_SNAPSHOT.encode())).decode()
    assert text == NEW_SNAPSHOT


def test_version_2_reads_the_same_progress_as_version_1() -> None:
    old, new = decode_snapshot(OLD_SNAPSHOT.encode()), decode_snapshot(NEW_SNAPSHOT.encode())
    assert (old.schema_version, new.schema_version) == (1, 2)
    assert (new.settings, new.log_offset, new.log_lines, new.written_at) == (
        old.settings, old.log_offset, old.log_lines, old.written_at
    )  # fmt: skip
    assert new.cards == old.cards
    assert new.aggregates == old.aggregates


def test_an_empty_version_2_snapshot_round_trips() -> None:
    empty = Snapshot(schema_version=2, written_at=T0)
    text = encode_snapshot(empty)
    assert text.endswith(b'"cards": {}\n}\n')
    assert decode_snapshot(text) == empty


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
    first_review=st.none() | times,
    reviews=st.integers(0, 10_000),
    correct=st.integers(0, 10_000),
    lapses=st.integers(0, 1000),
    content_hash=st.none() | st.text(max_size=12),
)


@given(
    cards=st.lists(states, max_size=5),
    days=st.dictionaries(
        st.text(max_size=10), st.lists(st.integers(-5, 99), min_size=4, max_size=4)
    ),
    retention=st.floats(0.7, 0.99),
    per_day=st.integers(0, 1000),
    exam=st.none() | st.dates(),
)
def test_snapshot_round_trips(
    cards: list[CardState],
    days: dict[str, list[int]],
    retention: float,
    per_day: int,
    exam: date | None,
) -> None:
    snapshot = Snapshot(
        schema_version=2,
        settings=Settings(retention, per_day, exam),
        log_offset=10,
        log_lines=2,
        written_at=T0,
        cards={card.card_id: card for card in cards},
        aggregates=Aggregates(days, {"guess": [2, 1]}),
    )
    assert decode_snapshot(encode_snapshot(snapshot)) == snapshot


def _card_with(**change: object) -> bytes:
    data = json.loads(OLD_SNAPSHOT)
    data["cards"]["nmm-outlay"].update(change)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "change",
    [
        {"phase": "mastered"},
        {"due": "2026-11-23T10:00:00"},  # no timezone
        {"due": "tomorrow"},
        {"reviews": True},
        {"reviews": -1},
        {"stability": "3.1"},
        {"step": 1.5},
        {"card_id": "other"},
        {"colour": "red"},
    ],
)
def test_a_card_state_of_the_wrong_shape_is_damage(change: dict[str, object]) -> None:
    with pytest.raises(StateError):
        decode_snapshot(_card_with(**change))


def _row_with(position: int, value: object) -> bytes:
    data = json.loads(NEW_SNAPSHOT)
    data["cards"]["nmm-outlay"][position] = value
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phase", "mastered"),
        ("due", "2026-11-23T10:00:00"),  # no timezone
        ("due", "tomorrow"),
        ("due", None),
        ("last_review", "2026-11-20T10:00:00"),
        ("first_review", 17),
        ("reviews", True),
        ("correct", -1),
        ("lapses", 1.0),
        ("stability", "3.1"),
        ("difficulty", [5]),
        ("step", 1.5),
        ("content_hash", 12),
    ],
)
def test_a_version_2_card_of_the_wrong_shape_is_damage(field: str, value: object) -> None:
    with pytest.raises(StateError):
        decode_snapshot(_row_with(CARD_FIELDS.index(field), value))


@pytest.mark.parametrize(
    "change",
    [
        {"card_fields": ["phase"]},
        {"card_fields": None},
        {"cards": {"q": ["review"]}},
        {"cards": {"q": {"phase": "review"}}},
        {"schema_version": 1},  # a version 1 snapshot has no card_fields
    ],
)
def test_a_version_2_snapshot_of_the_wrong_shape_is_damage(change: dict[str, object]) -> None:
    data = json.loads(NEW_SNAPSHOT)
    data.update(change)
    with pytest.raises(StateError):
        decode_snapshot(json.dumps(data).encode())


def test_a_whole_number_stability_is_read_as_a_float() -> None:
    state = decode_snapshot(_row_with(CARD_FIELDS.index("stability"), 3)).cards["nmm-outlay"]
    assert type(state.stability) is float and state.stability == 3.0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"schema_version": "1"}',
        '{"schema_version": 1, "extra": 0}',
        '{"schema_version": 1, "settings": {"new_per_day": 5000}}',
        '{"schema_version": 1, "aggregates": {"days": {"2026-01-01": [1, 2]}}}',
        '{"schema_version": 1, "log_offset": -3}',
    ],
)
def test_a_snapshot_of_the_wrong_shape_is_damage(text: str) -> None:
    with pytest.raises(StateError):
        decode_snapshot(text.encode())


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
