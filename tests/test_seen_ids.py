"""The seen cards' ids kept in the index as one value: used only when exactly current."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from indexfiles import query
from logfiles import answer
from test_refold import fitted
from trustquiz.api import open_store
from trustquiz.store import seenids
from trustquiz.store.progress import ProgressStore
from trustquiz.store.records import CorrectionRecord, ReviewRecord, SettingsRecord
from trustquiz.store.schema import SEEN_KEY, index_path

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def kept(home: Path) -> list[str] | None:
    """The ids the index keeps, in their order, or None when it keeps none."""
    rows = query(home, "SELECT value FROM meta WHERE key = ?", SEEN_KEY)
    if not rows:
        return None
    count, _, text = str(rows[0][0]).partition("\n")
    ids = text.split("\n") if count != "0" else []
    assert len(ids) == int(count)
    return ids


def table(home: Path) -> list[str]:
    return sorted(str(row[0]) for row in query(home, "SELECT card_id FROM cards"))


@contextlib.contextmanager
def scans() -> Iterator[list[int]]:
    """How many times the cards table is read for its ids, while the block runs."""
    calls: list[int] = []

    def counted(db: sqlite3.Connection) -> list[str]:
        calls.append(1)
        return seenids.scanned.__wrapped__(db)  # type: ignore[attr-defined, no-any-return]

    counted.__wrapped__ = seenids.scanned  # type: ignore[attr-defined]
    with patch("trustquiz.store.seenids.scanned", counted):
        yield calls


def review(n: int, question: str, right: bool = True) -> ReviewRecord:
    return answer(n, question, T0 + timedelta(minutes=n), right)


def correction(kind: Literal["undo", "override"], of: ReviewRecord) -> CorrectionRecord:
    return CorrectionRecord(
        type=kind,
        review_id=of.review_id,
        question_id=of.question_id,
        time=of.time + timedelta(seconds=1),
        session_id="s",
        rating=3 if kind == "override" else None,
    )


def test_an_opened_store_keeps_the_ids_and_a_start_reads_them_without_a_scan(
    home: Path,
) -> None:
    store = open_store(home)
    for n, question in enumerate(["q2", "q10", "q1"]):
        store.append(review(n, question))
    assert kept(home) is None  # the answers' new cards dropped what the open kept
    store.save()
    assert sorted(kept(home) or []) == ["q1", "q10", "q2"]
    with scans() as calls:
        assert sorted(open_store(home).cards.seen_ids()) == ["q1", "q10", "q2"]
    assert calls == []


def test_a_change_to_the_set_of_cards_drops_the_ids_and_nothing_else_does(home: Path) -> None:
    store = open_store(home)
    first = review(0, "q1")
    for record in (first, review(1, "q2", right=False)):
        store.append(record)
    store.save()
    store.append(review(2, "q1"))  # a seen card: the same set of ids
    store.append(correction("override", review(1, "q2", right=False)))
    store.append(SettingsRecord(type="settings", time=T0, changes={"parameters": fitted(1)}))
    assert kept(home) == ["q1", "q2"]  # an update and a refold of every card keep them
    store.append(correction("undo", review(2, "q1")))
    assert kept(home) == ["q1", "q2"]
    store.append(correction("undo", first))  # q1's first answer: q1 is unseen again
    assert kept(home) is None
    store.save()
    assert kept(home) == ["q2"]
    store.append(review(3, "q3"))
    assert kept(home) is None


def test_an_index_made_before_the_ids_were_kept_gets_them_and_their_triggers(
    home: Path,
) -> None:
    store = open_store(home)
    store.append(review(0, "q1"))
    store.save()
    store.close()
    assert len(query(home, "SELECT name FROM sqlite_master WHERE type = 'trigger'")) == 3
    for name in ("in", "out", "moved"):
        query(home, f"DROP TRIGGER seen_{name}")
    query(home, "DELETE FROM meta WHERE key = ?", SEEN_KEY)
    reopened = open_store(home)
    assert kept(home) == ["q1"]
    reopened.append(review(1, "q2"))
    assert kept(home) is None


def test_ids_are_not_kept_while_another_process_writes_the_index_and_kept_after(
    home: Path,
) -> None:
    store = open_store(home)
    store.append(review(0, "q1"))
    with contextlib.closing(sqlite3.connect(index_path(home), isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        started = time.process_time(), time.monotonic()
        store.save()  # no waiting for the other writer
        assert time.monotonic() - started[1] < 1
        other.execute("COMMIT")
    assert kept(home) is None
    assert sorted(store.cards.seen_ids()) == ["q1"]
    store.save()
    assert kept(home) == ["q1"]


def test_ids_with_a_line_break_are_not_kept_and_are_read_from_the_rows(home: Path) -> None:
    store = open_store(home)
    store.append(review(0, "odd\nid"))
    store.append(review(1, "q0"))
    store.save()
    assert kept(home) is None
    assert sorted(open_store(home).cards.seen_ids()) == ["odd\nid", "q0"]


def test_an_index_copied_into_memory_uses_the_kept_ids(home: Path) -> None:
    store = open_store(home)
    store.append(review(0, "q1"))
    store.save()
    with patch("os.access", return_value=False), scans() as calls:
        copied = open_store(home)
        assert sorted(copied.cards.seen_ids()) == ["q1"]
    assert calls == []


CARDS = ["q1", "q2", "q3", "q4"]
CORRECTION: dict[str, Literal["undo", "override"]] = {"undo": "undo", "override": "override"}
STEP = st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(CARDS), st.booleans()),
    st.tuples(st.just("other"), st.sampled_from(CARDS), st.booleans()),
    st.tuples(st.sampled_from(["undo", "override"]), st.integers(0, 30), st.booleans()),
    st.tuples(
        st.sampled_from(["save", "reopen", "rebuild", "refold", "seen"]),
        st.just(""),
        st.booleans(),
    ),
)


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(STEP, max_size=25))
def test_seen_ids_are_the_cards_of_the_index_whatever_changed_them(
    steps: list[tuple[str, object, bool]],
) -> None:
    """Answers to new and seen cards, undos, overrides, reopens, rebuilds, refolds and a
    second store writing the same home: after each step the kept ids, when kept, are the
    table's, and the store's seen ids are too; a kept value is read without a scan."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        store, other = open_store(home), None
        answers = [review(0, "q0")]
        store.append(answers[0])
        for kind, what, flag in steps:
            writer: ProgressStore = store
            if kind in ("answer", "other"):
                if kind == "other":
                    other = other or open_store(home)
                    writer = other
                answers.append(review(len(answers), str(what), flag))
                writer.append(answers[-1])
            elif kind in ("undo", "override"):
                store.append(correction(CORRECTION[kind], answers[int(str(what)) % len(answers)]))
            elif kind == "save":
                store.save()
            elif kind == "reopen":
                store.close()
                store = open_store(home)
            elif kind == "rebuild":
                store.rebuild()
            elif kind == "refold":
                changes = {"parameters": fitted(len(answers))}
                store.append(SettingsRecord(type="settings", time=T0, changes=changes))
            ids = kept(home)
            if ids is not None:
                assert sorted(ids) == table(home)
            if writer is store and kind not in ("save", "seen"):  # it caught up: every card
                assert sorted(store.cards.seen_ids()) == table(home)
            if kind == "seen":
                fresh = open_store(home)
                with scans() as calls:
                    assert sorted(fresh.cards.seen_ids()) == table(home)
                assert calls == ([] if kept(home) is not None else [1])
                fresh.close()
        store.close()
        if other is not None:
            other.close()
