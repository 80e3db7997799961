"""UPSC marking in exact fractions, the analysis of a finished paper, and when guessing pays."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

Verdict = Literal["right", "wrong", "blank"]
LEVELS = ("sure", "unsure", "guess")
ENOUGH = 10  # answers at a confidence level before its accuracy says anything


@dataclass(frozen=True)
class Marking:
    """Marks for a right answer and the penalty (a positive number) for a wrong one."""

    name: str
    label: str
    right: Fraction
    penalty: Fraction

    def net(self, right: int, wrong: int) -> Fraction:
        """The marks of `right` right and `wrong` wrong answers."""
        return self.right * right - self.penalty * wrong

    @property
    def break_even(self) -> Fraction:
        """The share of right answers above which attempting pays."""
        return self.penalty / (self.right + self.penalty)


MARKINGS = {
    "gs": Marking("gs", "GS", Fraction(2), Fraction(2, 3)),
    "csat": Marking("csat", "CSAT", Fraction(5, 2), Fraction(5, 6)),
    "none": Marking("none", "no negative", Fraction(1), Fraction(0)),
}


def two_places(value: Fraction) -> str:
    """A mark shown to two decimals: `54.67`, `-0.67`."""
    return f"{float(value):.2f}"


@dataclass(frozen=True)
class Outcome:
    """One question of a finished paper."""

    card_id: str
    topic: str
    answer: str  # the right option's letter
    response: str | None  # the letter given, None for a blank
    confidence: str | None  # sure, unsure or guess; None for a blank
    seconds: float

    @property
    def verdict(self) -> Verdict:
        """right, wrong or blank."""
        if self.response is None:
            return "blank"
        return "right" if self.response == self.answer else "wrong"


@dataclass(frozen=True)
class Tally:
    """Right, wrong and blank counts of a group of questions, and their marks."""

    right: int
    wrong: int
    blank: int
    net: Fraction

    @property
    def questions(self) -> int:
        """How many questions the group has."""
        return self.right + self.wrong + self.blank


def tally(outcomes: Sequence[Outcome], marking: Marking) -> Tally:
    """Count a group of outcomes and mark them."""
    right = sum(o.verdict == "right" for o in outcomes)
    wrong = sum(o.verdict == "wrong" for o in outcomes)
    return Tally(right, wrong, len(outcomes) - right - wrong, marking.net(right, wrong))


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis screen and `--json` show, marks kept exact."""

    marking: Marking
    total: Tally
    max_score: Fraction
    by_confidence: dict[str, Tally]
    if_only_sure: Fraction
    if_sure_and_unsure: Fraction
    seconds_median: float
    slowest: list[Outcome]
    topics: dict[str, Tally]
    outcomes: list[Outcome]

    @property
    def accuracy(self) -> float | None:
        """Right among attempted (None when nothing was attempted)."""
        attempted = self.total.right + self.total.wrong
        return self.total.right / attempted if attempted else None

    def to_json(self) -> dict[str, Any]:
        """The documented `--json` keys (marks rounded to two decimals)."""
        accuracy = self.accuracy
        return {
            "score": round(float(self.total.net), 2),
            "max_score": round(float(self.max_score), 2),
            "marking": self.marking.name,
            "questions": self.total.questions,
            "right": self.total.right,
            "wrong": self.total.wrong,
            "blank": self.total.blank,
            "accuracy": None if accuracy is None else round(accuracy, 4),
            "by_confidence": {
                level: {
                    "attempted": t.right + t.wrong,
                    "right": t.right,
                    "net": round(float(t.net), 2),
                }
                for level, t in self.by_confidence.items()
            },
            "if_only_sure": round(float(self.if_only_sure), 2),
            "if_sure_and_unsure": round(float(self.if_sure_and_unsure), 2),
            "seconds_median": round(self.seconds_median, 1),
            "topics": [
                {
                    "topic": topic,
                    "questions": t.questions,
                    "right": t.right,
                    "wrong": t.wrong,
                    "blank": t.blank,
                    "net": round(float(t.net), 2),
                }
                for topic, t in self.topics.items()
            ],
            "items": [
                {
                    "id": o.card_id,
                    "answer": o.answer,
                    "response": o.response,
                    "verdict": o.verdict,
                    "confidence": o.confidence,
                    "seconds": round(o.seconds, 1),
                }
                for o in self.outcomes
            ],
        }


def analyse(outcomes: Sequence[Outcome], marking: Marking) -> Analysis:
    """Score a finished paper and break the score down."""
    levels = {
        level: tally([o for o in outcomes if o.confidence == level], marking) for level in LEVELS
    }
    topics: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        topics.setdefault(outcome.topic, []).append(outcome)
    # Questions never opened (left blank at the end) would pull the median to nothing.
    seconds = [o.seconds for o in outcomes if o.seconds > 0]
    slowest = sorted(outcomes, key=lambda o: -o.seconds)[:5]
    return Analysis(
        marking=marking,
        total=tally(outcomes, marking),
        max_score=marking.right * len(outcomes),
        by_confidence=levels,
        if_only_sure=levels["sure"].net,
        if_sure_and_unsure=levels["sure"].net + levels["unsure"].net,
        seconds_median=statistics.median(seconds) if seconds else 0.0,
        slowest=slowest,
        topics={topic: tally(group, marking) for topic, group in sorted(topics.items())},
        outcomes=list(outcomes),
    )


_VERDICTS = {
    (True, True): "attempting both pays",
    (True, False): "answer when unsure but leave pure guesses blank",
    (False, False): "leave both blank unless you can rule options out",
    (False, True): "your guesses pay but your unsure answers do not",
    (True, None): "answering when unsure pays",
    (False, None): "leave unsure questions blank",
    (None, True): "guessing pays",
    (None, False): "leave pure guesses blank",
}


def advice(record: Mapping[str, Sequence[int]], marking: Marking) -> str:
    """One sentence: from the learner's whole record, whether unsure answers and guesses pay.

    `record[level]` is (answers, right) at that confidence level, practice and mocks alike;
    a level with fewer than ENOUGH answers is not judged.
    """
    if not marking.penalty:
        return "With no negative marking every attempt pays, so never leave a question blank."
    head = (
        f"Under {marking.label} marking an attempt pays when more than"
        f" {round(100 * marking.break_even)}% of such answers are right"
    )
    pays: dict[str, bool | None] = {}
    facts, few = [], []
    for level, name in (("unsure", "unsure answers"), ("guess", "guesses")):
        total, right = [*record.get(level, ()), 0, 0][:2]
        if total < ENOUGH:
            pays[level] = None
            few.append(f"{name} ({total})")
            continue
        pays[level] = Fraction(right, total) > marking.break_even
        facts.append(f"your {name} are right {round(100 * right / total)}% ({right} of {total})")
    if not facts:
        return (
            f"{head}; your record has too few {' and '.join(few)} yet to tell:"
            " keep marking them (b? unsure, b?? guess)."
        )
    verdict = _VERDICTS[pays["unsure"], pays["guess"]]
    tail = f" (too few {few[0]} yet to judge those)" if few else ""
    return f"{head}; {' and '.join(facts)}, so {verdict}{tail}."
