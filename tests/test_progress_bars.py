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


def on_a_terminal(command: list[str], env: dict[str, str]) -> tuple[bytes, bytes]:
    """(stdout, what the terminal on stderr received) of a command that exits 0."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
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
    out = process.stdout.read()
    assert process.wait(timeout=30) == 0, seen
    os.close(master)
    return out, seen


def test_check_on_a_terminal_draws_a_bar_and_erases_it(tmp_path: Path) -> None:
    command = [*trustquiz_command(), "check", "--no-builtin", "--bank", str(bank(tmp_path))]
    out, seen = on_a_terminal(command, environment(tmp_path))
    assert out == CHECKED
    assert b"Checking question files" in seen
    assert b"40/40" in seen
    # The bar's last drawing (one line), then the cursor back up to it and the line erased:
    # nothing is left on the screen.
    last = seen.rsplit(b"Checking question files", 1)[1]
    assert last.endswith(b"40/40\x1b[0m\r\n\x1b[?25h\r\x1b[1A\x1b[2K"), last
    assert last.count(b"\n") == 1


def test_import_shows_its_history_on_a_terminal_and_nothing_piped(tmp_path: Path) -> None:
    from ankikit import export_package, fill, new_collection

    col = new_collection(tmp_path / "col")
    fill(col)
    deck = export_package(col, tmp_path / "deck.apkg", colpkg=False, legacy=False)
    col.close()
    piped_env = {**environment(tmp_path), "TRUSTQUIZ_HOME": str(tmp_path / "piped")}
    command = [*trustquiz_command(), "import", str(deck)]
    piped = subprocess.run(command, capture_output=True, env=piped_env, check=False)
    assert (piped.returncode, piped.stderr) == (0, b"")
    out, seen = on_a_terminal(command, environment(tmp_path))
    assert out == piped.stdout.replace(b"/piped/", b"/home/")
    assert b"7 review(s) of history added" in out
    assert b"Reading the deck" in seen
    last = seen.rsplit(b"Adding the review history", 1)[1]
    assert last.endswith(b"7/7\x1b[0m\r\n\x1b[?25h\r\x1b[1A\x1b[2K"), last
