"""The review log on disk: reading its lines, parsing them, and the file helpers around it."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeAlias

from trustquiz.errors import ProgressError
from trustquiz.store.lines import LastHashes, expand

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from trustquiz.store.records import CorrectionRecord, ReviewRecord, SettingsRecord

Record: TypeAlias = "ReviewRecord | CorrectionRecord | SettingsRecord"
Line: TypeAlias = "Record | Unusable"
_KNOWN_TYPES = ("review", "undo", "override", "settings")


def time_for_filename(when: datetime | None = None) -> str:
    """A compact UTC time for the names of files set aside: `20261201T093000123456Z`."""
    return (when or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")


def os_problem(action: str, path: Path, exc: OSError) -> ProgressError:
    reason = exc.strerror or str(exc)
    return ProgressError(f"cannot {action} {path}: {reason}")


def append_line(
    path: Path,
    data: bytes,
    torn_at: int | None,
    syncer: BackgroundSync | None = None,
    what: str = "the answer",
) -> str | None:
    """Append `data` (whole lines) to the log and fsync it: before returning, or, given a
    `syncer`, in its thread once written (the lines are in the file either way; `what` they
    are names them if that fsync fails).

    An unfinished last line starting at `torn_at` is first kept in a file of its own and cut
    off; the name of that file is returned. A failed write takes back its own partial line.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise os_problem("write to", path, exc) from None
    kept = None
    try:
        if torn_at is not None:
            with path.open("rb") as handle:
                handle.seek(torn_at)
                tail = handle.read()
            keep = path.with_name(f"{path.name}.torn-{time_for_filename()}")
            keep.write_bytes(tail)
            os.ftruncate(fd, torn_at)
            kept = keep.name
        start = os.lseek(fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if syncer is None:
                os.fsync(fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
            raise os_problem("save the answer to", path, exc) from None
        if syncer is not None:
            syncer.start(fd, path, what)
            fd = -1  # the syncer closes it
    finally:
        if fd >= 0:
            os.close(fd)
    return kept


class BackgroundSync:
    """fsyncs the log in a thread of its own, after the lines are written.

    A log append grows the file, so its fsync waits for the file system's journal (1-3 ms);
    os.fsync lets other threads run meanwhile, so the next question is drawn while the disk
    works. The lines are in the file before the fsync is handed over: a killed process loses
    nothing; only a power cut within those milliseconds can. Appends made while an fsync
    runs are covered by the next one (one fsync for all of them). `wait` is called when a
    session ends; it and `check`, called before each append, report an fsync that failed.
    """

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._next: tuple[int, Path, str] | None = None  # the fsync waiting to run
        self._busy = False  # an fsync is running
        self._worker: threading.Thread | None = None
        self._failure: str | None = None

    def start(self, fd: int, path: Path, what: str) -> None:
        """Hand `fd` over to be fsynced and closed."""
        if self._worker is None:
            # A daemon thread: the session waits for the last fsync (`wait`) as it ends.
            worker = threading.Thread(target=self._work, name="log-fsync", daemon=True)
            try:
                worker.start()
            except RuntimeError:  # no thread to be had: fsync here and now
                self._failure = self._failure or _synced(fd, path, what)
                return
            self._worker = worker
        with self._ready:
            if self._next is not None:  # not run yet: the fsync of `fd` covers its lines
                with contextlib.suppress(OSError):
                    os.close(self._next[0])
            self._next = (fd, path, what)
            self._ready.notify_all()

    def _work(self) -> None:
        while True:
            with self._ready:
                while self._next is None:
                    self._ready.wait()
                (fd, path, what), self._next = self._next, None
                self._busy = True
            failure = _synced(fd, path, what)
            with self._ready:
                self._failure = self._failure or failure
                self._busy = False
                self._ready.notify_all()

    def check(self) -> None:
        """Report an fsync that failed (ProgressError: the lines may not be on the disk)."""
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise ProgressError(failure)

    def wait(self) -> None:
        """Wait until every line handed over is fsynced; then `check`."""
        with self._ready:
            while self._next is not None or self._busy:
                self._ready.wait()
        self.check()


def _synced(fd: int, path: Path, what: str) -> str | None:
    """fsync and close `fd`; None, or what failed."""
    try:
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return f"{what} may not be saved\n{os_problem('flush', path, exc)}"
    return None


class UnusableRecord(ValueError):
    """A line of a known record type whose fields cannot be read: it is skipped, not refused."""


class Unusable(NamedTuple):
    """A log line that is skipped: a known record type the tool cannot read (`reason`)."""

    reason: str
    type: Literal["unusable"] = "unusable"


class LogReader:
    """Reads the log's whole lines from an offset; remembers where a torn last line starts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.torn_at: int | None = None
        # Where the last read stopped: after its last whole line, and that line's number.
        self.position = 0
        self.line_number = 0
        self.hashes = LastHashes()

    def read(
        self,
        offset: int,
        first_line: int,
        upto: int | None = None,
        before: Callable[[str], str | None] | None = None,
    ) -> Iterator[tuple[Line, int, int]]:
        """Yield (record, line number, end offset) from `offset` (line `first_line` + 1);
        `before` gives a question's content hash as of `offset` (store/lines.py).

        CRLF endings and a leading UTF-8 byte-order mark read as the same lines; blank lines
        are skipped (and counted, so line numbers match an editor's). A record of a known type
        with a field that cannot be read comes as `Unusable`, for the folding to skip.
        """
        self.position, self.line_number = offset, first_line
        self.torn_at = None
        self.hashes = LastHashes(before if offset else None)
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return
        except OSError as exc:
            raise os_problem("read", self.path, exc) from None
        with handle:
            handle.seek(offset)
            for chunk in handle:
                if upto is not None and self.position >= upto:
                    break
                if not chunk.endswith(b"\n"):
                    # A last line without its newline is a write that never finished (crash
                    # or full disk); it is set aside before the next append, never folded.
                    self.torn_at = self.position
                    break
                self.line_number += 1
                self.position += len(chunk)
                if chunk.strip():
                    yield self._parse(chunk[:-1], self.line_number), self.line_number, self.position

    def _parse(self, chunk: bytes, line_number: int) -> Line:
        try:
            return parse_record(chunk, self.hashes)
        except UnusableRecord as exc:
            return Unusable(str(exc))
        except ValueError as exc:
            raise ProgressError(
                f"{self.path}:{line_number}: {exc}; the log was left untouched"
                " (`trustquiz doctor --repair-log` sets it aside and keeps the good lines)"
            ) from None


def parse_record(chunk: bytes, hashes: LastHashes | None = None) -> Record:
    """Parse one log line, in either form (store/lines.py). `hashes` holds the content hash
    of each question's latest answer in the lines before (none when not given), and takes
    this line's if it is an answer.

    Raises:
        UnusableRecord: for a known record type with a field that cannot be read.
        ValueError: saying what is wrong with the line (not JSON, an unknown type).
    """
    try:
        data = json.loads(chunk)
    except (ValueError, RecursionError):
        raise ValueError("damaged line (not JSON)") from None
    names: dict[str, str] = {}
    hashes = LastHashes() if hashes is None else hashes
    if isinstance(data, dict) and "type" not in data:
        try:
            compact = expand(data, hashes)
        except ValueError as exc:
            raise UnusableRecord(str(exc)) from None
        if compact is not None:
            data, names = compact
    kind = data.get("type") if isinstance(data, dict) else None
    if kind not in _KNOWN_TYPES:
        raise ValueError(f"unknown record type {kind!r}, perhaps written by a newer trustquiz")
    from pydantic import ValidationError

    try:
        record = _record_adapter().validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = [str(p) for p in first["loc"][1:] or first["loc"]]
        where[0] = names.get(where[0], where[0])  # the key as the line spells it
        raise UnusableRecord(
            f"not a valid {kind} record ({'.'.join(where)}: {first['msg']})"
        ) from None
    if record.type == "review":
        hashes[record.question_id] = record.content_hash
    return record


@functools.cache
def _record_adapter() -> TypeAdapter[Record]:
    from pydantic import TypeAdapter

    from trustquiz.store.records import LogRecord

    return TypeAdapter(LogRecord)
