"""What one answer becomes in the review log: its confidence mark split off, its record."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from trustquiz.bank.entries import CardRef
from trustquiz.clock import local_day
from trustquiz.store.lines import answer_id
from trustquiz.store.progress import ProgressStore

if TYPE_CHECKING:
    from trustquiz.store.records import Confidence, ReviewRecord


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
    from trustquiz.scheduler import rating_for
    from trustquiz.store.records import ReviewRecord

    previous = store.cards.get(card.card_id)
    # Whole milliseconds, as Anki keeps them: the answer's id is its question's and this
    # time, one millisecond later if a clock that stood still (TRUSTQUIZ_NOW) gave it already.
    when = when.replace(microsecond=when.microsecond - when.microsecond % 1000)
    while store.taken(card.card_id, when):
        when += timedelta(milliseconds=1)
    return ReviewRecord(
        review_id=answer_id(card.card_id, when),
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
