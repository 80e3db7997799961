"""The progress store: append-only log, the index derived from it, recovery without loss."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

import pytest

from indexfiles import covered_lines, query, remove_index
from logfiles import answer, record_of
from trustquiz.api import open_store
from trustquiz.errors import ProgressError
from trustquiz.scheduler import GOOD
from trustquiz.store.records import CorrectionRecord, ReviewRecord
from trustquiz.store.state import Settings

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def review(n: int, question: str = "q1", right: bool = True) -> ReviewRecord:
    return answer(n, question, T0 + timedelta(days=n), right)


def test_append_is_on_disk_before_returning_and_survives_reopen(home: Path) -> None:
    store = open_store(home)
    state = store.append(review(0))
    lines = (home / "reviews.jsonl").read_text().splitlines()
    assert len(lines) == 1 and record_of(lines[0])["review_id"] == "r0"
    # The index took the answer in the same step: nothing waits for a save.
    assert covered_lines(home) == 1
    assert query(home, "SELECT card_id, reviews, correct FROM cards") == [("q1", 1, 1)]
    assert query(home, "SELECT * FROM days") == [("2026-11-01", 1, 1, 0, 0)]
    reopened = open_store(home)
    assert reopened.cards["q1"] == state
    assert reopened.settings == Settings(0.9, 20, None)
    assert not (home / "progress.json").exists()


def test_each_answer_writes_the_index_without_a_periodic_snapshot(home: Path) -> None:
    store = open_store(home)
    for n in range(30):
        store.append(review(n, question=f"q{n}"))
        assert covered_lines(home) == n + 1
    assert query(home, "SELECT count(*) FROM reviews") == [(30,)]


def test_missing_index_is_rebuilt_from_the_log(home: Path) -> None:
    store = open_store(home)
    for n in range(3):
        store.append(review(n))
    expected = store.cards
    store.close()
    remove_index(home)
    reopened = open_store(home)
    assert reopened.cards == expected
    assert reopened.notices == []  # a missing index is simply built
    assert covered_lines(home) == 3


def test_log_past_the_index_is_folded_on_open(home: Path) -> None:
    store = open_store(home)
    store.append(review(0))
    store.close()
    # Another process wrote a line and died before folding it into the index.
    line = review(1).model_dump_json() + "\n"
    with (home / "reviews.jsonl").open("a") as log:
        log.write(line)
    assert covered_lines(home) == 1
    assert open_store(home).cards["q1"].reviews == 2
    assert covered_lines(home) == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda log: log.splitlines(keepends=True)[0],  # cut short
        lambda log: log.replace(b'"r0"', b'"x0"'),  # as long, but another log
    ],
    ids=["shorter", "replaced"],
)
def test_an_index_of_another_log_is_rebuilt(home: Path, change: object) -> None:
    store = open_store(home)
    store.append(review(0))
    store.append(review(1, question="q2"))
    store.close()
    log = home / "reviews.jsonl"
    log.write_bytes(change(log.read_bytes()))  # type: ignore[operator]
    reopened = open_store(home)
    assert reopened.notices and reopened.notices[0].endswith("; rebuilt index.sqlite3 from the log")
    fresh = open_store(home, use_index=False)
    assert reopened.cards == fresh.cards
    assert reopened.review_rows() == fresh.review_rows()


def test_two_stores_interleave_without_losing_answers(home: Path) -> None:
    a = open_store(home)
    b = open_store(home)
    a.append(review(0, "qa"))
    b.append(review(1, "qb"))
    a.append(review(2, "qa"))
    assert a.cards.keys() == {"qa", "qb"}  # a took in b's answer before its own
    b.append(review(3, "qb"))
    assert b.cards["qa"].reviews == 2
    final = open_store(home)
    assert {k: v.reviews for k, v in final.cards.items()} == {"qa": 2, "qb": 2}
    assert covered_lines(home) == 4
    assert final.cards == open_store(home, use_index=False).cards


def _snapshot(version: int) -> str:
    """progress.json as versions 1 and 2 wrote it (cards as objects, or as arrays)."""
    card = {
        "phase": "learning", "step": 1, "stability": 2.3065, "difficulty": 2.1181,
        "due": "2026-11-01T09:10:00Z", "last_review": "2026-11-01T09:00:00Z",
        "first_review": "2026-11-01T09:00:00Z", "reviews": 1, "correct": 1, "lapses": 0,
        "content_hash": None,
    }  # fmt: skip
    data: dict[str, object] = {
        "schema_version": version,
        "settings": {"desired_retention": 0.9, "new_per_day": 20, "exam_date": None},
        "log_offset": 10,
        "log_lines": 1,
        "aggregates": {"days": {"2026-11-01": [1, 1, 0, 0]}, "confidence": {"sure": [1, 1]}},
    }
    if version == 1:
        data["cards"] = {"q1": {"card_id": "q1", **card}}
    else:
        data["card_fields"] = list(card)
        data["cards"] = {"q1": list(card.values())}
    return json.dumps(data, indent=1)


@pytest.mark.parametrize("version", [1, 2])
def test_an_old_progress_file_is_migrated_to_the_index(home: Path, version: int) -> None:
    store = open_store(home)
    store.append(review(0))
    store.append(review(1, question="q2", right=False))
    expected = store.cards
    store.close()
    remove_index(home)
    old = _snapshot(version)
    (home / "progress.json").write_text(old)
    reader = open_store(home, readonly=True)
    assert reader.cards == expected
    assert (home / "progress.json").read_text() == old  # a read-only open leaves it
    writer = open_store(home)
    assert writer.cards == expected
    assert not (home / "progress.json").exists()
    (kept,) = home.glob("progress.json.migrated-*")
    assert kept.read_text() == old
    assert writer.notices == [
        "progress.json is replaced by index.sqlite3, built from the review log;"
        f" the old file is kept as {kept.name}"
    ]
    assert covered_lines(home) == 2
    assert open_store(home).notices == []


def test_future_schema_version_is_refused_and_left_untouched(home: Path) -> None:
    home.mkdir()
    future = json.dumps({"schema_version": 99, "cards": {}})
    (home / "progress.json").write_text(future)
    with pytest.raises(ProgressError) as caught:
        open_store(home)
    assert str(caught.value) == (
        f"{home / 'progress.json'} has schema_version 99, written by a newer trustquiz;"
        " this one reads version 2. Upgrade trustquiz; the file was left untouched."
    )
    assert (home / "progress.json").read_text() == future


def test_a_damaged_old_progress_file_is_set_aside_too(home: Path) -> None:
    store = open_store(home)
    store.append(review(0))
    (home / "progress.json").write_text("{not json")
    reopened = open_store(home)
    assert reopened.cards["q1"].reviews == 1
    (kept,) = home.glob("progress.json.migrated-*")
    assert kept.read_text() == "{not json"


def test_readonly_open_never_writes_the_log_or_the_old_progress_file(home: Path) -> None:
    store = open_store(home)
    store.append(review(0))
    (home / "progress.json").write_text("{not json")
    log = (home / "reviews.jsonl").read_bytes()
    reader = open_store(home, readonly=True)
    assert reader.cards["q1"].reviews == 1
    assert (home / "progress.json").read_text() == "{not json"
    assert (home / "reviews.jsonl").read_bytes() == log
    with pytest.raises(ProgressError, match="opened read-only"):
        reader.append(review(1))


def test_a_folder_that_cannot_be_written_is_read_into_memory(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(home)
    store.append(review(0))
    store.close()
    with (home / "reviews.jsonl").open("a") as log:
        log.write(review(1).model_dump_json() + "\n")
    index = (home / "index.sqlite3").read_bytes()
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    reader = open_store(home, readonly=True)
    assert reader.cards["q1"].reviews == 2  # the copy in memory caught up with the log
    assert (home / "index.sqlite3").read_bytes() == index
    assert covered_lines(home) == 1


def test_torn_last_line_is_set_aside_before_the_next_append(home: Path) -> None:
    store = open_store(home)
    store.append(review(0))
    with (home / "reviews.jsonl").open("ab") as log:
        log.write(b'{"type": "review", "review_id": "half')
    reopened = open_store(home)
    assert reopened.cards["q1"].reviews == 1
    reopened.append(review(1))
    torn = list(home.glob("reviews.jsonl.torn-*"))
    assert len(torn) == 1 and torn[0].read_bytes() == b'{"type": "review", "review_id": "half'
    lines = (home / "reviews.jsonl").read_text().splitlines()
    assert [record_of(line)["review_id"] for line in lines] == ["r0", "r1"]


def test_damaged_middle_line_is_refused_with_its_line(home: Path) -> None:
    store = open_store(home)
    store.append(review(0))
    log = home / "reviews.jsonl"
    original = log.read_bytes()
    log.write_bytes(b"garbage\n" + original)
    with pytest.raises(ProgressError) as caught:
        open_store(home)
    assert str(caught.value) == (
        f"{log}:1: damaged line (not JSON); the log was left untouched"
        " (`trustquiz doctor --repair-log` sets it aside and keeps the good lines)"
    )
    assert log.read_bytes() == b"garbage\n" + original


def test_home_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(ProgressError, match="is a file, not a folder"):
        open_store(target)


def test_reviews_iterates_the_whole_log(home: Path) -> None:
    store = open_store(home)
    for n in range(3):
        store.append(review(n))
    assert [r.review_id for r in store.reviews()] == ["r0", "r1", "r2"]
    assert [r.rating for r in store.reviews()] == [GOOD] * 3


def correction(
    kind: Literal["undo", "override"], of: ReviewRecord, rating: int | None = None
) -> CorrectionRecord:
    return CorrectionRecord(
        type=kind,
        review_id=of.review_id,
        question_id=of.question_id,
        time=of.time,
        session_id="s",
        rating=rating,
    )


def test_undo_restores_the_card_as_it_was(home: Path) -> None:
    store = open_store(home)
    first = store.append(review(0))
    second = review(1, right=False)
    store.append(second)
    assert store.append(correction("undo", second)) == first
    assert open_store(home).cards["q1"] == first
    only = review(2, question="q2")
    store.append(only)
    assert store.append(correction("undo", only)) is None
    assert "q2" not in open_store(home).cards


def test_override_refolds_as_right_and_replay_agrees(home: Path) -> None:
    store = open_store(home)
    wrong = review(0, right=False)
    store.append(wrong)
    state = store.append(correction("override", wrong, rating=GOOD))
    assert state is not None and (state.reviews, state.correct, state.lapses) == (1, 1, 0)
    assert [r.verdict for r in store.history("q1")] == ["right"]
    store.close()
    remove_index(home)
    assert open_store(home).cards == store.cards


def test_replay_of_undo_then_a_new_review_matches_the_live_store(home: Path) -> None:
    # Found by the property test: replaying the undo must not see the review after it.
    store = open_store(home)
    first = review(0, right=False)
    store.append(first)
    store.append(correction("undo", first))
    store.append(review(2, right=False))
    replayed = open_store(home, use_index=False)
    assert replayed.cards == store.cards
    assert replayed.cards["q1"].reviews == 1
    assert replayed.aggregates == store.aggregates
