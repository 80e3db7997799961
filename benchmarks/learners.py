"""Synthetic learners for the simulation: a bank of cards, answer times, and true memory models.

Three memory models, each with per-card difficulty and per-learner ability:

- `actr`: ACT-R's declarative memory with the spacing effect, after Pavlik, P. I., &
  Anderson, J. R. (2005), "Practice and forgetting effects on vocabulary memory: an
  activation-based model of the spacing effect", Cognitive Science 29(4), 559-586.
  Activation m(t) = b + ln(sum_j (t - t_j)^-d_j), d_j = c * exp(m(t_j)) + a (a = 0.177,
  c = 0.217 as fitted there), recall = 1 / (1 + exp((tau - m) / s)). Time in days; tau and
  s are set so that one exposure is recalled 60% after a day and about 10% after 60 days.
  Every exposure adds a trace (the feedback teaches even a wrong answer). Not FSRS.
- `hlr`: half-life regression, after Settles, B., & Meeder, B. (2016), "A trainable spaced
  repetition model for language learning", ACL 2016: recall = 2^(-lag / h),
  log2 h = theta . (1, sqrt(1 + right), sqrt(1 + wrong)) + ability - difficulty, h in
  days. Exponential forgetting, no spacing effect. Not FSRS. theta = (-0.5, 2.45, 0.45)
  puts today's default schedule near the figures issue 15 reports (about 21% of the bank
  at 60 days, 37% at 150); the weaker-learner runs (ability -0.7) cover harsher memory.
- `fsrs`: FSRS-6 (Ye, J. et al., open-spaced-repetition) with each learner's parameters
  scattered around the defaults: the family the planner assumes, as a control.

A first answer is right with the card's prior (prior knowledge or a guess), not from memory.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from trustquiz.memory import AGAIN, DEFAULT_PARAMETERS, GOOD, Memory, MemoryModel
from trustquiz.pace import DEFAULT_SECONDS, STAGE_FACTOR, Stage

KIND_SHARES = {
    "mcq": 0.3,
    "statements": 0.25,
    "pairs": 0.08,
    "assertion": 0.08,
    "truefalse": 0.1,
    "numeric": 0.07,
    "text": 0.05,
    "cloze": 0.07,
}
MODELS = ("actr", "hlr", "fsrs")
ACTR_A, ACTR_C, ACTR_S, ACTR_TAU = 0.177, 0.217, 0.265, -0.107
HLR_THETA = (-0.5, 2.45, 0.45)


@dataclass(frozen=True)
class SimCard:
    """A card of the synthetic bank."""

    index: int
    card_id: str
    kind: str
    group: str | None
    difficulty: float  # shifts log memory strength down; about N(0, 0.5)
    prior: float  # chance a first answer is right


@dataclass(frozen=True)
class Learner:
    """A synthetic learner: ability, speed per kind, and for `fsrs` their own parameters."""

    ability: float
    speed: dict[str, float]
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS

    def seconds(self, kind: str, stage: Stage, rng: random.Random) -> float:
        mean = DEFAULT_SECONDS[kind] * STAGE_FACTOR[stage] * self.speed[kind]
        return mean * rng.lognormvariate(-0.06, 0.35)

    def expected_seconds(self, kind: str, stage: Stage) -> float:
        return DEFAULT_SECONDS[kind] * STAGE_FACTOR[stage] * self.speed[kind]


def make_bank(size: int, rng: random.Random) -> list[SimCard]:
    """`size` cards of mixed kinds; about one in ten shares a fact with its neighbour."""
    kinds = list(KIND_SHARES)
    weights = list(KIND_SHARES.values())
    cards = []
    for i in range(size):
        kind = rng.choices(kinds, weights)[0]
        group = f"g{i // 2}" if kind == "cloze" or rng.random() < 0.1 else None
        prior = rng.betavariate(2, 4)
        cards.append(SimCard(i, f"c{i:05d}", kind, group, rng.gauss(0, 0.5), prior))
    return cards


def make_learner(model: str, rng: random.Random, ability: float = 0.0) -> Learner:
    """A learner whose ability scatters around `ability` and whose speed varies by kind."""
    speed = {kind: rng.lognormvariate(0, 0.25) for kind in KIND_SHARES}
    parameters = DEFAULT_PARAMETERS
    if model == "fsrs":
        parameters = tuple(w * rng.lognormvariate(0, 0.15) for w in DEFAULT_PARAMETERS)
    return Learner(ability + rng.gauss(0, 0.3), speed, parameters)


@dataclass
class Trace:
    """One card's true memory: what each model needs of its history."""

    times: list[float] = field(default_factory=list)
    decays: list[float] = field(default_factory=list)
    right: int = 0
    wrong: int = 0
    memory: Memory | None = None


class Truth:
    """A learner's true memory under one model: recall probabilities and learning."""

    def __init__(self, model: str, learner: Learner, cards: Sequence[SimCard]) -> None:
        self.model = model
        self.learner = learner
        self.cards = cards
        self.fsrs = MemoryModel(learner.parameters)
        self.traces = [Trace() for _ in cards]

    def recall(self, index: int, when: float) -> float:
        """Probability the card is recalled at `when` (days); 0 if never seen."""
        trace = self.traces[index]
        if not trace.times:
            return 0.0
        shift = self.learner.ability - self.cards[index].difficulty
        if self.model == "actr":
            m = self._activation(trace, when) + shift
            return 1 / (1 + math.exp((ACTR_TAU - m) / ACTR_S))
        lag = when - trace.times[-1]
        if self.model == "hlr":
            a, b, c = HLR_THETA
            half = 2 ** (
                a + b * math.sqrt(1 + trace.right) + c * math.sqrt(1 + trace.wrong) + shift
            )
            return float(2 ** (-lag / half))
        assert trace.memory is not None
        return self.fsrs.recall(lag, trace.memory.stability * math.exp(shift))

    def answer(self, index: int, when: float, rng: random.Random) -> bool:
        """Ask the card at `when`: draw the outcome, then learn from the feedback."""
        trace = self.traces[index]
        p = self.recall(index, when) if trace.times else self.cards[index].prior
        right = rng.random() < p
        self.learn(index, when, right)
        return right

    def learn(self, index: int, when: float, right: bool) -> None:
        trace = self.traces[index]
        if self.model == "actr":
            shift = self.learner.ability - self.cards[index].difficulty
            m = self._activation(trace, when) + shift if trace.times else -math.inf
            trace.decays.append(ACTR_C * math.exp(m) + ACTR_A)
        elif self.model == "fsrs":
            rating = GOOD if right else AGAIN
            if trace.memory is None:
                trace.memory = self.fsrs.first(rating)
            else:
                last = trace.times[-1]
                same_day = int(when) == int(last)
                trace.memory = self.fsrs.after(trace.memory, when - last, rating, same_day)
        trace.right += right
        trace.wrong += not right
        trace.times.append(when)

    def gain(self, index: int, now: float, exam: float) -> tuple[float, float]:
        """Expected exam-day recall gained by asking the card now, and the chance it is right."""
        trace = self.traces[index]
        before = self.recall(index, exam)
        p = self.recall(index, now) if trace.times else self.cards[index].prior
        after = 0.0
        for right, weight in ((True, p), (False, 1 - p)):
            if weight <= 0:
                continue
            saved = Trace(list(trace.times), list(trace.decays), trace.right, trace.wrong)
            saved.memory = trace.memory
            self.learn(index, now, right)
            after += weight * self.recall(index, exam)
            self.traces[index] = saved
            trace = saved
        return after - before, p

    def _activation(self, trace: Trace, when: float) -> float:
        total = sum(
            max(when - t, 0.01) ** -d for t, d in zip(trace.times, trace.decays, strict=True)
        )
        return math.log(total)
