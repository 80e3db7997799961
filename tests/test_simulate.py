"""The simulation benchmark: seeded, and the planner ahead of the tuned baseline on a small case."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import simulate
from learners import Truth, make_bank, make_learner


def test_planner_beats_the_tuned_baseline_on_a_small_seeded_case() -> None:
    config = simulate.Config("actr", 30, minutes=10, size=200)
    planner = simulate.run("planner", config, 11)
    tuned = [simulate.run(f"tuned-{r:.2f}", config, 11) for r in simulate.RETENTIONS]
    assert planner.seen == 0.945
    assert round(planner.recall, 3) == 0.733
    assert [round(t.recall, 3) for t in tuned] == [0.517, 0.498, 0.486]
    assert planner.recall >= max(t.recall for t in tuned)


def test_runs_are_reproducible_and_count_every_answer() -> None:
    config = simulate.Config("hlr", 10, minutes=5, size=100)
    first, again = simulate.run("default", config, 5), simulate.run("default", config, 5)
    assert first == again
    assert 50 <= first.minutes <= 55  # ten days of five minutes, the last answer finished
    assert first.seen == 0.36  # due cards first, then new ones while the five minutes last


def test_memory_models_forget_and_learn() -> None:
    import random

    bank = make_bank(10, random.Random(1))
    for model in ("actr", "hlr", "fsrs"):
        truth = Truth(model, make_learner(model, random.Random(2)), bank)
        assert truth.recall(0, 1.0) == 0.0
        truth.learn(0, 0.0, True)
        day, month = truth.recall(0, 1.0), truth.recall(0, 30.0)
        assert 0 < month < day < 1
        truth.learn(0, 2.0, True)
        assert truth.recall(0, 32.0) > month
