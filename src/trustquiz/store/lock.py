"""The data directory's writer lock: one writer at a time (`flock`, or `filelock` on Windows)."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from trustquiz.store.log import os_problem

if TYPE_CHECKING:
    from filelock import BaseFileLock

try:
    import fcntl
except ImportError:  # Windows: filelock's msvcrt lock instead
    fcntl = None  # type: ignore[assignment]

# filelock polls; every millisecond, not its default 50 ms, so that a second session's answer
# waits at most about that long once the first one's write is done.
POLL_SECONDS = 0.001
_NO_FLOCK = {errno.ENOSYS, errno.ENOLCK, errno.EOPNOTSUPP}


class WriterLock:
    """An exclusive lock on `.lock` in the data directory, held across a log append and
    its index update so that two sessions never interleave the two.

    On Linux and macOS the lock file stays open between answers and each one takes and
    drops an `flock` on it (a wait blocks in the kernel, no polling); before trusting the
    lock, the open file is checked to still be the one at the path, so a lock file deleted
    or replaced meanwhile is opened afresh. Elsewhere `filelock` opens it for each answer.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._lock: BaseFileLock | None = None

    def acquire(self) -> None:
        """Take the lock, waiting while another writer holds it.

        Raises:
            ProgressError: when the lock file cannot be created or opened.
        """
        try:
            if fcntl is None or self._lock is not None:
                self._acquire_filelock()
                return
            try:
                self._acquire_flock()
            except OSError as exc:
                if exc.errno not in _NO_FLOCK:
                    raise
                self._close()  # a file system without flock: filelock's fallback
                self._acquire_filelock()
        except OSError as exc:
            raise os_problem("write to", self.path.parent, exc) from None

    def _acquire_flock(self) -> None:
        while True:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                current = self.path.stat()
            except FileNotFoundError:
                current = None
            held = os.fstat(self._fd)
            if current is not None and (current.st_ino, current.st_dev) == (
                held.st_ino,
                held.st_dev,
            ):
                return
            self._close()  # the file was deleted or replaced: lock the one at the path

    def _acquire_filelock(self) -> None:
        if self._lock is None:
            from filelock import FileLock

            self._lock = FileLock(self.path)
        self._lock.acquire(poll_interval=POLL_SECONDS)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            return
        assert self._fd is not None
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock too
            self._fd = None

    def close(self) -> None:
        """Close the lock file (the lock is not held between writes)."""
        self._close()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()
