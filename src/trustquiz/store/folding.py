"""Folding log records, one at a time, into card states, counts and the index's rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trustquiz.store import refold
from trustquiz.store.admission import changed_settings, problem
from trustquiz.store.cardmap import CardMap
from trustquiz.store.digest import LogEnds
from trustquiz.store.index import Index
from trustquiz.store.lines import answer_id
from trustquiz.store.log import Line, Record
from trustquiz.store.schema import Coverage, Review, microseconds
from trustquiz.store.state import Aggregates, CardState, SettingError, Settings

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
        self.cards = CardMap(lambda: self.index)
        self.settings = Settings()
        self.offset = 0
        self.lines = 0
        self.building = False  # folding the whole log into an empty index
        self._rows: list[Review] = []
        self._dirty: dict[str, None] = {}  # cards changed since the last flush, in order
        self._delta = Aggregates()
        self._settings_changed = False
        # Lines not applied ("skipped") or partly ignored ("ignored"): (line, kind, why).
        self.problems: list[tuple[int, str, str]] = []
        self._problems_changed = False
        self._ids: dict[str, int] = {}  # review id -> line, for reviews not looked up below
        self.folded_with: tuple[float, ...] | None = None  # the states' parameters (refold.py)
        self.ends = LogEnds()  # for the digest of the log as far as it is folded
        # An answer id `answered` found free, and how many lines were folded then: the
        # line after those needs no second lookup (two queries an answer, 0.14 M of its
        # 5.2 M instructions at 1,000,000 reviews).
        self._free: tuple[str, int] | None = None
        # The latest time of a review row in the index (microseconds), None until needed:
        # an answer later than every row can only clash with a row's key, so its card's
        # rows are not looked through (0.075 M of 4.3 M instructions an answer at
        # 1,000,000 reviews).
        self.latest: int | None = None
        self._latest_lines = 0  # the lines the index covered when `latest` was let go

    def load(self, coverage: Coverage) -> None:
        """Take the state from the index, which covers the log as far as `coverage` says."""
        self.cards.forget()
        self.ends, self._free = LogEnds(), None
        self.latest, self._latest_lines = None, coverage.lines
        self.settings = self.index.settings()
        self.problems = self.index.problems()
        self.folded_with = refold.folded_with(self.index)
        self.offset, self.lines = coverage.size, coverage.lines

    def discard(self) -> None:
        """Forget what was folded since the index's last commit, and take its state again."""
        self._rows, self._dirty, self._delta, self._ids = [], {}, Aggregates(), {}
        self._settings_changed = self._problems_changed = False
        self.load(self.index.coverage())

    def reset(self) -> None:
        """Empty the index and the state, to fold the whole log afresh."""
        with self.index.transaction():
            self.index.reset()
            self.index.put_coverage(Coverage(0, 0, ""), 0)
        self.cards.empty()
        self.ends, self._free, self.latest = LogEnds(), None, 0
        self.settings = Settings()
        self.folded_with = None
        self.problems, self._ids = [], {}
        self.offset, self.lines = 0, 0
        self.building = True

    def take_in(self, coverage: Coverage) -> None:
        """Reload what another session folded into the index past our own lines."""
        folded_with = refold.folded_with(self.index)
        if folded_with != self.folded_with:
            self.cards.forget()  # it rescheduled every card: each is read afresh
        else:
            changed = self.index.changed_since(self.lines)
            fresh = self.index.cards(changed)
            for card_id in changed:
                if card_id in fresh:
                    self.cards[card_id] = fresh[card_id]
                else:
                    self.cards.pop(card_id, None)
        self.settings = self.index.settings()
        self.problems = self.index.problems()
        self.folded_with = folded_with
        self.offset, self.lines = coverage.size, coverage.lines
        self.latest, self._latest_lines = None, coverage.lines

    def _known_latest(self) -> int:
        if self.latest is None:  # no review folded since: the index's rows tell
            self.latest = self.index.latest_at(self._latest_lines)
        return self.latest

    def _skip(self, line: int, why: str, kind: str = "skipped") -> None:
        self.problems.append((line, kind, why))
        self._problems_changed = True

    def first_line(self, review_id: str, line: int) -> int | None:
        """The line of the review with this id folded already before `line`, if there is one."""
        if review_id in self._ids:
            return self._ids[review_id]
        if self.building or self._free == (review_id, line - 1):
            return None  # a rebuild has every review in _ids; `answered` just found it free
        found = self.index.reviews_with_id(review_id)
        return found[0].line if found else None

    def answered(self, card_id: str, when: datetime) -> bool:
        """Whether an answer with the id this card and time make (answer_id) is folded."""
        review_id = answer_id(card_id, when)
        if review_id in self._ids:
            return True
        at = microseconds(when)
        if self.building:
            pass  # every review of a rebuild is in self._ids
        elif at > self._known_latest():
            if self.index.key_taken(review_id):
                return True
        elif self.index.has_review(review_id, card_id, at):
            return True
        self._free = (review_id, self.lines)
        return False

    def apply(self, record: Line, line: int) -> None:
        """Fold one record, the log's line number `line`; one that cannot be applied is
        skipped and kept in `problems`, whatever its damage."""
        # Told apart by their tag, not isinstance: this runs for every line of a rebuild,
        # and the record classes would have to be imported here on each call.
        if record.type == "unusable":
            self._skip(line, record.reason)
            return
        why = problem(record)
        if why is not None:
            self._skip(line, why)
            self._note_hash(record, line)
            return
        if record.type == "review":
            first = self.first_line(record.review_id, line)
            if first is not None:
                self._skip(line, f"review id {record.review_id} is already on line {first}")
                self._note_hash(record, line)
                return
            self._ids[record.review_id] = line
            card_id, at = record.question_id, microseconds(record.time)
            self.latest = max(self._known_latest(), at)
            previous = self.cards.get(card_id)
            self.cards[card_id] = self.fold(previous, record, self.settings)
            self._dirty[card_id] = None
            right = record.verdict == "right"
            day = record.day or record.time.astimezone().date().isoformat()
            self._delta.count(day, right, record.learned, record.confidence)
            self._rows.append((
                line, record.review_id, card_id, at, day, int(right),
                record.rating, record.confidence, int(record.learned), int(record.cram),
                record.content_hash, record.duration_ms, int(previous is None),
            ))  # fmt: skip
            if len(self._rows) >= _BATCH:
                self._flush_rows()
        elif record.type == "settings":
            try:
                self.settings, unknown = changed_settings(self.settings, record.changes)
            except SettingError as exc:
                self._skip(line, f"bad value for the setting {exc.name}: {exc.reason}")
                return
            for name in unknown:
                self._skip(
                    line,
                    f"setting {name!r} is not one this trustquiz knows (perhaps from a newer"
                    " version); kept in the log and ignored",
                    "ignored",
                )
            self._settings_changed = True
            refold.note_settings(self.index, line, self.settings)
        else:
            self._correct(record, line)

    def _note_hash(self, record: Record, line: int) -> None:
        """An answer line skipped still gives its hash to the next one that leaves it out."""
        if record.type == "review":
            self._flush_rows()  # the hashes go in in line order
            self.index.note_hash(line, record.question_id, record.content_hash)

    def _correct(self, record: CorrectionRecord, line: int) -> None:
        """An undo or an override: amend the review it names, and refold its card."""
        self._flush_rows()
        if self.building:
            self.index.make_indexes()  # corrections look reviews up by id
        named = self.index.reviews_with_id(record.review_id)
        if not any(target.card_id == record.question_id for target in named):
            where = "of another question" if named else "that is not in the log"
            self._skip(line, f"the {record.type} names review {record.review_id}, {where}")
            return
        for target in named:
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
        # As a refold replays it: each review under the settings it was given under, with
        # the parameters the other cards' states were computed with.
        state = refold.replay_card(self.index, self.fold, record.question_id, self.folded_with)
        if state is None:
            self.cards.pop(record.question_id, None)
        else:
            self.cards[record.question_id] = state
        self._dirty[record.question_id] = None

    def refold(self, advance: refold.Advance | None = None) -> bool:
        """Recompute every card's state if the settings' parameters are not those the states
        were computed with (store/refold.py); whether it did."""
        parameters = self.settings.parameters
        if parameters == self.folded_with:
            return False
        self._flush_rows()
        refold.refold(self.index, self.fold, parameters, advance)
        self.folded_with = parameters
        self.cards.forget()
        return True

    def _flush_rows(self) -> None:
        if self._rows:
            self.index.add_reviews(self._rows)
            self._rows = []

    def flush(self, log_path: Path) -> None:
        """Write what was folded since the last flush, and how much of the log it covers."""
        self._flush_rows()
        index = self.index
        dirty = self._dirty
        # New cards go in in the order they were first seen: the order of self.cards when
        # it is in memory (a rebuild), else the order they changed in (an answer or two).
        kept = [c for c in self.cards if c in dirty] if self.cards.loaded else dirty
        index.put_cards(self.cards[c] for c in kept if c in self.cards)
        index.drop_cards(c for c in dirty if c not in self.cards)
        index.add_counts(self._delta)
        if self._settings_changed:
            index.put_settings(self.settings)
        if self._problems_changed:
            index.put_problems(self.problems)
        if not self.building:
            self._ids = {}  # the reviews are in the index now
        digest = self.ends.digest(log_path, self.offset)
        index.put_coverage(Coverage(self.offset, self.lines, digest), self._known_latest())
        self._dirty, self._delta, self._settings_changed = {}, Aggregates(), False
        self._problems_changed = False
