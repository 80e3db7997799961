"""The data directory's writer lock: one writer at a time, on every platform (`filelock`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from trustquiz.store.log import os_problem

if TYPE_CHECKING:
    from filelock import BaseFileLock

# Polled every millisecond, not filelock's default 50 ms: a second session's answer waits
# at most about that long once the first one's write is done.
POLL_SECONDS = 0.001


class WriterLock:
    """An exclusive lock on `.lock` in the data directory, held across a log append and
    its index update so that two sessions never interleave the two."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock: BaseFileLock | None = None

    def acquire(self) -> None:
        """Take the lock, waiting while another writer holds it.

        Raises:
            ProgressError: when the lock file cannot be created or opened.
        """
        if self._lock is None:
            from filelock import FileLock

            self._lock = FileLock(self.path)
        try:
            self._lock.acquire(poll_interval=POLL_SECONDS)
        except OSError as exc:
            raise os_problem("write to", self.path.parent, exc) from None

    def release(self) -> None:
        assert self._lock is not None
        self._lock.release()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()
