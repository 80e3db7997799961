"""An answer line leaves its question's content hash out when the line before it has it."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trustquiz import checkup
from trustquiz.api import open_store
from trustquiz.store.lines import answer_id, encode
from trustquiz.store.progress import ProgressStore
from trustquiz.store.records import CorrectionRecord, ReviewRecord

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
A, B = "8b7683a2daa0", "0f0f0f0f0f0f"
Record = ReviewRecord | CorrectionRecord
# A step: an answer (question, hash, known by its question and time or not), an undo or
# override of an earlier answer, or an earlier answer's line again with another hash.
STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("answer"),
            st.sampled_from("xyz"),
            st.sampled_from([None, A, B, "kept as text"]),
            st.booleans(),
        ),
        st.tuples(
            st.sampled_from(["undo", "override", "again"]),
            st.integers(0, 30),
            st.sampled_from([None, A, B]),
            st.booleans(),
        ),
    ),
    min_size=1,
    max_size=25,
)


def answer(n: int, question: str, content_hash: str | None, by_time: bool = True) -> ReviewRecord:
    when = T0 + timedelta(hours=n, milliseconds=n)
    return ReviewRecord(
        review_id=answer_id(question, when) if by_time else f"r{n}", question_id=question,
        time=when, response="b", verdict="right", rating=3, session_id="s",
        content_hash=content_hash,
    )  # fmt: skip


def records_of(steps: list[tuple[str, Any, str | None, bool]]) -> list[Record]:
    records: list[Record] = []
    answers: list[ReviewRecord] = []
    for n, (kind, which, content_hash, by_time) in enumerate(steps):
        if kind == "answer":
            answers.append(answer(n, which, content_hash, by_time))
            records.append(answers[-1])
        elif answers:
            target = answers[which % len(answers)]
            if kind == "again":  # a duplicate line: skipped, its hash still counts
                records.append(target.model_copy(update={"content_hash": content_hash}))
                continue
            records.append(CorrectionRecord(
                type=kind, review_id=target.review_id, question_id=target.question_id,
                time=T0 + timedelta(hours=n), session_id="s",
                rating=3 if kind == "override" else None,
            ))  # fmt: skip
    return records


def long(record: Record) -> bytes:
    return (record.model_dump_json() + "\n").encode()


def write(home: Path, lines: list[bytes]) -> None:
    home.mkdir()
    (home / "reviews.jsonl").write_bytes(b"".join(lines))


def appended(home: Path, records: list[Record], one_by_one: bool = True) -> None:
    store = open_store(home)
    if one_by_one:
        for record in records:
            store.append(record)
    else:
        store.append_many(records)
    store.close()


def same_state(stores: list[ProgressStore]) -> None:
    first = stores[0]
    for store in stores[1:]:
        assert store.cards == first.cards
        assert store.aggregates == first.aggregates
        assert store.review_rows() == first.review_rows()
        assert seen(store.warnings()) == seen(first.warnings())


def seen(warnings: list[tuple[str, str]]) -> list[str]:
    """The warnings, less the path of the log they name."""
    return [kind + text.split("reviews.jsonl", 1)[1] for kind, text in warnings]


def hash_keys(home: Path) -> list[bool]:
    """Whether each answer line of the log writes its hash."""
    lines = (home / "reviews.jsonl").read_text().splitlines()
    return [
        "h" in data
        for data in map(json.loads, lines)
        if "a" in data or data.get("type") == "review"
    ]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_an_old_log_with_every_hash_and_the_new_lines_fold_alike(
    steps: list[tuple[str, Any, str | None, bool]],
) -> None:
    records = records_of(steps)
    assume(records)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        write(tmp / "long", [long(r) for r in records])
        # As an older trustquiz wrote them: every answer with its "h" (and every answer it
        # wrote had one; one with none is written long here, as the oldest versions did).
        old = [encode(r) if getattr(r, "content_hash", 1) else long(r) for r in records]
        write(tmp / "old", old)
        half = len(records) // 2
        write(tmp / "mixed", old[:half])
        appended(tmp / "mixed", records[half:])
        (tmp / "new").mkdir()
        appended(tmp / "new", records)
        (tmp / "batch").mkdir()
        appended(tmp / "batch", records, one_by_one=False)
        homes = [tmp / name for name in ("long", "old", "mixed", "new", "batch")]
        stores = [open_store(home) for home in homes]
        fresh = [open_store(home, use_index=False) for home in homes]
        same_state(stores + fresh)
        for store in stores + fresh:
            assert list(store.records()) == records
            store.close()
        # The new lines write a hash only where it differs from the question's line before.
        last: dict[str, str | None] = {}
        written = []
        for record in records:
            if isinstance(record, ReviewRecord):
                written.append(record.content_hash != last.get(record.question_id))
                last[record.question_id] = record.content_hash
        assert hash_keys(tmp / "new") == hash_keys(tmp / "batch") == written


def test_an_answer_after_an_undo_takes_the_hash_of_the_undone_line(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.append(answer(0, "x", A))
    store.append(answer(1, "x", B))  # the question changed; this answer is taken back
    taken_back = answer_id("x", answer(1, "x", B).time)
    undo = {"question_id": "x", "time": T0 + timedelta(hours=2), "session_id": "s"}
    store.append(CorrectionRecord(type="undo", review_id=taken_back, **undo))
    assert store.cards["x"].content_hash == A  # the card is as its answers that count left it
    store.append(answer(3, "x", B))  # the line before has B: left out
    store.append(answer(4, "y", B))
    store.append(answer(5, "x", A))
    store.close()
    lines = [json.loads(line) for line in (tmp_path / "reviews.jsonl").read_text().splitlines()]
    assert [line.get("h", "-") for line in lines] == [A, B, "-", "-", B, A]
    for use_index in (True, False):
        again = open_store(tmp_path, use_index=use_index)
        assert [r.content_hash for r in again.reviews()] == [A, B, B, B, A]
        assert again.cards["x"].content_hash == A and again.cards["y"].content_hash == B
        again.close()


def test_a_line_another_session_or_a_crash_left_unfolded_takes_the_hash_from_the_index(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path)
    store.append(answer(0, "x", A))
    store.append(answer(1, "x", B))
    store.close()
    log = tmp_path / "reviews.jsonl"
    with log.open("ab") as handle:  # written, the index not updated; then a torn line
        handle.write(encode(answer(2, "x", B), B) + encode(answer(3, "y", A))[:-20])
    assert b'"h"' not in log.read_bytes().splitlines()[2]
    store = open_store(tmp_path)
    assert store.cards["x"].content_hash == B and store.cards["x"].reviews == 3
    store.append(answer(4, "y", A))  # the torn line is set aside: this is y's first line
    store.append(answer(5, "x", B))
    store.close()
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [line.get("h", "-") for line in lines] == [A, B, "-", A, "-"]
    rebuilt = open_store(tmp_path, use_index=False)
    assert [r.content_hash for r in rebuilt.reviews()] == [A, B, B, A, B]
    rebuilt.close()


def test_a_repaired_log_gives_its_hash_to_a_line_that_took_it_from_a_line_left_out(
    tmp_path: Path,
) -> None:
    first, again = answer(0, "x", A), answer(1, "x", A)
    lines = [encode(first), encode(again, A), encode(again.model_copy(update={"content_hash": B}))]
    lines.append(encode(answer(2, "x", B), B))  # takes B from the duplicate line before
    write(tmp_path / "home", lines)
    home = tmp_path / "home"
    before = open_store(home, use_index=False)
    assert [r.content_hash for r in before.reviews()] == [A, A, B, B]
    assert before.cards["x"].content_hash == B
    before.close()
    checkup.repair_log(home)
    kept = [json.loads(line) for line in (home / "reviews.jsonl").read_text().splitlines()]
    assert [line.get("h", "-") for line in kept] == [A, "-", B]
    after = open_store(home)
    assert after.cards["x"].content_hash == B and after.warnings() == []
    after.close()


def test_a_writer_takes_the_hash_another_session_wrote_before_its_own_line(
    tmp_path: Path,
) -> None:
    mine = open_store(tmp_path)
    mine.append(answer(0, "x", A))
    other = open_store(tmp_path)
    other.append(answer(1, "x", B))  # the question changed while this session was open
    other.close()
    mine.append(answer(2, "x", B))  # caught up first: the line before has B
    mine.append(answer(3, "x", A))
    mine.close()
    lines = [json.loads(line) for line in (tmp_path / "reviews.jsonl").read_text().splitlines()]
    assert [line.get("h", "-") for line in lines] == [A, B, "-", A]
    rebuilt = open_store(tmp_path, use_index=False)
    assert [r.content_hash for r in rebuilt.reviews()] == [A, B, B, A]
    assert rebuilt.cards["x"].content_hash == A
    rebuilt.close()
