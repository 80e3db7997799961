"""Fault injection: real `trustquiz practice` processes killed with SIGKILL, and run side by side.

Every answer whose feedback reached the screen must be in the log, and no kill may leave a
file the tool refuses to read. Run alone with `pytest -m fault`.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run
from indexfiles import covered_lines
from logfiles import record_of
from test_installed import trustquiz_command
from trustquiz.checkup import examine

pytestmark = pytest.mark.fault
TRIALS = 50
FEEDBACK = ("✓ Right.", "✗ Wrong.")


def reviews_in(home: Path) -> int:
    log = home / "reviews.jsonl"
    if not log.exists():
        return 0
    return sum(
        1
        for line in log.read_text(encoding="utf-8").splitlines()
        if '"a":' in line  # answers
    )


def env_for(home: Path, day: int) -> dict[str, str]:
    return {
        **os.environ,
        "TRUSTQUIZ_HOME": str(home),
        "TRUSTQUIZ_NOW": f"2026-12-{1 + day % 28:02d}T09:00:00+00:00",
        "NO_COLOR": "1",
    }


def wait_for_an_answer(home: Path, size: int, deadline: float) -> None:
    """Return as soon as the log grows past `size` bytes: the index is being written now."""
    log = home / "reviews.jsonl"
    while time.monotonic() < deadline:
        if log.exists() and log.stat().st_size > size:
            return
        time.sleep(0.0002)


def test_sigkill_at_random_moments_loses_nothing_shown(tmp_path: Path, runner: CliRunner) -> None:
    home = tmp_path / "home"
    rng = random.Random(20261122)
    answers = "".join(
        rng.choice(["a\n", "b\n", "c\n", "d\n", "70%\n", "kabil\n"]) for _ in range(60)
    )
    killed_mid_session = 0
    index_behind = 0
    for trial in range(TRIALS):
        before = reviews_in(home)
        size = (home / "reviews.jsonl").stat().st_size if home.exists() else 0
        process = subprocess.Popen(
            [*trustquiz_command(), "practice", "--new", "40", "--limit", "40"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env_for(home, trial),
        )
        assert process.stdin is not None
        process.stdin.write(answers.encode())
        process.stdin.flush()
        if trial % 5 == 4:
            wait_for_an_answer(home, size, deadline=time.monotonic() + 3)
        else:
            time.sleep(rng.uniform(0.05, 1.0))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=30)
        shown = sum(out.decode("utf-8", "replace").count(mark) for mark in FEEDBACK)
        added = reviews_in(home) - before
        assert added - shown in (0, 1), f"trial {trial}: {shown} shown, {added} logged"
        killed_mid_session += int(shown > 0 and b"Session saved" not in out)
        if (home / "index.sqlite3").exists():
            lines = len((home / "reviews.jsonl").read_bytes().splitlines())
            index_behind += int(covered_lines(home) < lines)
        stats = run(runner, "stats", "--json", env={"TRUSTQUIZ_HOME": str(home)})
        assert stats.exit_code == 0, f"trial {trial}: {stats.stderr}"
        assert json.loads(stats.stdout)["reviews_total"] == reviews_in(home)
    findings = examine(home, None)
    assert [f.message for f in findings if f.severity == "error"] == []
    assert killed_mid_session >= 5, "too few kills landed inside a session to mean anything"
    print(f"{index_behind} kills landed between a log line and its index update")


def test_two_sessions_at_once_keep_both_sets_of_answers(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = ["china-ree-production-share", "china-ree-processing-share", "india-ncmm-outlay"]
    second = ["us-cmm-amount", "pharma-api-rank", "trust-full-form"]
    processes = []
    for ids in (first, second):
        args = [arg for qid in ids for arg in ("--id", qid)]
        processes.append(
            subprocess.Popen(
                [*trustquiz_command(), "practice", *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env_for(home, 0),
            )
        )
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(b"70%\na\n" * 12)  # a figure or a letter: one is readable
        process.stdin.flush()
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    logged = [
        record_of(line)["question_id"]
        for line in (home / "reviews.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert set(first) | set(second) <= set(logged)
    assert covered_lines(home) == len(logged)
    assert [f.message for f in examine(home, None) if f.severity == "error"] == []
