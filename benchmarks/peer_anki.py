"""Side-by-side benchmark of trustquiz against Anki's own engine on the same workload.

    pip install -e '.[bench]' && python benchmarks/peer_anki.py [--sizes 5k,50k] [--runs 5]

Generates each workload (generate.py) into --out once, builds the same Anki collection
(peer_anki_build.py), then times both as fresh processes (peer_measure.py), alternating which
goes first: first question, answer to next (100 answers, each written), statistics, peak
memory and disk. Then the growth from 5k to 50k of the first question and of statistics,
with both sizes run one after the other in each round, so that the machine's drift between
the sizes' own rounds cancels. Prints medians, quartile ranges, trustquiz/Anki ratios, the
growth between sizes and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from peer_measure import (
    ANSWERS,
    Commands,
    growth_figure,
    interleaved_growth,
    measure_run,
    measure_session,
)

HERE = Path(__file__).resolve().parent
SIZES = {"5k": (5_000, 100_000), "50k": (50_000, 1_000_000)}
SCREENS = [
    ("stats", "365", "deck:current"),
    ("stats_col", "365", ""),
    ("stats_all", "0", "deck:current"),
]


def median(values: Sequence[float]) -> float:
    """The median of some samples."""
    return statistics.median(values)


def iqr(values: Sequence[float]) -> tuple[float, float]:
    """The first and third quartiles (inclusive method); one sample is its own range."""
    if len(values) < 2:
        return values[0], values[0]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def ratio(ours: float, theirs: float) -> float:
    """trustquiz's figure over Anki's (below 1.0: trustquiz is faster or smaller)."""
    return ours / theirs if theirs else float("inf")


def percentile(values: Sequence[float], share: float) -> float:
    """The sample at `share` of the sorted samples (nearest rank below, as run.py does)."""
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def progress(message: str) -> None:
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


def size_of(*paths: Path) -> int:
    """Bytes in these files and everything below these folders."""
    total = 0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if f.is_file())
    return total


def workload(size: str, out: Path) -> Path:
    """The workload folder for a size: bank/, home/, cache/ and anki/ (made when missing)."""
    questions, reviews = SIZES[size]
    folder, built = out / size, out / size / "anki" / "built.json"
    if not (folder / "home" / "reviews.jsonl").exists():
        progress(f"generating {size} ({questions} questions, {reviews} reviews)...")
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--questions", str(questions),
             "--reviews", str(reviews), "--out", str(folder)],
            check=True, capture_output=not sys.stderr.isatty(),
        )  # fmt: skip
        built.unlink(missing_ok=True)
    if not built.exists():
        progress(f"building the Anki collection for {size}...")
        # In its own process: a measured child's peak memory counts its parent's at fork.
        subprocess.run(
            [sys.executable, str(HERE / "peer_anki_build.py"), str(folder)],
            check=True, env={**os.environ, "TRUSTQUIZ_CACHE": str(folder / "cache")},
        )  # fmt: skip
    return folder


def bench_size(folder: Path, runs: int) -> dict[str, dict[str, list[float]]]:
    """Interleaved samples of every measure for both tools at one workload."""
    commands = Commands.of(folder)
    stats_cmd, home_env = commands.stats, commands.home_env()
    rng = random.Random("peer")
    ratings = [b"3\n" if rng.random() < 0.85 else b"1\n" for _ in range(ANSWERS)]
    out: dict[str, dict[str, list[float]]] = {"tq": {}, "anki": {}}

    def add(tool: str, key: str, value: float) -> None:
        out[tool].setdefault(key, []).append(value)

    for tool in ("tq", "anki"):  # warm the bank cache and the page cache, untimed
        measure_run(stats_cmd[tool], home_env)
    for round_ in range(runs):
        order = ("tq", "anki") if round_ % 2 == 0 else ("anki", "tq")
        progress(f"  {folder.name}: round {round_ + 1} of {runs} ({' then '.join(order)})")
        with tempfile.TemporaryDirectory() as scratch:
            start = commands.starts(Path(scratch))
            for tool in order:
                seconds, _, peak, _ = measure_session(*start[tool])
                add(tool, "first", seconds)
                add(tool, "peak", peak)
            for tool in order:
                answers = [b""] * ANSWERS if tool == "tq" else ratings
                _, gaps, peak, inner = measure_session(*start[tool], answers)
                if inner:
                    add(tool, "p50_inner", median(inner))
                add(tool, "p50", median(gaps))
                add(tool, "p95", percentile(gaps, 0.95))
                add(tool, "max", max(gaps))
                add(tool, "peak", peak)
        # The Statistics screen opens on graphs(search="deck:current", days=365); its radio
        # buttons switch to the whole collection ("") and to all history (days=0).
        for key, days, search in SCREENS:
            stats_cmd["anki"][-2:] = [days, search]
            for tool in order:
                if tool == "tq" and key != "stats":
                    continue  # trustquiz's stats have no range: its one figure serves each row
                seconds, peak = measure_run(stats_cmd[tool], home_env)
                add(tool, key, seconds)
                add(tool, "peak", peak)
    data = (folder / "home", folder / "cache")  # the log, its derived state, the bank cache
    out["tq"]["disk"] = [size_of(*data) / 1e6]
    out["tq"]["disk_all"] = [size_of(*data, folder / "bank") / 1e6]
    out["anki"]["disk"] = out["anki"]["disk_all"] = [size_of(commands.collection(folder)) / 1e6]
    out["tq"]["stats_col"] = out["tq"]["stats_all"] = out["tq"]["stats"]
    out["anki"]["peak"] = [max(out["anki"]["peak"])]
    out["tq"]["peak"] = [max(out["tq"]["peak"])]
    return out


ROWS = [  # key, label, unit ("ms" from seconds, or "MB")
    ("first", "start to first question", "ms"),
    ("p50", "answer to next, p50", "ms"),
    ("p95", "answer to next, p95", "ms"),
    ("max", "answer to next, slowest", "ms"),
    ("stats", "stats (Anki: 1 year, deck)", "ms"),
    ("stats_col", "stats (Anki: 1 year, collection)", "ms"),
    ("stats_all", "stats (Anki: all history, deck)", "ms"),
    ("peak", "peak memory (any process)", "MB"),
    ("disk", "disk: log, state, bank cache", "MB"),
    ("disk_all", "disk: the same + question files", "MB"),
    ("p50_inner", "answer to next, p50, timed inside", "ms"),
]


def figure(values: Sequence[float], unit: str) -> str:
    if not values:
        return "-"
    scale = 1000 if unit == "ms" else 1
    mid, (low, high) = median(values) * scale, iqr(values)
    digits = 1 if mid < 10 else 0
    text = f"{mid:.{digits}f} {unit}"
    if len(values) > 1:
        text += f" ({low * scale:.{digits}f}-{high * scale:.{digits}f})"
    return text


def table(
    results: dict[str, dict[str, dict[str, list[float]]]],
    interleaved: dict[str, dict[str, list[float]]] | None = None,
) -> list[tuple[str, ...]]:
    """The printed rows: every measure at every size, the growth, and the issue's targets.
    The growth of the first question and of stats is from `interleaved` samples when given
    (peer_measure.interleaved_growth), else from each size's medians."""
    rows: list[tuple[str, ...]] = [("measure", "trustquiz", "Anki engine", "ratio")]
    for size, tools in results.items():
        for key, label, unit in ROWS:
            ours, theirs = tools["tq"].get(key), tools["anki"].get(key)
            if ours is None or theirs is None:  # measured for one tool only
                rows.append((f"{size}: {label}", figure(ours or [], unit),
                             figure(theirs or [], unit), ""))  # fmt: skip
                continue
            rows.append((f"{size}: {label}", figure(ours, unit), figure(theirs, unit),
                         f"{ratio(median(ours), median(theirs)):.2f}x"))  # fmt: skip

    def grown(tool: str, key: str) -> float:
        if interleaved is not None and key in interleaved[tool]:
            return growth_figure(interleaved[tool][key])
        return ratio(median(results["50k"][tool][key]), median(results["5k"][tool][key]))

    if "5k" in results and "50k" in results:
        for key, label, _ in ROWS[:6]:
            mixed = " (sizes interleaved)" if interleaved and key in interleaved["tq"] else ""
            growth = [grown(tool, key) for tool in ("tq", "anki")]
            rows.append((f"growth 5k -> 50k: {label}{mixed}", f"{growth[0]:.2f}x",
                         f"{growth[1]:.2f}x", ""))  # fmt: skip
    big = results.get("50k")
    if big is not None:

        def r(key: str) -> float:
            return ratio(median(big["tq"][key]), median(big["anki"][key]))

        r_stats = max(r("stats"), r("stats_col"))  # against the faster of Anki's 1-year calls
        checks = [("first question <= 1.0x Anki", r("first") <= 1.0),
                  ("stats --json <= 1.0x Anki's 1-year statistics", r_stats <= 1.0),
                  ("answer to next p50 <= 2x Anki", r("p50") <= 2.0),
                  ("disk (log, state, cache) <= 2x Anki's", r("disk") <= 2.0)]  # fmt: skip
        if "5k" in results:
            grow = {key: grown("tq", key) for key in ("first", "stats")}
            checks += [("growth of first question <= 1.5x", grow["first"] <= 1.5),
                       ("growth of stats <= 3x", grow["stats"] <= 3.0)]  # fmt: skip
        rows += [
            (f"target (50k): {name}", "", "", "met" if ok else "MISSED") for name, ok in checks
        ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5k,50k", help="comma-separated: 5k, 50k")
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds per size")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "trustquiz-peer",
                        help="folder for the workloads, collections and results.json")  # fmt: skip
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if unknown := [s for s in sizes if s not in SIZES]:
        parser.error(f"unknown size {unknown[0]!r} (choose from {', '.join(SIZES)})")
    started = time.monotonic()
    folders = {size: workload(size, args.out) for size in sizes}
    results = {size: bench_size(folder, args.runs) for size, folder in folders.items()}
    interleaved = None
    if "5k" in folders and "50k" in folders:
        progress("  growth: both sizes interleaved")
        interleaved = interleaved_growth(folders["5k"], folders["50k"], 2 * args.runs)
    rows = table(results, interleaved)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for n, row in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print(
        f"\nmedian (interquartile range) of {args.runs} interleaved rounds; ratio = trustquiz/Anki."
        f"\nanki {version('anki')}, Python {sys.version.split()[0]}, {os.cpu_count()} cores,"
        f" load average {os.getloadavg()[0]:.1f}, {time.monotonic() - started:.0f} s"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    saved = {**results, "growth_interleaved": interleaved or {}}
    (args.out / "results.json").write_text(json.dumps(saved, indent=1))


if __name__ == "__main__":
    main()
