"""A full disk: the message names the answer that was not saved, and no saved answer is lost."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run
from trustquiz import api
from trustquiz.errors import ProgressError
from trustquiz.store.index import Index

BANK = ("--no-builtin", "--bank")
REAL_ADD_REVIEWS = Index.add_reviews
FIRST = "16300 crore\n"  # the first question practice asks of the small bank: ncmm-outlay


def full(*args: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def test_a_full_disk_names_the_answer_that_was_not_saved(
    runner: CliRunner, small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write

    def no_space(fd: int, data: bytes | memoryview) -> int:
        if len(data) > 100:  # a review line
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", no_space)
    result = run(runner, "practice", *BANK, str(small_bank), input=FIRST)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the answer to 'ncmm-outlay' was not saved\n"
        f"error: cannot save the answer to {home / 'reviews.jsonl'}: No space left on device\n"
    )
    assert (home / "reviews.jsonl").read_bytes() == b""


def test_an_index_that_cannot_be_written_keeps_the_answer_in_the_log(
    runner: CliRunner, small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Index, "add_reviews", full)
    result = run(runner, "practice", *BANK, str(small_bank), input=FIRST)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: the answer to 'ncmm-outlay' is saved in {home / 'reviews.jsonl'}, but"
        " index.sqlite3 could not be updated (database or disk is full); it catches up from"
        " the log when trustquiz next starts\n"
    )
    monkeypatch.setattr(Index, "add_reviews", REAL_ADD_REVIEWS)
    assert len((home / "reviews.jsonl").read_text().splitlines()) == 1
    stats = run(runner, "stats", "--json", *BANK, str(small_bank))
    assert stats.stderr == "" and json.loads(stats.stdout)["reviews_total"] == 1
    assert run(runner, "doctor", *BANK, str(small_bank)).stdout.endswith(
        "ok: the progress files are consistent\n"
    )


def test_a_store_goes_on_after_its_index_could_not_be_written(
    small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = api.load_bank([small_bank], builtin=False)
    store = api.open_store(home)
    now = datetime(2026, 11, 22, 9, tzinfo=timezone.utc)
    api.record(bank, store, "kabil", correct=True, now=now)
    monkeypatch.setattr(Index, "add_reviews", full)
    with pytest.raises(ProgressError, match=r"^the answer to 'api-rank' is saved in "):
        api.record(bank, store, "api-rank", correct=False, now=now)
    monkeypatch.setattr(Index, "add_reviews", REAL_ADD_REVIEWS)
    state = api.record(bank, store, "ree-share", correct=True, now=now)
    assert state.reviews == 1
    assert sorted(store.cards) == ["api-rank", "kabil", "ree-share"]
    fresh = api.open_store(home, use_index=False)
    assert store.cards == fresh.cards and store.aggregates == fresh.aggregates
    assert store.review_rows() == fresh.review_rows()


def test_an_index_that_cannot_be_written_on_opening_is_read_into_memory(
    runner: CliRunner, small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = api.load_bank([small_bank], builtin=False)
    store = api.open_store(home)
    now = datetime(2026, 11, 22, 1, tzinfo=timezone.utc)
    api.record(bank, store, "kabil", correct=True, now=now)
    store.close()
    log = home / "reviews.jsonl"
    first = log.read_bytes()  # then another answer, past what the index covers
    log.write_bytes(first + first.replace(b'{"q":', b'{"r":"x","q":', 1))
    real = Index.put_coverage

    def full_on_disk(self: Index, coverage: object, latest: int) -> None:
        if self.db.execute("PRAGMA database_list").fetchone()[2]:  # a file, not memory
            full()
        real(self, coverage, latest)  # type: ignore[arg-type]

    monkeypatch.setattr(Index, "put_coverage", full_on_disk)
    stats = run(runner, "stats", "--json", *BANK, str(small_bank))
    assert stats.exit_code == 0
    assert stats.stderr == (
        "note: index.sqlite3 could not be updated (database or disk is full); the log was"
        " read into memory for this command\n"
    )
    assert json.loads(stats.stdout)["reviews_total"] == 2
    before = log.read_bytes()
    practice = run(runner, "practice", *BANK, str(small_bank), input=FIRST)
    assert practice.exit_code == 1
    assert practice.stderr.endswith(
        f"error: the answer to 'ncmm-outlay' was not saved: {home / 'index.sqlite3'} could not"
        " be updated (database or disk is full)\n"
    )
    assert log.read_bytes() == before
