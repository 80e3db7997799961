"""The practice loop: picks the next card, asks, grades, records. All I/O comes in through `UI`."""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from trustquiz.bank.entries import CardRef
from trustquiz.bank.loader import Bank
from trustquiz.clock import local_day
from trustquiz.kinds.grading import Grade, grade
from trustquiz.kinds.presentation import Presented, present
from trustquiz.scheduler import rating_for
from trustquiz.store.progress import ProgressStore
from trustquiz.store.records import Confidence, CorrectionRecord, ReviewRecord
from trustquiz.store.state import CardState

QUIT, SKIP, UNDO, OVERRIDE, HELP = "q", "s", "u", "!", "?"
KEYS = (
    ("a-d", "choose an option (or type the option's text)"),
    ("answer?", "a trailing ? marks the answer as unsure"),
    ("answer??", "a trailing ?? marks it as a guess"),
    (SKIP, "skip this question"),
    (UNDO, "undo the last answer and answer it again"),
    (OVERRIDE, "count the last answer as right (e.g. a typo the grader missed)"),
    (QUIT, "save and quit"),
    (HELP, "show these keys"),
)
MAX_ATTEMPTS = 3


class UI(Protocol):
    """What the session needs from a terminal (or a test double)."""

    def show_question(self, presented: Presented, number: int, total: int, changed: bool) -> None:
        """Show a card before its answer is read."""

    def read_answer(self, presented: Presented) -> str | None:
        """Return the typed answer, or None at the end of input."""

    def show_feedback(
        self, presented: Presented, verdict: Grade, state: CardState | None, now: datetime
    ) -> None:
        """Show the verdict, the right answer, the explanation and the next review."""

    def show_notice(self, text: str) -> None:
        """Show a one-line message (undo, override, skip)."""

    def show_keys(self, keys: tuple[tuple[str, str], ...]) -> None:
        """Show what can be typed at the answer prompt."""


def split_confidence(response: str) -> tuple[str, Confidence | None]:
    """`70%??` -> (`70%`, guess); `b?` -> (`b`, unsure); anything else is sure (None)."""
    text = response.strip()
    if text.endswith("??") and len(text) > 2:
        return text[:-2].rstrip(), "guess"
    if text.endswith("?") and len(text) > 1:
        return text[:-1].rstrip(), "unsure"
    return text, None


def new_review(
    card: CardRef,
    store: ProgressStore,
    *,
    when: datetime,
    response: str,
    correct: bool,
    confidence: Confidence | None,
    session_id: str,
    **details: Any,
) -> ReviewRecord:
    """The log record of one answer: verdict, FSRS rating, the learner's day, and whether
    the card was already learned (for true retention). `details` are further record fields."""
    previous = store.cards.get(card.card_id)
    return ReviewRecord(
        review_id=uuid.uuid4().hex,
        question_id=card.card_id,
        time=when,
        response=response,
        verdict="right" if correct else "wrong",
        confidence=confidence,
        rating=rating_for(correct, confidence),
        session_id=session_id,
        content_hash=card.entry.content_hash,
        day=local_day(when).isoformat(),
        learned=previous is not None and previous.phase == "review",
        **details,
    )


@dataclass
class Summary:
    """What a session did."""

    answered: int = 0
    right: int = 0
    lucky: int = 0
    skipped: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    per_topic: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def count(self, topic: str, correct: bool, sign: int = 1) -> None:
        """Add (or with sign -1 take back) one answer."""
        self.answered += sign
        self.right += sign * int(correct)
        self.per_topic[topic][0] += sign
        self.per_topic[topic][1] += sign * int(correct)


@dataclass
class _Answered:
    card: CardRef
    review: ReviewRecord
    correct: bool


@dataclass
class Session:
    """One sitting: asks the chosen cards, records every answer as it is given.

    A card answered wrong comes back later in the same session (FSRS learning steps), at
    most MAX_ATTEMPTS times; any other card is shown once.
    """

    bank: Bank
    store: ProgressStore
    ui: UI
    clock: Callable[[], datetime]
    cram: bool = False
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    _last: _Answered | None = None
    _undone: CardRef | None = None

    def run(self, cards: list[CardRef]) -> Summary:
        """Ask the cards; stop at `q`, end of input or Ctrl-C, keeping every answer."""
        summary = Summary()
        queue = list(cards)
        attempts: dict[str, int] = defaultdict(int)
        started = time.monotonic()
        number = 0
        try:
            while queue:
                card = queue.pop(0)
                number += 1
                outcome = self._ask(card, number, number + len(queue), summary)
                if outcome is None:
                    break
                if outcome == UNDO and self._undone is not None:
                    # Ask the undone card again now, then the one that was on screen.
                    undone, self._undone = self._undone, None
                    if undone in queue:
                        queue.remove(undone)
                    attempts[undone.card_id] -= 1
                    queue[:0] = [undone, card]
                    number -= 1
                    continue
                attempts[card.card_id] += 1
                if outcome == "wrong" and attempts[card.card_id] < MAX_ATTEMPTS:
                    queue.append(card)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            summary.seconds = time.monotonic() - started
            self.store.save()
        return summary

    def _ask(self, card: CardRef, number: int, total: int, summary: Summary) -> str | None:
        """Ask one card; return "right", "wrong", "skip", UNDO (re-ask) or None (stop)."""
        now = self.clock()
        presented = present(card, seed=f"{self.session_id}|{now.isoformat()}|{number}")
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
                return None
            command = response.strip().lower()
            if not command:
                continue
            if command == QUIT:
                return None
            if command == HELP:
                self.ui.show_keys(KEYS)
            elif command == SKIP:
                summary.skipped += 1
                self.ui.show_notice("Skipped; it stays as it was.")
                return "skip"
            elif command == OVERRIDE:
                self._override(summary)
            elif command == UNDO:
                self._undone = self._undo(summary)
                if self._undone is not None:
                    return UNDO
            else:
                outcome = self._record(presented, response, started, summary)
                if outcome is not None:
                    return outcome

    def _record(
        self, presented: Presented, response: str, started: float, summary: Summary
    ) -> str | None:
        """Grade and log an answer; None when it cannot be read (nothing is logged)."""
        card = presented.card
        answer, confidence = split_confidence(response)
        verdict = grade(presented, answer, self.bank.known_terms)
        if verdict.unreadable:
            self.ui.show_notice(f"{verdict.note}. Nothing recorded; type it again.")
            return None
        answered_at = self.clock()
        review = new_review(
            card,
            self.store,
            when=answered_at,
            response=response.strip(),
            correct=verdict.correct,
            confidence=confidence,
            session_id=self.session_id,
            duration_ms=int((time.monotonic() - started) * 1000),
            shown=presented.order,
            missed=list(verdict.missed) or None,
            cram=self.cram,
        )
        state = self.store.append(review)
        summary.count(card.question.topic, verdict.correct)
        summary.lucky += int(verdict.correct and confidence == "guess")
        self._last = _Answered(card, review, verdict.correct)
        self.ui.show_feedback(presented, verdict, state, answered_at)
        return "right" if verdict.correct else "wrong"

    def _correction(self, kind: Literal["undo", "override"], rating: int | None = None) -> None:
        assert self._last is not None
        self.store.append(
            CorrectionRecord(
                type=kind,
                review_id=self._last.review.review_id,
                question_id=self._last.card.card_id,
                time=self.clock(),
                session_id=self.session_id,
                rating=rating,
            )
        )

    def _override(self, summary: Summary) -> None:
        last = self._last
        if last is None or last.correct:
            self.ui.show_notice("Nothing to override: the last answer was not graded wrong.")
            return
        self._correction("override", rating_for(True, last.review.confidence))
        summary.count(last.card.question.topic, False, -1)
        summary.count(last.card.question.topic, True)
        summary.lucky += int(last.review.confidence == "guess")
        last.correct = True
        self.ui.show_notice("Counted as right.")

    def _undo(self, summary: Summary) -> CardRef | None:
        last = self._last
        if last is None:
            self.ui.show_notice("Nothing to undo in this session.")
            return None
        self._correction("undo")
        summary.count(last.card.question.topic, last.correct, -1)
        summary.lucky -= int(last.correct and last.review.confidence == "guess")
        self._last = None
        self.ui.show_notice("Undone: that answer no longer counts. Answer it again.")
        return last.card
