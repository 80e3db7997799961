"""The questions the progress store answers from its index by lookup, never by reading the log."""

from __future__ import annotations

import math
from itertools import islice
from typing import TYPE_CHECKING

from trustquiz.store.state import CARD_FIELDS, StateError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from trustquiz.store.folding import Folding
    from trustquiz.store.schema import Counted
    from trustquiz.store.state import Aggregates, CardState

_read_due = next(f.decode for f in CARD_FIELDS if f.name == "due" and f.decode is not None)


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

    def seen_rows(
        self, when: datetime, factor: float, leech: tuple[int, int]
    ) -> list[tuple[str, int, int, int, float, int | None]]:
        """What `stats` needs of every seen card, without building the card states: its id,
        reviews, right answers, due time in microseconds since 1970, and the forgetting
        curve's base at `when` (`1 + factor * elapsed days / stability`, infinite for a card
        never reviewed or of no stability), worked out in floating point in the steps
        `scheduler.retrievabilities` takes; then, for a card with `leech[0]` lapses or more
        or right under half the time after `leech[1]` reviews or more, its lapses (None for
        the others)."""
        is_leech = "lapses >= ?3 OR (reviews >= ?4 AND 2 * correct < reviews)"
        query = (
            "SELECT card_id, reviews, correct, due_us,"
            " ifnull(1 + ?2 * max(0.0, (?1 - last_us / 1000000.0) / 86400)"
            " / nullif(stability, 0), ?5),"
            f" CASE WHEN {is_leech} THEN lapses END FROM cards"
        )
        moment = when.timestamp()
        rows = self._state.index.db.execute(query, (moment, factor, *leech, math.inf))
        return rows.fetchall()

    def due_text(self, card_id: str) -> str:
        """A seen card's due time as the index keeps it (ISO 8601 with a timezone).

        Raises:
            StateError: when it is not a time in that form (the index is damaged).
        """
        query = "SELECT due FROM cards WHERE card_id = ?"
        text = self._state.index.db.execute(query, (card_id,)).fetchone()[0]
        try:
            _read_due(text)  # as a state would be read: an aware time
        except (TypeError, ValueError) as exc:
            raise StateError(f"a card state cannot be read: {exc}") from None
        return str(text)

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

    def answered_since(self, start: datetime) -> dict[str, CardState]:
        """The states of the cards answered, or first seen, at or after `start`, by id."""
        return self._state.cards.read(lambda: self._state.index.answered_since(start))

    def due_ranked(self, start: datetime, end: datetime, now: datetime) -> Iterator[CardState]:
        """The answered cards due before `end` and not answered since `start`, in the plan's
        order: least likely recalled first (see `planner.rank_due`), read as they are asked
        for. If a damaged state stops the reading, the index is repaired and the reading
        goes on where it stopped."""
        given = 0
        while True:
            try:
                ranked = self._state.index.due_ranked(start, end, now)
                for state in islice(ranked, given, None):
                    given += 1
                    yield state
                return
            except StateError as exc:
                repair = self._state.cards.repair
                if repair is None:
                    raise
                repair(exc)

    def by_due(self, card_ids: list[str]) -> list[str]:
        """These seen cards' ids, soonest due first (ties: first seen first)."""
        return self._state.index.by_due(card_ids)

    def due_count(self, horizon: datetime) -> int:
        """How many seen cards fall due by `horizon` (overdue ones included)."""
        return self._state.index.due_count(horizon)

    def next_due(self) -> datetime | None:
        """The earliest due time of any seen card."""
        return self._state.cards.read(self._state.index.next_due)
