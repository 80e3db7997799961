"""Simulate learners and compare schedules on exam-day recall of the whole bank.

    python benchmarks/simulate.py                 # the full comparison (several minutes)
    python benchmarks/simulate.py --quick         # 300 cards, 2 learners: under a minute

Each learner studies once a day (a session at midday, 04:00 day start) for `minutes`, finishing
the answer in progress when the time is up; trustquiz's sessions (default, tuned, planner) ask a
missed card again at its end, MAX_ATTEMPTS times at most, as `practice` does. Exam-day recall is
the mean, over the whole bank, of the true probability of recalling a card on the exam morning
(a card never shown counts 0). Expected marks on a 100-question paper drawn from the bank assume
the learner attempts a question they recall (+2) and leaves the rest blank, so marks are 200 x
recall; a blind guess among four options is worth 0 on average (+2/4 - 2/3 x 3/4).
Learner models and their sources: see learners.py. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from learners import MODELS, Truth, make_bank, make_learner
from policies import (
    EPOCH,
    Oracle,
    Planned,
    Policy,
    RandomOrder,
    TodaysDefault,
    stage_of,
    tuned_new_per_day,
)
from workers import run_all

from trustquiz.pace import Answer
from trustquiz.refit import REFIT_EVERY
from trustquiz.session import MAX_ATTEMPTS

EXAM_HOUR = 9.5 / 24
LONG_TERM_DAYS = 30  # without an exam: recall this long after the last study day
RETENTIONS = (0.80, 0.85, 0.90)
EXAM_POLICIES = ("default", *(f"tuned-{r:.2f}" for r in RETENTIONS), "random", "oracle", "planner")
PLAIN_POLICIES = ("default", "planner", "planner-nofit")


@dataclass(frozen=True)
class Config:
    """One simulated situation."""

    model: str
    horizon: int
    minutes: float = 20.0
    size: int = 1500
    ability: float = 0.0
    exam: bool = True

    def label(self) -> str:
        exam = f"exam in {self.horizon} d" if self.exam else f"no exam, {self.horizon} d"
        weak = ", weaker learner" if self.ability < 0 else ""
        return f"{self.model}: {exam}, {self.size} cards, {self.minutes:g} min{weak}"


@dataclass(frozen=True)
class Outcome:
    """What one learner ended with under one policy."""

    recall: float  # exam-day (or long-term) recall of the whole bank
    seen: float  # share of the bank shown at least once
    minutes: float  # total minutes studied
    answers: int


def build(name: str, config: Config, truth: Truth, exam: float) -> Policy:
    cards = truth.cards
    if name == "default":
        return TodaysDefault(cards, 20, 0.9)
    if name.startswith("tuned-"):
        return TodaysDefault(cards, tuned_new_per_day(config.size, config.horizon), float(name[6:]))
    if name == "random":
        return RandomOrder(config.size, random.Random(7))
    if name == "oracle":
        return Oracle(truth, truth.learner, exam)
    exam_date = (EPOCH + timedelta(days=config.horizon)).date() if config.exam else None
    fitting = name != "planner-nofit"
    return Planned(
        cards,
        config.minutes,
        exam_date,
        # Practice refits the model itself as the log grows, exam date or not (and nothing
        # more: the learner is not assumed to run `trustquiz optimize`).
        refit_reviews=REFIT_EVERY if fitting else 0,
    )


def run(name: str, config: Config, seed: int) -> Outcome:
    """One learner (from `seed`) studying under one policy until the exam."""
    bank = make_bank(config.size, random.Random(seed))
    learner = make_learner(config.model, random.Random(seed + 1), config.ability)
    truth = Truth(config.model, learner, bank)
    exam = config.horizon + EXAM_HOUR
    policy = build(name, config, truth, exam)
    rng = random.Random(seed + 2)
    budget = config.minutes * 60
    spent_total, answers = 0.0, 0
    for day in range(config.horizon):
        start, spent = day + 0.5, 0.0
        for _ in range(4 if policy.replans else 1):
            # One practice sitting: the planned cards, then the missed ones again.
            queue = list(policy.order(start + spent / 86400, spent))
            planned = bool(queue)
            attempts: dict[int, int] = {}
            while queue and spent < budget:
                index = queue.pop(0)
                seconds, right = _ask(truth, policy, rng, index, start + spent / 86400)
                spent += seconds
                answers += 1
                attempts[index] = attempts.get(index, 0) + 1
                if policy.reask and not right and attempts[index] < MAX_ATTEMPTS:
                    queue.append(index)
            policy.session_ended()
            if spent >= budget or not planned:
                break
        spent_total += spent
    when = exam if config.exam else config.horizon + LONG_TERM_DAYS
    recall = statistics.fmean(truth.recall(c.index, when) for c in bank)
    seen = sum(1 for t in truth.traces if t.times) / config.size
    return Outcome(recall, seen, spent_total / 60, answers)


def _ask(
    truth: Truth, policy: Policy, rng: random.Random, index: int, at: float
) -> tuple[float, bool]:
    card = truth.cards[index]
    first = not truth.traces[index].times
    right = truth.answer(index, at, rng)
    stage = stage_of(first, right)
    seconds = truth.learner.seconds(card.kind, stage, rng)
    policy.observe(index, at, right, Answer(card.kind, stage, seconds))
    return seconds, right


def _job(args: tuple[str, Config, int]) -> tuple[str, Config, int, Outcome]:
    name, config, seed = args
    return name, config, seed, run(name, config, seed)


Results = dict[tuple[str, Config], list[Outcome]]


def simulate_all(jobs: Sequence[tuple[str, Config, int]], workers: int) -> Results:
    """Run every (policy, config, seed), in `workers` processes, with a bar on a terminal."""
    results: Results = {}
    for name, config, _, outcome in run_all(_job, jobs, workers):
        results.setdefault((name, config), []).append(outcome)
    return results


def mean(results: Results, name: str, config: Config) -> float:
    return statistics.fmean(o.recall for o in results[(name, config)])


def tuned(results: Results, config: Config) -> tuple[str, float]:
    """The tuned baseline: the best desired retention for this situation."""
    return max(
        ((f"tuned-{r:.2f}", mean(results, f"tuned-{r:.2f}", config)) for r in RETENTIONS),
        key=lambda pair: pair[1],
    )


def extra_configs(model: str) -> list[Config]:
    """Other situations where the planner must not fall below the tuned baseline."""
    return [
        Config(model, 150, minutes=10),
        Config(model, 60, minutes=40),
        Config(model, 60, size=600),
        Config(model, 150, size=3000),
        Config(model, 60, ability=-0.7),
        Config(model, 150, ability=-0.7),
    ]


Job = tuple[str, Config, int]


def jobs_for(
    args: argparse.Namespace,
) -> tuple[list[Config], list[Config], list[Config], list[Job]]:
    main = [Config(m, h, args.minutes, args.size) for m in args.models for h in args.horizons]
    extra = [c for m in args.models for c in extra_configs(m)] if args.extra else []
    plain = [replace(c, exam=False) for c in main if c.horizon == max(args.horizons)]
    seeds = [args.seed + 10 * i for i in range(args.learners)]
    jobs = [(p, c, s) for c in main for p in EXAM_POLICIES for s in seeds]
    jobs += [(p, c, s) for c in extra for p in (*EXAM_POLICIES[1:4], "planner") for s in seeds]
    plain_seeds = [args.seed + 10 * i for i in range(args.plain_learners)]
    jobs += [(p, c, s) for c in plain for p in PLAIN_POLICIES for s in plain_seeds]
    return main, extra, plain, jobs


def report(results: Results, main: list[Config], extra: list[Config], plain: list[Config]) -> bool:
    """Print the tables and the targets; True when every target is met."""
    ok = True
    print("Exam-day recall of the whole bank (mean over learners, min-max), marks out of 200")
    for config in main:
        print(f"\n{config.label()}")
        print(
            f"  {'policy':<14}{'recall':>8}{'range':>14}{'marks':>8}{'seen':>7}{'answers/seen':>14}"
        )
        for name in EXAM_POLICIES:
            outs = results[(name, config)]
            recalls = [o.recall for o in outs]
            seen = statistics.fmean(o.seen for o in outs)
            per = statistics.fmean(o.answers / max(1, o.seen * config.size) for o in outs)
            low, high = min(recalls), max(recalls)
            print(
                f"  {name:<14}{100 * statistics.fmean(recalls):>7.1f}%"
                f"{f'{100 * low:.1f}-{100 * high:.1f}':>14}{200 * statistics.fmean(recalls):>8.1f}"
                f"{100 * seen:>6.0f}%{per:>14.1f}"
            )
    print("\nTarget: planner >= tuned + half the gap to the oracle")
    for config in main:
        best, base = tuned(results, config)
        goal = base + (mean(results, "oracle", config) - base) / 2
        got = mean(results, "planner", config)
        ok &= _line(config, f"planner {100 * got:.1f}% vs {100 * goal:.1f}% ({best})", got >= goal)
    if extra:
        print("\nTarget: planner never below the tuned baseline")
    for config in extra:
        best, base = tuned(results, config)
        got = mean(results, "planner", config)
        ok &= _line(config, f"planner {100 * got:.1f}% vs {best} {100 * base:.1f}%", got >= base)
    if plain:
        print(
            f"\nWithout an exam: cards recalled {LONG_TERM_DAYS} days after the last study day,"
            " per minute studied (planner - default: per learner, mean +- standard error)"
        )
    for config in plain:
        rates = {
            name: [o.recall * config.size / o.minutes for o in results[(name, config)]]
            for name in PLAIN_POLICIES
        }
        gaps = [p - d for p, d in zip(rates["planner"], rates["default"], strict=True)]
        error = statistics.stdev(gaps) / math.sqrt(len(gaps)) if len(gaps) > 1 else 0.0
        text = ", ".join(f"{name} {statistics.fmean(v):.4f}" for name, v in rates.items())
        text += (
            f"; planner - default {statistics.fmean(gaps):+.4f} +- {error:.4f}"
            f" ({min(gaps):+.4f} to {max(gaps):+.4f}, {len(gaps)} learners)"
        )
        ok &= _line(config, text, statistics.fmean(gaps) >= 0)
    return ok


def _line(config: Config, text: str, met: bool) -> bool:
    print(f"  [{'met' if met else 'MISSED'}] {config.label()}: {text}")
    return met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1500, help="cards in the bank")
    parser.add_argument("--learners", type=int, default=4, help="learners per situation")
    parser.add_argument(
        "--plain-learners", type=int, default=16, help="learners per situation without an exam"
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--minutes", type=float, default=20.0, help="daily minutes")
    parser.add_argument("--horizons", type=int, nargs="+", default=[60, 150])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument(
        "--no-extra",
        dest="extra",
        action="store_false",
        help="skip the other budgets, bank sizes and weaker learners",
    )
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument(
        "--quick", action="store_true", help="300 cards, 2 learners, 30 and 60 days, no extras"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.size, args.learners, args.horizons, args.extra = 300, 2, [30, 60], False
        args.plain_learners = 2
    main_configs, extra, plain, jobs = jobs_for(args)
    started = time.monotonic()
    results = simulate_all(jobs, args.jobs)
    ok = report(results, main_configs, extra, plain)
    print(f"\n{len(jobs)} runs in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
