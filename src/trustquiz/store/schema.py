"""The index's tables, its row types, and how a connection to it is opened."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from trustquiz.store.state import CARD_FIELDS

if TYPE_CHECKING:
    from trustquiz.store.records import Confidence, Verdict

INDEX_NAME = "index.sqlite3"
# 2: reviews keep their duration and stage, for the learner's pace; 3: cards keep their
# times in microseconds too, for the plan's queries; 4: cards keep their last review's learner
# day, and the scheduler counts elapsed time in those days
INDEX_VERSION = 4
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
CARD_COLUMNS = ", ".join(f.name for f in CARD_FIELDS)
TABLES = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
-- A rowid table, read in rowid order: cards come back in the order they were first seen.
-- Its last columns repeat the times as microseconds since 1970, for exact arithmetic in SQL.
CREATE TABLE cards (
    {", ".join(f"{f.name} {f.column}" for f in CARD_FIELDS)},
    due_us INTEGER NOT NULL, last_us INTEGER, first_us INTEGER
);
CREATE TABLE reviews (
    line INTEGER PRIMARY KEY,  -- the review's line number in reviews.jsonl
    review_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    at INTEGER NOT NULL,       -- its time, in microseconds since 1970 (UTC)
    day TEXT NOT NULL,         -- the learner's day it counts for
    right INTEGER NOT NULL,    -- as it counts now: 1 after an override
    rating INTEGER NOT NULL,   -- as it counts now
    confidence TEXT,
    learned INTEGER NOT NULL,
    cram INTEGER NOT NULL,
    content_hash TEXT,
    correction TEXT,           -- NULL, 'undo' or 'override'
    duration_ms INTEGER,       -- how long the answer took, when the log says
    stage TEXT NOT NULL        -- 'new' for a card's first answer, else 'seen'
);
CREATE TABLE corrections (
    line INTEGER PRIMARY KEY, type TEXT NOT NULL, review_id TEXT NOT NULL, card_id TEXT NOT NULL
);
CREATE TABLE days (
    day TEXT PRIMARY KEY, reviews INTEGER, right INTEGER, learned INTEGER, learned_right INTEGER
) WITHOUT ROWID;
CREATE TABLE confidence (level TEXT PRIMARY KEY, reviews INTEGER, right INTEGER) WITHOUT ROWID;
"""
# Made after a rebuild's bulk insert (faster than keeping them up to date row by row).
INDEXES = """
CREATE INDEX IF NOT EXISTS reviews_by_id ON reviews (review_id);
CREATE INDEX IF NOT EXISTS reviews_by_card ON reviews (card_id);
CREATE INDEX IF NOT EXISTS missed ON reviews (at)
    WHERE correction IS NOT 'undo' AND (right = 0 OR confidence = 'guess');
"""
REVIEW_COLUMNS = (
    "line, review_id, card_id, at, day, right, rating, confidence, learned, cram, content_hash,"
    " correction"
)
TIMED_COLUMNS = REVIEW_COLUMNS + ", duration_ms, stage"


class Counted(NamedTuple):
    """One review as it counts now, as the index keeps it."""

    line: int
    review_id: str
    card_id: str
    at: int
    day: str
    right: int
    rating: int
    confidence: Confidence | None
    learned: int
    cram: int
    content_hash: str | None
    correction: str | None

    @property
    def time(self) -> datetime:
        return EPOCH + self.at * _MICROSECOND

    @property
    def verdict(self) -> Verdict:
        return "right" if self.right else "wrong"


class Coverage(NamedTuple):
    """How much of the log the index has folded: bytes, lines, and a digest of those bytes."""

    size: int
    lines: int
    digest: str


def microseconds(when: datetime) -> int:
    """An aware time as whole microseconds since 1970, exactly."""
    return (when - EPOCH) // _MICROSECOND


def index_path(home: Path) -> Path:
    """Where the index of the data directory `home` lives."""
    return home / INDEX_NAME


def connect(path: Path | None) -> sqlite3.Connection:
    """Open (creating) the index at `path`, or an empty one in memory for None."""
    connection = sqlite3.connect(":memory:" if path is None else str(path), isolation_level=None)
    # WAL: an answer's commit appends to the write-ahead file; `synchronous=NORMAL` skips its
    # fsync, since the log line it derives from is fsynced already and a lost commit is
    # replayed from the log on the next open.
    connection.execute("PRAGMA busy_timeout = 10000")
    if path is not None:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        # No checkpoint in the middle of a session: one every thousand pages made an answer
        # now and then take 26-49 ms instead of 11 at 50,000 cards. The store checkpoints
        # when it opens and when a session ends (`save`).
        connection.execute("PRAGMA wal_autocheckpoint = 0")
    return connection
