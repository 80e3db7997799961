"""Appending many records at once: one fsync, the same log and index as one at a time."""

from __future__ import annotations

import errno
import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from indexfiles import query
from trustquiz.api import open_store
from trustquiz.errors import ProgressError
from trustquiz.scheduler import rating_for
from trustquiz.store.records import ReviewRecord, SettingsRecord

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
TABLES = ("cards", "reviews", "corrections", "days", "confidence", "meta")


def review(n: int, question: str, right: bool, confidence: str | None = None) -> ReviewRecord:
    return ReviewRecord(
        review_id=f"r{n}",
        question_id=question,
        time=T0 + timedelta(days=n),
        response="a",
        verdict="right" if right else "wrong",
        confidence=confidence,
        rating=rating_for(right, confidence),  # type: ignore[arg-type]
        session_id="s",
        day=(T0 + timedelta(days=n)).date().isoformat(),
    )


RECORDS = [review(n, f"q{n % 7}", n % 3 != 0, "unsure" if n % 5 == 0 else None) for n in range(40)]


def index_rows(home: Path) -> dict[str, list[tuple[object, ...]]]:
    return {table: query(home, f"SELECT * FROM {table} ORDER BY 1, 2") for table in TABLES}


def test_many_at_once_make_the_same_log_and_index_as_one_at_a_time(tmp_path: Path) -> None:
    single, many = tmp_path / "single", tmp_path / "many"
    one_by_one = open_store(single)
    for record in RECORDS:
        one_by_one.append(record)
    at_once = open_store(many)
    at_once.append(RECORDS[0])
    at_once.append_many(RECORDS[1:25])
    at_once.append_many(RECORDS[25:])
    assert (many / "reviews.jsonl").read_bytes() == (single / "reviews.jsonl").read_bytes()
    assert index_rows(many) == index_rows(single)
    assert at_once.cards == one_by_one.cards
    assert at_once.aggregates == one_by_one.aggregates
    assert at_once.review_rows() == one_by_one.review_rows()
    assert len(at_once.review_rows()) == 40
    assert open_store(many).cards == one_by_one.cards


def test_a_failed_write_leaves_the_log_as_it_was(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(home)
    store.append_many(RECORDS[:3])
    before = (home / "reviews.jsonl").read_bytes()
    real_write = os.write
    calls: list[int] = []

    def no_space(fd: int, data: bytes | memoryview) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, data[:150])  # part of the block reaches the disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(ProgressError) as caught:
        store.append_many(RECORDS[3:10])
    assert str(caught.value) == (
        "7 records were not saved\n"
        f"cannot save the answer to {home / 'reviews.jsonl'}: No space left on device"
    )
    assert calls[0] > 150
    assert (home / "reviews.jsonl").read_bytes() == before
    monkeypatch.setattr(os, "write", real_write)
    store.append_many(RECORDS[3:10])
    assert len(store.review_rows()) == 10
    assert open_store(home, use_index=False).cards == store.cards


def test_a_record_that_cannot_be_stored_refuses_the_whole_batch(home: Path) -> None:
    store = open_store(home)
    bad = RECORDS[2].model_copy(update={"response": "a\x07b"})
    with pytest.raises(ProgressError) as caught:
        store.append_many([RECORDS[0], RECORDS[1], bad])
    assert str(caught.value) == (
        "the answer was not saved: its response has control characters (none of the 3 records was)"
    )
    assert not (home / "reviews.jsonl").exists()


def test_an_index_failure_keeps_the_lines_in_the_log_and_says_so(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustquiz.store.index import Index

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    store = open_store(home)
    real = Index.add_reviews
    monkeypatch.setattr(Index, "add_reviews", full)
    with pytest.raises(ProgressError) as caught:
        store.append_many(RECORDS[:4])
    assert str(caught.value) == (
        f"4 records are saved in {home / 'reviews.jsonl'}, but index.sqlite3 could not be"
        " updated (database or disk is full); it catches up from the log when trustquiz"
        " next starts"
    )
    monkeypatch.setattr(Index, "add_reviews", real)
    assert len((home / "reviews.jsonl").read_text().splitlines()) == 4
    assert len(open_store(home).review_rows()) == 4


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_an_imported_review_finds_its_card_learned_within_a_batch(
    small_bank: Path, home: Path, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustquiz import api
    from trustquiz.bank.anki import Review
    from trustquiz.commands import importing

    monkeypatch.setattr(importing, "BATCH", batch)
    bank = api.load_bank([small_bank], builtin=False)
    store = open_store(home)
    # With FSRS's same-day steps, as an Anki deck's history was scheduled.
    store.append(SettingsRecord(type="settings", time=T0, changes={"learning_steps": True}))
    day = 86_400_000
    start = int(T0.timestamp() * 1000)
    # Easy on a new card puts it in review at once: the next answers find it learned.
    reviews = [Review(start + n * 5 * day, 1, ease, 4000) for n, ease in enumerate((4, 3, 1, 3))]
    seen: list[tuple[int, int | None]] = []
    added = importing._record(
        reviews, {1: "kabil"}, bank, store, "deck.apkg", lambda d, t: seen.append((d, t))
    )
    assert added == (4, 0)
    assert [r.learned for r in store.reviews()] == [False, True, True, False]
    assert seen[-1] == (4, 4) and len(seen) == 4 // batch + 1  # each batch, and the end
