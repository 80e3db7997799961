"""The installed `trustquiz` command works as a real process, from any working directory."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from indexfiles import covered_lines


def trustquiz_command() -> list[str]:
    script = Path(sys.executable).with_name("trustquiz")
    if script.exists():
        return [str(script)]
    found = shutil.which("trustquiz")
    if found is None:
        pytest.fail("the trustquiz command is not installed in this environment")
    return [found]


def test_installed_command_runs_a_piped_session(tmp_path: Path) -> None:
    env = {**os.environ, "TRUSTQUIZ_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    practice = subprocess.run(
        [*trustquiz_command(), "practice", "--limit", "3"],
        input="70%\nd\n16300 crore\n",  # three right answers to the first three questions
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert practice.returncode == 0, practice.stderr
    assert "Session saved: 3 answered" in practice.stdout
    stats = subprocess.run(
        [*trustquiz_command(), "stats", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["reviews_total"] == 3


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trustquiz", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "trustquiz 0.1.0\n")


def read_until(stream: IO[bytes], marker: bytes, count: int, timeout: float = 30) -> bytes:
    """Read a process's output until `marker` has appeared `count` times."""
    seen = b""
    deadline = time.monotonic() + timeout
    while seen.count(marker) < count:
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {marker!r}; got {seen!r}")
        ready, _, _ = select.select([stream], [], [], 0.5)
        if ready:
            chunk = os.read(stream.fileno(), 65536)
            if not chunk:
                break
            seen += chunk
    return seen


def test_ctrl_c_saves_answers_and_exits_130(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "TRUSTQUIZ_HOME": str(home), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [*trustquiz_command(), "practice"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"70%\n")  # the shipped bank opens with a figure
    process.stdin.flush()
    read_until(process.stdout, b"Answer (", 2)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert b"Session saved: 1 answered" in out
    assert len((home / "reviews.jsonl").read_text().splitlines()) == 1
    assert covered_lines(home) == 1
