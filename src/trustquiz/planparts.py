"""What a day's plan is made of: card snapshots, the learner's settings, the plan itself,
the day's bounds, and taking ranked cards into the minutes. Pure, like the planner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal

from trustquiz.errors import TrustquizError
from trustquiz.memory import Memory

Mode = Literal["normal", "exam", "after-exam"]
DAY_SECONDS = 86400.0


class PlanError(TrustquizError):
    """The planner was given something it cannot plan with."""


@dataclass(frozen=True)
class CardSnapshot:
    """What the planner needs of one card; `stability` None means never answered."""

    card_id: str
    kind: str
    group: str | None = None
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    due: datetime | None = None
    first_review: datetime | None = None

    @property
    def is_new(self) -> bool:
        return self.stability is None or self.last_review is None


@dataclass(frozen=True)
class PlanSettings:
    """The learner's settings that shape a day."""

    daily_minutes: float = 20.0
    day_start: int = 4
    exam_date: date | None = None
    desired_retention: float = 0.9
    new_per_day: int = 20
    tz: tzinfo = timezone.utc
    # Force a share of the unseen cards into each day so the bank is seen before the last
    # pass. Off: in the simulation it cost exam-day recall at 60 days; ranking decides.
    see_all: bool = False


@dataclass(frozen=True)
class Plan:
    """Today's cards in order (before in-session re-asks) and what the header says."""

    card_ids: tuple[str, ...]
    mode: Mode
    planned_reviews: int
    planned_new: int
    seconds: float

    @property
    def minutes(self) -> float:
        return self.seconds / 60


def day_bounds(now: datetime, settings: PlanSettings) -> tuple[date, datetime, datetime]:
    """The learner's day containing `now` (days start at `day_start` local) and its UTC bounds."""
    if now.tzinfo is None:
        raise PlanError("the planner needs a timezone-aware time")
    local = now.astimezone(settings.tz) - timedelta(hours=settings.day_start)
    today = local.date()
    start_local = datetime.combine(today, time(settings.day_start), settings.tz)
    start = start_local.astimezone(timezone.utc)
    end = (
        datetime.combine(today + timedelta(days=1), time(settings.day_start), settings.tz)
    ).astimezone(timezone.utc)
    return today, start, end


def elapsed_days(card: CardSnapshot, when: datetime) -> float:
    assert card.last_review is not None
    return (when - card.last_review).total_seconds() / DAY_SECONDS


def overdue_ratio(card: CardSnapshot, when: datetime) -> float:
    """Elapsed days over stability: the larger, the less likely the card is recalled."""
    assert card.stability is not None
    return max(0.0, elapsed_days(card, when)) / card.stability


def memory_of(card: CardSnapshot) -> Memory:
    assert card.stability is not None
    return Memory(card.stability, card.difficulty if card.difficulty is not None else 5.0)


def take(
    ranked: Iterable[tuple[CardSnapshot, float]],
    busy: set[str],
    budget: float,
    cheapest: float = 0.0,
    most: int | None = None,
    patience: int | None = None,
) -> list[tuple[CardSnapshot, float]]:
    """Cards in rank order that fit the budget, one per sibling group, `most` at most; once
    the budget is below `cheapest` (no card can cost less), or `patience` cards in a row have
    not fitted, the rest of `ranked` is not read."""
    chosen: list[tuple[CardSnapshot, float]] = []
    taken = set(busy)
    misses = 0
    for card, cost in ranked:
        if budget < cheapest or (most is not None and len(chosen) >= most):
            break
        if cost > budget:
            misses += 1
            if patience is not None and misses >= patience:
                break
            continue
        misses = 0
        if card.group and card.group in taken:
            continue
        chosen.append((card, cost))
        budget -= cost
        if card.group:
            taken.add(card.group)
    return chosen
