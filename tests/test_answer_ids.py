"""An answer's id (its question and time): found free once, and a session's line that lost it."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from indexfiles import query
from trustquiz.api import open_store
from trustquiz.store.lines import answer_id
from trustquiz.store.records import ReviewRecord, SettingsRecord
from trustquiz.store.schema import microseconds

WHEN = datetime(2026, 11, 1, 9, 0, 0, 250000, tzinfo=timezone.utc)


def by_time(question: str, session: str, when: datetime = WHEN) -> ReviewRecord:
    return ReviewRecord(
        review_id=answer_id(question, when), question_id=question, time=when, response="a",
        verdict="right", rating=3, session_id=session, content_hash="c1", day="2026-11-01",
    )  # fmt: skip


def test_an_id_another_session_took_after_it_was_found_free_is_skipped_as_taken(
    home: Path,
) -> None:
    first, second = open_store(home), open_store(home)
    first.append(by_time("other", "a", WHEN.replace(hour=8)))
    assert not second.taken("kabil", WHEN)  # free when this session looked
    first.append(by_time("kabil", "a"))  # taken by the other session meanwhile
    second.append(by_time("kabil", "b"))
    assert second.taken("kabil", WHEN)
    assert second.warnings() == [
        ("skipped", f"{home / 'reviews.jsonl'}:3: review id kabil@2026-11-01T09:00:00.25Z"
                    " is already on line 2; skipped (`trustquiz doctor` lists it,"
                    " `--repair-log` sets it aside)"),
    ]  # fmt: skip
    assert second.cards["kabil"].reviews == 1
    fresh = open_store(home, use_index=False)
    assert second.review_rows() == fresh.review_rows()
    assert second.warnings() == fresh.warnings()


def test_an_id_found_free_is_free_for_the_line_written_next(home: Path) -> None:
    store = open_store(home)
    store.append(by_time("kabil", "a"))
    later = WHEN.replace(second=1)
    assert store.taken("kabil", WHEN)
    assert not store.taken("kabil", later)
    store.append(by_time("kabil", "a", later))
    store.append(by_time("kabil", "b", later))  # the same id again: skipped
    assert store.cards["kabil"].reviews == 2
    assert [line for _, line in store.warnings()] == [
        f"{home / 'reviews.jsonl'}:3: review id kabil@2026-11-01T09:00:01.25Z is already on"
        " line 2; skipped (`trustquiz doctor` lists it, `--repair-log` sets it aside)"
    ]


def test_an_id_is_found_taken_by_its_card_and_time_or_by_a_key_spelling_it(home: Path) -> None:
    later = WHEN.replace(minute=5)
    store = open_store(home)
    store.append(by_time("kabil", "a"))
    spelled = by_time("other", "a", WHEN.replace(minute=1)).model_copy(
        update={"review_id": answer_id("kabil", later)}  # a key that is kabil's id at `later`
    )
    store.append(spelled)
    store.close()
    store = open_store(home)  # a line with no review: the latest time is kept for it too
    store.append(SettingsRecord(type="settings", time=later, changes={"new_per_day": 5}))
    store.close()
    assert query(home, "SELECT value FROM meta WHERE key = 'latest_at'") == [
        (f"3 {microseconds(WHEN.replace(minute=1))}",)
    ]
    for meta in ("keep", "stale", "none"):  # as kept, or from an older trustquiz: found again
        if meta == "stale":
            query(home, "UPDATE meta SET value = '1 0' WHERE key = 'latest_at'")
        elif meta == "none":
            query(home, "DELETE FROM meta WHERE key = 'latest_at'")
        store = open_store(home)
        assert store.taken("kabil", WHEN)  # before the latest time: its card's rows
        assert not store.taken("kabil", WHEN.replace(second=2))
        assert store.taken("kabil", later)  # after it: by the key alone
        assert not store.taken("kabil", later.replace(second=1))
        assert not store.taken("other", later)
        store.close()
