"""The public Python API: load a bank, open a store, ask what is due, record an answer."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trustquiz import paths
from trustquiz.bank.loader import Bank, load_bank
from trustquiz.errors import ProgressError, TrustquizError
from trustquiz.scheduler import apply_review
from trustquiz.store.admission import time_problem
from trustquiz.store.progress import ProgressStore
from trustquiz.store.progress import open_store as _open_store
from trustquiz.store.state import CardState

if TYPE_CHECKING:
    from trustquiz.store.records import Confidence

__all__ = ["due", "load_bank", "open_store", "plan", "record"]


def open_store(
    home: Path | None = None, *, readonly: bool = False, use_index: bool = True
) -> ProgressStore:
    """Open the progress store in `home` (default: TRUSTQUIZ_HOME or the user data dir).

    `use_index=False` folds the whole log afresh into an index in memory, ignoring the
    index on disk.
    """
    return _open_store(paths.data_dir(home), apply_review, readonly=readonly, use_index=use_index)


def due(bank: Bank, store: ProgressStore, now: datetime) -> list[str]:
    """Return the ids of the cards due at `now` (timezone-aware), most overdue first."""
    from trustquiz.selection import due_cards

    _require_aware(now)
    return [card.card_id for card in due_cards(bank, store, now)]


def plan(bank: Bank, store: ProgressStore, now: datetime) -> list[str]:
    """The card ids today's session asks at `now`, in order (before in-session re-asks).

    Due and new cards that fit `daily_minutes` at the learner's own pace, one card of a
    sibling group a day, ranked for the exam day when `exam_date` is set.
    """
    from trustquiz.selection import Selection, select_cards

    _require_aware(now)
    return [card.card_id for card in select_cards(bank, store, now, Selection())]


def record(
    bank: Bank,
    store: ProgressStore,
    card_id: str,
    *,
    correct: bool,
    now: datetime,
    response: str = "",
    confidence: Confidence | None = None,
    duration_ms: int | None = None,
) -> CardState:
    """Record an answer to `card_id` at `now` and return the card's new state.

    `duration_ms`, how long the answer took, feeds the learner's pace in `plan`.
    """
    from trustquiz.reviewing import new_review

    _require_aware(now)
    late = time_problem(now)
    if late is not None:  # refused before anything is worked out or written
        raise ProgressError(f"the answer was not saved: {late}")
    card = bank.card(card_id)
    if card is None:
        raise TrustquizError(f"no question with id '{card_id}'")
    review = new_review(
        card,
        store,
        when=now,
        response=response,
        correct=correct,
        confidence=confidence,
        session_id="api",
        duration_ms=duration_ms,
    )
    state = store.append(review)
    store.save()
    assert state is not None
    return state


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("`now` must be timezone-aware (use datetime.now(timezone.utc))")
