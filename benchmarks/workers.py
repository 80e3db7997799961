"""Run a function over many jobs in worker processes, with a progress bar on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Job = TypeVar("Job")
Out = TypeVar("Out")


def run_all(function: Callable[[Job], Out], jobs: Sequence[Job], workers: int) -> Iterator[Out]:
    """`function` of each job, in the jobs' order, from `workers` processes."""
    bar = sys.stderr.isatty()
    started = time.monotonic()
    with ProcessPoolExecutor(workers) as pool:
        for done, out in enumerate(pool.map(function, jobs), 1):
            yield out
            if bar:
                filled = 30 * done // len(jobs)
                elapsed = time.monotonic() - started
                sys.stderr.write(f"\r[{'#' * filled:<30}] {done}/{len(jobs)} {elapsed:.0f}s")
                sys.stderr.flush()
    if bar:
        sys.stderr.write("\n")
