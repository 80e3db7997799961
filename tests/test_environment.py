"""Hostile environments: every variable trustquiz reads is checked, and times must read back."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import run
from trustquiz import clock

COMMANDS = (
    ["stats"],
    ["stats", "--json"],
    ["list"],
    ["doctor"],
    ["config", "exam_date", "2027-05-24"],
    ["practice", "--limit", "1"],
)


def _bank(small_bank: Path) -> list[str]:
    return ["--no-builtin", "--bank", str(small_bank)]


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "8999-12-31T23:00-05:00"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_time_that_could_not_be_read_back_is_refused_before_anything_is_written(
    runner: CliRunner, home: Path, small_bank: Path, args: list[str], value: str
) -> None:
    extra = _bank(small_bank) if args[0] in ("stats", "list", "practice") else []
    result = run(runner, *args, *extra, input="a\n", env={"TRUSTQUIZ_NOW": value})
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: TRUSTQUIZ_NOW={value!r} is outside the times trustquiz can store"
        " (1970-01-01 to 8999-12-31); nothing was written\n"
    )
    assert not home.exists()


def test_a_time_that_is_not_iso_is_refused_naming_the_variable(runner: CliRunner) -> None:
    result = run(runner, "stats", env={"TRUSTQUIZ_NOW": "tomorrow"})
    assert result.exit_code == 1
    assert result.stderr == (
        "error: TRUSTQUIZ_NOW='tomorrow' is not an ISO 8601 time (e.g. 2026-11-22T08:00:00+05:30)\n"
    )


def test_the_last_storable_moment_is_written_and_read_back_by_every_command(
    runner: CliRunner, home: Path, small_bank: Path
) -> None:
    env = {"TRUSTQUIZ_NOW": "8999-12-31T23:59:59Z"}
    practice = run(runner, "practice", *_bank(small_bank), input="16300 crore\nc\n", env=env)
    assert practice.exit_code == 0, practice.stderr
    assert "Session saved: 2 answered" in practice.stdout
    for args in (["stats"], ["list", *_bank(small_bank)], ["doctor"]):
        assert run(runner, *args, env=env).exit_code == 0
    stats = run(runner, "stats", "--json", *_bank(small_bank), env=env)
    figures = json.loads(stats.stdout)
    # The missed question is due a day later: in the year 9000, which the log can still hold.
    assert (figures["reviews_total"], figures["next_due"]) == (2, "9000-01-01T23:59:59+00:00")


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(8999, 12, 31, 23, 59)))
def test_every_accepted_time_round_trips_and_leaves_room_for_the_longest_interval(
    moment: datetime,
) -> None:
    text = moment.isoformat() + "+00:00"
    when = clock.parse_time(text)
    assert clock.parse_time(when.isoformat()) == when
    latest_due = when + timedelta(days=36500 + 366)  # FSRS's maximum interval, and a year
    assert datetime.fromisoformat(latest_due.isoformat()) == latest_due
    for edge in (when - timedelta(days=400), latest_due):
        assert edge.astimezone().astimezone(timezone.utc) == edge


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRUSTQUIZ_HOME", "FILE", "is not a folder"),
        ("TRUSTQUIZ_CACHE", "FILE", "is not a folder"),
    ],
)
@pytest.mark.parametrize("args", [["stats"], ["practice"], ["check"]], ids=" ".join)
def test_a_bad_variable_is_named_and_exits_1(
    runner: CliRunner, tmp_path: Path, args: list[str], name: str, value: str, message: str
) -> None:
    if value == "FILE":
        value = str(tmp_path / "a-file")
        Path(value).write_text("not a folder\n")
    result = run(runner, *args, input="a\n", env={name: value})
    assert (result.exit_code, result.stderr) == (1, f"error: {name}={value!r} {message}\n")


@pytest.mark.parametrize("name", ["TRUSTQUIZ_HOME", "TRUSTQUIZ_CACHE"])
def test_an_unknown_users_home_in_a_variable_is_named(runner: CliRunner, name: str) -> None:
    result = run(runner, "stats", env={name: "~no-such-user-here/tq"})
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {name}='~no-such-user-here/tq' starts with a home folder that is not known here\n",
    )


@pytest.mark.parametrize("args", [["stats"], ["practice"], ["doctor"], ["config"]], ids=" ".join)
def test_an_unknown_users_home_in_home_is_named(runner: CliRunner, args: list[str]) -> None:
    result = run(runner, *args, "--home", "~no-such-user-here/tq", input="q\n")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: --home='~no-such-user-here/tq' starts with a home folder that is not known here\n",
    )
