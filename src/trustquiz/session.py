"""The practice loop: picks the next card, asks, grades, records. All I/O comes in through `UI`."""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from trustquiz.bank import Bank, CardRef
from trustquiz.errors import TrustquizError
from trustquiz.grading import Verdict, grade
from trustquiz.models import CardState, ReviewRecord
from trustquiz.presentation import Presented, present
from trustquiz.progress import ProgressStore
from trustquiz.scheduler import rating_for

QUIT = "q"


class UI(Protocol):
    """What the session needs from a terminal (or a test double)."""

    def show_question(self, presented: Presented, number: int, total: int, changed: bool) -> None:
        """Show a card before its answer is read."""

    def read_answer(self, presented: Presented) -> str | None:
        """Return the typed answer, or None at the end of input."""

    def show_feedback(
        self, presented: Presented, verdict: Verdict, state: CardState, now: datetime
    ) -> None:
        """Show the verdict, the right answer, the explanation and the next review."""


@dataclass(frozen=True)
class Selection:
    """Which cards a session may ask."""

    ids: Sequence[str] = ()
    topics: Sequence[str] = ()
    tags: Sequence[str] = ()
    limit: int | None = None
    new: int | None = None


@dataclass
class Summary:
    """What a session did."""

    answered: int = 0
    right: int = 0
    interrupted: bool = False
    planned: int = 0
    next_due: datetime | None = None
    per_topic: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))


def local_date(when: datetime) -> str:
    """The learner's calendar day (system time zone) for a UTC time."""
    return when.astimezone().date().isoformat()


def _matches(card: CardRef, selection: Selection) -> bool:
    question = card.question
    if selection.topics and question.topic.casefold() not in {
        t.casefold() for t in selection.topics
    }:
        return False
    wanted_tags = {t.casefold() for t in selection.tags}
    return not wanted_tags or bool(wanted_tags & {t.casefold() for t in question.tags})


def _interleave_by_topic(cards: list[CardRef]) -> list[CardRef]:
    """Round-robin across topics so that new cards do not come one topic at a time."""
    by_topic: dict[str, list[CardRef]] = {}
    for card in cards:
        by_topic.setdefault(card.question.topic, []).append(card)
    queues = list(by_topic.values())
    mixed: list[CardRef] = []
    while queues:
        for queue in queues:
            mixed.append(queue.pop(0))
        queues = [q for q in queues if q]
    return mixed


def new_today(store: ProgressStore, now: datetime) -> int:
    """How many cards were seen for the first time on the learner's current day."""
    today = local_date(now)
    return sum(
        1
        for state in store.cards.values()
        if state.first_review is not None and local_date(state.first_review) == today
    )


def due_cards(bank: Bank, store: ProgressStore, now: datetime) -> list[CardRef]:
    """Cards of the bank that are due at `now`, most overdue first."""
    due = [
        (state.due, card)
        for card in bank.cards()
        if (state := store.cards.get(card.card_id)) is not None and state.due <= now
    ]
    return [card for _, card in sorted(due, key=lambda pair: pair[0])]


def select_cards(
    bank: Bank, store: ProgressStore, now: datetime, selection: Selection
) -> list[CardRef]:
    """Due cards first (most overdue first), then new ones within today's budget."""
    if selection.ids:
        chosen: list[CardRef] = []
        for card_id in selection.ids:
            cards = bank.cards_for(card_id)
            if not cards:
                close = bank.suggest(card_id)
                hint = f" (did you mean '{close}'?)" if close else ""
                raise TrustquizError(f"no question with id '{card_id}'{hint}")
            chosen.extend(card for card in cards if card not in chosen)
        return chosen[: selection.limit] if selection.limit is not None else chosen
    due = [card for card in due_cards(bank, store, now) if _matches(card, selection)]
    budget = selection.new
    if budget is None:
        budget = max(0, store.settings.new_per_day - new_today(store, now))
    unseen = [
        card
        for card in bank.cards()
        if card.card_id not in store.cards and _matches(card, selection)
    ]
    queue = due + _interleave_by_topic(unseen)[:budget]
    return queue[: selection.limit] if selection.limit is not None else queue


@dataclass
class Session:
    """One sitting: asks each selected card once and records every answer as it is given."""

    bank: Bank
    store: ProgressStore
    ui: UI
    clock: Callable[[], datetime]
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def run(self, cards: list[CardRef]) -> Summary:
        """Ask the cards in order; stop at `q`, end of input or Ctrl-C, keeping every answer."""
        summary = Summary(planned=len(cards))
        try:
            for number, card in enumerate(cards, start=1):
                if not self._ask(card, number, len(cards), summary):
                    break
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            self.store.save()
        summary.next_due = min((s.due for s in self.store.cards.values()), default=None)
        return summary

    def _ask(self, card: CardRef, number: int, total: int, summary: Summary) -> bool:
        now = self.clock()
        presented = present(card, seed=f"{self.session_id}|{now.isoformat()}")
        previous = self.store.cards.get(card.card_id)
        changed = previous is not None and previous.content_hash not in (
            None,
            card.entry.content_hash,
        )
        self.ui.show_question(presented, number, total, changed)
        started = time.monotonic()
        while True:
            response = self.ui.read_answer(presented)
            if response is None:
                return False
            if response.strip():
                break
        if response.strip().lower() == QUIT:
            return False
        verdict = grade(presented, response)
        answered_at = self.clock()
        record = ReviewRecord(
            review_id=uuid.uuid4().hex,
            question_id=card.card_id,
            time=answered_at,
            response=response.strip(),
            verdict="right" if verdict.correct else "wrong",
            rating=rating_for(verdict.correct),
            duration_ms=int((time.monotonic() - started) * 1000),
            session_id=self.session_id,
            content_hash=card.entry.content_hash,
            shown=presented.order,
            missed=list(verdict.missed) or None,
        )
        state = self.store.append(record)
        summary.answered += 1
        summary.right += int(verdict.correct)
        topic = summary.per_topic[card.question.topic]
        topic[0] += 1
        topic[1] += int(verdict.correct)
        self.ui.show_feedback(presented, verdict, state, answered_at)
        return True


def next_due_after(store: ProgressStore, now: datetime, days: int = 1) -> int:
    """How many cards fall due between now and the end of the next `days` days."""
    horizon = now + timedelta(days=days)
    return sum(1 for state in store.cards.values() if state.due <= horizon)
