"""The daily fold (learning steps off) gives py-fsrs's own results, to the bit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from trustquiz import scheduler
from trustquiz.memory import DEFAULT_PARAMETERS
from trustquiz.scheduler import apply_review, fsrs_review, learner_day
from trustquiz.store.records import ReviewRecord
from trustquiz.store.state import CardState, Settings

T0 = datetime(2026, 3, 1, 6, tzinfo=timezone.utc)


@st.composite
def parameters(draw: st.DrawFn) -> tuple[float, ...] | None:
    """None (py-fsrs's defaults) or parameters such as a fit gives, within FSRS's bounds."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    if draw(st.booleans()):
        return None
    scales = draw(st.lists(st.floats(0.5, 1.5), min_size=21, max_size=21))
    return tuple(
        min(high, max(low, w * scale))
        for w, scale, low, high in zip(
            DEFAULT_PARAMETERS, scales, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS,
            strict=True,
        )
    )  # fmt: skip


answers = st.lists(
    st.tuples(st.integers(0, 24 * 400), st.integers(1, 4), st.booleans()), min_size=1, max_size=20
)


@settings(max_examples=300, deadline=None)
@given(parameters(), st.floats(0.7, 0.99), st.integers(0, 23), answers)
def test_the_daily_fold_is_py_fsrs_to_the_bit(
    fitted: tuple[float, ...] | None,
    retention: float,
    day_start: int,
    history: list[tuple[int, int, bool]],
) -> None:
    chosen = Settings(
        desired_retention=retention, day_start=day_start, parameters=fitted, learning_steps=False
    )
    ours: CardState | None = None
    theirs: CardState | None = None
    when = T0
    for n, (hours, rating, cram) in enumerate(history):
        when += timedelta(hours=hours, minutes=n)
        record = ReviewRecord(
            review_id=f"r{n}", question_id="q", time=when, response="",
            verdict="right" if rating > 1 else "wrong", rating=rating, session_id="s",
            cram=cram, day=when.date().isoformat(),
        )  # fmt: skip
        ours = apply_review(ours, record, chosen)
        if cram and rating > 1 and theirs is not None:
            theirs = theirs.counted(True)
        else:
            day = learner_day(record.time, record.day, day_start)
            theirs = fsrs_review(theirs, record, chosen, day)
        assert ours == theirs
        assert ours.stability is not None and theirs.stability is not None
        assert ours.stability.hex() == theirs.stability.hex()


def test_the_bounds_are_py_fsrs_s() -> None:
    import fsrs.scheduler

    assert (scheduler.STABILITY_MIN, scheduler.MIN_DIFFICULTY, scheduler.MAX_DIFFICULTY) == (
        fsrs.scheduler.STABILITY_MIN, fsrs.scheduler.MIN_DIFFICULTY, fsrs.scheduler.MAX_DIFFICULTY
    )  # fmt: skip
