"""The learner's pace: seconds an answer takes, by question kind and by new/review/failed card."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Stage = Literal["new", "review", "failed"]
STAGES: tuple[Stage, ...] = ("new", "review", "failed")
# Seconds for a review answered right, by kind: reading the question is most of it.
DEFAULT_SECONDS: Mapping[str, float] = {
    "mcq": 25.0,
    "statements": 45.0,
    "pairs": 40.0,
    "assertion": 35.0,
    "truefalse": 12.0,
    "numeric": 20.0,
    "text": 20.0,
    "cloze": 12.0,
}
FALLBACK_SECONDS = 25.0
# A first exposure is read slowly; a miss adds reading the feedback and the explanation.
STAGE_FACTOR: Mapping[Stage, float] = {"new": 1.4, "review": 1.0, "failed": 1.6}
MIN_ANSWERS = 10  # per kind and stage, before the learner's own median replaces the default
LONGEST_ANSWER = 600.0  # seconds: a longer answer is a break, not thinking


class Answer(NamedTuple):
    """One timed answer from the log: its kind, its stage and how long it took.

    A named tuple: a plan reads the latest 2,000 answers at every start, and a named tuple
    is made several times faster than a frozen dataclass.
    """

    kind: str
    stage: Stage
    seconds: float


@dataclass(frozen=True)
class Pace:
    """Seconds per answer by (kind, stage); defaults scaled by the learner's overall speed."""

    seconds: Mapping[tuple[str, Stage], float] = field(default_factory=dict)
    speed: float = 1.0  # the learner's time over the default, where no own figure exists

    def cost(self, kind: str, stage: Stage) -> float:
        """Expected seconds for one answer of this kind at this stage."""
        own = self.seconds.get((kind, stage))
        if own is not None:
            return own
        base = DEFAULT_SECONDS.get(kind, FALLBACK_SECONDS) * STAGE_FACTOR[stage]
        return base * self.speed

    def review_cost(self, kind: str, recall: float) -> float:
        """Expected seconds for reviewing a card recalled with probability `recall`."""
        right = self.cost(kind, "review")
        return recall * right + (1 - recall) * self.cost(kind, "failed")


def pace_from_answers(answers: Iterable[Answer]) -> Pace:
    """The learner's pace from timed answers: medians where there are enough, else defaults.

    The overall speed is the median ratio of the learner's times to the defaults, so a slow
    reader's defaults are slow too.
    """
    grouped: dict[tuple[str, Stage], list[float]] = {}
    ratios: list[float] = []
    for answer in answers:
        if not 0 < answer.seconds <= LONGEST_ANSWER:
            continue
        grouped.setdefault((answer.kind, answer.stage), []).append(answer.seconds)
        default = DEFAULT_SECONDS.get(answer.kind, FALLBACK_SECONDS) * STAGE_FACTOR[answer.stage]
        ratios.append(answer.seconds / default)
    own = {
        key: statistics.median(values)
        for key, values in grouped.items()
        if len(values) >= MIN_ANSWERS
    }
    speed = statistics.median(ratios) if len(ratios) >= MIN_ANSWERS else 1.0
    return Pace(own, speed)
