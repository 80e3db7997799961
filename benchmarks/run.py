"""Measure trustquiz's everyday commands and check them against the performance targets.

    python benchmarks/run.py                  # shipped bank, 5k/100k and 50k/1M
    python benchmarks/run.py --sizes shipped  # just the shipped bank

Large datasets are generated once into --data (default /tmp/trustquiz-bench) with
generate.py. Each start-up figure is the median of several fresh processes; peak memory is
the largest resident size of any measured process. Prints a table and exits 1 if a target
is missed.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"shipped": None, "5k": (5_000, 100_000), "50k": (50_000, 1_000_000)}
RUNS = 5
ANSWERS = 100


class Measured:
    """A command's wall time and its peak resident memory."""

    def __init__(self, seconds: float, peak_mb: float) -> None:
        self.seconds = seconds
        self.peak_mb = peak_mb


def trustquiz() -> list[str]:
    script = Path(sys.executable).with_name("trustquiz")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trustquiz"]


def timed(args: list[str], env: dict[str, str]) -> Measured:
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"{' '.join(args)} failed: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return Measured(seconds, usage.ru_maxrss / 1024)


def median_of(args: list[str], env: dict[str, str], runs: int = RUNS) -> Measured:
    results = [timed(args, env) for _ in range(runs)]
    return Measured(statistics.median(r.seconds for r in results), max(r.peak_mb for r in results))


def read_until(stream: object, marker: bytes, timeout: float = 120) -> float:
    """Read a process's output until `marker` appears; return when it did."""
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
    return time.perf_counter()


def first_question(base: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `practice` to its first question; then quit without answering."""
    started = time.perf_counter()
    process = subprocess.Popen(
        base, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    assert process.stdin is not None and process.stdout is not None
    shown = read_until(process.stdout, b"Answer (") - started
    process.stdin.write(b"q\n")
    process.stdin.close()
    process.wait()
    return shown


def practice(base: list[str], env: dict[str, str], home: Path) -> tuple[float, list[float], float]:
    """On a copy of home: the median time to the first question over RUNS starts, then the
    answer-to-next-question times of one session of ANSWERS answers, and its peak memory."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "home"
        if home.exists():
            shutil.copytree(home, copy)
        run_env = {**env, "TRUSTQUIZ_HOME": str(copy)}
        command = [*base, "--new", str(ANSWERS + 10), "--limit", str(ANSWERS + 10)]
        first = statistics.median(first_question(command, run_env) for _ in range(RUNS))
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=run_env,
        )  # fmt: skip
        assert process.stdin is not None and process.stdout is not None
        read_until(process.stdout, b"Answer (")
        gaps = []
        for _ in range(ANSWERS):
            sent = time.perf_counter()
            process.stdin.write(b"a\n")
            process.stdin.flush()
            gaps.append(read_until(process.stdout, b"Answer (") - sent)
        process.stdin.write(b"q\n")
        process.stdin.close()
        _, _, usage = os.wait4(process.pid, 0)
        return first, gaps, usage.ru_maxrss / 1024


def dataset(size: str, data: Path) -> tuple[list[str], Path]:
    """The bank options and the data directory for one size (generated when missing)."""
    counts = SIZES[size]
    if counts is None:
        home = data / "shipped-home"
        home.mkdir(parents=True, exist_ok=True)
        return [], home
    questions, reviews = counts
    out = data / size
    if not (out / "home" / "progress.json").exists():
        print(f"generating {size} ({questions} questions, {reviews} reviews)...", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--questions", str(questions),
             "--reviews", str(reviews), "--out", str(out)],
            check=True,
        )  # fmt: skip
    return ["--no-builtin", "--bank", str(out / "bank")], out / "home"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="shipped,5k,50k")
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "trustquiz-bench"
    )
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",")]
    base_env = {**os.environ, "NO_COLOR": "1"}
    base_env.pop("TRUSTQUIZ_NOW", None)
    bare = median_of([sys.executable, "-c", "pass"], base_env, runs=9).seconds
    tq = trustquiz()
    rows: list[tuple[str, str, str, str]] = []
    verdicts: list[bool] = []

    def report(what: str, value: str, target: str, ok: bool | None) -> None:
        rows.append((what, value, target, "" if ok is None else ("met" if ok else "MISSED")))
        if ok is not None:
            verdicts.append(ok)

    help_time = median_of([*tq, "--help"], base_env, runs=9)
    report("python -c pass", f"{bare * 1000:.0f} ms", "", None)
    help_ms = f"{help_time.seconds * 1000:.0f} ms ({help_time.seconds / bare:.1f}x)"
    report("trustquiz --help", help_ms,
           "<= 6x bare", help_time.seconds <= 6 * bare)  # fmt: skip
    peak = help_time.peak_mb
    by_size: dict[str, dict[str, float]] = {}
    for size in sizes:
        bank, home = dataset(size, args.data)
        cache = args.data / "cache" / size
        shutil.rmtree(cache, ignore_errors=True)
        env = {**base_env, "TRUSTQUIZ_HOME": str(home), "TRUSTQUIZ_CACHE": str(cache)}
        warm = timed([*tq, "check", *bank], env)  # an empty cache: fills it
        stats = median_of([*tq, "stats", "--json", *bank], env)
        check = median_of([*tq, "check", *bank], env, runs=3)
        first, gaps, practice_peak = practice([*tq, "practice", *bank], env, home)
        gaps.sort()
        p50, p95 = statistics.median(gaps), gaps[int(0.95 * (len(gaps) - 1))]
        peak = max(peak, stats.peak_mb, check.peak_mb, practice_peak, warm.peak_mb)
        by_size[size] = {"stats": stats.seconds, "first": first, "check": check.seconds}
        label = size if size != "shipped" else "shipped bank"
        big = size == "50k"
        if size == "shipped":
            stats_ms = f"{stats.seconds * 1000:.0f} ms ({stats.seconds / bare:.1f}x)"
            report(f"{label}: stats --json", stats_ms,
                   "<= 10x bare", stats.seconds <= 10 * bare)  # fmt: skip
            shown = median_of([*tq, "stats", *bank], env)
            shown_ms = f"{shown.seconds * 1000:.0f} ms ({shown.seconds / bare:.1f}x)"
            report(f"{label}: stats (tables, not JSON)", shown_ms, "", None)
        else:
            report(f"{label}: stats --json", f"{stats.seconds * 1000:.0f} ms",
                   "<= 1500 ms" if big else "", stats.seconds <= 1.5 if big else None)  # fmt: skip
        report(f"{label}: first question", f"{first * 1000:.0f} ms",
               "<= 1500 ms" if big else "", first <= 1.5 if big else None)  # fmt: skip
        gap_ms = f"{p50 * 1000:.1f} / {p95 * 1000:.1f} / {gaps[-1] * 1000:.0f} ms"
        report(f"{label}: answer to next (p50 / p95 / max)", gap_ms,
               "p95 <= 20 ms" if big else "", p95 <= 0.020 if big else None)  # fmt: skip
        report(f"{label}: check, whole bank", f"{check.seconds * 1000:.0f} ms", "", None)
        report(f"{label}: check, cache empty", f"{warm.seconds * 1000:.0f} ms", "", None)
    report("peak memory (any command)", f"{peak:.0f} MB", "< 400 MB", peak < 400)
    if "5k" in by_size and "50k" in by_size:
        for key in ("stats", "first", "check"):
            ratio = by_size["50k"][key] / by_size["5k"][key]
            report(f"growth 5k -> 50k: {key}", f"{ratio:.1f}x for 10x the data", "<= 10x",
                   ratio <= 10)  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    header = ("measure", "figure", "target", "")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    print(
        f"\n{sum(verdicts)} of {len(verdicts)} targets met"
        f" ({os.cpu_count()} cores, Python {sys.version.split()[0]})"
    )
    sys.exit(0 if all(verdicts) else 1)


if __name__ == "__main__":
    main()
