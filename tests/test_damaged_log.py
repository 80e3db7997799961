"""A log damaged by hand: read when it can be, else named by path:line, skipped, and repairable."""

from __future__ import annotations

import gc
import json
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SMALL_BANK, run, write
from indexfiles import remove_index
from trustquiz import api
from trustquiz.errors import ProgressError
from trustquiz.scheduler import rating_for
from trustquiz.store.records import ReviewRecord

BANK = ("--no-builtin", "--bank")
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
IDS = ("ncmm-outlay", "kabil", "api-rank")
REPAIR = "; skipped (`trustquiz doctor` lists it, `--repair-log` sets it aside)"
REBUILT = (
    "note: reviews.jsonl is not the log the index was built from; rebuilt index.sqlite3 from"
    " the log"
)
SHORTER = "note: reviews.jsonl is shorter than the index covers; rebuilt index.sqlite3 from the log"
DOCTOR_REPAIR = "; skipped (`trustquiz doctor --repair-log` sets it aside)"


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    yield
    release_stores()


def release_stores() -> None:
    """Free what the commands loaded and froze (their stores' open files among it)."""
    gc.unfreeze()
    gc.enable()
    gc.collect()


def review(n: int, question: str) -> ReviewRecord:
    return ReviewRecord(
        review_id=f"r{n}", question_id=question, time=T0 + timedelta(days=n), response="a",
        verdict="right", rating=rating_for(True), session_id="s", day=f"2026-11-0{n + 1}",
    )  # fmt: skip


def three_reviews(home: Path) -> bytes:
    """A log of three reviews (one per question) with its index on disk; its bytes."""
    store = api.open_store(home)
    for n, question in enumerate(IDS):
        store.append(review(n, question))
    store.close()
    return (home / "reviews.jsonl").read_bytes()


def line(**fields: object) -> bytes:
    return json.dumps(fields).encode() + b"\n"


FIRST = json.loads(review(0, IDS[0]).model_dump_json())
SETTINGS_TIME = "2026-11-05T00:00:00Z"
UNDO = {"review_id": "r9", "question_id": "kabil", "time": SETTINGS_TIME, "session_id": "s"}
# A line the tool cannot apply, and what every command says about it.
UNAPPLIABLE = {
    "bad setting value": (
        line(type="settings", time=SETTINGS_TIME, changes={"new_per_day": -1}),
        "bad value for the setting new_per_day: Input should be greater than or equal to 0",
    ),
    "infinite setting": (
        b'{"type": "settings", "time": "2026-11-05T00:00:00Z", "changes": {"new_per_day":'
        b" Infinity}}\n",
        "bad value for the setting new_per_day: Input should be a finite number",
    ),
    "NaN setting": (
        b'{"type": "settings", "time": "2026-11-05T00:00:00Z", "changes":'
        b' {"desired_retention": NaN}}\n',
        "bad value for the setting desired_retention: Input should be a finite number",
    ),
    "undo of no review": (
        line(type="undo", **UNDO),
        "the undo names review r9, that is not in the log",
    ),
    "override of another question": (
        line(type="override", **{**UNDO, "review_id": "r0"}),
        "the override names review r0, of another question",
    ),
    "duplicate review id": (
        line(**{**FIRST, "question_id": "kabil"}),
        "review id r0 is already on line 1",
    ),
    "year 9999": (
        line(**{**FIRST, "review_id": "late", "time": "9999-12-31T22:00:00Z"}),
        "its time 9999-12-31T22:00:00+00:00 is outside the times trustquiz can store"
        " (1970-01-01 to 8999-12-31)",
    ),
    "unreadable time": (
        line(**{**FIRST, "review_id": "when", "time": "yesterday"}),
        "not a valid review record (time: Input should be a valid datetime or date, input"
        " is too short)",
    ),
    "unreadable day": (
        line(**{**FIRST, "review_id": "day", "day": "someday"}),
        "its day 'someday' is not a date (YYYY-MM-DD)",
    ),
    "day not written YYYY-MM-DD": (
        line(**{**FIRST, "review_id": "basic", "day": "20261101"}),
        "its day '20261101' is not a date (YYYY-MM-DD)",
    ),
    "long response": (
        line(**{**FIRST, "review_id": "long", "response": "x" * 1001}),
        "its response is longer than 1,000 characters",
    ),
    "control characters": (
        line(**{**FIRST, "review_id": "bell", "response": "a\x07b"}),
        "its response has control characters",
    ),
}


@pytest.mark.parametrize("case", sorted(UNAPPLIABLE))
def test_a_line_that_cannot_be_applied_is_skipped_named_and_repaired(
    case: str, runner: CliRunner, small_bank: Path, home: Path
) -> None:
    bad, why = UNAPPLIABLE[case]
    good = three_reviews(home)
    log = home / "reviews.jsonl"
    log.write_bytes(good + bad)
    warning = f"warning: {log}:4: {why}{REPAIR}\n"

    stats = run(runner, "stats", "--json", *BANK, str(small_bank))
    assert stats.exit_code == 0
    assert stats.stderr == warning
    assert json.loads(stats.stdout)["reviews_total"] == 3  # a duplicate is counted once
    practice = run(runner, "practice", *BANK, str(small_bank), "--id", "ree-share", input="true\n")
    assert practice.exit_code == 0 and practice.stderr == warning
    assert "Saved 1 answers" in practice.stdout or "1 answer" in practice.stdout

    doctor = run(runner, "doctor", *BANK, str(small_bank))
    assert doctor.exit_code == 1
    assert f"error: {log}:4: {why}{DOCTOR_REPAIR}\n" in doctor.stdout
    before = log.read_bytes()
    repair = run(runner, "doctor", "--repair-log", *BANK, str(small_bank))
    assert repair.exit_code == 0, repair.stdout
    assert f"left out line 4: {why}\n" in repair.stdout
    (backup,) = home.glob("reviews.jsonl.bak-*")
    assert backup.read_bytes() == before
    assert log.read_bytes() == before.replace(bad, b"")
    again = run(runner, "stats", "--json", *BANK, str(small_bank))
    assert again.stderr == "" and json.loads(again.stdout)["reviews_total"] == 4


def test_a_setting_from_a_newer_version_is_kept_and_ignored(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    log = home / "reviews.jsonl"
    newer = line(type="settings", time=SETTINGS_TIME, changes={"zen_mode": 1, "new_per_day": 5})
    log.write_bytes(three_reviews(home) + newer)
    note = (
        f"note: {log}:4: setting 'zen_mode' is not one this trustquiz knows (perhaps from a"
        " newer version); kept in the log and ignored\n"
    )
    shown = run(runner, "config")
    assert shown.exit_code == 0 and shown.stderr == note
    assert "new_per_day = 5\n" in shown.stdout  # the setting it knows still applies
    changed = run(runner, "config", "new_per_day", "7")
    assert changed.exit_code == 0 and "new_per_day = 7\n" in changed.stdout
    assert newer in log.read_bytes()
    stats = run(runner, "stats", *BANK, str(small_bank))
    assert stats.exit_code == 0 and stats.stderr == note
    doctor = run(runner, "doctor", *BANK, str(small_bank))
    assert doctor.exit_code == 0 and note in doctor.stdout


@pytest.mark.parametrize(
    "reshape",
    [
        pytest.param(lambda d: d.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda d: b"\xef\xbb\xbf" + d, id="bom"),
        pytest.param(lambda d: d.replace(b"\n", b"\n\n", 1), id="blank line"),
        pytest.param(lambda d: b"\xef\xbb\xbf" + d.replace(b"\n", b"\r\n\r\n"), id="all three"),
    ],
)
def test_line_endings_a_bom_and_blank_lines_read_as_the_same_log(
    reshape: object, runner: CliRunner, small_bank: Path, home: Path
) -> None:
    log = home / "reviews.jsonl"
    log.write_bytes(reshape(three_reviews(home)))  # type: ignore[operator]
    stats = run(runner, "stats", "--json", *BANK, str(small_bank))
    assert stats.stderr == REBUILT + "\n"  # the bytes changed, so the index is rebuilt
    assert json.loads(stats.stdout)["reviews_total"] == 3
    practice = run(runner, "practice", *BANK, str(small_bank), "--id", "ree-share", input="true\n")
    assert practice.exit_code == 0 and practice.stderr == ""
    doctor = run(runner, "doctor", *BANK, str(small_bank))
    assert doctor.exit_code == 0 and "note: 4 reviews, " in doctor.stdout


def test_a_damaged_line_is_named_by_its_own_number_after_crlf_and_a_bom(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    log = home / "reviews.jsonl"
    lines = three_reviews(home).splitlines(keepends=True)
    log.write_bytes(b"\xef\xbb\xbf" + lines[0] + b"\r\n" + lines[1] + b"oops\r\n" + lines[2])
    stats = run(runner, "stats", *BANK, str(small_bank))
    assert stats.exit_code == 1
    assert stats.stderr.startswith(f"error: {log}:4: damaged line (not JSON)")


def test_a_time_that_could_not_be_read_back_is_refused_before_writing(home: Path) -> None:
    bank = api.load_bank()
    store = api.open_store(home)
    card = next(iter(bank.cards())).card_id
    late = datetime(9999, 12, 31, 23, tzinfo=timezone.utc)
    with pytest.raises(ProgressError) as caught:
        api.record(bank, store, card, correct=True, now=late)
    assert str(caught.value) == (
        "the answer was not saved: its time 9999-12-31T23:00:00+00:00 is outside the times"
        " trustquiz can store (1970-01-01 to 8999-12-31)"
    )
    with pytest.raises(ProgressError, match=r"^the answer was not saved: its response has"):
        store.append(review(0, card).model_copy(update={"response": "\x1b[2J"}))
    assert not (home / "reviews.jsonl").exists()


# -- arbitrary damage to one line -------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
FIELDS = [*sorted(FIRST), "changes", "extra"]


@st.composite
def damaged_line(draw: st.DrawFn) -> bytes:
    """One log line damaged: arbitrary bytes, or a record with one field changed or dropped."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=60)).replace(b"\n", b"")
    record = dict(FIRST)
    record["type"] = draw(st.sampled_from(["review", "undo", "override", "settings"]))
    name = draw(st.sampled_from(FIELDS))
    if draw(st.booleans()):
        record.pop(name, None)
    else:
        record[name] = draw(JSON_VALUES)
    return json.dumps(record).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.integers(0, 2), damage=damaged_line(), index=st.booleans())
def test_any_damage_to_one_line_is_read_or_named_by_that_line(
    where: int, damage: bytes, index: bool
) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        bank = write(Path(folder) / "small.toml", SMALL_BANK)
        lines = three_reviews(home).splitlines(keepends=True)
        lines[where] = damage + b"\n"
        log = home / "reviews.jsonl"
        log.write_bytes(b"".join(lines))
        if not index:
            remove_index(home)
        env = {"TRUSTQUIZ_HOME": str(home)}
        for command in (["stats", "--json"], ["practice"], ["config"]):
            args = [*command, *BANK, str(bank)] if command[0] != "config" else command
            result = run(runner, *args, env=env, input="")
            named = f"{log}:{where + 1}: "
            if result.exit_code == 1:
                assert result.stderr.startswith(f"error: {named}"), result.stderr
            else:
                assert result.exit_code == 0, result.output
                for said in result.stderr.splitlines():
                    assert said in (REBUILT, SHORTER) or said.startswith(
                        (f"warning: {named}", f"note: {named}")
                    ), said
        repair = run(runner, "doctor", "--repair-log", *BANK, str(bank), env=env)
        assert repair.exit_code == 0, repair.stdout
        assert run(runner, "stats", *BANK, str(bank), env=env).stderr == ""
        release_stores()


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_config_refuses_a_number_that_is_not_finite(
    value: str, runner: CliRunner, home: Path
) -> None:
    result = run(runner, "config", "desired_retention", value)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: desired_retention {value!r}: Input should be a finite number\n"
    )
    assert (
        not (home / "reviews.jsonl").exists()
        or b"desired" not in (home / "reviews.jsonl").read_bytes()
    )
