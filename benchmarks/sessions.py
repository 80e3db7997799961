"""Timed practice sessions for run.py: first question, answers, undos and overrides.

Each keypress is timed from sending its line to the next answer prompt, through a pipe, so
the figure includes grading, the write to the log (its fsync runs in the background), the
index update and drawing the next question. Every answer is sent as soon as its prompt
appears except a session's first: its question is read for READING seconds first, as a
learner reads it. Once the first question is on screen, trustquiz loads what grading needs
(pydantic and the question kinds' models) before it reads the answer; an answer sent the
moment the question appears waits for that, which no reader does. That wait is measured
on its own (`first_answer`), by a fresh process answering its first question at once.
"""

from __future__ import annotations

import os
import select
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

RUNS = 5
ANSWERS = 300  # answers in the timed session; every third is undone and answered again
OVERRIDES = 40  # wrong answers overridden with `!`, at most, per session
SESSIONS = 3  # timed sessions; each session figure is the median of the three
PROMPT = b"Answer ("
READING = 1.0  # seconds a session's first question is read before it is answered
# The practice options of the timed sessions: enough new cards for every answer.
OPTIONS = ("--new", str(ANSWERS + 10), "--limit", str(ANSWERS + 10))


def read_output(
    stream: object, marker: bytes = PROMPT, timeout: float = 120
) -> tuple[float, bytes]:
    """Read a process's output until `marker` appears; return when it did, and the output."""
    seen = b""
    deadline = time.perf_counter() + timeout
    fd = stream.fileno()  # type: ignore[attr-defined]
    while marker not in seen:
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {marker!r}")
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise SystemExit(f"process ended before {marker!r}: {seen[-500:]!r}")
            seen += chunk
    return time.perf_counter(), seen


def spawn(base: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start a command that is typed to and read through pipes."""
    return subprocess.Popen(
        base, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )


def quit_practice(process: subprocess.Popen[bytes]) -> float:
    """Type `q`, wait for the process to end; return its peak resident memory in MB."""
    assert process.stdin is not None
    process.stdin.write(b"q\n")
    process.stdin.close()
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024


def fresh_copy(home: Path, copy: Path) -> Path:
    """Copy a data directory and flush it to disk, so that no timed answer writes it back."""
    shutil.copytree(home, copy)
    os.sync()
    return copy


def first_question(base: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `practice` to its first question; then quit without answering."""
    started = time.perf_counter()
    process = spawn(base, env)
    assert process.stdout is not None
    shown = read_output(process.stdout)[0] - started
    quit_practice(process)
    return shown


class Session:
    """What the timed practice sessions measured (seconds), one list per session."""

    def __init__(self) -> None:
        self.first = 0.0
        self.answers: list[list[float]] = []
        self.undos: list[list[float]] = []
        self.overrides: list[list[float]] = []
        self.at_once: list[float] = []  # the first answer, sent as its question appeared
        self.peak_mb = 0.0


def readable(screen: bytes) -> bytes:
    """An answer the question on `screen` can read: a figure, a letter or a word, by its hint."""
    hint = screen[screen.rfind(PROMPT) :]
    return b"1" if b"number" in hint else b"a" if b"letter" in hint or b"a or b" in hint else b"x"


def answer(process: subprocess.Popen[bytes], screen: bytes) -> tuple[float, bytes]:
    """Answer the question on `screen` readably (an unreadable answer is asked again and not
    logged, so timing it would time no write); return the seconds to the next prompt."""
    gap, output = keypress(process, readable(screen))
    if b"Right." not in output and b"Wrong." not in output:
        raise SystemExit(f"the benchmark's answer was not graded: {output[-300:]!r}")
    return gap, output


def keypress(process: subprocess.Popen[bytes], keys: bytes) -> tuple[float, bytes]:
    """Send one line; return the seconds until the next answer prompt, and the output."""
    assert process.stdin is not None and process.stdout is not None
    sent = time.perf_counter()
    process.stdin.write(keys + b"\n")
    process.stdin.flush()
    shown, output = read_output(process.stdout)
    return shown - sent, output


def first_answer(base: list[str], env: dict[str, str]) -> float:
    """Seconds from answering a fresh process's first question the moment it appears to the
    next question; then quit."""
    process = spawn(base, env)
    assert process.stdout is not None
    gap, _ = answer(process, read_output(process.stdout)[1])
    quit_practice(process)
    return gap


def practice(base: list[str], env: dict[str, str], home: Path) -> Session:
    """On fresh copies of home: the median time to the first question of RUNS starts, then
    SESSIONS sessions of answers, undos and overrides, timed from keypress to next screen."""
    result = Session()
    command = [*base, *OPTIONS]
    for number in range(SESSIONS):
        with tempfile.TemporaryDirectory() as scratch:
            copy = fresh_copy(home, Path(scratch) / "home")  # empty for the shipped bank
            run_env = {**env, "TRUSTQUIZ_HOME": str(copy)}
            if number == 0:
                starts = (first_question(command, run_env) for _ in range(RUNS))
                result.first = statistics.median(starts)
            answers: list[float] = []
            undos: list[float] = []
            overrides: list[float] = []
            process = spawn(command, run_env)
            assert process.stdout is not None
            screen = read_output(process.stdout)[1]
            time.sleep(READING)
            for n in range(ANSWERS):
                gap, screen = answer(process, screen)
                answers.append(gap)
                if b"Wrong." in screen and len(overrides) < OVERRIDES:
                    gap, screen = keypress(process, b"!")
                    overrides.append(gap)
                elif n % 3 == 2:
                    gap, screen = keypress(process, b"u")  # the undone question, asked again
                    undos.append(gap)
                    gap, screen = answer(process, screen)
                    answers.append(gap)
            result.peak_mb = max(result.peak_mb, quit_practice(process))
            result.answers.append(answers)
            result.undos.append(undos)
            result.overrides.append(overrides)
            once = fresh_copy(home, Path(scratch) / "once")  # the session used up the new cards
            result.at_once.append(first_answer(command, {**env, "TRUSTQUIZ_HOME": str(once)}))
    return result


def percentiles(sessions: list[list[float]]) -> tuple[float, float, float]:
    """p50, p95 and the slowest of each session, in milliseconds: the median over sessions
    of each (a stall of the shared machine in one session does not decide the figure)."""
    ordered = [sorted(times) for times in sessions]
    p50 = statistics.median(statistics.median(times) for times in ordered)
    p95 = statistics.median(times[int(0.95 * (len(times) - 1))] for times in ordered)
    slowest = statistics.median(times[-1] for times in ordered)
    return p50 * 1000, p95 * 1000, slowest * 1000
