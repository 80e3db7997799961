"""The writer lock: two real processes appending at once keep the log and the index whole."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
from pathlib import Path

from indexfiles import covered_lines
from logfiles import record_of
from trustquiz.api import open_store
from trustquiz.store.lock import WriterLock

ANSWERS = 300
# Each worker opens the store, waits for the start signal, then appends ANSWERS reviews
# (a quarter of them followed by an undo or an override), each through the store.
WORKER = """
import sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from trustquiz.api import open_store
from trustquiz.store.lock import WriterLock
from trustquiz.store.records import CorrectionRecord, ReviewRecord

home, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = open_store(home)
while not go.exists():
    time.sleep(0.001)
t0 = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)
for n in range(count):
    when = t0 + timedelta(minutes=n)
    review = ReviewRecord(
        review_id=f"{name}-{n}", question_id=f"{name}-q{n % 7}", time=when, response="x",
        verdict="right" if n % 3 else "wrong", rating=3 if n % 3 else 1, session_id=name,
        day=when.date().isoformat(),
    )
    store.append(review)
    time.sleep(0.001)  # the learner reads the feedback: the other process gets its turn
    if n % 4 == 3:
        store.append(CorrectionRecord(
            type="undo" if n % 8 == 3 else "override", review_id=review.review_id,
            question_id=review.question_id, time=when, session_id=name, rating=3,
        ))
"""


def test_two_processes_appending_at_once_keep_every_line_and_the_index(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(home), name, str(ANSWERS), str(go)],
            stderr=subprocess.PIPE,
        )
        for name in ("a", "b")
    ]
    time.sleep(1.0)  # both have opened the store
    go.touch()
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err.decode()
    lines = (home / "reviews.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b""  # the log ends with a whole line
    records = [record_of(line.decode()) for line in lines[:-1]]  # every line whole and parseable
    per_worker = ANSWERS + ANSWERS // 4
    assert len(records) == 2 * per_worker
    for name in ("a", "b"):
        reviews = [
            r["review_id"] for r in records if r["type"] == "review" and r["session_id"] == name
        ]
        assert reviews == [f"{name}-{n}" for n in range(ANSWERS)]
    # The two sessions did interleave: each one's lines are not all in one block.
    sessions = [r["session_id"] for r in records]
    assert sum(1 for x, y in itertools.pairwise(sessions) if x != y) > 10
    # The index each process kept up to date agrees with one folded afresh from the log.
    assert covered_lines(home) == len(records)
    store = open_store(home)
    assert store.notices == []
    fresh = open_store(home, use_index=False)
    assert store.cards == fresh.cards
    assert store.aggregates == fresh.aggregates
    assert store.review_rows() == fresh.review_rows()


def test_a_lock_file_deleted_between_answers_is_locked_afresh(tmp_path: Path) -> None:
    path = tmp_path / ".lock"
    first = WriterLock(path)
    first.acquire()
    first.release()  # the file stays open between answers
    path.unlink()
    second = WriterLock(path)
    second.acquire()  # locks the new .lock
    taken = threading.Event()

    def take() -> None:
        first.acquire()
        taken.set()
        first.release()

    waiter = threading.Thread(target=take)
    waiter.start()
    assert not taken.wait(0.3), "the first lock locked the deleted file, not the one in use"
    second.release()
    assert taken.wait(5)
    waiter.join()
    first.close()
    second.close()
