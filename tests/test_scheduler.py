"""FSRS scheduling pinned with a fixed clock (fuzzing is off)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from trustquiz.scheduler import (
    AGAIN,
    GOOD,
    HARD,
    apply_review,
    rating_for,
    retrievabilities,
    retrievability,
)
from trustquiz.store.records import ReviewRecord
from trustquiz.store.state import Settings

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)


def review(rating: int, when: datetime, verdict: str = "right") -> ReviewRecord:
    return ReviewRecord(
        review_id=f"r{when.timestamp()}",
        question_id="q",
        time=when,
        response="",
        verdict="wrong" if rating == AGAIN else "right",
        rating=rating,
        session_id="s",
    )


def test_rating_map() -> None:
    assert rating_for(False) == AGAIN
    assert rating_for(True) == GOOD
    assert rating_for(True, "unsure") == HARD
    assert rating_for(True, "guess") == HARD
    assert rating_for(False, "sure") == AGAIN


def test_interval_sequence_is_pinned() -> None:
    settings = Settings(learning_steps=True)
    first = apply_review(None, review(GOOD, T0), settings)
    assert (first.phase, first.due - T0) == ("learning", timedelta(minutes=10))
    second = apply_review(first, review(GOOD, first.due), settings)
    assert second.phase == "review"
    assert (second.due - first.due).days == 2
    third = apply_review(second, review(GOOD, second.due), settings)
    assert (third.due - second.due).days == 11
    lapse = apply_review(third, review(AGAIN, third.due), settings)
    assert (lapse.phase, lapse.lapses, lapse.reviews, lapse.correct) == ("relearning", 1, 4, 3)
    assert lapse.due - third.due == timedelta(minutes=10)
    assert first.reviews == 1 and first.first_review == T0 and lapse.first_review == T0


def test_input_state_is_not_changed_and_retrievability_falls() -> None:
    settings = Settings()
    state = apply_review(None, review(GOOD, T0), settings)
    again = apply_review(state, review(GOOD, state.due), settings)
    assert state.reviews == 1 and again.reviews == 2
    assert retrievability(None, T0, settings) == 0.0
    soon = retrievability(again, again.due, settings)
    later = retrievability(again, again.due + timedelta(days=30), settings)
    assert 0.85 < soon < 0.95
    assert later < soon


def test_retrievability_counts_fractions_of_a_day() -> None:
    # py-fsrs rounds elapsed time down to whole days, so a card seen this morning would read
    # as certain all day; trustquiz computes the curve with fractional days.
    settings = Settings()
    state = apply_review(None, review(AGAIN, T0), settings)
    assert state.stability is not None
    half_day = retrievability(state, T0 + timedelta(hours=12), settings)
    decay = -0.1542  # FSRS-6 default w[20]
    factor = 0.9 ** (1 / decay) - 1
    assert abs(half_day - (1 + factor * 0.5 / state.stability) ** decay) < 0.002
    assert half_day < 0.9
    assert retrievability(state, T0, settings) == 1.0
    many = retrievabilities({"q": state}, T0 + timedelta(hours=12), settings)
    assert many == {"q": half_day}


def test_without_learning_steps_a_new_card_goes_straight_to_review() -> None:
    from datetime import datetime, timedelta, timezone

    from trustquiz.scheduler import apply_review
    from trustquiz.store.records import ReviewRecord
    from trustquiz.store.state import Settings

    t0 = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)

    def answer(verdict: str, rating: int) -> ReviewRecord:
        return ReviewRecord(
            review_id="r", question_id="q", time=t0, response="", verdict=verdict,
            rating=rating, session_id="s",
        )  # fmt: skip

    daily = Settings(learning_steps=False)
    missed = apply_review(None, answer("wrong", 1), daily)
    assert (missed.phase, missed.due) == ("review", t0 + timedelta(days=1))
    known = apply_review(None, answer("right", 3), daily)
    assert (known.phase, known.due) == ("review", t0 + timedelta(days=2))
    assert Settings().learning_steps is False  # a new log studies without them
    stepped = apply_review(None, answer("right", 3), Settings(learning_steps=True))
    assert (stepped.phase, stepped.due) == ("learning", t0 + timedelta(minutes=10))


def _on(day: str, rating: int, when: datetime) -> ReviewRecord:
    """A review the log counts for the learner's `day` (as every answer's line says)."""
    return review(rating, when).model_copy(update={"day": day})


def _recall_grown(stability: float, difficulty: float, days: int) -> float:
    """FSRS-6's stability after a Good answer `days` whole days after the last review."""
    import math

    from fsrs.scheduler import DEFAULT_PARAMETERS as w

    decay = -w[20]
    recall = (1 + (0.9 ** (1 / decay) - 1) * days / stability) ** decay
    grow = math.exp(w[8]) * (11 - difficulty) * stability ** -w[9]
    return float(stability * (1 + grow * (math.exp((1 - recall) * w[10]) - 1)))


def test_a_next_day_answer_counts_as_a_day_even_under_24_hours_later() -> None:
    # py-fsrs floors the time since the last review to whole days: 23 h 50 min would be a
    # same-day review and leave the stability at 2.31. The learner's days count instead.
    daily = Settings(learning_steps=False)
    first = apply_review(None, _on("2026-01-01", GOOD, T0), daily)
    assert first.stability == 2.3065 and first.last_day == "2026-01-01"
    later = T0 + timedelta(hours=23, minutes=50)
    second = apply_review(first, _on("2026-01-02", GOOD, later), daily)
    assert first.difficulty is not None and second.stability is not None
    assert second.stability == _recall_grown(2.3065, first.difficulty, 1)
    assert round(second.stability, 4) == 7.3153
    assert second.due == later + timedelta(days=7)
    assert (second.last_review, second.last_day) == (later, "2026-01-02")


def test_elapsed_days_are_learner_days_not_24_hour_periods() -> None:
    # A day runs from 04:00 to 04:00 (day_start; TZ=UTC in the tests).
    daily = Settings(learning_steps=False)
    early = datetime(2026, 1, 1, 3, 30, tzinfo=timezone.utc)  # the learner's 31 December
    first = apply_review(None, _on("2026-01-01", GOOD, early), daily)
    assert first.difficulty is not None and first.last_day == "2025-12-31"
    # 25 hours later, at 04:30 on the 2nd: two learner days (py-fsrs: one).
    at = early + timedelta(hours=25)
    two = apply_review(first, _on("2026-01-02", GOOD, at), daily)
    assert two.stability == _recall_grown(2.3065, first.difficulty, 2)
    assert (round(two.stability, 4), two.due - at) == (10.9643, timedelta(days=11))
    # 4 days 23 hours later, at 02:30 on the 6th (the learner's 5th): five days (py-fsrs: four).
    at = early + timedelta(days=4, hours=23)
    five = apply_review(first, _on("2026-01-06", GOOD, at), daily)
    assert five.stability == _recall_grown(2.3065, first.difficulty, 5)
    assert (round(five.stability, 4), five.due - at) == (18.1679, timedelta(days=18))
    # Twenty minutes later, still before 04:00: a same-day review, no growth.
    at = early + timedelta(minutes=20)
    same = apply_review(first, _on("2026-01-01", GOOD, at), daily)
    assert (same.stability, same.due - at) == (2.3065, timedelta(days=2))


def test_a_late_night_session_past_midnight_is_the_same_day_until_day_start() -> None:
    daily = Settings(learning_steps=False)
    late = datetime(2026, 1, 1, 23, 30, tzinfo=timezone.utc)
    first = apply_review(None, _on("2026-01-01", GOOD, late), daily)
    after_midnight = _on("2026-01-02", GOOD, late + timedelta(hours=1))
    assert apply_review(first, after_midnight, daily).stability == 2.3065
    # With days starting at midnight the same answer comes a day later.
    midnight = Settings(learning_steps=False, day_start=0)
    first = apply_review(None, _on("2026-01-01", GOOD, late), midnight)
    assert round(apply_review(first, after_midnight, midnight).stability or 0, 4) == 7.3153


def test_a_line_whose_day_is_not_the_local_date_of_its_time_keeps_its_day() -> None:
    # Answered at 19:00 UTC where it was already the 2nd (UTC+5:30): the line's day stands.
    daily = Settings(learning_steps=False)
    first = apply_review(None, _on("2026-01-01", GOOD, T0), daily)
    evening = _on("2026-01-02", GOOD, T0 + timedelta(hours=10))
    assert apply_review(first, evening, daily).last_day == "2026-01-02"


def test_lines_without_a_day_count_by_the_local_time_and_day_start() -> None:
    daily = Settings(learning_steps=False)
    first = apply_review(None, review(GOOD, T0), daily)
    assert first.last_day == "2026-01-01"
    next_day = apply_review(first, review(GOOD, T0 + timedelta(hours=23, minutes=50)), daily)
    assert (round(next_day.stability or 0, 4), next_day.last_day) == (7.3153, "2026-01-02")
    # A state kept without its day (an index from before) reads the day off its last review.
    bare = first._replace(last_day=None)
    assert apply_review(bare, review(GOOD, T0 + timedelta(hours=23, minutes=50)), daily) == next_day


def test_a_crammed_right_answer_keeps_the_day_of_the_last_scheduled_review() -> None:
    daily = Settings(learning_steps=False)
    first = apply_review(None, _on("2026-01-01", GOOD, T0), daily)
    crammed = _on("2026-01-02", GOOD, T0 + timedelta(days=1)).model_copy(update={"cram": True})
    kept = apply_review(first, crammed, daily)
    assert (kept.last_day, kept.last_review, kept.reviews) == ("2026-01-01", T0, 2)
