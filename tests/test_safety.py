"""Disk trouble, damaged files, doctor, and hostile question text: nothing lost, nothing trusted."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run, write
from indexfiles import INDEX, covered_lines, query, remove_index
from logfiles import record_of

BANK = ("--no-builtin", "--bank")


def answer_once(runner: CliRunner, bank: Path, answers: str = "16300 crore\n") -> None:
    result = run(runner, "practice", *BANK, str(bank), input=answers)
    assert result.exit_code == 0, result.stderr


def test_read_only_data_dir_fails_before_any_question(
    runner: CliRunner, small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_once(runner, small_bank)
    before = (home / "reviews.jsonl").read_bytes()
    real_open = os.open

    def refuse(path: object, flags: int, *args: object) -> int:
        if str(path).startswith(str(home)) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    result = run(runner, "practice", *BANK, str(small_bank), input="kabil\n")
    assert result.exit_code == 1
    assert (
        result.stderr == f"error: cannot write to {home / 'reviews.jsonl'}: Read-only file system\n"
    )
    assert "Question" not in result.stdout
    monkeypatch.setattr(os, "open", real_open)
    assert (home / "reviews.jsonl").read_bytes() == before
    stats = run(runner, "stats", "--json", *BANK, str(small_bank))
    assert json.loads(stats.stdout)["reviews_total"] == 1


def test_full_disk_keeps_the_log_whole(
    runner: CliRunner, small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_once(runner, small_bank)
    before = (home / "reviews.jsonl").read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        if len(data) > 100:  # a review line: write part of it, then run out of space
            real_write(fd, bytes(data[:40]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_full)
    result = run(runner, "practice", *BANK, str(small_bank), input="kabil\n")
    monkeypatch.setattr(os, "write", real_write)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"error: cannot save the answer to {home / 'reviews.jsonl'}: No space left on device\n"
    )
    assert (home / "reviews.jsonl").read_bytes() == before
    answer_once(runner, small_bank, "kabil\n")
    assert len((home / "reviews.jsonl").read_text().splitlines()) == 2


@pytest.mark.parametrize(
    "damage",
    [lambda text: text[: len(text) // 2], lambda text: "not json at all", lambda text: ""],
    ids=["truncated", "not-json", "empty"],
)
def test_damaged_index_is_rebuilt_from_the_log(
    runner: CliRunner, small_bank: Path, home: Path, damage: object
) -> None:
    answer_once(runner, small_bank)
    index = home / INDEX
    broken = damage(index.read_bytes().decode("latin-1"))  # type: ignore[operator]
    remove_index(home)
    index.write_bytes(broken.encode("latin-1"))
    result = run(runner, "practice", *BANK, str(small_bank), input="kabil\n")
    assert result.exit_code == 0
    assert result.stderr.startswith("note: the index could not be read (")
    assert result.stderr.endswith(f"; rebuilt {INDEX} from the log\n")
    assert covered_lines(home) == 2
    figures = json.loads(run(runner, "stats", "--json", *BANK, str(small_bank)).stdout)
    assert figures["reviews_total"] == 2


@pytest.mark.parametrize("command", ["practice", "stats"])
def test_an_unreadable_card_state_in_the_index_is_rebuilt_from_the_log(
    runner: CliRunner, small_bank: Path, home: Path, command: str
) -> None:
    answer_once(runner, small_bank)
    expected = json.loads(run(runner, "stats", "--json", *BANK, str(small_bank)).stdout)
    query(home, "UPDATE cards SET due = 'soon'")
    result = run(runner, command, *BANK, str(small_bank), input="")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("note: the index could not be read (a card state cannot")
    assert f"; rebuilt {INDEX} from the log\n" in result.stderr
    assert ("soon",) not in query(home, "SELECT due FROM cards")
    figures = json.loads(run(runner, "stats", "--json", *BANK, str(small_bank)).stdout)
    assert figures == expected


def test_doctor_finds_a_wrong_index_and_rebuilds_it(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    answer_once(runner, small_bank, "16300 crore\nb\na\nkabil\n")
    assert run(runner, "doctor", *BANK, str(small_bank)).stdout.endswith(
        "ok: the progress files are consistent\n"
    )
    query(home, "UPDATE cards SET reviews = 99 WHERE card_id = 'kabil'")
    result = run(runner, "doctor", *BANK, str(small_bank))
    assert result.exit_code == 1
    assert "error: the index disagrees with the log for 1 card(s) (kabil)" in result.stdout
    fixed = run(runner, "doctor", "--rebuild", *BANK, str(small_bank))
    assert fixed.exit_code == 0
    assert fixed.stdout.startswith(f"rebuilt {INDEX} from reviews.jsonl\n")
    assert query(home, "SELECT reviews FROM cards WHERE card_id = 'kabil'") == [(1,)]
    assert run(runner, "doctor", *BANK, str(small_bank)).stdout.endswith(
        "ok: the progress files are consistent\n"
    )


def test_doctor_finds_a_wrong_review_history_in_the_index(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    answer_once(runner, small_bank, "16300 crore\nb\na\nkabil\n")
    query(
        home,
        "UPDATE reviews SET correction = 1"  # undone
        " WHERE card = (SELECT id FROM names WHERE name = 'kabil')",
    )
    result = run(runner, "doctor", *BANK, str(small_bank))
    assert result.exit_code == 1
    assert (
        "error: the index's counts, settings or review history disagree with the log;"
        " use --rebuild" in result.stdout
    )


def test_doctor_repairs_a_damaged_log_keeping_the_original(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    answer_once(runner, small_bank, "16300 crore\nb\n")
    log = home / "reviews.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    damaged = lines[0] + b'{"type": "review", "oops"\n' + lines[1]
    log.write_bytes(damaged)
    refused = run(runner, "practice", *BANK, str(small_bank))
    assert refused.exit_code == 1 and "doctor --repair-log" in refused.stderr
    result = run(runner, "doctor", "--repair-log", *BANK, str(small_bank))
    assert "left out line 2: damaged line (not JSON)" in result.stdout
    assert result.exit_code == 0
    backups = list(home.glob("reviews.jsonl.bak-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == damaged
    assert log.read_bytes() == lines[0] + lines[1]


def test_duplicate_review_ids_are_reported(runner: CliRunner, small_bank: Path, home: Path) -> None:
    answer_once(runner, small_bank)
    log = home / "reviews.jsonl"
    log.write_bytes(log.read_bytes() * 2)
    result = run(runner, "doctor", *BANK, str(small_bank))
    assert result.exit_code == 1
    review_id = record_of(log.read_text().splitlines()[0])["review_id"]
    assert f"error: review id {review_id} appears 2 times" in result.stdout


HOSTILE = """
[[questions]]
id = "hostile-mcq"
kind = "mcq"
topic = "[bold red]Topic[/]\\u001b[31m"
prompt = "Clear \\u001b[2J\\u001b[H screen? [link=http://evil]click[/link] \\u202eevil"
options = ["\\u001b]0;title\\u0007A", "[red]B[/red]", "C\\rD", "E"]
answer = "d"
shuffle = false
explanation = "Bell \\u0007 and [blink]markup[/blink] stay literal."

[[questions]]
id = "hostile-statements"
kind = "statements"
topic = "t"
ask = "which"
statements = [
  { text = "\\u001b[1mbold", correct = true, why = "[i]why[/i]\\u001b[0m" },
  { text = "plain", correct = false },
]
explanation = "Fine."
"""


def test_hostile_text_is_shown_literally_everywhere(runner: CliRunner, tmp_path: Path) -> None:
    bank = write(tmp_path / "hostile.toml", HOSTILE)
    result = run(runner, "practice", *BANK, str(bank), input="a\na\n")
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\r" not in out
    for shown in (
        "[bold red]Topic[/]\\x1b[31m",
        "Clear \\x1b[2J\\x1b[H screen? [link=http://evil]click[/link] \\u202eevil",
        "a) \\x1b]0;title\\x07A",
        "b) [red]B[/red]",
        "c) C\\x0dD",
        "Bell \\x07 and [blink]markup[/blink] stay literal.",
        "1. \\x1b[1mbold",
        "[i]why[/i]\\x1b[0m",
    ):
        assert shown in out, shown
    for command in (["list"], ["stats"], ["check"]):
        other = run(runner, *command, *BANK, str(bank))
        assert "\x1b" not in other.stdout, command


def test_hostile_keys_in_check_messages_are_neutralised(runner: CliRunner, tmp_path: Path) -> None:
    bank = write(
        tmp_path / "keys.toml",
        '[[questions]]\nid = "k"\nkind = "text"\ntopic = "t"\nprompt = "p"\nanswer = "a"\n'
        '"\\u001b[2J" = 1\n',
    )
    result = run(runner, "check", str(bank))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "unknown key '\\x1b[2J'" in result.stdout


def test_long_text_wraps_and_many_questions_load(runner: CliRunner, tmp_path: Path) -> None:
    long_prompt = "word " * 3000
    blocks = [
        f'[[questions]]\nid = "q{n}"\nkind = "truefalse"\ntopic = "t{n % 7}"\n'
        f'prompt = "{long_prompt if n == 0 else f"Claim {n}"}"\nanswer = true\n'
        'explanation = "Because."\n'
        for n in range(3000)
    ]
    bank = write(tmp_path / "many.toml", "\n".join(blocks))
    result = run(runner, "practice", *BANK, str(bank), "--id", "q0", input="a\n")
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    checked = run(runner, "check", str(bank))
    assert checked.stdout.endswith("ok: 3000 questions in 1 files\n")


def test_loading_never_runs_code(tmp_path: Path) -> None:
    from trustquiz.bank.loader import load_files
    from trustquiz.kinds.text import TextQuestion

    marker = tmp_path / "ran"
    payload = f"__import__('pathlib').Path({str(marker)!r}).write_text('x')"
    bank = write(
        tmp_path / "code.toml",
        f'[[questions]]\nid = "c"\nkind = "text"\ntopic = "t"\nprompt = "{payload}"\n'
        f'answer = "{payload}"\nexplanation = "{{{{ {payload} }}}}"\n',
    )
    loaded = load_files([bank])
    question = loaded.entries[0].question
    assert isinstance(question, TextQuestion) and question.prompt == payload
    assert not marker.exists()
