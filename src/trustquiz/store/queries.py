"""The questions the progress store answers from its index by lookup, never by reading the log."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from trustquiz.store.folding import Folding
    from trustquiz.store.schema import Counted
    from trustquiz.store.state import Aggregates


class IndexQueries:
    """Lookups in the index of a store (`ProgressStore` sets `_state`)."""

    _state: Folding

    @property
    def aggregates(self) -> Aggregates:
        """Per-day and per-confidence counts of every review as it counts now."""
        return self._state.index.aggregates()

    def aggregates_of(self, card_ids: set[str]) -> Aggregates:
        """The same counts for the reviews of `card_ids` only (`stats --topic`)."""
        return self._state.index.aggregates_of(card_ids)

    def seen_rows(self) -> list[tuple[str, int, int, int, str, float | None, str | None]]:
        """Every seen card's id, reviews, right answers, lapses, due time, stability and last
        review, its times as ISO text: what `stats` needs, without building the card states."""
        return self._state.index.db.execute(
            "SELECT card_id, reviews, correct, lapses, due, stability, last_review FROM cards"
        ).fetchall()

    def history(self, card_id: str) -> list[Counted]:
        """The reviews of one card as they now count: undone ones left out, overrides applied."""
        return self._state.index.history(card_id)

    def review_rows(self) -> list[tuple[object, ...]]:
        """Every review as the index keeps it, in log order (for `doctor`)."""
        return self._state.index.review_rows()

    def answer_times(self, limit: int = 2000) -> list[tuple[str, str, int]]:
        """The latest timed answers: (card id, stage new/review/failed, milliseconds)."""
        return self._state.index.answer_times(limit)

    def review_count(self) -> int:
        """How many review lines the log has (undone ones included)."""
        return self._state.index.review_count()

    def ratings(self) -> list[tuple[str, int, int]]:
        """Every review that counts, not crammed: (card id, microseconds since 1970, rating)."""
        return self._state.index.ratings()

    def seconds_since(self, since: datetime) -> float:
        """Seconds spent answering at or after `since` (timed answers that count)."""
        return self._state.index.seconds_since(since)

    def missed_since(self, since: datetime) -> list[str]:
        """Cards answered wrong, or right by a guess, since `since`: latest first."""
        return self._state.index.missed_since(since)
