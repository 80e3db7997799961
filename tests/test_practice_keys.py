"""Piped sessions: confidence marks, undo, override, skip, keys, re-asking, --wrong, --cram."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import run, write
from logfiles import log_records
from trustquiz.api import open_store

NCMM = """
[[questions]]
id = "ncmm"
kind = "numeric"
topic = "Indian programmes"
prompt = "Outlay of the National Critical Minerals Mission?"
answer = "₹16,300 crore"
explanation = "Over seven years."

[[questions]]
id = "kabil"
kind = "text"
topic = "Indian programmes"
prompt = "Which joint venture secures overseas mineral assets for India?"
answer = "KABIL"
explanation = "Three state-owned companies."
"""


def log(home: Path) -> list[dict[str, object]]:
    return log_records(home / "reviews.jsonl")


def stats(runner: CliRunner, bank: Path, **env: str) -> dict[str, int]:
    result = run(runner, "stats", "--json", "--no-builtin", "--bank", str(bank), env=env or None)
    return dict(json.loads(result.stdout))


def practice(runner: CliRunner, bank: Path, answers: str, *args: str) -> str:
    result = run(runner, "practice", "--no-builtin", "--bank", str(bank), *args, input=answers)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_numeric_acceptance_through_the_cli(runner: CliRunner, tmp_path: Path, home: Path) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    accepted = ["16300 crore", "Rs 16,300 cr", "INR 163 billion", "16,300", "0.163 lakh crore"]
    rejected = ["16,000 crore", "1630 crore", "$16,300 crore", "1.63 lakh crore"]
    for response in accepted + rejected:
        practice(runner, bank, response + "\n", "--id", "ncmm")
    assert [entry["verdict"] for entry in log(home)] == ["right"] * 5 + ["wrong"] * 4
    figures = stats(runner, bank)
    assert (figures["reviews_total"], figures["reviews_correct"]) == (9, 5)


def test_confidence_marks_set_the_rating(runner: CliRunner, tmp_path: Path, home: Path) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    out = practice(runner, bank, "16300 crore??\nkabil?\n")
    entries = log(home)
    assert [(e["confidence"], e["rating"], e["verdict"]) for e in entries] == [
        ("guess", 2, "right"),
        ("unsure", 2, "right"),
    ]
    assert entries[0]["response"] == "16300 crore??"
    assert "Marked as a guess." in out and "Marked unsure." in out
    shown = " ".join(out.split())
    assert "1 lucky guess: counted right, rated Hard (a shorter wait than a sure right" in shown


def test_undo_takes_back_the_last_answer_and_asks_it_again(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    out = practice(runner, bank, "7000 crore\nu\n16300 crore\nkabil\n")
    assert "Undone: that answer no longer counts. Answer it again." in out
    assert [e["type"] for e in log(home)] == ["review", "undo", "review", "review"]
    assert "Session saved: 2 answered, 2 right (100%) in " in out
    figures = stats(runner, bank)
    assert (figures["reviews_total"], figures["reviews_correct"]) == (2, 2)


def test_override_counts_a_wrong_verdict_as_right(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    out = practice(runner, bank, "16030 crore\n!\nkabil\n", "--id", "ncmm", "--id", "kabil")
    entries = log(home)
    assert [e["type"] for e in entries] == ["review", "override", "review"]
    assert entries[1]["review_id"] == entries[0]["review_id"] and entries[1]["rating"] == 3
    assert "Counted as right; it will not be asked again this session." in out
    assert "Session saved: 2 answered, 2 right (100%) in " in out
    assert stats(runner, bank)["reviews_correct"] == 2


def test_override_and_undo_with_nothing_to_act_on(runner: CliRunner, tmp_path: Path) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    out = practice(runner, bank, "u\n!\n?\nq\n")
    assert "Nothing to undo in this session." in out
    assert "Nothing to override: the last answer was not graded wrong." in out
    assert "s skip this question" in out


def test_skip_leaves_the_card_unseen(runner: CliRunner, tmp_path: Path, home: Path) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    out = practice(runner, bank, "s\nkabil\n")
    assert "Skipped; it stays as it was." in out
    assert [e["question_id"] for e in log(home)] == ["kabil"]
    assert stats(runner, bank)["questions_new"] == 1


def test_a_failed_card_comes_back_later_in_the_session(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    out = practice(runner, bank, "1\nkabil\n16300 crore\n")
    assert [(e["question_id"], e["verdict"]) for e in log(home)] == [
        ("ncmm", "wrong"),
        ("kabil", "right"),
        ("ncmm", "right"),
    ]
    assert "Question 1 of 2 (again) · Indian programmes" in out
    assert "Question 3 of" not in out


def test_wrong_requizzes_the_last_week_of_misses(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    practice(runner, bank, "1\nkabil??\nq\n")  # ncmm wrong, kabil right by a guess
    later = {"TRUSTQUIZ_NOW": "2026-11-25T09:00:00+00:00"}
    result = run(
        runner, "practice", "--no-builtin", "--bank", str(bank), "--wrong", input="q\n", env=later
    )
    assert "Question 1 of 2" in result.stdout
    too_late = {"TRUSTQUIZ_NOW": "2026-12-05T09:00:00+00:00"}
    result = run(
        runner,
        "practice",
        "--no-builtin",
        "--bank",
        str(bank),
        "--wrong",
        input="q\n",
        env=too_late,
    )
    assert "Nothing to practise right now" in result.stdout


def test_cram_does_not_push_due_dates_out(runner: CliRunner, tmp_path: Path, home: Path) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    practice(runner, bank, "16300 crore\nkabil\n")
    before = open_store(home, readonly=True).cards
    out = practice(runner, bank, "16300 crore\nkabil\n", "--cram")
    assert "Session saved: 2 answered, 2 right (100%) in " in out
    after = open_store(home, readonly=True).cards
    assert [before[c].due for c in ("ncmm", "kabil")] == [after[c].due for c in ("ncmm", "kabil")]
    assert after["ncmm"].reviews == 2
    assert all(e["cram"] for e in log(home)[2:])


def test_lucky_guesses_follow_override_and_undo(runner: CliRunner, tmp_path: Path) -> None:
    bank = write(tmp_path / "n.toml", NCMM)
    out = practice(runner, bank, "1??\n!\nkabil\n")
    assert "1 lucky guess: counted right, rated Hard" in out
    out = practice(runner, bank, "1??\n!\nu\n16300 crore\nkabil\n", "--id", "ncmm", "--id", "kabil")
    assert "lucky" not in out
    assert "Session saved: 2 answered, 2 right (100%) in " in out


def test_an_unreadable_answer_is_asked_again_and_nothing_is_recorded(
    runner: CliRunner, tmp_path: Path
) -> None:
    bank = write(tmp_path / "bank.toml", NCMM)
    home = tmp_path / "home"
    args = ("practice", "--no-builtin", "--bank", str(bank), "--id", "ncmm", "--home", str(home))
    result = run(runner, *args, input="b\nnot sure\n₹16,300 crore\n")
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())  # the notice wraps at the console's width
    assert shown.count("Nothing recorded; type it again.") == 2
    assert "could not read 'b' as a number: type a number, with its unit." in shown
    assert [(r["response"], r["verdict"]) for r in log(home)] == [("₹16,300 crore", "right")]
