"""The simulation benchmark: seeded, and the planner ahead of the tuned baseline on a small case."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import simulate
from learners import Truth, make_bank, make_learner
from policies import Planned, moment

from trustquiz.clock import local_day
from trustquiz.memory import DEFAULT_PARAMETERS, MemoryModel
from trustquiz.pace import Answer
from trustquiz.scheduler import apply_review
from trustquiz.store.records import ReviewRecord
from trustquiz.store.state import Settings


def test_planner_beats_the_tuned_baseline_on_a_small_seeded_case() -> None:
    config = simulate.Config("actr", 30, minutes=10, size=200)
    planner = simulate.run("planner", config, 11)
    tuned = [simulate.run(f"tuned-{r:.2f}", config, 11) for r in simulate.RETENTIONS]
    assert planner.seen == 0.93
    assert round(planner.recall, 3) == 0.740
    assert [round(t.recall, 3) for t in tuned] == [0.513, 0.509, 0.482]
    assert planner.recall >= max(t.recall for t in tuned)


def test_runs_are_reproducible_and_count_every_answer() -> None:
    config = simulate.Config("hlr", 10, minutes=5, size=100)
    first, again = simulate.run("default", config, 5), simulate.run("default", config, 5)
    assert first == again
    assert 50 <= first.minutes <= 55  # ten days of five minutes, the last answer finished
    assert first.seen == 0.36  # due cards first, then new ones while the five minutes last


def test_memory_models_forget_and_learn() -> None:
    bank = make_bank(10, random.Random(1))
    for model in ("actr", "hlr", "fsrs"):
        truth = Truth(model, make_learner(model, random.Random(2)), bank)
        assert truth.recall(0, 1.0) == 0.0
        truth.learn(0, 0.0, True)
        day, month = truth.recall(0, 1.0), truth.recall(0, 30.0)
        assert 0 < month < day < 1
        truth.learn(0, 2.0, True)
        assert truth.recall(0, 32.0) > month


def _fold_with_store(times: list[float], ratings: list[int]) -> list[tuple[float, float, float]]:
    """(stability, difficulty, days to due) after each answer, as trustquiz's own store folds
    the log of daily study (learning steps off; each line's day as a session writes it)."""
    settings, state = Settings(learning_steps=False), None
    states: list[tuple[float, float, float]] = []
    for n, (when, rating) in enumerate(zip(times, ratings, strict=True)):
        at = moment(when)
        record = ReviewRecord(
            review_id=str(n), question_id="c0", time=at, response="", session_id="s",
            verdict="right" if rating > 1 else "wrong", rating=rating,
            day=local_day(at).isoformat(),
        )  # fmt: skip
        state = apply_review(state, record, settings)
        assert state.stability is not None and state.difficulty is not None
        states.append((state.stability, state.difficulty, (state.due - at).days))
    return states


def _fold_with_planned(times: list[float], ratings: list[int]) -> list[tuple[float, float, float]]:
    bank = make_bank(1, random.Random(1))
    policy, states = Planned(bank, 20, None), []
    for when, rating in zip(times, ratings, strict=True):
        policy._update(0, moment(when), rating)
        card = policy.snapshots[0]
        assert card.stability and card.difficulty and card.due and card.last_review
        days = (card.due - card.last_review).total_seconds() / 86400
        states.append((card.stability, card.difficulty, days))
    return states


def _rounded(states: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    return [(round(s, 6), round(d, 6), days) for s, d, days in states]


def test_the_simulated_store_gives_whole_day_intervals_as_the_store_does() -> None:
    times, ratings = [0.5, 2.5, 8.5, 31.5, 32.5, 34.5], [3, 3, 3, 1, 3, 3]
    planned = _fold_with_planned(times, ratings)
    assert _rounded(planned) == _rounded(_fold_with_store(times, ratings))
    assert [days for _, _, days in planned] == [2, 11, 33, 2, 4, 8]


def test_the_simulated_store_counts_learner_days_as_the_store_does() -> None:
    # Study days at drifting times: the second answer comes 23 h 46 min after the first, on
    # the next day; the fifth at 02:53, before the day starts at 04:00, so on the fourth's day.
    times = [0.60, 1.59, 3.70, 9.55, 10.12, 13.52]
    ratings = [3, 3, 3, 1, 3, 3]
    planned = _fold_with_planned(times, ratings)
    assert _rounded(planned) == _rounded(_fold_with_store(times, ratings))
    assert round(planned[1][0], 4) == 7.3153  # a day apart, as a day later would be
    assert planned[4][0] >= planned[3][0] and planned[4][2] == planned[3][2]  # the same day


def test_the_simulated_planner_refits_and_reschedules_as_practice_does() -> None:
    # 600 answers over 12 days, each of 50 cards once a day, in sittings of a day each.
    bank = make_bank(50, random.Random(1))
    policy = Planned(bank, 20, moment(90).date(), refit_reviews=500)
    for n in range(600):
        policy.observe(n % 50, n // 50 + 0.5, n % 7 != 0, Answer("mcq", "review", 10.0))
        if n % 50 == 49 and n < 450:
            policy.session_ended()  # 450 answers or fewer: not refitted yet
            assert policy.model == MemoryModel()
    before = list(policy.snapshots)
    policy.session_ended()
    assert policy.fitted_reviews == 600
    assert policy.model.parameters != DEFAULT_PARAMETERS
    assert policy.model.first_recall == MemoryModel().first_recall  # as trustquiz keeps it
    # Every card's state and due date are now its answers replayed with the fitted model,
    # as if it had been in use from the first answer.
    replayed = Planned(bank, 20, moment(90).date(), model=policy.model)
    for n in range(600):
        replayed.observe(n % 50, n // 50 + 0.5, n % 7 != 0, Answer("mcq", "review", 10.0))
    assert policy.snapshots == replayed.snapshots
    assert all(a.stability != b.stability for a, b in zip(before, policy.snapshots, strict=True))
