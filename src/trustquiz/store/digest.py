"""The digest of the log an index records: of its first and last 4 KiB up to where it covers."""

from __future__ import annotations

import hashlib
from pathlib import Path

from trustquiz.store.log import os_problem

SPAN = 4096  # bytes at each end of the covered log that its digest reads


def _ends(path: Path, size: int) -> tuple[bytes, bytes]:
    try:
        with path.open("rb") as handle:
            head = handle.read(min(size, SPAN))
            handle.seek(max(0, size - SPAN))
            tail = handle.read(min(size, SPAN))
    except OSError as exc:
        raise os_problem("read", path, exc) from None
    return head, tail


def _digest(size: int, head: bytes, tail: bytes) -> str:
    return "" if size == 0 else hashlib.sha256(b"%d|%s|%s" % (size, head, tail)).hexdigest()


def log_digest(path: Path, size: int) -> str:
    """A digest of the first `size` bytes of the log: its first and last 4 KiB of them.

    Enough to tell another log, or one rewritten, from the one an index was folded from.
    """
    return _digest(size, *_ends(path, size)) if size else ""


class LogEnds:
    """`log_digest` of the log as this process folds it, its two ends kept in memory as it
    appends, so that an answer's commit does not read them back: at 1,000,000 reviews the
    read took 0.27 M of the 5.2 M instructions from an answer to the next question."""

    def __init__(self) -> None:
        self._size = -1  # how much of the log the ends are of; -1: read them again
        self._head = self._tail = b""

    def digest(self, path: Path, size: int) -> str:
        """`log_digest(path, size)`, read from the file unless the ends are known."""
        if size != self._size:
            self._head, self._tail = _ends(path, size) if size else (b"", b"")
            self._size = size
        return _digest(size, self._head, self._tail)

    def appended(self, start: int, data: bytes) -> None:
        """`data` was written to the log at `start` (its end when the ends were kept)."""
        if start != self._size:
            self._size = -1
            return
        self._size += len(data)
        if len(self._head) < SPAN:
            self._head = (self._head + data)[:SPAN]
        self._tail = (self._tail + data)[-SPAN:]
