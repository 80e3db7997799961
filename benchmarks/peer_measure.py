"""How the Anki peer benchmark takes one sample: either tool as a fresh process on a workload
folder (bank/, home/, cache/, anki/), and the growth from 5k to 50k with the sizes
interleaved, so that the machine's drift between one size's rounds and the other's cancels.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from peer_anki_build import ANKI_WORKER
from run import trustquiz
from sessions import read_output, readable

MARKER = b"Answer ("
ANSWERS = 100  # timed answers per tool and round


def measure_session(
    args: list[str], env: dict[str, str], answers: Sequence[bytes] = ()
) -> tuple[float, list[float], float, list[float]]:
    """Seconds to the first question shown, then from each answer written to the next
    question shown; then quit. Also the peak memory in MB, and any times the process
    reported itself (Anki's worker prints what its answer path took inside it)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    assert process.stdin is not None and process.stdout is not None
    shown, screen = read_output(process.stdout, MARKER)
    first, gaps = shown - started, []
    for answer in answers:  # b"" stands for a readable answer to the question on screen
        sent = time.perf_counter()
        process.stdin.write(answer or readable(screen) + b"\n")
        process.stdin.flush()
        shown, screen = read_output(process.stdout, MARKER)
        gaps.append(shown - sent)
    process.stdin.write(b"q\n")
    process.stdin.close()
    tail = process.stdout.read().partition(b"in-process ")[2]
    _, _, usage = os.wait4(process.pid, 0)
    return first, gaps, usage.ru_maxrss / 1024, json.loads(tail) if tail else []


def measure_run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from start to exit of a command, and its peak memory in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        assert process.stderr is not None
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


@dataclass(frozen=True)
class Commands:
    """What runs each tool on one workload folder."""

    folder: Path
    env: dict[str, str]
    stats: dict[str, list[str]]  # trustquiz's `stats --json`; Anki's 1-year deck statistics

    @classmethod
    def of(cls, folder: Path) -> Commands:
        env = {**os.environ, "NO_COLOR": "1", "TRUSTQUIZ_CACHE": str(folder / "cache")}
        env.pop("TRUSTQUIZ_NOW", None)
        stats = {"tq": [*trustquiz(), "stats", "--json", *cls.bank(folder)],
                 "anki": [*cls.anki(), str(cls.collection(folder)), "stats", "365",
                          "deck:current"]}  # fmt: skip
        return cls(folder, env, stats)

    @staticmethod
    def bank(folder: Path) -> list[str]:
        return ["--no-builtin", "--bank", str(folder / "bank")]

    @staticmethod
    def anki() -> list[str]:
        return [sys.executable, "-c", ANKI_WORKER]

    @staticmethod
    def collection(folder: Path) -> Path:
        return folder / "anki" / "collection.anki2"

    def home_env(self) -> dict[str, str]:
        """The environment that runs trustquiz on the workload's own data directory."""
        return {**self.env, "TRUSTQUIZ_HOME": str(self.folder / "home")}

    def starts(self, scratch: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
        """Each tool's session on copies of the workload's data in `scratch` (a session
        writes its answers): trustquiz's practice, Anki's review."""
        home, copy = scratch / "home", scratch / "collection.anki2"
        shutil.copytree(self.folder / "home", home)
        shutil.copy(self.collection(self.folder), copy)
        limits = ["--new", str(ANSWERS + 10), "--limit", str(ANSWERS + 10)]
        practice = [*trustquiz(), "practice", *self.bank(self.folder), *limits]
        return {"tq": (practice, {**self.env, "TRUSTQUIZ_HOME": str(home)}),
                "anki": ([*self.anki(), str(copy), "review"], self.env)}  # fmt: skip


def interleaved_growth(small: Path, big: Path, rounds: int) -> dict[str, dict[str, list[float]]]:
    """Each tool's 50k-over-5k ratio of the first question and of statistics, one ratio a
    round: in a round both tools run at both sizes one after another, in an order that turns
    a step each round, and each ratio is of two samples taken seconds apart."""
    sizes = {"5k": Commands.of(small), "50k": Commands.of(big)}
    jobs = [(tool, size) for tool in ("tq", "anki") for size in sizes]
    samples: dict[tuple[str, str, str], float] = {}
    out: dict[str, dict[str, list[float]]] = {"tq": {}, "anki": {}}
    for round_ in range(rounds):
        turned = jobs[round_ % len(jobs) :] + jobs[: round_ % len(jobs)]
        for tool, size in turned:
            commands = sizes[size]
            with tempfile.TemporaryDirectory() as scratch:
                start = commands.starts(Path(scratch))[tool]
                samples[tool, size, "first"] = measure_session(*start)[0]
            stats = measure_run(commands.stats[tool], commands.home_env())[0]
            samples[tool, size, "stats"] = stats
        for tool in ("tq", "anki"):
            for key in ("first", "stats"):
                grown = samples[tool, "50k", key] / samples[tool, "5k", key]
                out[tool].setdefault(key, []).append(grown)
    return out


def growth_figure(ratios: Sequence[float]) -> float:
    """The median of the per-round ratios."""
    return statistics.median(ratios)
