"""Output that may be cut off: every command ends quietly when its reader goes away."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import write
from test_installed import trustquiz_command

BAD_BANK = """
[[questions]]
id = "broken"
kind = "mcq"
topic = "T"
prompt = "No options?"
answer = "a"
"""


def _env(unbuffered: bool) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return env


def _closed_early(args: list[str], unbuffered: bool, lines: int) -> tuple[int, str]:
    """Run trustquiz, read `lines` lines of its output, close the pipe; (status, stderr)."""
    process = subprocess.Popen(
        [*trustquiz_command(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(unbuffered),
    )
    assert process.stdout is not None and process.stderr is not None
    for _ in range(lines):
        process.stdout.readline()
    process.stdout.close()  # the reader goes away, as `| head -1` or `| true` does
    errors = process.stderr.read().decode()
    return process.wait(timeout=60), errors


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["stats", "--json"],
        ["stats"],
        ["list"],
        ["check", "--json"],
        ["schema"],
        ["config"],
        ["doctor"],
        ["practice", "--help"],
    ],
    ids=" ".join,
)
def test_a_closed_pipe_ends_quietly_with_the_usual_status(
    args: list[str], unbuffered: bool
) -> None:
    for lines in (0, 1):  # `| true`, then `| head -1`
        status, errors = _closed_early(args, unbuffered, lines)
        assert (status, errors) == (0, "")


def test_a_cut_off_check_keeps_its_failing_status(small_bank: Path, tmp_path: Path) -> None:
    write(tmp_path / "bank" / "bad.toml", BAD_BANK)
    status, errors = _closed_early(["check", "--json", str(tmp_path / "bank")], False, 0)
    assert (status, errors) == (1, "")


def test_a_session_whose_output_is_gone_stops_as_if_cut_off_by_sigpipe(
    small_bank: Path, home: Path
) -> None:
    args = ["practice", "--no-builtin", "--bank", str(small_bank)]
    status, errors = _closed_early(args, unbuffered=False, lines=0)
    assert (status, errors) == (141, "")
    assert not (home / "reviews.jsonl").exists() or (home / "reviews.jsonl").read_text() == ""


@pytest.mark.parametrize("closed", [0, 1, 2], ids=["stdin", "stdout", "stderr"])
@pytest.mark.parametrize("args", [["--help"], ["stats"], ["practice"]], ids=" ".join)
def test_a_stream_closed_before_the_start_is_taken_as_empty(closed: int, args: list[str]) -> None:
    done = subprocess.run(
        [*trustquiz_command(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(False),
        preexec_fn=lambda: os.close(closed),  # as `<&-`, `>&-` or `2>&-` in a shell
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, b"")


def test_warnings_cut_off_do_not_change_the_status(small_bank: Path, tmp_path: Path) -> None:
    write(tmp_path / "bank" / "bad.toml", BAD_BANK)
    process = subprocess.Popen(
        [*trustquiz_command(), "practice", "--no-builtin", "--bank", str(tmp_path / "bank")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(False),
    )
    assert process.stderr is not None
    process.stderr.close()  # `2>&1 | true`: the warning about bad.toml has no reader
    assert process.wait(timeout=60) == 0
