"""FSRS scheduling: (card state, rating, time) -> new card state. The only module importing fsrs.

fsrs is imported when a review is folded, not for reading the forgetting curve: `stats`
needs only the curve, whose one parameter is pinned here and checked against fsrs by a test.
Time since the last review counts in the learner's days, as Anki counts it, not in the
whole 24-hour periods py-fsrs floors it to.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from trustquiz.store.state import CardPhase, CardState, Settings

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from trustquiz.store.records import Confidence, ReviewRecord

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
# FSRS-6's default w[20]: the forgetting curve's decay is its negative.
DECAY_PARAMETER = 0.1542
_PHASES: tuple[CardPhase, ...] = ("learning", "review", "relearning")  # fsrs State 1, 2, 3
# py-fsrs's STABILITY_MIN, MIN_DIFFICULTY and MAX_DIFFICULTY (a test checks them): imported
# for each answer of a refold they cost 0.5 s at 1,000,000 reviews.
STABILITY_MIN, MIN_DIFFICULTY, MAX_DIFFICULTY = 0.001, 1.0, 10.0


@lru_cache(maxsize=8)
def _scheduler(
    desired_retention: float, learning_steps: bool, parameters: tuple[float, ...] | None
) -> Scheduler:
    from fsrs import Scheduler

    # Fuzzing is off so that replaying the review log reproduces the live schedule exactly.
    # Every input comes from the settings lines of the log, so a replay folds as live did.
    options: dict[str, Any] = {"desired_retention": desired_retention, "enable_fuzzing": False}
    if not learning_steps:
        # Daily study: a missed card comes back the next day (and once more in the session).
        options.update(learning_steps=(), relearning_steps=())
    if parameters is not None:
        options["parameters"] = parameters
    return Scheduler(**options)


def scheduler_for(settings: Settings) -> Scheduler:
    """The fsrs scheduler the settings ask for."""
    return _scheduler(settings.desired_retention, settings.learning_steps, settings.parameters)


def rating_for(correct: bool, confidence: Confidence | None = None) -> int:
    """Map a verdict to an FSRS rating: wrong -> Again, unsure or guessed -> Hard, else Good."""
    if not correct:
        return AGAIN
    if confidence in ("unsure", "guess"):
        return HARD
    return GOOD


def _to_fsrs(state: CardState) -> Card:
    from fsrs import Card, State

    return Card(
        card_id=1,
        state=State(_PHASES.index(state.phase) + 1),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def learner_day(when: datetime, day: str | None, day_start: int) -> date:
    """The learner's day an answer given at `when` counts for, as the planner counts days:
    from `day_start` (local) to `day_start`, so a late-night answer counts for the day before.

    `day` is the day its log line says (the local calendar date it was given on; older lines
    have none): an answer before `day_start` on that date counts for the day before. When the
    line's day is not the local date of `when` (the time zone changed since), it is kept.
    """
    local = when.astimezone()
    if day is not None and day != local.date().isoformat():
        return date.fromisoformat(day)
    return (local - timedelta(hours=day_start)).date()


def elapsed_days(previous: CardState, day: date, day_start: int) -> int:
    """Whole learner days from `previous`'s last review to `day` (0: the same day)."""
    if previous.last_day is not None:
        last = date.fromisoformat(previous.last_day)
    elif previous.last_review is not None:  # a state made without its day
        last = learner_day(previous.last_review, None, day_start)
    else:
        return 0
    return max(0, (day - last).days)


def apply_review(previous: CardState | None, review: ReviewRecord, settings: Settings) -> CardState:
    """Return the card state after `review`; `previous` is None for a card never seen.

    The input is not changed. Counts for stats (reviews, correct, lapses) ride along.
    Time since the last review counts in the learner's days (`learner_day`): an answer on the
    next day counts as one day later, whatever the hour. py-fsrs floors real time to whole
    days (23 h 50 min would be a same-day review), so it is handed a last review exactly that
    many days back; the new state keeps the real times.
    """
    right = review.verdict == "right"
    if review.cram and right and previous is not None:
        # Cramming ignores the schedule: a right answer is counted but moves no due date.
        return previous.counted(right)
    day = learner_day(review.time, review.day, settings.day_start)
    if not settings.learning_steps:
        return _daily_review(previous, review, settings, day)
    return fsrs_review(previous, review, settings, day)


def fsrs_review(
    previous: CardState | None, review: ReviewRecord, settings: Settings, day: date
) -> CardState:
    """`apply_review` through py-fsrs's own review_card, for an answer not crammed, given on
    the learner's `day` (with learning steps on, and the reference the daily fold is
    checked against)."""
    from fsrs import Card, Rating, State

    right = review.verdict == "right"
    if previous is None:
        card = Card(card_id=1, due=review.time)
    else:
        card = _to_fsrs(previous)
        if card.last_review is not None:
            elapsed = elapsed_days(previous, day, settings.day_start)
            card.last_review = review.time - timedelta(days=elapsed)
    was_review = card.state == State.Review
    new, _ = scheduler_for(settings).review_card(card, Rating(review.rating), review.time)
    return CardState(
        card_id=review.question_id,
        phase=_PHASES[int(new.state) - 1],
        step=new.step,
        stability=new.stability,
        difficulty=new.difficulty,
        due=new.due,
        last_review=new.last_review,
        first_review=previous.first_review if previous else review.time,
        reviews=(previous.reviews if previous else 0) + 1,
        correct=(previous.correct if previous else 0) + int(right),
        lapses=(previous.lapses if previous else 0) + int(was_review and not right),
        content_hash=review.content_hash,
        last_day=day.isoformat(),
    )


def _daily_review(
    previous: CardState | None, review: ReviewRecord, settings: Settings, day: date
) -> CardState:
    """`apply_review` without learning steps: py-fsrs's review_card, its float operations in
    its order (a test checks the results are the same bits), without its Card, copy and log.

    Every card is then a review card after each answer, due in whole days. A refold replays
    every review through this: at 1,000,000 reviews it took 11.0 s CPU in all, against 21.1 s
    through py-fsrs (the same states, to the bit).
    """
    scheduler = scheduler_for(settings)
    w, e, rating = scheduler.parameters, math.e, review.rating
    if previous is None or previous.stability is None or previous.difficulty is None:
        stability = max(w[rating - 1], STABILITY_MIN)
        difficulty = w[4] - (e ** (w[5] * (rating - 1))) + 1
        difficulty = min(max(difficulty, MIN_DIFFICULTY), MAX_DIFFICULTY)
    else:
        s, d = previous.stability, previous.difficulty
        elapsed = elapsed_days(previous, day, settings.day_start)
        if elapsed < 1:
            increase = (e ** (w[17] * (rating - 3 + w[18]))) * (s ** -w[19])
            if rating >= HARD:
                increase = max(increase, 1.0)
            stability = s * increase
        else:
            r = (1 + scheduler._FACTOR * elapsed / s) ** scheduler._DECAY
            if rating == AGAIN:
                long = w[11] * (d ** -w[12]) * (((s + 1) ** (w[13])) - 1) * (e ** ((1 - r) * w[14]))
                stability = min(long, s / (e ** (w[17] * w[18])))
            else:
                hard = w[15] if rating == HARD else 1
                easy = w[16] if rating == EASY else 1
                grow = (e ** (w[8])) * (11 - d) * (s ** -w[9]) * ((e ** ((1 - r) * w[10])) - 1)
                stability = s * (1 + grow * hard * easy)
        stability = max(stability, STABILITY_MIN)
        easiest = w[4] - (e ** (w[5] * (EASY - 1))) + 1
        damped = d + (10.0 - d) * -(w[6] * (rating - 3)) / 9.0
        difficulty = w[7] * easiest + (1 - w[7]) * damped
        difficulty = min(max(difficulty, MIN_DIFFICULTY), MAX_DIFFICULTY)
    retention = scheduler.desired_retention ** (1 / scheduler._DECAY)
    interval = round((stability / scheduler._FACTOR) * (retention - 1))
    interval = min(max(interval, 1), scheduler.maximum_interval)
    right = review.verdict == "right"
    return CardState(
        card_id=review.question_id, phase="review", step=None, stability=stability,
        difficulty=difficulty, due=review.time + timedelta(days=interval),
        last_review=review.time,
        first_review=previous.first_review if previous else review.time,
        reviews=(previous.reviews if previous else 0) + 1,
        correct=(previous.correct if previous else 0) + int(right),
        lapses=(previous.lapses if previous else 0)
        + int(previous is not None and previous.phase == "review" and not right),
        content_hash=review.content_hash, last_day=day.isoformat(),
    )  # fmt: skip


def forgetting_curve() -> tuple[float, float]:
    """The forgetting curve's decay and factor, as fsrs derives them from its parameters."""
    decay = -DECAY_PARAMETER
    return decay, 0.9 ** (1 / decay) - 1


def retrievability(state: CardState | None, when: datetime, settings: Settings) -> float:
    """Return the predicted probability of recalling the card at `when` (0 if never seen).

    Elapsed time counts in fractional days: py-fsrs rounds down to whole days, which would
    call every card reviewed today certain to be recalled.
    """
    if state is None:
        return 0.0
    return retrievabilities({state.card_id: state}, when, settings)[state.card_id]


def retrievabilities(
    states: Mapping[str, CardState], when: datetime, settings: Settings
) -> dict[str, float]:
    """`retrievability` of many cards at one moment, with the curve's constants computed once."""
    decay, factor = forgetting_curve()
    moment = when.timestamp()
    result = {}
    for card_id, state in states.items():
        stability, last = state.stability, state.last_review
        if last is None or not stability:
            result[card_id] = 0.0
            continue
        elapsed = (moment - last.timestamp()) / 86400
        result[card_id] = float((1 + factor * max(0.0, elapsed) / stability) ** decay)
    return result
