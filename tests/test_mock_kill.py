"""A real `trustquiz mock` killed with SIGKILL mid-paper resumes with every answer given."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from mockbank import known_bank
from test_installed import trustquiz_command


def answered(home: Path) -> int:
    try:
        data = json.loads((home / "mock-in-progress.json").read_text())
    except (FileNotFoundError, ValueError):
        return 0
    return len(data["progress"]["answers"])


def test_sigkill_mid_paper_then_resume_keeps_every_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bank = known_bank(tmp_path)
    env = {**os.environ, "TRUSTQUIZ_HOME": str(home), "NO_COLOR": "1"}
    args = [*trustquiz_command(), "mock", "--no-builtin", "--bank", str(bank)]
    process = subprocess.Popen(
        [*args, "--seed", "k", "--questions", "10"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None
    process.stdin.write(b"a\nb?\ns\na??\n")  # the input stays open: the mock waits for more
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while answered(home) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)  # let it reach the fifth question's prompt
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert answered(home) == 3
    assert not (home / "mocks.jsonl").exists()

    resumed = subprocess.run(
        [*args, "--resume", "--json"],
        input=b"c\na\n\na\nd?\na\n",
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    )
    data = json.loads(resumed.stdout)
    responses = [(item["response"], item["confidence"]) for item in data["items"]]
    assert responses == [
        ("a", "sure"), ("b", "unsure"), (None, None), ("a", "guess"),
        ("c", "sure"), ("a", "sure"), (None, None), ("a", "sure"), ("d", "unsure"), ("a", "sure"),
    ]  # fmt: skip
    assert (data["right"], data["wrong"], data["blank"]) == (5, 3, 2)
    assert not (home / "mock-in-progress.json").exists()
    reviews = (home / "reviews.jsonl").read_text().splitlines()
    assert len(reviews) == 8
