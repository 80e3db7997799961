"""The index's review rows: every review as it counts now, and the lookups made on them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime

from trustquiz.store.lines import answer_id, utc_time
from trustquiz.store.schema import (
    CONFIDENCE_CODES,
    CONFIDENCES,
    CORRECTIONS,
    DAY_US,
    REVIEW_COLUMNS,
    Counted,
    Review,
    day_number,
    day_text,
    microseconds,
    packed,
    stored_key,
    unpacked,
)
from trustquiz.store.state import Aggregates


class ReviewRows:
    """The `reviews`, `names` and `corrections` tables of the index (`Index` is one)."""

    db: sqlite3.Connection
    _numbers: dict[str, int]  # card id -> its number in `names`, as looked up

    def choose(self, card_ids: Iterable[str]) -> None:
        """Fill the temporary table `chosen` with these card ids, for a query to join."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (card_id TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM chosen")
        self.db.executemany(
            "INSERT OR IGNORE INTO chosen VALUES (?)", ((card_id,) for card_id in card_ids)
        )

    def aggregates_of(self, card_ids: Iterable[str]) -> Aggregates:
        """The per-day and per-confidence counts of just these cards' reviews."""
        self.choose(card_ids)
        result = Aggregates()
        rows = self.db.execute(
            f"SELECT at / {DAY_US} + dd AS day, right, learned, confidence, count(*) FROM reviews"
            " WHERE card IN (SELECT id FROM names WHERE name IN (SELECT card_id FROM chosen))"
            " AND correction != 1 GROUP BY day, right, learned, confidence ORDER BY min(line)"
        )
        for day, right, learned, level, count in rows:
            result.count(day_text(day), bool(right), bool(learned), CONFIDENCES[level], count)
        return result

    def history(self, card_id: str) -> list[Counted]:
        """The reviews of one card as they count now (undone ones left out), oldest first."""
        rows = self.db.execute(
            f"SELECT {REVIEW_COLUMNS} FROM reviews JOIN names AS n ON n.id = card"
            " WHERE n.name = ? AND correction != 1 ORDER BY line",
            (card_id,),
        )
        return [Counted.of_row(row) for row in rows]

    def reviews_with_id(self, review_id: str) -> list[Counted]:
        rows = self.db.execute(
            f"SELECT {REVIEW_COLUMNS} FROM reviews JOIN names AS n ON n.id = card"
            " WHERE key = ? ORDER BY line",
            (packed(review_id),),
        ).fetchall()
        # An answer known by its card and time keeps no key: found by those.
        card_id, at_sign, at = review_id.rpartition("@")
        when = utc_time(at) if at_sign else None
        if when is not None and answer_id(card_id, when) == review_id:
            rows += self.db.execute(
                f"SELECT {REVIEW_COLUMNS} FROM reviews JOIN names AS n ON n.id = card"
                " WHERE n.name = ? AND at = ? AND key IS NULL",
                (card_id, microseconds(when)),
            ).fetchall()
            rows.sort(key=lambda row: int(row[0]))
        return [Counted.of_row(row) for row in rows]

    def has_review(self, review_id: str, card_id: str, at: int) -> bool:
        """Whether a review has this id, `review_id` being the one `card_id` and `at` make."""
        (found,) = self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM reviews WHERE key = ?1) OR EXISTS (SELECT 1 FROM"
            " reviews WHERE card = (SELECT id FROM names WHERE name = ?2) AND at = ?3"
            " AND key IS NULL)",
            (packed(review_id), card_id, at),
        ).fetchone()
        return bool(found)

    def key_taken(self, review_id: str) -> bool:
        """Whether a review keeps this id as its key (one not made by its card and time)."""
        query = "SELECT EXISTS (SELECT 1 FROM reviews WHERE key = ?)"
        return bool(self.db.execute(query, (packed(review_id),)).fetchone()[0])

    def review_count(self) -> int:
        """How many review lines the log has (undone ones included)."""
        (count,) = self.db.execute("SELECT count(*) FROM reviews").fetchone()
        return int(count)

    def ratings(self) -> list[tuple[str, int, int]]:
        """Every review that counts, not crammed, in log order: (card id, microseconds, rating)."""
        rows = self.db.execute(
            "SELECT name, at, rating FROM reviews JOIN names ON names.id = card"
            " WHERE correction != 1 AND cram = 0 ORDER BY line"
        )
        return rows.fetchall()

    def seconds_since(self, since: datetime, scanned: int = 5000) -> float:
        """Seconds of the timed answers at or after `since`, among the latest `scanned`."""
        (total,) = self.db.execute(
            "SELECT sum(duration_ms) FROM (SELECT at, duration_ms FROM reviews"
            " WHERE correction != 1 ORDER BY line DESC LIMIT ?) WHERE at >= ?",
            (scanned, microseconds(since)),
        ).fetchone()
        return (total or 0) / 1000

    def missed_since(self, since: datetime) -> list[str]:
        """Cards answered wrong, or right by a guess, at or after `since`; latest first."""
        rows = self.db.execute(
            # INDEXED BY: left to itself the planner walks all reviews in card order to
            # group them (2 s at 1,000,000 reviews) instead of reading the few missed ones.
            "SELECT name, last FROM (SELECT card, max(at) AS last FROM reviews INDEXED BY missed"
            " WHERE at >= ? AND correction != 1 AND (right = 0 OR confidence = 3) GROUP BY card)"
            " JOIN names ON names.id = card ORDER BY last DESC, name",
            (microseconds(since),),
        )
        return [card_id for card_id, _ in rows]

    def changed_since(self, line: int) -> set[str]:
        """The cards that lines after `line` of the log changed (another session's answers)."""
        rows = self.db.execute(
            "SELECT name FROM names WHERE id IN (SELECT card FROM reviews WHERE line > ?1)"
            " UNION SELECT card_id FROM corrections WHERE line > ?1",
            (line,),
        )
        return {card_id for (card_id,) in rows}

    def review_rows(self) -> list[tuple[object, ...]]:
        """Every review row, in log order (for doctor's comparison with a rebuild)."""
        return self.db.execute(
            f"SELECT {REVIEW_COLUMNS}, duration_ms, new FROM reviews JOIN names AS n"
            " ON n.id = card ORDER BY line"
        ).fetchall()

    def add_reviews(
        self, rows: Sequence[Review], skipped: Sequence[tuple[int, str, str | None]] = ()
    ) -> None:
        """Add review rows, numbering the cards they name that have no number yet; of the
        `skipped` answer lines (line, card id, content hash), only their hashes."""
        numbers = self._numbers
        named = [row[2] for row in rows] + [card_id for _, card_id, _ in skipped]
        for card_id in dict.fromkeys(c for c in named if c not in numbers):
            found = self.db.execute("SELECT id FROM names WHERE name = ?", (card_id,)).fetchone()
            if found is None:
                found = (
                    self.db.execute("INSERT INTO names (name) VALUES (?)", (card_id,)).lastrowid,
                )
            numbers[card_id] = found[0]
        self.db.executemany(
            f"INSERT INTO reviews VALUES ({', '.join('?' * 13)})",
            (
                (line, stored_key(review_id, card_id, at), numbers[card_id], at,
                 day_number(day) - at // DAY_US, right, rating, CONFIDENCE_CODES[confidence],
                 learned, cram, 0, duration_ms, new)
                for line, review_id, card_id, at, day, right, rating, confidence, learned, cram,
                _, duration_ms, new in rows
            ),
        )  # fmt: skip
        # A content hash is kept where it differs from the card's review before it.
        self.db.executemany(
            "INSERT INTO hashes SELECT ?1, ?2, ?3 WHERE ?3 IS NOT (SELECT hash FROM hashes"
            " WHERE card = ?1 ORDER BY line DESC LIMIT 1)",
            [(numbers[row[2]], row[0], packed(row[10])) for row in rows]
            + [(numbers[card_id], line, packed(content)) for line, card_id, content in skipped],
        )

    def note_hash(self, line: int, card_id: str, content_hash: str | None) -> None:
        """Keep the content hash of an answer line that was skipped, not folded: a later
        line that leaves its hash out takes it from this one all the same."""
        self.add_reviews([], ((line, card_id, content_hash),))

    def last_hash(self, card_id: str) -> str | None:
        """The content hash of the card's latest answer line folded (None: none or no hash)."""
        found = self.db.execute(
            "SELECT hash FROM hashes WHERE card = (SELECT id FROM names WHERE name = ?)"
            " ORDER BY line DESC LIMIT 1",
            (card_id,),
        ).fetchone()
        return None if found is None else unpacked(found[0])

    def answer_times(self, limit: int) -> list[tuple[str, str, int]]:
        """The latest `limit` timed answers that count: (card id, stage, milliseconds).

        The stage is 'new' for a card's first answer, 'failed' for a later wrong one, else
        'review'.
        """
        rows = self.db.execute(
            "SELECT name, CASE WHEN new THEN 'new' WHEN right = 0 THEN 'failed'"
            " ELSE 'review' END, duration_ms FROM reviews JOIN names ON names.id = card"
            " WHERE duration_ms IS NOT NULL AND correction != 1"
            " ORDER BY line DESC LIMIT ?",
            (limit,),
        )
        return rows.fetchall()

    def correct(self, target: Counted, kind: str, right: int, rating: int) -> None:
        """Mark one review row undone or overridden, with how it counts now."""
        self.db.execute(
            "UPDATE reviews SET correction = ?, right = ?, rating = ? WHERE line = ?",
            (CORRECTIONS.index(kind), right, rating, target.line),
        )

    def add_correction(self, line: int, kind: str, review_id: str, card_id: str) -> None:
        self.db.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?)", (line, kind, review_id, card_id)
        )
