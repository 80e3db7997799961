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
    settings = Settings()
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
    stepped = apply_review(None, answer("right", 3), Settings())
    assert (stepped.phase, stepped.due) == ("learning", t0 + timedelta(minutes=10))
