"""Measure trustquiz's everyday commands and check them against the performance targets.

    python benchmarks/run.py                  # shipped bank, 5k/100k and 50k/1M
    python benchmarks/run.py --sizes shipped  # just the shipped bank

Large datasets are generated once into --data (default /tmp/trustquiz-bench) with
generate.py. Each start-up figure is the median of several fresh processes; peak memory is
the largest resident size of any measured process. A timed practice session answers, undoes
(`u`) and overrides (`!`) on a copy of the data directory, flushed to disk with os.sync()
first so that no answer pays for writing back the copy. Its first question is read for a
second before it is answered (see sessions.py); a fresh process's first answer sent at once
is timed too, and shown without a target. Measures compared with each other (`stats --topic`
with `stats`, `practice --wrong` with `practice`, one size with the other) are taken in
turn, and their ratio is the median of the rounds' ratios, so that the machine's drift
between them does not count. Prints a table and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple

from sessions import OPTIONS, RUNS, first_question, percentiles, practice

HERE = Path(__file__).resolve().parent
SIZES = {"shipped": None, "5k": (5_000, 100_000), "50k": (50_000, 1_000_000)}
# The generated reviews end on 2026-11-01: `--wrong` (the last seven days) and the plain
# practice it is compared with are started the day after.
AFTER_LOG = "2026-11-02T06:00:00+00:00"
TOPIC = "Topic 007"


class Measured(NamedTuple):
    """A command's wall time and its peak resident memory."""

    seconds: float
    peak_mb: float


def write_bytecode(folder: Path) -> None:
    """Compile the modules below `folder` to bytecode where it is missing or stale.

    Installing trustquiz from a wheel writes its bytecode; an editable install does not,
    and run with PYTHONDONTWRITEBYTECODE set (or from a read-only checkout) it compiles
    every module a command imports at every start, which no installed copy does.
    """
    import compileall

    compileall.compile_dir(folder, quiet=1)


def trustquiz() -> list[str]:
    """The command that runs trustquiz, its modules compiled as an installed copy's are."""
    import trustquiz as package

    write_bytecode(Path(package.__file__).parent)
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


def seconds(args: list[str], env: dict[str, str]) -> float:
    """A command's wall time."""
    return timed(args, env).seconds


def median_of(args: list[str], env: dict[str, str], runs: int = RUNS) -> Measured:
    results = [timed(args, env) for _ in range(runs)]
    return Measured(statistics.median(r.seconds for r in results), max(r.peak_mb for r in results))


def alternated(
    first: Callable[[], float], second: Callable[[], float], runs: int = RUNS
) -> tuple[float, float, float]:
    """The medians of two measures taken in turn (first then second, then second then
    first, ...) and the median of their per-round ratios (second over first), so that the
    machine's drift between them does not count as a difference."""
    ones: list[float] = []
    twos: list[float] = []
    for number in range(runs):
        if number % 2:
            twos.append(second())
            ones.append(first())
        else:
            ones.append(first())
            twos.append(second())
    ratio = statistics.median(two / one for one, two in zip(ones, twos, strict=True))
    return statistics.median(ones), statistics.median(twos), ratio


def interleaved_growth(
    tq: list[str], setups: dict[str, tuple[list[str], dict[str, str]]]
) -> dict[str, float]:
    """The 50k-over-5k ratio of `stats --json`, the first question and `check`: the median
    of RUNS rounds, each running both sizes one straight after the other (5k first, then
    50k first, in turn), so that the machine's drift between sizes does not count as growth.
    """
    ratios: dict[str, list[float]] = {"stats": [], "first": [], "check": []}
    for round_ in range(RUNS):
        sample: dict[str, dict[str, float]] = {}
        for size in ("5k", "50k") if round_ % 2 == 0 else ("50k", "5k"):
            bank, env = setups[size]
            sample[size] = {
                "stats": seconds([*tq, "stats", "--json", *bank], env),
                "first": first_question([*tq, "practice", *bank, *OPTIONS], env),
                "check": seconds([*tq, "check", *bank], env),
            }
        for key, found in ratios.items():
            found.append(sample["50k"][key] / sample["5k"][key])
    return {key: statistics.median(found) for key, found in ratios.items()}


def dataset(size: str, data: Path) -> tuple[list[str], Path]:
    """The bank options and the data directory for one size (generated when missing)."""
    counts = SIZES[size]
    if counts is None:
        home = data / "shipped-home"
        home.mkdir(parents=True, exist_ok=True)
        return [], home
    questions, reviews = counts
    out = data / size
    if not (out / "home" / "index.sqlite3").exists():
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
    setups: dict[str, tuple[list[str], dict[str, str]]] = {}
    for size in sizes:
        bank, home = dataset(size, args.data)
        cache = args.data / "cache" / size
        shutil.rmtree(cache, ignore_errors=True)
        env = {**base_env, "TRUSTQUIZ_HOME": str(home), "TRUSTQUIZ_CACHE": str(cache)}
        setups[size] = (bank, env)
        warm = timed([*tq, "check", *bank], env)  # an empty cache: fills it
        os.sync()  # the new cache on disk now, not written back during the timed commands
        stats = median_of([*tq, "stats", "--json", *bank], env)
        check = median_of([*tq, "check", *bank], env, runs=3)
        session = practice([*tq, "practice", *bank], env, home)
        first = session.first
        peak = max(peak, stats.peak_mb, check.peak_mb, session.peak_mb, warm.peak_mb)
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
            topic_args = [*tq, "stats", "--json", "--topic", TOPIC, *bank]
            plain, topic, ratio = alternated(
                partial(seconds, [*tq, "stats", "--json", *bank], env),
                partial(seconds, topic_args, env),
            )
            peak = max(peak, timed(topic_args, env).peak_mb)
            report(f"{label}: stats --topic --json", f"{topic * 1000:.0f} ms"
                   f" ({ratio:.2f}x stats, {plain * 1000:.0f} ms)", "<= 1.2x stats" if big else "",
                   ratio <= 1.2 if big else None)  # fmt: skip
        report(f"{label}: first question", f"{first * 1000:.0f} ms",
               "<= 1500 ms" if big else "", first <= 1.5 if big else None)  # fmt: skip
        if size != "shipped":
            later = {**env, "TRUSTQUIZ_NOW": AFTER_LOG}
            plain, wrong, ratio = alternated(
                partial(first_question, [*tq, "practice", *bank], later),
                partial(first_question, [*tq, "practice", "--wrong", *bank], later),
            )
            report(f"{label}: practice --wrong, first question", f"{wrong * 1000:.0f} ms"
                   f" ({ratio:.2f}x practice, {plain * 1000:.0f} ms)",
                   "<= 1.2x practice" if big else "",
                   ratio <= 1.2 if big else None)  # fmt: skip
        p50, p95, slowest = percentiles(session.answers)
        report(f"{label}: answer to next (p50 / p95 / max)",
               f"{p50:.1f} / {p95:.1f} / {slowest:.0f} ms", "p95 <= 20 ms" if big else "",
               p95 <= 20 if big else None)  # fmt: skip
        count = len(session.answers[0])
        report(f"{label}: slowest single answer (of {count})", f"{slowest:.0f} ms",
               "<= 50 ms" if big else "", slowest <= 50 if big else None)  # fmt: skip
        at_once = statistics.median(session.at_once) * 1000
        report(f"{label}: first answer, sent as its question appears", f"{at_once:.0f} ms",
               "", None)  # fmt: skip
        for name, times in (("undo (u)", session.undos), ("override (!)", session.overrides)):
            if not all(times):
                report(f"{label}: {name}", "none made", "", None)
                continue
            p50, p95, slowest = percentiles(times)
            report(f"{label}: {name} to next (p50 / p95 / max, {len(times[0])})",
                   f"{p50:.1f} / {p95:.1f} / {slowest:.0f} ms", "p95 <= 50 ms" if big else "",
                   p95 <= 50 if big else None)  # fmt: skip
        report(f"{label}: check, whole bank", f"{check.seconds * 1000:.0f} ms", "", None)
        report(f"{label}: check, cache empty", f"{warm.seconds * 1000:.0f} ms", "", None)
    report("peak memory (any command)", f"{peak:.0f} MB", "< 400 MB", peak < 400)
    if "5k" in setups and "50k" in setups:
        for key, ratio in interleaved_growth(tq, setups).items():
            report(f"growth 5k -> 50k: {key} (sizes interleaved)", f"{ratio:.1f}x for 10x the data",
                   "<= 10x", ratio <= 10)  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in [("measure", "figure", "target", ""), tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print(
        f"\n{sum(verdicts)} of {len(verdicts)} targets met"
        f" ({os.cpu_count()} cores, Python {sys.version.split()[0]})"
    )
    sys.exit(0 if all(verdicts) else 1)


if __name__ == "__main__":
    main()
