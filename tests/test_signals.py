"""SIGTERM and SIGHUP end a real practice session as Ctrl-C does: answers kept, no traceback."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import subprocess
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import write
from logfiles import record_of
from test_installed import trustquiz_command

BANK = "".join(
    f"""
[[questions]]
id = "q{n}"
kind = "text"
topic = "Signals"
prompt = "Say yes ({n})."
answer = "yes"
"""
    for n in range(5)
)


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "TRUSTQUIZ_HOME": str(home), "NO_COLOR": "1"}


def _responses(home: Path) -> list[str]:
    lines = (home / "reviews.jsonl").read_text(encoding="utf-8").splitlines()
    return [r["response"] for r in map(record_of, lines) if r["type"] == "review"]


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _answered(home: Path, count: int) -> Callable[[], bool]:
    log = home / "reviews.jsonl"
    return lambda: log.exists() and log.read_bytes().count(b'"a":') >= count


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_a_piped_session_with_its_summary(signum: int, tmp_path: Path) -> None:
    bank = write(tmp_path / "bank.toml", BANK)
    home = tmp_path / "home"
    process = subprocess.Popen(
        [*trustquiz_command(), "practice", "--no-builtin", "--bank", str(bank)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(home),
    )
    assert process.stdin is not None
    process.stdin.write(b"yes\nyes\n")
    process.stdin.flush()
    _wait_for(_answered(home, 2), "two answers in the log")
    time.sleep(0.2)  # the session is now waiting for the third answer
    process.send_signal(signum)
    out, errors = process.communicate(timeout=30)
    assert (process.returncode, errors) == (128 + signum, b"")
    name = signal.Signals(signum).name
    assert f"\nStopped by {name}.\n\nSession saved: 2 answered, 2 right (100%)" in out.decode()
    assert _responses(home) == ["yes", "yes"]


def _on_a_terminal(
    home: Path, bank: Path, ignore_hangup: bool
) -> tuple[subprocess.Popen[bytes], int]:
    """A session whose stdin, stdout and controlling terminal are a pseudo-terminal."""
    master, slave = pty.openpty()

    def become_terminal_owner() -> None:
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        if ignore_hangup:  # what `nohup` does
            signal.signal(signal.SIGHUP, signal.SIG_IGN)

    process = subprocess.Popen(
        [*trustquiz_command(), "practice", "--no-builtin", "--bank", str(bank)],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=_env(home),
        preexec_fn=become_terminal_owner,
    )
    os.close(slave)
    return process, master


def _read_until(master: int, marker: bytes) -> bytes:
    seen = b""
    deadline = time.monotonic() + 30
    while marker not in seen:
        if time.monotonic() > deadline:
            pytest.fail(f"no {marker!r} on the terminal; saw {seen!r}")
        seen += os.read(master, 4096)
    return seen


@pytest.mark.parametrize("nohup", [False, True], ids=["hangup", "nohup"])
def test_closing_the_terminal_keeps_the_answers_and_prints_no_traceback(
    nohup: bool, tmp_path: Path
) -> None:
    bank = write(tmp_path / "bank.toml", BANK)
    home = tmp_path / "home"
    process, master = _on_a_terminal(home, bank, ignore_hangup=nohup)
    _read_until(master, b"Answer (")
    os.write(master, b"yes\n")
    _read_until(master, b"Question 2 of")
    _wait_for(_answered(home, 1), "the answer in the log")
    os.close(master)  # the terminal window is closed
    assert process.stderr is not None
    errors = process.stderr.read()
    status = process.wait(timeout=30)
    assert (status, errors) == (128 + signal.SIGHUP, b"")
    assert _responses(home) == ["yes"]
