"""Progress bars: drawn on a terminal and erased when the work is done; nothing when piped."""

from __future__ import annotations

import os
import pty
import subprocess
import time
from pathlib import Path

from conftest import write
from test_installed import trustquiz_command

QUESTION = """
[[questions]]
id = "q{n}"
kind = "text"
topic = "Polity"
prompt = "Question {n}?"
answer = "Answer {n}"
explanation = "Because of {n}."
"""
CHECKED = b"ok: 40 questions in 40 files\n"


def bank(tmp_path: Path) -> Path:
    for n in range(40):
        write(tmp_path / "bank" / f"part{n:02}.toml", QUESTION.format(n=n))
    return tmp_path / "bank"


def environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "TRUSTQUIZ_HOME": str(tmp_path / "home"), "COLUMNS": "80"}


def test_check_piped_prints_no_progress(tmp_path: Path) -> None:
    command = [*trustquiz_command(), "check", "--no-builtin", "--bank", str(bank(tmp_path))]
    done = subprocess.run(command, capture_output=True, env=environment(tmp_path), check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == CHECKED


def test_check_on_a_terminal_draws_a_bar_and_erases_it(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    command = [*trustquiz_command(), "check", "--no-builtin", "--bank", str(bank(tmp_path))]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave,
        env=environment(tmp_path),
    )  # fmt: skip
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 30
    while True:
        assert time.monotonic() < deadline, seen
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the process ended and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert process.stdout is not None
    assert (process.wait(timeout=30), process.stdout.read()) == (0, CHECKED)
    os.close(master)
    assert b"Checking question files" in seen
    assert b"40/40" in seen
    # The bar's last drawing (one line), then the cursor back up to it and the line erased:
    # nothing is left on the screen.
    last = seen.rsplit(b"Checking question files", 1)[1]
    assert last.endswith(b"40/40\x1b[0m\r\n\x1b[?25h\r\x1b[1A\x1b[2K"), last
    assert last.count(b"\n") == 1
