"""Folding log records, one at a time, into card states, counts and the index's rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trustquiz.store.index import Index
from trustquiz.store.log import Record, log_digest
from trustquiz.store.schema import Counted, Coverage, microseconds
from trustquiz.store.state import Aggregates, CardState, Settings

if TYPE_CHECKING:
    from trustquiz.store.records import CorrectionRecord, ReviewRecord

Fold = Callable[[CardState | None, "ReviewRecord", Settings], CardState]
_BATCH = 10_000  # review rows held in memory at most while a long log is folded


class Folding:
    """What the first `offset` bytes (`lines` lines) of the log add up to, and the index
    writes that are still owed for it (made by `flush`, inside the index's transaction)."""

    def __init__(self, fold: Fold, index: Index) -> None:
        self.fold = fold
        self.index = index
        self.cards: dict[str, CardState] = {}
        self.settings = Settings()
        self.offset = 0
        self.lines = 0
        self.building = False  # folding the whole log into an empty index
        self._rows: list[tuple[object, ...]] = []
        self._dirty: set[str] = set()
        self._delta = Aggregates()
        self._settings_changed = False

    def load(self, coverage: Coverage) -> None:
        """Take the state from the index, which covers the log as far as `coverage` says."""
        self.cards, self.settings = self.index.cards(), self.index.settings()
        self.offset, self.lines = coverage.size, coverage.lines

    def reset(self) -> None:
        """Empty the index and the state, to fold the whole log afresh."""
        with self.index.transaction():
            self.index.reset()
            self.index.put_coverage(Coverage(0, 0, ""))
        self.cards, self.settings = {}, Settings()
        self.offset, self.lines = 0, 0
        self.building = True

    def take_in(self, coverage: Coverage) -> None:
        """Reload what another session folded into the index past our own lines."""
        changed = self.index.changed_since(self.lines)
        fresh = self.index.cards(changed)
        for card_id in changed:
            if card_id in fresh:
                self.cards[card_id] = fresh[card_id]
            else:
                self.cards.pop(card_id, None)
        self.settings = self.index.settings()
        self.offset, self.lines = coverage.size, coverage.lines

    def apply(self, record: Record, line: int) -> None:
        """Fold one record, the log's line number `line`."""
        # Told apart by their tag, not isinstance: this runs for every line of a rebuild,
        # and the record classes would have to be imported here on each call.
        if record.type == "review":
            card_id = record.question_id
            previous = self.cards.get(card_id)
            self.cards[card_id] = self.fold(previous, record, self.settings)
            self._dirty.add(card_id)
            right = record.verdict == "right"
            day = record.day or record.time.astimezone().date().isoformat()
            self._delta.count(day, right, record.learned, record.confidence)
            self._rows.append((
                line, record.review_id, card_id, microseconds(record.time), day, int(right),
                record.rating, record.confidence, int(record.learned), int(record.cram),
                record.content_hash, None, record.duration_ms,
                "new" if previous is None else "seen",
            ))  # fmt: skip
            if len(self._rows) >= _BATCH:
                self._flush_rows()
        elif record.type == "settings":
            self.settings = self.settings.updated(record.changes)
            self._settings_changed = True
        else:
            self._correct(record, line)

    def _correct(self, record: CorrectionRecord, line: int) -> None:
        """An undo or an override: amend the review it names, and refold its card."""
        self._flush_rows()
        if self.building:
            self.index.make_indexes()  # corrections look reviews up by id
        for target in self.index.reviews_with_id(record.review_id):
            if target.card_id != record.question_id or target.correction == "undo":
                continue  # an undo wins over anything
            if record.type == "override" and target.correction == "override":
                continue  # of several overrides the first one counts
            learned = bool(target.learned)
            self._delta.count(target.day, bool(target.right), learned, target.confidence, -1)
            if record.type == "undo":
                self.index.correct(target, "undo", target.right, target.rating)
            else:
                self.index.correct(target, "override", 1, record.rating or target.rating)
                self._delta.count(target.day, True, learned, target.confidence)
        self.index.add_correction(line, record.type, record.review_id, record.question_id)
        state: CardState | None = None
        for row in self.index.history(record.question_id):
            state = self.fold(state, _as_review(row), self.settings)
        if state is None:
            self.cards.pop(record.question_id, None)
        else:
            self.cards[record.question_id] = state
        self._dirty.add(record.question_id)

    def _flush_rows(self) -> None:
        if self._rows:
            self.index.add_reviews(self._rows)
            self._rows = []

    def flush(self, log_path: Path) -> None:
        """Write what was folded since the last flush, and how much of the log it covers."""
        self._flush_rows()
        index = self.index
        dirty = self._dirty
        # New cards go in in the order they were first seen (the order of self.cards).
        kept = [c for c in self.cards if c in dirty] if len(dirty) > 1 else dirty
        index.put_cards(self.cards[c] for c in kept if c in self.cards)
        index.drop_cards(c for c in dirty if c not in self.cards)
        index.add_counts(self._delta)
        if self._settings_changed:
            index.put_settings(self.settings)
        index.put_coverage(Coverage(self.offset, self.lines, log_digest(log_path, self.offset)))
        self._dirty, self._delta, self._settings_changed = set(), Aggregates(), False


def _as_review(row: Counted) -> ReviewRecord:
    """A review row of the index as the record the scheduler folds (its marks, no text)."""
    from trustquiz.store.records import ReviewRecord

    return ReviewRecord.model_construct(
        review_id=row.review_id, question_id=row.card_id, time=row.time, response="",
        verdict=row.verdict, confidence=row.confidence, rating=row.rating, session_id="",
        content_hash=row.content_hash, cram=bool(row.cram), day=row.day,
        learned=bool(row.learned),
    )  # fmt: skip
