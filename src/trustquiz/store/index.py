"""The derived index: an SQLite database of what the review log adds up to, read by lookup.

It holds every card's state, the settings, the per-day and per-confidence counts, and each
review as it counts now (undone or overridden), with the log's line and the card it was
for. `meta` records how many bytes and lines of `reviews.jsonl` it covers and a digest of
them, so that a log cut short or replaced is noticed. It is derived data: deleting it loses
nothing, the store rebuilds it from the log.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime

from trustquiz.store import seenids
from trustquiz.store.reviewrows import ReviewRows
from trustquiz.store.schema import (
    CARD_COLUMNS,
    INDEX_VERSION,
    INDEXES,
    TABLES,
    Coverage,
    microseconds,
    not_waiting,
)
from trustquiz.store.state import (
    CARD_FIELDS,
    Aggregates,
    CardState,
    Settings,
    card_row,
    cards_from_rows,
)

_PAGE = 256  # rows read at a time from a ranked query
_FIRST = 512  # ranked rows read before the rest are sorted
# The card fields, then due, last_review and first_review again, in microseconds.
_PUT_COLUMNS = (*(f.name for f in CARD_FIELDS), "due_us", "last_us", "first_us")


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _micro(when: datetime | None) -> int | None:
    return None if when is None else microseconds(when)


class IndexDamaged(Exception):
    """The index cannot be read as this version writes it: rebuild it."""


class Index(ReviewRows):
    """Queries and writes of the index; every write happens inside `transaction()`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        self._numbers: dict[str, int] = {}  # card id -> its number in `names`, as looked up

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Begin; commit when the block ends, roll back when it raises."""
        self.begin()
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self._numbers = {}  # the names it added are gone

    def reset(self) -> None:
        """Drop everything and create the empty tables (inside a transaction)."""
        tables = self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        for (name,) in tables:
            self.db.execute(f'DROP TABLE "{name}"')
        self._run(TABLES)
        self._numbers = {}
        self.db.execute(f"PRAGMA user_version = {INDEX_VERSION}")

    def make_indexes(self) -> None:
        self._run(INDEXES)

    def _run(self, script: str) -> None:
        # Statement by statement: executescript() would commit the open transaction first.
        for statement in script.split(";"):
            if statement.strip():
                self.db.execute(statement)

    # -- reading ---------------------------------------------------------------------

    def coverage(self) -> Coverage:
        """What the index covers. An index of version 9 lacks only version 10's indexes: it
        is given them here (at 50,000 cards, a tenth of a second; a rebuild takes a minute).

        Raises:
            IndexDamaged: when it is not an index this version wrote.
        """
        try:
            (version,) = self.db.execute("PRAGMA user_version").fetchone()
            if version == 9:
                # Statement by statement: a stop in between leaves version 9, done again.
                self.make_indexes()
                self.db.execute(f"PRAGMA user_version = {INDEX_VERSION}")
            elif version != INDEX_VERSION:
                raise IndexDamaged(f"it has version {version}, not {INDEX_VERSION}")
            meta = dict(self.db.execute("SELECT key, value FROM meta"))
            return Coverage(meta["log_bytes"], meta["log_lines"], meta["log_digest"])
        except (sqlite3.Error, KeyError, ValueError) as exc:
            raise IndexDamaged(str(exc)) from None

    def cards(self, card_ids: Iterable[str] | None = None) -> dict[str, CardState]:
        """Every card state, or those of `card_ids`."""
        query = f"SELECT {CARD_COLUMNS} FROM cards"
        if card_ids is None:
            rows = self.db.execute(query + " ORDER BY rowid").fetchall()
        else:
            rows = [
                row
                for card_id in card_ids
                for row in self.db.execute(query + " WHERE card_id = ?", (card_id,))
            ]
        return cards_from_rows(rows)

    def card_ids(self) -> list[str]:
        """Every seen card's id, in no particular order: as kept in `meta` when they are
        (store/seenids.py), else read from the cards."""
        ids = seenids.kept(self.db)
        return seenids.scanned(self.db) if ids is None else ids

    def save(self) -> None:
        """Keep the seen ids if they are not kept, then fold the write-ahead file into the
        database as far as no reader holds it back, and empty it once it is all folded in:
        a process that ends without closing the index leaves the file behind, and the next
        to open the index would read it back in and fold it in again (15-135 ms after a
        session at 50,000 questions). Neither step waits for another process."""
        seenids.keep(self.db)
        _, frames, folded = self.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if frames > 0 and frames == folded:
            with contextlib.suppress(sqlite3.Error), not_waiting(self.db):
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def answered_since(self, start: datetime) -> dict[str, CardState]:
        """The states of the cards answered, or first seen, at or after `start`."""
        query = f"SELECT {CARD_COLUMNS} FROM cards WHERE last_us >= ?1 OR first_us >= ?1"
        return cards_from_rows(self.db.execute(query, (microseconds(start),)).fetchall())

    def due_count(self, horizon: datetime) -> int:
        """How many seen cards fall due by `horizon` (overdue ones included)."""
        query = "SELECT count(*) FROM cards WHERE due_us <= ?"
        return int(self.db.execute(query, (microseconds(horizon),)).fetchone()[0])

    def next_due(self) -> datetime | None:
        """The earliest due time of any seen card."""
        row = self.db.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY due_us LIMIT 1")
        states = cards_from_rows(row.fetchall())
        return min((state.due for state in states.values()), default=None)

    def by_due(self, card_ids: list[str]) -> list[str]:
        """These seen cards' ids, soonest due first, then in the order they were first seen."""
        self.choose(card_ids)
        # CROSS JOIN keeps `chosen` outside: a lookup of each chosen id, not a scan of every
        # card (at 40,000 seen cards: 0.05 ms against 2.8 ms for a day's 75 cards).
        query = (
            "SELECT card_id FROM chosen CROSS JOIN cards USING (card_id)"
            " ORDER BY due_us, cards.rowid"
        )
        return [row[0] for row in self.db.execute(query)]

    def due_ranked(self, start: datetime, end: datetime, now: datetime) -> Iterator[CardState]:
        """The answered cards due before `end` and not answered since `start`, least likely
        recalled first: by elapsed days over stability, highest first, then by card id.

        The ratio is worked out as `planner.rank_due` works it out, step by step in
        floating point from whole microseconds, so both give the same order. Rows are read
        as they are asked for, `_PAGE` at a time: a plan that fills its minutes early reads
        few of them. The cards are ranked from `cards_by_due` alone, and only the rows ranked
        are read (at 35,000 due cards: 9 ms for the first `_FIRST`, against 20 ms ranking
        whole rows); the rest are ranked only if a plan reads past those.
        """
        query = (
            "SELECT rowid FROM cards"
            " WHERE due_us < ?2 AND last_us < ?1 AND stability IS NOT NULL"
            " ORDER BY max(0.0, ((?3 - last_us) / 1000000.0) / 86400.0) / stability DESC,"
            " card_id LIMIT ?4 OFFSET ?5"
        )
        times = (microseconds(start), microseconds(end), microseconds(now))
        first = [row[0] for row in self.db.execute(query, (*times, _FIRST, 0))]
        for page in range(0, len(first), _PAGE):
            yield from self._rows_of(first[page : page + _PAGE])
        if len(first) < _FIRST:
            return
        cursor = self.db.execute(query, (*times, -1, _FIRST))
        while rows := cursor.fetchmany(_PAGE):
            yield from self._rows_of([row[0] for row in rows])

    def _rows_of(self, rowids: list[int]) -> Iterator[CardState]:
        """The states of the cards of these rows, in this order."""
        # Parameters, not a joined list: at 256 rows, half the time of json_each.
        query = f"SELECT rowid, {CARD_COLUMNS} FROM cards WHERE rowid IN ({_marks(len(rowids))})"
        found = {row[0]: row[1:] for row in self.db.execute(query, rowids)}
        yield from cards_from_rows([found[rowid] for rowid in rowids if rowid in found]).values()

    def settings(self) -> Settings:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
        return Settings() if row is None else Settings().updated(json.loads(row[0]))

    def problems(self) -> list[tuple[int, str, str]]:
        """The log lines skipped or partly ignored: (line, "skipped" or "ignored", why)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'problems'").fetchone()
        return [] if row is None else [(int(n), str(k), str(m)) for n, k, m in json.loads(row[0])]

    def aggregates(self) -> Aggregates:
        days = self.db.execute("SELECT day, reviews, right, learned, learned_right FROM days")
        confidence = self.db.execute("SELECT level, reviews, right FROM confidence")
        return Aggregates(
            {day: list(counts) for day, *counts in days},
            {level: list(counts) for level, *counts in confidence},
        )

    def put_cards(self, states: Iterable[CardState]) -> None:
        marks = _marks(len(CARD_FIELDS) + 3)
        updates = ", ".join(f"{name} = excluded.{name}" for name in _PUT_COLUMNS[1:])
        self.db.executemany(
            f"INSERT INTO cards ({', '.join(_PUT_COLUMNS)}) VALUES ({marks})"
            f" ON CONFLICT (card_id) DO UPDATE SET {updates}",
            (
                (
                    *card_row(state),
                    *(_micro(t) for t in (state.due, state.last_review, state.first_review)),
                )
                for state in states
            ),
        )

    def drop_cards(self, card_ids: Iterable[str]) -> None:
        rows = [(card_id,) for card_id in card_ids]
        if rows:  # an answer drops none: no statement
            self.db.executemany("DELETE FROM cards WHERE card_id = ?", rows)

    def add_counts(self, delta: Aggregates) -> None:
        """Add per-day and per-confidence counts (negative ones take reviews back out)."""
        self.db.executemany(
            "INSERT INTO days VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET"
            " reviews = reviews + excluded.reviews, right = right + excluded.right,"
            " learned = learned + excluded.learned,"
            " learned_right = learned_right + excluded.learned_right",
            ((day, *counts) for day, counts in delta.days.items()),
        )
        self.db.executemany(
            "INSERT INTO confidence VALUES (?, ?, ?) ON CONFLICT (level) DO UPDATE SET"
            " reviews = reviews + excluded.reviews, right = right + excluded.right",
            ((level, *counts) for level, counts in delta.confidence.items()),
        )

    def put_settings(self, settings: Settings) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('settings', ?)", (json.dumps(settings.to_json()),)
        )

    def put_problems(self, problems: list[tuple[int, str, str]]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('problems', ?)", (json.dumps(problems),)
        )

    def latest_at(self, lines: int) -> int:
        """The latest time of any review row, in microseconds since 1970 (0: none), when the
        index covers `lines` lines of the log: as `put_coverage` kept it for them, else
        found in the rows (at 1,000,000 reviews, 50 ms)."""
        kept = self.db.execute("SELECT value FROM meta WHERE key = 'latest_at'").fetchone()
        if kept is not None and str(kept[0]).startswith(f"{lines} "):
            return int(str(kept[0]).partition(" ")[2])
        (found,) = self.db.execute("SELECT max(at) FROM reviews").fetchone()
        return int(found or 0)

    def put_coverage(self, coverage: Coverage, latest: int) -> None:
        """Record what the index covers, and the latest review time in it (`latest_at`)."""
        # One statement for the four rows, as every answer writes them.
        self.db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('log_bytes', ?), ('log_lines', ?),"
            " ('log_digest', ?), ('latest_at', ?)",
            (*coverage, f"{coverage.lines} {latest}"),
        )
