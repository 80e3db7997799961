"""The practice loop: picks the next card, asks, grades, records. All I/O comes in through `UI`."""

from __future__ import annotations

import secrets
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Literal, Protocol

from trustquiz.bank.entries import CardRef
from trustquiz.bank.loader import Bank
from trustquiz.collector import collector_paused
from trustquiz.kinds.presentation import LETTERS, Presented, present
from trustquiz.reviewing import new_review, split_confidence
from trustquiz.store.progress import ProgressStore
from trustquiz.store.state import CardState
from trustquiz.tally import Summary

if TYPE_CHECKING:
    # Grading, the scheduler and the log's models are first needed by the first answer:
    # imported then, the first question is on screen sooner.
    from trustquiz.kinds.grading import Grade
    from trustquiz.store.records import ReviewRecord

QUIT, SKIP, UNDO, OVERRIDE, HELP = "q", "s", "u", "!", "?"
CANCEL = "cancel"  # `!` on the re-ask of the answer it counted as right: the re-ask is dropped
KEYS = (
    ("answer?", "a trailing ? marks the answer as unsure"),
    ("answer??", "a trailing ?? marks it as a guess"),
    (SKIP, "skip this question"),
    (UNDO, "undo the last answer and answer it again"),
    (OVERRIDE, "count the last answer as right (e.g. a typo the grader missed)"),
    (QUIT, "save and quit"),
    (HELP, "show these keys"),
)
MAX_ATTEMPTS = 3
_MARKED = {"unsure": "Marked unsure.", "guess": "Marked as a guess."}


def keys_for(presented: Presented) -> tuple[tuple[str, str], ...]:
    """The keys help for this card: the option letters only when it has options."""
    if not presented.options:
        return KEYS
    last = LETTERS[len(presented.options) - 1]
    return ((f"a-{last}", "choose an option (or type the option's text)"), *KEYS)


class UI(Protocol):
    """What the session needs from a terminal (or a test double)."""

    def show_question(
        self, presented: Presented, number: int, total: int, changed: bool, again: bool = False
    ) -> None:
        """Show a card before its answer is read (`again`: a re-ask after a wrong answer)."""

    def read_answer(self, presented: Presented, waiting: Callable[[], None]) -> str | None:
        """Return the typed answer, or None at the end of input; call `waiting` once what is
        shown has been written, before waiting for input."""

    def show_feedback(
        self, presented: Presented, verdict: Grade, state: CardState | None, now: datetime
    ) -> None:
        """Show the verdict, the right answer, the explanation and the next review."""

    def show_notice(self, text: str) -> None:
        """Show a one-line message (undo, override, skip)."""

    def show_keys(self, keys: tuple[tuple[str, str], ...]) -> None:
        """Show what can be typed at the answer prompt."""


def ready_to_grade(card: CardRef) -> None:
    """Import what grading and recording answers need (pydantic and every kind's model,
    the scheduler, the log's records), with the collector paused and what they made frozen.

    The first question is shown without them; done once it is on screen, they cost the
    learner nothing while reading it (about 65 ms of processor time at 50,000 questions).
    Imported by the answers that first need them instead, with the collector running and
    nothing frozen, every answer took more: at 50,000 questions, 0.16 ms more on average
    and 1 ms more at the 95th percentile (a kind's first card imported its module).
    """
    with collector_paused():
        from trustquiz import scheduler
        from trustquiz.kinds import grading, registry
        from trustquiz.store import records

        del scheduler, grading, records
        registry.models()
        card.question  # noqa: B018 - builds the card's model now rather than at its answer


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
    session_id: str = field(default_factory=lambda: secrets.token_hex(4))
    _last: _Answered | None = None
    _undone: CardRef | None = None
    _queue: list[CardRef] = field(default_factory=list)
    _ready: bool = False

    def run(self, cards: list[CardRef]) -> Summary:
        """Ask the cards; stop at `q`, end of input or Ctrl-C, keeping every answer.

        A card keeps its number when it is asked again ("Question 2 of 3", then "again"):
        the total is the number of different questions, whatever is re-asked or undone.
        """
        summary = Summary()
        self._queue = queue = list(cards)
        numbers: dict[str, int] = {}
        total = len({card.card_id for card in cards})
        attempts: dict[str, int] = defaultdict(int)
        started = time.monotonic()
        try:
            while queue:
                card = queue.pop(0)
                number = numbers.setdefault(card.card_id, len(numbers) + 1)
                again = attempts[card.card_id] > 0
                outcome = self._ask(card, number, total, again, summary)
                if outcome is None:
                    break
                if outcome == UNDO and self._undone is not None:
                    # Ask the undone card again now, then the one that was on screen; a
                    # re-ask the undone wrong answer queued goes with it.
                    undone, self._undone = self._undone, None
                    if undone in queue:
                        queue.remove(undone)
                    attempts[undone.card_id] -= 1
                    queue[:0] = [undone] if undone.card_id == card.card_id else [undone, card]
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

    def _ask(
        self, card: CardRef, number: int, total: int, again: bool, summary: Summary
    ) -> str | None:
        """Ask one card; return "right", "wrong", "skip", UNDO (re-ask), CANCEL or None (stop)."""
        now = self.clock()
        presented = present(card, seed=f"{self.session_id}|{now.isoformat()}|{number}|{again}")
        previous = self.store.cards.get(card.card_id)
        changed = previous is not None and previous.content_hash not in (
            None,
            card.entry.content_hash,
        )
        self.ui.show_question(presented, number, total, changed, again)
        started = time.monotonic()
        while True:
            response = self.ui.read_answer(presented, partial(self._settle, card))
            if response is None:
                return None
            command = response.strip().lower()
            if not command:
                continue
            if command == QUIT:
                return None
            if command == HELP:
                self.ui.show_keys(keys_for(presented))
            elif command == SKIP:
                summary.skipped += 1
                self.ui.show_notice("Skipped; it stays as it was.")
                return "skip"
            elif command == OVERRIDE:
                if self._override(summary, card):
                    return CANCEL
            elif command == UNDO:
                self._undone = self._undo(summary)
                if self._undone is not None:
                    return UNDO
            else:
                outcome = self._record(presented, response, started, summary)
                if outcome is not None:
                    return outcome

    def _settle(self, card: CardRef) -> None:
        """What is done once a question is on screen, before its answer is read."""
        self.store.settle()
        if not self._ready:
            self._ready = True
            ready_to_grade(card)

    def _record(
        self, presented: Presented, response: str, started: float, summary: Summary
    ) -> str | None:
        """Grade and log an answer; None when it cannot be read (nothing is logged)."""
        card = presented.card
        answer, confidence = split_confidence(response)
        from trustquiz.kinds.grading import grade

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
        if confidence is not None:
            self.ui.show_notice(_MARKED[confidence])
        # Committed to the index by `settle`, once the feedback and the next question are drawn.
        state = self.store.append(review, sync_later=True, commit_later=True)
        summary.count(card, verdict.correct)
        summary.lucky += int(verdict.correct and confidence == "guess")
        self._last = _Answered(card, review, verdict.correct)
        self.ui.show_feedback(presented, verdict, state, answered_at)
        return "right" if verdict.correct else "wrong"

    def _correction(self, kind: Literal["undo", "override"], rating: int | None = None) -> None:
        from trustquiz.store.records import CorrectionRecord

        assert self._last is not None
        self.store.append(
            CorrectionRecord(
                type=kind,
                review_id=self._last.review.review_id,
                question_id=self._last.card.card_id,
                time=self.clock(),
                session_id=self.session_id,
                rating=rating,
            ),
            sync_later=True,
        )

    def _override(self, summary: Summary, on_screen: CardRef) -> bool:
        """Count the last answer as right and drop the re-ask it queued; True when that
        re-ask is the card on screen (which is then not asked)."""
        last = self._last
        if last is None or last.correct:
            self.ui.show_notice("Nothing to override: the last answer was not graded wrong.")
            return False
        from trustquiz.scheduler import rating_for

        self._correction("override", rating_for(True, last.review.confidence))
        summary.count(last.card, False, -1)
        summary.count(last.card, True)
        summary.lucky += int(last.review.confidence == "guess")
        last.correct = True
        requeued = last.card in self._queue
        if requeued:
            self._queue.remove(last.card)
        if requeued or last.card.card_id == on_screen.card_id:
            self.ui.show_notice("Counted as right; it will not be asked again this session.")
        else:
            self.ui.show_notice("Counted as right.")
        return last.card.card_id == on_screen.card_id

    def _undo(self, summary: Summary) -> CardRef | None:
        last = self._last
        if last is None:
            self.ui.show_notice("Nothing to undo in this session.")
            return None
        self._correction("undo")
        summary.count(last.card, last.correct, -1)
        summary.lucky -= int(last.correct and last.review.confidence == "guess")
        self._last = None
        self.ui.show_notice("Undone: that answer no longer counts. Answer it again.")
        return last.card
