"""The progress store: append-only log, atomic snapshot, recovery without data loss."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

import pytest

from trustquiz.api import open_store
from trustquiz.errors import ProgressError
from trustquiz.scheduler import GOOD, rating_for
from trustquiz.store.progress import SNAPSHOT_EVERY
from trustquiz.store.records import CorrectionRecord, ReviewRecord

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def review(n: int, question: str = "q1", right: bool = True) -> ReviewRecord:
    return ReviewRecord(
        review_id=f"r{n}",
        question_id=question,
        time=T0 + timedelta(days=n),
        response="a",
        verdict="right" if right else "wrong",
        rating=rating_for(right),
        session_id="s",
    )


def test_append_is_on_disk_before_returning_and_survives_reopen(home: Path) -> None:
    store = open_store(home)
    state = store.append(review(0))
    lines = (home / "reviews.jsonl").read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["review_id"] == "r0"
    assert not (home / "progress.json").exists()  # snapshot is written at save or every N
    reopened = open_store(home)
    assert reopened.cards["q1"] == state
    store.save()
    snapshot = json.loads((home / "progress.json").read_text())
    assert (snapshot["schema_version"], snapshot["log_lines"]) == (2, 1)
    assert snapshot["settings"] == {"desired_retention": 0.9, "new_per_day": 20, "exam_date": None}
    assert snapshot["aggregates"]["days"] == {"2026-11-01": [1, 1, 0, 0]}


def test_snapshot_is_written_every_n_answers(home: Path) -> None:
    store = open_store(home)
    for n in range(SNAPSHOT_EVERY):
        store.append(review(n, question=f"q{n}"))
    assert json.loads((home / "progress.json").read_text())["log_lines"] == SNAPSHOT_EVERY


def test_missing_snapshot_is_rebuilt_from_the_log(home: Path) -> None:
    store = open_store(home)
    for n in range(3):
        store.append(review(n))
    store.save()
    expected = store.cards
    (home / "progress.json").unlink()
    assert open_store(home).cards == expected


def test_log_past_the_snapshot_is_replayed(home: Path) -> None:
    first = open_store(home)
    first.append(review(0))
    first.save()
    second = open_store(home)
    second.append(review(1))  # no save: the snapshot is now behind the log
    assert open_store(home).cards["q1"].reviews == 2


def test_two_stores_interleave_without_losing_answers(home: Path) -> None:
    a = open_store(home)
    b = open_store(home)
    a.append(review(0, "qa"))
    b.append(review(1, "qb"))
    a.append(review(2, "qa"))
    a.save()
    b.save()
    final = open_store(home)
    assert {k: v.reviews for k, v in final.cards.items()} == {"qa": 2, "qb": 1}
    snapshot = json.loads((home / "progress.json").read_text())
    assert snapshot["log_lines"] == 3


def _as_version_1(snapshot: bytes) -> str:
    """A current snapshot rewritten the way version 1 stored it (each card an object)."""
    data = json.loads(snapshot)
    fields = data.pop("card_fields")
    data["schema_version"] = 1
    data["cards"] = {
        card_id: {"card_id": card_id, **dict(zip(fields, row, strict=True))}
        for card_id, row in data["cards"].items()
    }
    return json.dumps(data, indent=1)


def test_a_version_1_snapshot_is_read_and_upgraded_on_the_next_save(home: Path) -> None:
    store = open_store(home)
    for n in range(3):
        store.append(review(n, question=f"q{n % 2}"))
    store.save()
    expected = store.cards
    old = _as_version_1((home / "progress.json").read_bytes())
    (home / "progress.json").write_text(old)
    reader = open_store(home, readonly=True)
    assert (reader.cards, reader.notices) == (expected, [])  # read, not set aside as damaged
    assert (home / "progress.json").read_text() == old  # reading changes nothing
    writer = open_store(home)
    assert writer.cards == expected
    writer.save()
    upgraded = json.loads((home / "progress.json").read_text())
    assert upgraded["schema_version"] == 2
    assert open_store(home).cards == expected


def test_future_schema_version_is_refused_and_left_untouched(home: Path) -> None:
    home.mkdir()
    future = json.dumps({"schema_version": 99, "cards": {}})
    (home / "progress.json").write_text(future)
    with pytest.raises(ProgressError) as caught:
        open_store(home)
    assert "schema_version 99" in str(caught.value)
    assert "left untouched" in str(caught.value)
    assert (home / "progress.json").read_text() == future


def test_corrupt_snapshot_is_kept_aside_and_rebuilt(home: Path) -> None:
    store = open_store(home)
    store.append(review(0))
    (home / "progress.json").write_text("{not json")
    reopened = open_store(home)
    assert reopened.cards["q1"].reviews == 1
    kept = list(home.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"
    assert reopened.notices and "kept it as progress.json.corrupt-" in reopened.notices[0]


def test_readonly_open_never_writes(home: Path) -> None:
    store = open_store(home)
    store.append(review(0))
    (home / "progress.json").write_text("{not json")
    reader = open_store(home, readonly=True)
    assert reader.cards["q1"].reviews == 1
    assert (home / "progress.json").read_text() == "{not json"
    assert not list(home.glob("*.corrupt-*"))


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
    assert [json.loads(line)["review_id"] for line in lines] == ["r0", "r1"]


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
    store.save()
    (home / "progress.json").unlink()
    assert open_store(home).cards == store.cards


def test_replay_of_undo_then_a_new_review_matches_the_live_store(home: Path) -> None:
    # Found by the property test: replaying the undo must not see the review after it.
    store = open_store(home)
    first = review(0, right=False)
    store.append(first)
    store.append(correction("undo", first))
    store.append(review(2, right=False))
    replayed = open_store(home, use_snapshot=False)
    assert replayed.cards == store.cards
    assert replayed.cards["q1"].reviews == 1
    assert replayed.aggregates == store.aggregates
