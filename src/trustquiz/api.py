"""The public Python API: load a bank, open a store, ask what is due, record an answer."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from trustquiz import paths
from trustquiz.bank import Bank, load_bank
from trustquiz.errors import TrustquizError
from trustquiz.models import CardState, Confidence, ReviewRecord
from trustquiz.progress import ProgressStore
from trustquiz.progress import open_store as _open_store
from trustquiz.scheduler import apply_review, rating_for
from trustquiz.selection import due_cards

__all__ = ["due", "load_bank", "open_store", "record"]


def open_store(
    home: Path | None = None, *, readonly: bool = False, use_snapshot: bool = True
) -> ProgressStore:
    """Open the progress store in `home` (default: TRUSTQUIZ_HOME or the user data dir).

    `use_snapshot=False` folds the whole log afresh, ignoring `progress.json`.
    """
    return _open_store(
        paths.data_dir(home), apply_review, readonly=readonly, use_snapshot=use_snapshot
    )


def due(bank: Bank, store: ProgressStore, now: datetime) -> list[str]:
    """Return the ids of the cards due at `now` (timezone-aware), most overdue first."""
    _require_aware(now)
    return [card.card_id for card in due_cards(bank, store, now)]


def record(
    bank: Bank,
    store: ProgressStore,
    card_id: str,
    *,
    correct: bool,
    now: datetime,
    response: str = "",
    confidence: Confidence | None = None,
) -> CardState:
    """Record an answer to `card_id` at `now` and return the card's new state."""
    _require_aware(now)
    card = bank.card(card_id)
    if card is None:
        raise TrustquizError(f"no question with id '{card_id}'")
    review = ReviewRecord(
        review_id=uuid.uuid4().hex,
        question_id=card_id,
        time=now,
        response=response,
        verdict="right" if correct else "wrong",
        confidence=confidence,
        rating=rating_for(correct, confidence),
        session_id="api",
        content_hash=card.entry.content_hash,
        day=now.astimezone().date().isoformat(),
        learned=(previous := store.cards.get(card_id)) is not None and previous.phase == "review",
    )
    state = store.append(review)
    store.save()
    assert state is not None
    return state


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("`now` must be timezone-aware (use datetime.now(timezone.utc))")
