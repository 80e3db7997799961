"""Files that are not files: FIFOs, devices, folders named *.toml, odd names, a `questions` file."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from typer.testing import CliRunner

from conftest import SMALL_BANK, run, write
from trustquiz.bank.loader import load_bank

BANK = ("--no-builtin", "--bank")
NOT_REGULAR = "not a regular file"
ONE_BAD_KEY = """
[[questions]]
id = "q"
kind = "truefalse"
topic = "t"
prompt = "p"
answer = true
bogus = 1
"""


class Hung(BaseException):
    """Raised by the alarm: not an OSError, so no `except OSError` can swallow it."""


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """Fail, rather than hang the suite, if a FIFO is opened for reading."""

    def stuck(signum: int, frame: FrameType | None) -> None:
        raise Hung("hung reading a file that is not a regular file")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    write(folder / "small.toml", SMALL_BANK)
    return folder


def test_a_fifo_in_a_bank_folder_is_named_and_skipped(
    runner: CliRunner, bank: Path, home: Path
) -> None:
    os.mkfifo(bank / "pipe.toml")
    check = run(runner, "check", *BANK, str(bank))
    assert check.exit_code == 1
    assert check.stdout == f"{bank / 'pipe.toml'}: {NOT_REGULAR}\n"
    stats = run(runner, "stats", "--json", *BANK, str(bank))
    assert stats.exit_code == 0
    assert stats.stderr == (
        f"warning: {bank / 'pipe.toml'}: {NOT_REGULAR} (skipped; run `trustquiz check`)\n"
    )
    practice = run(runner, "practice", *BANK, str(bank), input="16300 crore\n")
    assert practice.exit_code == 0 and "Question 1 of" in practice.stdout


def test_a_fifo_given_as_the_bank_or_checked_alone_never_hangs(
    runner: CliRunner, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    check = run(runner, "check", str(pipe))
    assert check.exit_code == 1 and check.stdout == f"{pipe}: {NOT_REGULAR}\n"
    stats = run(runner, "stats", *BANK, str(pipe))
    assert stats.exit_code == 1
    assert stats.stderr.endswith(f"error: {pipe}: {NOT_REGULAR}\n")


def test_a_file_replaced_by_a_fifo_is_not_read_through_the_cache(tmp_path: Path) -> None:
    path = write(tmp_path / "small.toml", SMALL_BANK)
    assert len(load_bank([path], builtin=False).entries) == 4  # now cached
    path.unlink()
    os.mkfifo(path)
    loaded = load_bank([path], builtin=False, strict=False)
    assert [str(p) for p in loaded.problems] == [f"{path}: {NOT_REGULAR}"]


def test_dev_zero_as_the_bank_is_refused_unread(runner: CliRunner) -> None:
    for command in ("check", "stats"):
        args = [command, "/dev/zero"] if command == "check" else [command, *BANK, "/dev/zero"]
        result = run(runner, *args)
        assert result.exit_code == 1
        assert f"/dev/zero: {NOT_REGULAR}\n" in result.stdout + result.stderr


def test_a_folder_named_toml_is_named_and_its_files_still_load(
    runner: CliRunner, bank: Path
) -> None:
    odd = bank / "more.toml"
    write(odd / "inner.toml", SMALL_BANK.replace('id = "', 'id = "inner-'))
    check = run(runner, "check", *BANK, str(bank))
    assert check.exit_code == 1
    assert check.stdout.splitlines()[0] == f"{odd}: {NOT_REGULAR}"
    loaded = load_bank([bank], builtin=False, strict=False)
    assert [str(p) for p in loaded.problems] == [f"{odd}: {NOT_REGULAR}"]
    assert len(loaded.entries) == 8


def test_a_file_over_the_limit_is_never_read_past_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustquiz.bank import reading

    path = tmp_path / "grown.toml"
    path.write_bytes(b"#" * (reading.MAX_FILE_BYTES + 4096))
    real_fstat = os.fstat

    def says_small(fd: int) -> os.stat_result:  # the file grew after its size was read
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))

    monkeypatch.setattr(os, "fstat", says_small)
    loaded = load_bank([path], builtin=False, strict=False)
    assert [p.message for p in loaded.problems] == [
        "too large (5.2 MB; the limit is 5 MB): split it into files"
    ]


def test_a_newline_in_a_file_name_keeps_one_line_per_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    odd = write(tmp_path / "bank" / "two\nlines.toml", ONE_BAD_KEY)
    check = run(runner, "check", str(odd))
    assert check.exit_code == 1
    shown = str(odd).replace("\n", "\\x0a")
    assert check.stdout.splitlines() == [f"{shown}:7: question 'q': unknown key 'bogus'"]


def test_a_questions_file_in_the_data_dir_is_named_by_every_command(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    home.mkdir()
    (home / "questions").write_text("not a folder")
    said = (
        f"{home / 'questions'}: not a folder: trustquiz keeps your own question files in a"
        " folder of this name; move this aside"
    )
    check = run(runner, "check", "--no-builtin", "--bank", str(small_bank))
    assert check.exit_code == 1 and check.stdout == said + "\n"
    practice = run(runner, "practice", *BANK, str(small_bank), input="16300 crore\n")
    assert practice.exit_code == 0
    assert practice.stderr == f"warning: {said} (skipped; run `trustquiz check`)\n"
    add = run(
        runner,
        "add",
        "--kind",
        "truefalse",
        "--topic",
        "Mine",
        "--prompt",
        "Is it?",
        "--answer",
        "true",
    )
    assert add.exit_code == 1
    assert add.stderr == (
        f"error: cannot write {home / 'questions' / 'mine.toml'}: {home / 'questions'} is a"
        " file, not a folder\n"
    )
    assert (home / "questions").read_text() == "not a folder"
