"""Numbering, re-asks, `!` and `u` in a session, and the summary's counts and wrong ids."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import run, write
from logfiles import record_of

BANK = """
[[questions]]
id = "ncmm"
kind = "numeric"
topic = "Minerals"
prompt = "Outlay of the National Critical Minerals Mission?"
answer = "₹16,300 crore"

[[questions]]
id = "kabil"
kind = "text"
topic = "Minerals"
prompt = "Which joint venture secures overseas mineral assets for India?"
answer = "KABIL"

[[questions]]
id = "ree"
kind = "truefalse"
topic = "Minerals"
prompt = "India has the world's fifth largest rare-earth reserves."
answer = false
"""


def session(runner: CliRunner, tmp_path: Path, answers: str) -> str:
    bank = write(tmp_path / "bank.toml", BANK)
    args = ("practice", "--no-builtin", "--bank", str(bank), "--limit", "3")
    result = run(runner, *args, "--id", "ncmm", "--id", "kabil", "--id", "ree", input=answers)
    assert result.exit_code == 0, result.stderr
    return " ".join(str(result.stdout).split())


def kinds(home: Path) -> list[tuple[str, str]]:
    lines = (home / "reviews.jsonl").read_text().splitlines()
    return [(e["type"], e["question_id"]) for e in map(record_of, lines)]


def titles(out: str) -> list[str]:
    return [part.split(" · ")[0] for part in out.split("Question ")[1:]]


def test_override_cancels_the_re_ask_the_wrong_answer_queued(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    out = session(runner, tmp_path, "7000 crore\n!\nkabil\nfalse\n")
    assert titles(out) == ["1 of 3", "2 of 3", "3 of 3"]
    assert "Counted as right; it will not be asked again this session." in out
    assert "Session saved: 3 answered, 3 right (100%) in " in out
    assert kinds(home) == [
        ("review", "ncmm"),
        ("override", "ncmm"),
        ("review", "kabil"),
        ("review", "ree"),
    ]


def test_override_on_the_re_ask_itself_ends_it(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    out = session(runner, tmp_path, "16300 crore\nkabil\ntrue\n!\n")
    assert titles(out) == ["1 of 3", "2 of 3", "3 of 3", "3 of 3 (again)"]
    assert "Session saved: 3 answered, 3 right (100%) in " in out
    assert "Answered wrong" not in out
    assert [k for k, _ in kinds(home)] == ["review", "review", "review", "override"]


def test_undo_does_not_count_the_undone_try(runner: CliRunner, tmp_path: Path, home: Path) -> None:
    out = session(runner, tmp_path, "7000 crore\nu\n16300 crore\nkabil\nfalse\n")
    assert titles(out) == ["1 of 3", "2 of 3", "1 of 3", "2 of 3", "3 of 3"]
    assert "Session saved: 3 answered, 3 right (100%) in " in out
    assert "Answered wrong" not in out


def test_undo_on_the_re_ask_asks_the_card_once(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    out = session(runner, tmp_path, "16300 crore\nkabil\ntrue\nu\nfalse\n")
    assert titles(out) == ["1 of 3", "2 of 3", "3 of 3", "3 of 3 (again)", "3 of 3"]
    assert "Session saved: 3 answered, 3 right (100%) in " in out


def test_re_asks_keep_their_number_and_the_summary_names_the_misses(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    out = session(runner, tmp_path, "7000 crore\nNITI\nfalse\n16300 crore\nkabil\n")
    assert titles(out) == ["1 of 3", "2 of 3", "3 of 3", "1 of 3 (again)", "2 of 3 (again)"]
    assert "Session saved: 5 answered, 3 right (60%) in " in out
    assert "3 questions in 5 answers: a wrong answer is asked again later." in out
    assert "Answered wrong (2): ncmm, kabil" in out
    assert "`trustquiz practice --wrong` asks them again." in out
