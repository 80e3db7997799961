"""The log's compact lines (written for answers now) and long lines (of old) read the same."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustquiz import api
from trustquiz.api import open_store
from trustquiz.store import schema
from trustquiz.store.lines import answer_id, encode, utc_text
from trustquiz.store.log import UnusableRecord, parse_record
from trustquiz.store.records import CorrectionRecord, ReviewRecord, SettingsRecord, Verdict

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
CHARACTERS = st.characters(blacklist_categories=["Cs"])  # what UTF-8 can encode
TEXT = st.text(CHARACTERS, max_size=12)
IDS = st.text(CHARACTERS, min_size=1, max_size=12)
# Fixed offsets: a zone's times in a daylight-saving gap or fold never compare equal to
# the same instant in UTC (PEP 495), and trustquiz's own times are UTC.
OFFSETS = st.sampled_from(
    [
        timezone.utc,
        timezone(timedelta(hours=5, minutes=30)),
        timezone(timedelta(hours=-8)),
        timezone(timedelta(seconds=-1)),
    ]
)
TIMES = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(8999, 12, 30), timezones=OFFSETS
)
DAYS = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))
INDICES = st.one_of(st.none(), st.lists(st.integers(0, 9), max_size=4))


@st.composite
def reviews(draw: st.DrawFn) -> ReviewRecord:
    when, question_id = draw(TIMES), draw(IDS)
    # The learner's day: most often the UTC date (then left out of the line), else any.
    utc_day = when.astimezone(timezone.utc).date().isoformat()
    # Its id: the one its question and time make (then left out of the line), or any.
    review_id = draw(st.one_of(st.just(answer_id(question_id, when)), IDS))
    return ReviewRecord(
        review_id=review_id, question_id=question_id, time=when, response=draw(TEXT),
        verdict=draw(st.sampled_from(["right", "wrong"])),
        confidence=draw(st.sampled_from([None, "sure", "unsure", "guess"])),
        rating=draw(st.integers(1, 4)), duration_ms=draw(st.one_of(st.none(), st.integers(0))),
        session_id=draw(TEXT), content_hash=draw(st.one_of(st.none(), TEXT)),
        shown=draw(INDICES), missed=draw(INDICES), cram=draw(st.booleans()),
        day=draw(st.one_of(st.just(utc_day), DAYS)), learned=draw(st.booleans()),
        mock=draw(st.one_of(st.none(), TEXT)), imported=draw(st.one_of(st.none(), TEXT)),
    )  # fmt: skip


corrections = st.builds(
    CorrectionRecord,
    type=st.sampled_from(["undo", "override"]),
    review_id=IDS,
    question_id=IDS,
    time=TIMES,
    session_id=TEXT,
    rating=st.one_of(st.none(), st.integers(1, 4)),
)


@given(st.one_of(reviews(), corrections))
def test_a_compact_line_reads_back_as_the_record_it_was_written_from(
    record: ReviewRecord | CorrectionRecord,
) -> None:
    data = encode(record)
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert parse_record(data[:-1]) == record
    assert "type" not in json.loads(data)
    # Nothing that is the default is written: no null, no false.
    assert b":null" not in data.replace(b'"d":null', b"") and b":false" not in data


def test_an_answer_line_leaves_out_what_is_default_or_derived() -> None:
    record = ReviewRecord(
        review_id="3f9c0a1b2c3d4e5f", question_id="kabil", time=T0 + timedelta(microseconds=250000),
        response="b", verdict="right", rating=3, duration_ms=11031, session_id="9a8b7c6d5e4f",
        content_hash="8b7683a2daa0", day="2026-11-01", learned=True,
    )  # fmt: skip
    assert encode(record) == (
        b'{"r":"3f9c0a1b2c3d4e5f","q":"kabil","at":"2026-11-01T09:00:00.25Z","a":"b",'
        b'"g":3,"ms":11031,"s":"9a8b7c6d5e4f","h":"8b7683a2daa0","l":true}\n'
    )
    late = record.model_copy(update={"day": "2026-11-02", "confidence": "guess", "cram": True})
    assert encode(late) == (
        b'{"r":"3f9c0a1b2c3d4e5f","q":"kabil","at":"2026-11-01T09:00:00.25Z","a":"b",'
        b'"c":"guess","g":3,"ms":11031,"s":"9a8b7c6d5e4f","h":"8b7683a2daa0",'
        b'"d":"2026-11-02","l":true,"cram":true}\n'
    )


def test_an_answer_known_by_its_question_and_time_has_no_r() -> None:
    when = T0 + timedelta(milliseconds=250)
    record = ReviewRecord(
        review_id=answer_id("kabil", when), question_id="kabil", time=when, response="b",
        verdict="wrong", rating=1, session_id="9a8b7c6d", day="2026-11-01",
    )  # fmt: skip
    assert record.review_id == "kabil@2026-11-01T09:00:00.25Z"
    line = b'{"q":"kabil","at":"2026-11-01T09:00:00.25Z","a":"b","g":1,"s":"9a8b7c6d"}\n'
    assert encode(record) == line
    assert parse_record(line[:-1]) == record
    other = record.model_copy(update={"question_id": "ncmm"})  # its id names another question
    assert json.loads(encode(other))["r"] == "kabil@2026-11-01T09:00:00.25Z"
    assert parse_record(encode(other)[:-1]) == other


@pytest.mark.parametrize(
    ("verdict", "rating", "written"),
    [("right", 3, None), ("right", 2, None), ("wrong", 1, None), ("wrong", 3, "wrong"),
     ("right", 1, "right")],
)  # fmt: skip
def test_the_verdict_is_written_only_when_the_rating_does_not_say_it(
    verdict: Verdict, rating: int, written: str | None
) -> None:
    record = ReviewRecord(
        review_id="r1", question_id="kabil", time=T0, response="b", verdict=verdict,
        rating=rating, session_id="s",
    )  # fmt: skip
    line = json.loads(encode(record))
    assert line.get("v") == written
    assert parse_record(encode(record)[:-1]) == record


def test_corrections_are_compact_and_settings_keep_the_long_form() -> None:
    undo = CorrectionRecord(
        type="undo", review_id="r1", question_id="kabil", time=T0, session_id="s"
    )
    assert encode(undo) == b'{"undo":"r1","q":"kabil","at":"2026-11-01T09:00:00Z","s":"s"}\n'
    override = undo.model_copy(update={"type": "override", "rating": 3})
    assert encode(override) == (
        b'{"override":"r1","q":"kabil","at":"2026-11-01T09:00:00Z","s":"s","g":3}\n'
    )
    change = SettingsRecord(type="settings", time=T0, changes={"new_per_day": 5})
    assert encode(change) == (change.model_dump_json() + "\n").encode()


def test_times_are_written_in_utc_with_no_trailing_zeros() -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    assert utc_text(datetime(2026, 11, 1, 14, 30, tzinfo=india)) == "2026-11-01T09:00:00Z"
    assert utc_text(T0 + timedelta(microseconds=120)) == "2026-11-01T09:00:00.00012Z"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            b'{"r":"x","q":"kabil","at":"soon","a":"b","v":"right","g":3,"s":"s"}',
            "not a valid review record (at: Input should be a valid datetime or date, input is"
            " too short)",
        ),
        (
            b'{"r":"x","at":"2026-11-01T09:00:00Z","a":"b","v":"right","g":3,"s":"s"}',
            "not a valid review record (q: Field required)",
        ),
        (
            b'{"r":"x","q":"kabil","at":"2026-11-01T09:00:00Z","a":"b","v":"right","g":3,'
            b'"s":"s","question_id":"kabil"}',
            "not a valid review record (question_id: Extra inputs are not permitted)",
        ),
        (
            b'{"at":"2026-11-01T09:00:00Z","a":"b","g":3,"s":"s"}',
            "not a valid review record (q: Field required)",
        ),
        (
            b'{"q":"kabil","a":"b","g":3,"s":"s"}',
            "not a valid review record (at: Field required)",
        ),
        (
            b'{"undo":"x","q":"kabil","at":"2026-11-01T09:00:00Z","s":"s","g":7}',
            "not a valid undo record (g: Input should be less than or equal to 4)",
        ),
    ],
)
def test_a_compact_line_that_cannot_be_read_names_the_key_as_written(
    line: bytes, message: str
) -> None:
    with pytest.raises(UnusableRecord) as caught:
        parse_record(line)
    assert str(caught.value) == message


def test_a_line_of_neither_form_is_an_unknown_record_type() -> None:
    with pytest.raises(ValueError, match="unknown record type None, perhaps written by a newer"):
        parse_record(b'{"x":"kabil"}')


def history() -> list[ReviewRecord | CorrectionRecord | SettingsRecord]:
    """Answers over four days (one on a day not its UTC date), an undo, an override and a
    settings change."""
    records: list[ReviewRecord | CorrectionRecord | SettingsRecord] = []
    for n in range(8):
        when = T0 + timedelta(days=n // 2, hours=n, milliseconds=n)
        question_id = ("kabil", "ncmm", "rank")[n % 3]
        records.append(ReviewRecord(  # every other one known by its question and time
            review_id=answer_id(question_id, when) if n % 2 == 0 else f"r{n}",
            question_id=question_id, time=when,
            response=f"answer {n}", verdict="wrong" if n % 3 == 1 else "right",
            confidence=(None, "unsure", "guess")[n % 3], rating=(3, 1, 2)[n % 3],
            duration_ms=1000 * n if n % 2 else None, session_id="s1",
            content_hash="8b7683a2daa0" if n < 5 else "0f0f0f0f0f0f",
            day=(when + timedelta(hours=20 if n == 5 else 0)).date().isoformat(),
            learned=n > 3, cram=n == 6, shown=[2, 0, 1] if n == 2 else None,
        ))  # fmt: skip
    records.insert(3, SettingsRecord(type="settings", time=T0, changes={"new_per_day": 7}))
    fix = {"question_id": "ncmm", "time": T0 + timedelta(days=5), "session_id": "s2"}
    records.append(CorrectionRecord(type="undo", review_id="r7", **fix))
    override = {**fix, "question_id": "ncmm", "rating": 3}
    records.append(CorrectionRecord(type="override", review_id=answer_id("ncmm", T4), **override))
    return records


T4 = T0 + timedelta(days=2, hours=4, milliseconds=4)  # when answer 4 (of ncmm) was given


def test_an_old_long_log_and_the_same_answers_in_compact_lines_fold_alike(
    tmp_path: Path,
) -> None:
    records = history()
    long_home, compact_home, mixed_home = (tmp_path / name for name in ("long", "compact", "mix"))
    for home, lines in (
        (long_home, [(r.model_dump_json() + "\n").encode() for r in records]),
        (compact_home, [encode(r) for r in records]),
        (mixed_home, [(r.model_dump_json() + "\n").encode() for r in records[:5]]),
    ):
        home.mkdir()
        (home / "reviews.jsonl").write_bytes(b"".join(lines))
    mixed = open_store(mixed_home)  # an old log, then answers given with this version
    for record in records[5:]:
        mixed.append(record)
    mixed.close()
    assert b'"type":"review"' in (long_home / "reviews.jsonl").read_bytes()
    assert b'"type":"review"' not in (compact_home / "reviews.jsonl").read_bytes()
    stores = [open_store(home) for home in (long_home, compact_home, mixed_home)]
    fresh = [open_store(home, use_index=False) for home in (long_home, compact_home, mixed_home)]
    first = stores[0]
    assert first.cards and first.review_count() == 8
    assert first.settings.new_per_day == 7
    # The undone answer (7) was the first to see ncmm's question changed: the card is back
    # to the hash its answers saw before; rank's last answer (5) saw the change.
    assert first.cards["ncmm"].content_hash == "8b7683a2daa0"
    assert first.cards["rank"].content_hash == "0f0f0f0f0f0f"
    for store in stores[1:] + fresh:
        assert store.cards == first.cards
        assert store.settings == first.settings
        assert store.aggregates == first.aggregates
        assert store.review_rows() == first.review_rows()
        assert list(store.records()) == list(first.records())
        assert store.warnings() == []
    for store in stores + fresh:
        store.close()


@pytest.mark.parametrize("readonly", [False, True])
def test_the_index_write_ahead_file_shrinks_back_after_a_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readonly: bool
) -> None:
    # A rebuild writes the whole index through the write-ahead file, which is folded into
    # the database as the rebuild ends (a read-only store's too: otherwise the next writer
    # pays for it, 0.2 s at 50,000 questions); the next answer keeps it under the limit.
    # The store's save then folds in what it wrote (the seen ids and their triggers) and
    # empties the file. The limit is above what one answer writes (16 pages with the
    # cards' time indexes).
    monkeypatch.setattr(schema, "WAL_LIMIT", 128 * 1024)
    home = tmp_path / "home"
    home.mkdir()
    answers = [r for r in history() if r.type == "review"]
    many = [
        r.model_copy(update={"review_id": f"r{n}", "question_id": f"q{n % 500}"})
        for n, r in enumerate(answers * 150)
    ]
    (home / "reviews.jsonl").write_bytes(b"".join(encode(r) for r in many))
    store = open_store(home, readonly=readonly)
    wal = home / "index.sqlite3-wal"
    assert wal.stat().st_size == 0
    assert (home / "index.sqlite3").stat().st_size > 128 * 1024
    store.close()
    store = open_store(home)
    store.append(many[0].model_copy(update={"review_id": "last"}))
    assert wal.stat().st_size <= 128 * 1024
    store.close()


def test_a_save_empties_the_write_ahead_file_unless_a_reader_holds_it(tmp_path: Path) -> None:
    # A process that ends without closing the index leaves its write-ahead file behind,
    # and the next one to open the index reads it back in and folds it in again: 15-135 ms
    # at 50,000 questions after a session's answers. Once folded in, it is emptied.
    home = tmp_path / "home"
    store = open_store(home)
    for n, record in enumerate(r for r in history() if r.type == "review"):
        store.append(record.model_copy(update={"review_id": f"r{n}"}))
    wal = home / "index.sqlite3-wal"
    assert wal.stat().st_size > 0
    reader = sqlite3.connect(home / "index.sqlite3")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM cards").fetchone()  # holds the file back
    store.save()  # does not wait for the reader
    assert wal.stat().st_size > 0
    reader.rollback()
    store.save()
    assert wal.stat().st_size == 0
    reader.close()
    store.close()


def test_answers_given_at_one_moment_are_a_millisecond_apart_and_all_count(
    small_bank: Path, home: Path
) -> None:
    bank = api.load_bank([small_bank], builtin=False)
    store = api.open_store(home)
    now = T0 + timedelta(microseconds=123_456)  # kept to the whole millisecond
    for _ in range(3):  # a clock that stands still (TRUSTQUIZ_NOW)
        api.record(bank, store, "kabil", correct=True, now=now)
    store.close()
    store = api.open_store(home)
    times = ["09:00:00.123Z", "09:00:00.124Z", "09:00:00.125Z"]
    ids = [r.review_id for r in store.records() if isinstance(r, ReviewRecord)]
    assert ids == [f"kabil@2026-11-01T{t}" for t in times]
    assert store.cards["kabil"].reviews == 3
    assert all(b'"r"' not in line for line in (home / "reviews.jsonl").read_bytes().splitlines())
    store.close()
