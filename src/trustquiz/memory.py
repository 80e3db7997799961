"""The planner's memory model: FSRS-6 state updates and forgetting curve, in days, pure.

The formulas are FSRS-6's (the same as py-fsrs and fsrs-rs; a test checks them against
fsrs-rs on whole days). Times here are floats in days, so that the planner can look ahead
without building datetimes; the caller converts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)  # fmt: skip
MIN_STABILITY = 0.001


@dataclass(frozen=True)
class Memory:
    """A card's memory state: stability (days) and difficulty (1-10)."""

    stability: float
    difficulty: float


@dataclass(frozen=True)
class MemoryModel:
    """FSRS-6 parameters, plus what the planner assumes of a first answer.

    `first_recall` is the chance that a card never seen is answered right (prior knowledge
    or a lucky guess); it decides the expected memory after a first exposure.
    """

    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    first_recall: float = 0.35

    @cached_property
    def decay(self) -> float:
        return -self.parameters[20]

    @cached_property
    def factor(self) -> float:
        return float(0.9 ** (1 / self.decay) - 1)

    def recall(self, elapsed_days: float, stability: float) -> float:
        """Probability of recalling a card `elapsed_days` after its last review."""
        return float((1 + self.factor * max(0.0, elapsed_days) / stability) ** self.decay)

    def first(self, rating: int) -> Memory:
        """The memory after a card's first answer, rated `rating`."""
        w = self.parameters
        return Memory(max(w[rating - 1], MIN_STABILITY), _clamp(self._d0(rating)))

    def after(
        self, memory: Memory, elapsed_days: float, rating: int, same_day: bool | None = None
    ) -> Memory:
        """The memory after a review `elapsed_days` after the last one.

        `same_day` says whether both fall on one of the learner's days (FSRS's short-term
        update); by default, when less than a day has passed. Pass it from day boundaries:
        a learner studying daily at varying times is often a few minutes short of a day.
        """
        w = self.parameters
        s, d = memory.stability, memory.difficulty
        if elapsed_days < 1 if same_day is None else same_day:
            increase = math.exp(w[17] * (rating - 3 + w[18])) * s ** -w[19]
            if rating >= HARD:
                increase = max(increase, 1.0)
            stability = s * increase
        else:
            r = self.recall(elapsed_days, s)
            if rating == AGAIN:
                long = w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * math.exp((1 - r) * w[14])
                stability = min(long, s / math.exp(w[17] * w[18]))
            else:
                bonus = w[15] if rating == HARD else w[16] if rating == EASY else 1.0
                grow = math.exp(w[8]) * (11 - d) * s ** -w[9] * (math.exp((1 - r) * w[10]) - 1)
                stability = s * (1 + grow * bonus)
        changed = d + -w[6] * (rating - 3) * (10 - d) / 9
        difficulty = w[7] * self._d0(EASY) + (1 - w[7]) * changed
        return Memory(max(stability, MIN_STABILITY), _clamp(difficulty))

    def _d0(self, rating: int) -> float:
        w = self.parameters
        return float(w[4] - math.exp(w[5] * (rating - 1)) + 1)


def _clamp(difficulty: float) -> float:
    return min(10.0, max(1.0, difficulty))
