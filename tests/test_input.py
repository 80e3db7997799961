"""Hostile input: answers that are not text, not short, or not printable are asked again."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SMALL_BANK, write
from logfiles import log_records
from test_installed import trustquiz_command
from trustquiz.view.answers import MAX_ANSWER, Line, problem, read_line, tidy

TINY_BANK = """
[[questions]]
id = "kabil"
kind = "text"
topic = "Indian programmes"
prompt = "Which joint venture secures overseas mineral assets for India?"
answer = "KABIL"
"""
NOT_TEXT = "That answer has bytes that are not text in this terminal's encoding; it was not saved."
CONTROLS = "That answer has control or invisible characters; it was not saved."
TOO_LONG = "That answer is longer than 1,000 characters; it was not saved."


def _practice(home: Path, bank: Path, answers: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "TRUSTQUIZ_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [*trustquiz_command(), "practice", "--no-builtin", "--bank", str(bank)],
        input=answers,
        capture_output=True,
        env=env,
        timeout=60,
    )


def _responses(home: Path) -> list[str]:
    log = home / "reviews.jsonl"
    if not log.exists():
        return []
    records = log_records(log)
    return [record["response"] for record in records if record["type"] == "review"]


def test_unreadable_answers_are_asked_again_and_never_saved(tmp_path: Path) -> None:
    bank = write(tmp_path / "bank" / "tiny.toml", TINY_BANK)
    home = tmp_path / "home"
    answers = b"KAB\xffIL\n" + b"KA\x1b[2JBIL\n" + b"x" * 5_000_000 + b"\nKABIL\n"
    started = time.monotonic()
    done = _practice(home, bank, answers)
    elapsed = time.monotonic() - started
    assert (done.returncode, done.stderr) == (0, b"")
    out = done.stdout.decode()
    for message in (NOT_TEXT, CONTROLS, TOO_LONG):
        assert f"{message} Type it again.\n" in out
    assert out.count("Answer (") == 4
    assert "Right. KABIL" in out
    assert _responses(home) == ["KABIL"]
    assert elapsed < 10  # it took 10-31 s when the 5 MB line was read and graded whole


def test_a_five_megabyte_line_is_read_in_well_under_a_second() -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"x" * 5_000_000 + b"\nnext\n"), encoding="utf-8")
    started = time.perf_counter()
    first = read_line(stream)
    elapsed = time.perf_counter() - started
    assert first == Line("x" * MAX_ANSWER, False)
    assert read_line(stream) == Line("next", True)
    assert read_line(stream) is None
    assert elapsed < 0.25


def test_the_limit_is_exact() -> None:
    stream = io.StringIO("y" * MAX_ANSWER + "\n" + "z" * (MAX_ANSWER + 1) + "\n")
    exact = read_line(stream)
    over = read_line(stream)
    assert exact == Line("y" * MAX_ANSWER, True) and problem(exact) is None
    assert over == Line("z" * MAX_ANSWER, False) and problem(over) == TOO_LONG


def test_spaces_of_every_kind_are_plain_spaces_and_joiners_are_kept() -> None:
    assert tidy("16,300\u00a0crore\tnow") == "16,300 crore now"
    assert problem(Line(tidy("क्\u200dष"), True)) is None
    for hostile in ("a\u202eb", "a\x00b", "a\x7fb", "a\u2028b", "a\ue000b"):
        assert problem(Line(hostile, True)) == CONTROLS


def test_a_no_break_space_in_an_answer_is_graded_as_a_space(tmp_path: Path) -> None:
    bank = write(tmp_path / "bank" / "small.toml", SMALL_BANK)
    home = tmp_path / "home"
    done = _practice(home, bank, "16,300\u00a0crore\n".encode() * 4)
    assert done.returncode == 0
    assert "16,300 crore" in _responses(home)


def _printable(text: str) -> bool:
    return all(char.isprintable() or char in "\u200c\u200d" for char in text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=40), min_size=1, max_size=6))
def test_arbitrary_bytes_on_stdin_never_give_a_traceback(lines: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        bank = write(Path(folder) / "bank" / "tiny.toml", TINY_BANK)
        home = Path(folder) / "home"
        done = _practice(home, bank, b"\n".join(lines))
        assert (done.returncode, done.stderr) == (0, b"")
        for response in _responses(home):
            assert _printable(response) and 0 < len(response) <= MAX_ANSWER, response


def test_unreadable_answers_typed_on_a_terminal_are_asked_again(tmp_path: Path) -> None:
    bank = write(tmp_path / "bank" / "tiny.toml", TINY_BANK)
    home = tmp_path / "home"
    master, slave = pty.openpty()
    env = {**os.environ, "TRUSTQUIZ_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "200"}
    process = subprocess.Popen(
        [*trustquiz_command(), "practice", "--no-builtin", "--bank", str(bank)],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    seen = b""

    def wait_for(marker: bytes, count: int) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while seen.count(marker) < count:
            assert time.monotonic() < deadline, seen
            seen += os.read(master, 4096)

    wait_for(b"Answer (", 1)
    os.write(master, b"KAB\xffIL\n")
    wait_for(b"Answer (", 2)
    os.write(master, b"KA\x16\x1bBIL\n")  # Ctrl-V makes the terminal pass Escape on as typed
    wait_for(b"Answer (", 3)
    os.write(master, b"KABIL\n")
    wait_for(b"Session saved", 1)
    assert process.stderr is not None
    errors = process.stderr.read()
    assert (process.wait(timeout=30), errors) == (0, b"")
    os.close(master)
    text = seen.decode(errors="replace").replace("\r\n", "\n")
    assert f"{NOT_TEXT} Type it again.\n" in text
    assert f"{CONTROLS} Type it again.\n" in text
    assert _responses(home) == ["KABIL"]


def test_interactive_add_asks_again_for_unreadable_text(tmp_path: Path) -> None:
    home = tmp_path / "home"
    answers = b"mcq\nQ\xff?\nQ\x1b[2J?\nWhich\xc2\xa0one?\na\nb\nc\nd\na\nT\n\n\n\n\ny\n"
    done = subprocess.run(
        [*trustquiz_command(), "add"],
        input=answers,
        capture_output=True,
        env={**os.environ, "TRUSTQUIZ_HOME": str(home)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().splitlines() == [
        "That text has bytes that are not text in this terminal's encoding; type it again.",
        "That text has control or invisible characters; type it again.",
    ]
    written = (home / "questions" / "t.toml").read_text(encoding="utf-8")
    assert 'prompt = "Which one?"\n' in written
