"""The schedules the simulation compares: today's trustquiz, random, an oracle and the planner."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler
from learners import Learner, SimCard, Truth

from trustquiz.fitting import NotEnoughReviewsError, Review, fit_parameters
from trustquiz.memory import AGAIN, GOOD, Memory, MemoryModel
from trustquiz.pace import Answer, Pace, Stage, pace_from_answers
from trustquiz.planner import CardSnapshot, PlanSettings, day_bounds, plan_day

EPOCH = datetime(2027, 1, 1, tzinfo=timezone.utc)


def moment(days: float) -> datetime:
    return EPOCH + timedelta(days=days)


class Policy:
    """A schedule: each day it orders cards; it is told every answer."""

    replans = False  # may it be asked again the same day when its list runs out early?
    reask = False  # does the session ask a missed card again before it ends, as practice does?

    def order(self, now: float, spent: float) -> Sequence[int]:
        raise NotImplementedError

    def observe(self, index: int, when: float, right: bool, answer: Answer) -> None:
        """Learn of one answer (most policies only need their own state)."""

    def session_ended(self) -> None:
        """A practice sitting ended (trustquiz refits its memory model then, when due)."""


class TodaysDefault(Policy):
    """trustquiz before the planner: py-fsrs with its learning steps, due first, N new a day.

    Its store is py-fsrs's own, as trustquiz's was then: elapsed time floored to whole days.
    Its sessions asked a missed card again before they ended, as practice still does.
    """

    reask = True

    def __init__(self, cards: Sequence[SimCard], new_per_day: int, retention: float) -> None:
        self.cards = cards
        self.new_per_day = new_per_day
        self.scheduler = Scheduler(desired_retention=retention, enable_fuzzing=False)
        self.states: dict[int, Card] = {}
        self.first_day: dict[int, int] = {}
        self.next_new = 0

    def order(self, now: float, spent: float) -> Sequence[int]:
        at = moment(now)
        due = sorted((c.due, i) for i, c in self.states.items() if c.due <= at)
        today = int(now)
        budget = self.new_per_day - sum(1 for d in self.first_day.values() if d == today)
        new = list(range(self.next_new, min(len(self.cards), self.next_new + max(0, budget))))
        return [i for _, i in due] + new

    def observe(self, index: int, when: float, right: bool, answer: Answer) -> None:
        if index not in self.states:
            self.states[index] = Card(card_id=index + 1, due=moment(when))
            self.first_day[index] = int(when)
            self.next_new = max(self.next_new, index + 1)
        rating = Rating.Good if right else Rating.Again
        self.states[index], _ = self.scheduler.review_card(self.states[index], rating, moment(when))


class RandomOrder(Policy):
    """Every card of the bank in a fresh random order each day."""

    replans = True

    def __init__(self, size: int, rng: random.Random) -> None:
        self.size = size
        self.rng = rng

    def order(self, now: float, spent: float) -> Sequence[int]:
        order = list(range(self.size))
        self.rng.shuffle(order)
        return order


class Oracle(Policy):
    """Knows the learner's true memory: each day, the largest expected gain per second first."""

    def __init__(self, truth: Truth, learner: Learner, exam: float) -> None:
        self.truth = truth
        self.learner = learner
        self.exam = exam
        self.asked: set[int] = set()
        self.day = -1

    def order(self, now: float, spent: float) -> Sequence[int]:
        if int(now) != self.day:
            self.day, self.asked = int(now), set()
        ranked = []
        for card in self.truth.cards:
            if card.index in self.asked:
                continue
            gain, p = self.truth.gain(card.index, now, self.exam)
            if self.truth.traces[card.index].times:
                right = self.learner.expected_seconds(card.kind, "review")
                cost = p * right + (1 - p) * self.learner.expected_seconds(card.kind, "failed")
            else:
                cost = self.learner.expected_seconds(card.kind, "new")
            if gain > 0:
                ranked.append((-gain / cost, card.index))
        ranked.sort()
        return [i for _, i in ranked]

    def observe(self, index: int, when: float, right: bool, answer: Answer) -> None:
        self.asked.add(index)


class Planned(Policy):
    """The new planner, told only the exam date (or none) and the daily minutes.

    Its store folds answers as trustquiz's does (`scheduler.apply_review`, learning steps
    off): elapsed time in whole learner days (04:00 to 04:00), an answer on the same learner
    day as the last one a same-day review, and whole-day intervals, as py-fsrs gives them.
    As practice does, it refits the memory model at the end of a sitting once the log has
    grown by `refit_reviews` answers since the last fit, and then recomputes every card's
    memory state and due date as if the new parameters had folded its whole history, as the
    store does when it keeps new parameters (store/refold.py). It models nothing else: no
    `trustquiz optimize` by hand, with or without an exam date.
    """

    replans = True
    reask = True

    def __init__(
        self,
        cards: Sequence[SimCard],
        minutes: float,
        exam: date | None,
        model: MemoryModel | None = None,
        refit_reviews: int = 0,
    ) -> None:
        self.cards = cards
        self.settings = PlanSettings(daily_minutes=minutes, exam_date=exam, day_start=4)
        self.model = model or MemoryModel()
        self.snapshots = [CardSnapshot(c.card_id, c.kind, c.group) for c in cards]
        self.answers: list[Answer] = []
        self.pace = Pace()
        self.paced_day = -1
        self.refit_reviews = refit_reviews
        self.log: list[Review] = []
        self.fitted_reviews = 0
        self.histories: dict[int, list[tuple[datetime, int]]] = {}  # by card, oldest first

    def order(self, now: float, spent: float) -> Sequence[int]:
        if int(now) != self.paced_day:
            self.paced_day = int(now)
            self.pace = pace_from_answers(self.answers)
        plan = plan_day(self.snapshots, self.settings, self.pace, self.model, moment(now), spent)
        return [int(card_id[1:]) for card_id in plan.card_ids]

    def session_ended(self) -> None:
        if self.refit_reviews and len(self.log) - self.fitted_reviews >= self.refit_reviews:
            try:
                fit = fit_parameters(self.log)
            except NotEnoughReviewsError:
                return
            self.fitted_reviews = len(self.log)
            self.model = MemoryModel(tuple(round(w, 4) for w in fit.parameters))
            self._refold()

    def _refold(self) -> None:
        """Every card's state and due date replayed from its answers with the current model."""
        for index, history in self.histories.items():
            card = self.cards[index]
            self.snapshots[index] = CardSnapshot(card.card_id, card.kind, card.group)
            for at, rating in history:
                self._update(index, at, rating)

    def observe(self, index: int, when: float, right: bool, answer: Answer) -> None:
        self.answers.append(answer)
        rating = GOOD if right else AGAIN
        at = moment(when)
        self.log.append(Review(self.cards[index].card_id, at, rating))
        self.histories.setdefault(index, []).append((at, rating))
        self._update(index, at, rating)

    def _update(self, index: int, at: datetime, rating: int) -> None:
        old = self.snapshots[index]
        if old.stability is None or old.last_review is None:
            memory = self.model.first(rating)
            first = at
        else:
            last_day = day_bounds(old.last_review, self.settings)[0]
            elapsed = max(0, (day_bounds(at, self.settings)[0] - last_day).days)
            known = Memory(old.stability, old.difficulty or 5.0)
            memory = self.model.after(known, elapsed, rating, same_day=elapsed < 1)
            first = old.first_review or at
        interval = (
            memory.stability
            / self.model.factor
            * (self.settings.desired_retention ** (1 / self.model.decay) - 1)
        )
        due = at + timedelta(days=max(1, round(interval)))
        self.snapshots[index] = CardSnapshot(
            old.card_id, old.kind, old.group, memory.stability, memory.difficulty, at, due, first
        )


def tuned_new_per_day(size: int, horizon: int) -> int:
    return math.ceil(size / horizon)


def stage_of(first: bool, right: bool) -> Stage:
    return "new" if first else "review" if right else "failed"
