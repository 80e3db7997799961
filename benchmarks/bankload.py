"""Time loading a bank at start-up, each sample a fresh process; usage: bankload.py BANK CACHE.

CACHE (a bank cache folder, e.g. a generated workload's `cache/`) is copied to a
temporary folder first and never written. Two ways a start can find the cache:
- `record`: the whole bank's record is current: `load_bank` alone, and with every card
  built (`bank.cards()`, as a selection over all cards needs);
- `entries`: no record (just removed), so every file comes from its own cache entry, and
  the record is written again (within the time shown).
The medians of `--runs` samples of each, interleaved, are printed in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

PROBE = """
import gc, sys, time
gc.disable()
from pathlib import Path
from trustquiz.bank.loader import load_bank
start = time.perf_counter()
bank = load_bank([Path(sys.argv[1])], builtin=False, strict=False)
loaded = time.perf_counter()
cards = len(bank.cards())
print((loaded - start) * 1000, (time.perf_counter() - start) * 1000, cards)
"""


def sample(bank: Path, cache: Path) -> tuple[float, float, int]:
    """One fresh process's load time, its time with every card built, and its card count."""
    env = {**os.environ, "TRUSTQUIZ_CACHE": str(cache)}
    command = [sys.executable, "-c", PROBE, str(bank)]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    load, cards, count = out.split()
    return float(load), float(cards), int(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bank", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        shutil.copytree(args.cache, cache)
        count = sample(args.bank, cache)[2]  # writes the record if every entry is current
        for _ in range(args.runs):
            load, cards, _ = sample(args.bank, cache)
            times.setdefault("record: load_bank", []).append(load)
            times.setdefault("record: load_bank + cards()", []).append(cards)
            for record in cache.glob("bank-*.marshal"):
                record.unlink()
            load, cards, _ = sample(args.bank, cache)
            times.setdefault("entries: load_bank + cards()", []).append(cards)
    print(f"{args.bank}: {count} cards, median of {args.runs} fresh processes")
    for name, values in times.items():
        print(f"  {name:32} {median(values):8.1f} ms")


if __name__ == "__main__":
    main()
