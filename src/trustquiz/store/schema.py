"""The index's tables, its row types, and how a connection to it is opened."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from trustquiz.store.lines import answer_id
from trustquiz.store.state import CARD_FIELDS

if TYPE_CHECKING:
    from trustquiz.store.records import Confidence, Verdict

INDEX_NAME = "index.sqlite3"
# 2: reviews keep their duration and stage, for the learner's pace; 3: cards keep their
# times in microseconds too, for the plan's queries; 4: compact review rows (numbered
# cards, ids as bytes, integer codes); 5: cards keep their last review's learner day, and
# the scheduler counts elapsed time in those days; 6: logs with no `learning_steps` line
# fold without FSRS's same-day steps; 7: an answer known by its question and time keeps
# no key (NULL), and only the other keys are indexed; content hashes in `hashes`; 8: the
# hashes of skipped answer lines too (a later line leaving its hash out takes theirs);
# 9: the settings after each settings line, and card states refolded with the latest
# parameters (store/refold.py); 10: indexes of the cards' times, so that a start looks up
# today's cards and ranks the due ones without reading every card row (a version-9 index
# only lacks them: it is given them in place, not rebuilt: Index.coverage)
INDEX_VERSION = 10
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
WAL_LIMIT = 4 * 1024 * 1024  # bytes the write-ahead file is cut back to after a checkpoint
DAY_US = 86_400_000_000  # microseconds in a day
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_HEX = re.compile("(?:[0-9a-f]{2})+")
CONFIDENCES: tuple[Confidence | None, ...] = (None, "sure", "unsure", "guess")
CONFIDENCE_CODES = {level: code for code, level in enumerate(CONFIDENCES)}
CORRECTIONS = (None, "undo", "override")
CARD_COLUMNS = ", ".join(f.name for f in CARD_FIELDS)
TABLES = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
-- A rowid table, read in rowid order: cards come back in the order they were first seen.
-- Its last columns repeat the times as microseconds since 1970, for exact arithmetic in SQL.
CREATE TABLE cards (
    {", ".join(f"{f.name} {f.column}" for f in CARD_FIELDS)},
    due_us INTEGER NOT NULL, last_us INTEGER, first_us INTEGER
);
-- Every card id a review names, numbered once (never renumbered, never removed).
CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE reviews (
    line INTEGER PRIMARY KEY,  -- the review's line number in reviews.jsonl
    key,                       -- its review id: NULL when the one its card and time make
                               -- (lines.answer_id), bytes when lowercase hex, else text
    card INTEGER NOT NULL,     -- names.id of its card
    at INTEGER NOT NULL,       -- its time, in microseconds since 1970 (UTC)
    dd INTEGER NOT NULL,       -- the learner's day it counts for, less the UTC date of `at`
    right INTEGER NOT NULL,    -- as it counts now: 1 after an override
    rating INTEGER NOT NULL,   -- as it counts now
    confidence INTEGER NOT NULL,  -- 0 none, 1 sure, 2 unsure, 3 guess (CONFIDENCES)
    learned INTEGER NOT NULL,
    cram INTEGER NOT NULL,
    correction INTEGER NOT NULL,  -- 0 none, 1 undo, 2 override (CORRECTIONS)
    duration_ms INTEGER,       -- how long the answer took, when the log says
    new INTEGER NOT NULL       -- 1 for a card's first answer
);
-- A review's content hash (packed like `key`, NULL when none), kept only where it differs
-- from that of the card's answer line before it in the log (a line skipped included: a
-- line that leaves "h" out takes that one's): a card's questions seldom change.
CREATE TABLE hashes (
    card INTEGER NOT NULL, line INTEGER NOT NULL, hash, PRIMARY KEY (card, line)
) WITHOUT ROWID;
-- The settings as they are after each settings line: a refold gives each review those.
CREATE TABLE settings_lines (line INTEGER PRIMARY KEY, value TEXT NOT NULL);
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
CREATE INDEX IF NOT EXISTS reviews_by_key ON reviews (key) WHERE key IS NOT NULL;
CREATE INDEX IF NOT EXISTS reviews_by_card ON reviews (card);
CREATE INDEX IF NOT EXISTS missed ON reviews (at)
    WHERE correction != 1 AND (right = 0 OR confidence = 3);
CREATE INDEX IF NOT EXISTS cards_by_last ON cards (last_us);
CREATE INDEX IF NOT EXISTS cards_by_first ON cards (first_us);
-- All that ranks the due cards (Index.due_ranked): they are ranked from this alone.
CREATE INDEX IF NOT EXISTS cards_by_due ON cards (due_us, last_us, stability, card_id);
"""
# The seen cards' ids, kept as one `meta` value (key SEEN_KEY) so that a start reads them
# without a scan of `cards` (at 40,000 cards: 0.1 ms against 13.5). Any change to the set of
# ids drops the value, whoever makes it (an answer, an undo, a refold, another process, an
# older trustquiz): an upsert that updates a card fires none of these, an INSERT OR REPLACE
# fires the INSERT one. The triggers are made with the value, never before a rebuild's bulk
# insert, so a value present means they are too (`Index.keep_seen`).
SEEN_KEY = "seen_ids"
SEEN_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS seen_{name} AFTER {event} ON cards"
    f" BEGIN DELETE FROM meta WHERE key = '{SEEN_KEY}'; END"
    for name, event in (("in", "INSERT"), ("out", "DELETE"), ("moved", "UPDATE OF card_id"))
)
# A review row as Counted reads it (`names` joined as n), its content hash the latest one
# kept for its card up to its line.
REVIEW_COLUMNS = (
    "line, key, n.name, at, dd, right, rating, confidence, learned, cram, (SELECT hash FROM"
    " hashes AS h WHERE h.card = reviews.card AND h.line <= reviews.line ORDER BY h.line DESC"
    " LIMIT 1), correction"
)


# A review as folded, for `Index.add_reviews`: line, review id, card id, microseconds, day,
# right, rating, confidence, learned, cram, content hash, duration_ms, new (first answer).
Review: TypeAlias = tuple[
    int, str, str, int, str, int, int, "Confidence | None", int, int, "str | None",
    "int | None", int,
]  # fmt: skip


def packed(text: str | None) -> bytes | str | None:
    """An id or hash as the index keeps it: lowercase hex as its bytes, other text as it is."""
    return bytes.fromhex(text) if text is not None and _HEX.fullmatch(text) else text


def stored_key(review_id: str, card_id: str, at: int) -> bytes | str | None:
    """A review's id as its row keeps it: None when its card and time make it (answer_id)."""
    if review_id.endswith("Z") and review_id == answer_id(card_id, EPOCH + at * _MICROSECOND):
        return None
    return packed(review_id)


def unpacked(value: bytes | str | None) -> str | None:
    return value.hex() if isinstance(value, bytes) else value


def day_number(day: str) -> int:
    """A YYYY-MM-DD date as days since 1970-01-01."""
    return date.fromisoformat(day).toordinal() - _EPOCH_DAY


def day_text(number: int) -> str:
    return date.fromordinal(number + _EPOCH_DAY).isoformat()


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

    @classmethod
    def of_row(cls, row: tuple[Any, ...]) -> Counted:
        """A row read with REVIEW_COLUMNS, its codes spelled out."""
        line, key, card, at, dd, right, rating, level, learned, cram, content, correction = row
        day = day_text(at // DAY_US + dd)
        review_id = answer_id(card, EPOCH + at * _MICROSECOND) if key is None else unpacked(key)
        content_hash = unpacked(content)
        return cls(line, str(review_id), card, at, day, right, rating, CONFIDENCES[level],
                   learned, cram, content_hash, CORRECTIONS[correction])  # fmt: skip

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
    # fsync, since the index is derived: a commit lost with the computer is folded again
    # from the log (the truth, fsynced) on the next open.
    connection.execute("PRAGMA busy_timeout = 10000")
    if path is not None:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        # No checkpoint in the middle of a session: one every thousand pages made an answer
        # now and then take 26-49 ms instead of 11 at 50,000 cards. The store checkpoints
        # when it opens and when a session ends (`save`).
        connection.execute("PRAGMA wal_autocheckpoint = 0")
        # Once checkpointed, the write-ahead file starts afresh at no more than this, rather
        # than staying as large as the largest transaction (a rebuild: the whole index).
        connection.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
    return connection


@contextlib.contextmanager
def not_waiting(db: sqlite3.Connection) -> Iterator[None]:
    """Within the block, a statement another process holds back fails at once (with
    sqlite3.OperationalError) rather than waiting for it."""
    (timeout,) = db.execute("PRAGMA busy_timeout").fetchone()
    db.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(timeout)}")
