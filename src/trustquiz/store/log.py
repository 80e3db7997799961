"""The review log on disk: reading its lines, parsing them, and the file helpers around it."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeAlias

from trustquiz.errors import ProgressError

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from trustquiz.store.records import CorrectionRecord, ReviewRecord, SettingsRecord

Record: TypeAlias = "ReviewRecord | CorrectionRecord | SettingsRecord"
Line: TypeAlias = "Record | Unusable"
_KNOWN_TYPES = ("review", "undo", "override", "settings")
_DIGEST_SPAN = 4096


def time_for_filename(when: datetime | None = None) -> str:
    """A compact UTC time for the names of files set aside: `20261201T093000123456Z`."""
    return (when or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")


def os_problem(action: str, path: Path, exc: OSError) -> ProgressError:
    reason = exc.strerror or str(exc)
    return ProgressError(f"cannot {action} {path}: {reason}")


def append_line(path: Path, data: bytes, torn_at: int | None) -> str | None:
    """Append `data` (whole lines) to the log and fsync it before returning.

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
            os.fsync(fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
            raise os_problem("save the answer to", path, exc) from None
    finally:
        os.close(fd)
    return kept


def log_digest(path: Path, size: int) -> str:
    """A digest of the first `size` bytes of the log: its first and last 4 KiB of them.

    Enough to tell another log, or one rewritten, from the one an index was folded from.
    """
    if size == 0:
        return ""
    try:
        with path.open("rb") as handle:
            head = handle.read(min(size, _DIGEST_SPAN))
            handle.seek(max(0, size - _DIGEST_SPAN))
            tail = handle.read(min(size, _DIGEST_SPAN))
    except OSError as exc:
        raise os_problem("read", path, exc) from None
    return hashlib.sha256(b"%d|%s|%s" % (size, head, tail)).hexdigest()


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

    def read(
        self, offset: int, first_line: int, upto: int | None = None
    ) -> Iterator[tuple[Line, int, int]]:
        """Yield (record, line number, end offset) from `offset` (line `first_line` + 1).

        CRLF endings and a leading UTF-8 byte-order mark read as the same lines; blank lines
        are skipped (and counted, so line numbers match an editor's). A record of a known type
        with a field that cannot be read comes as `Unusable`, for the folding to skip.
        """
        self.position, self.line_number = offset, first_line
        self.torn_at = None
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
            return parse_record(chunk)
        except UnusableRecord as exc:
            return Unusable(str(exc))
        except ValueError as exc:
            raise ProgressError(
                f"{self.path}:{line_number}: {exc}; the log was left untouched"
                " (`trustquiz doctor --repair-log` sets it aside and keeps the good lines)"
            ) from None


def parse_record(chunk: bytes) -> Record:
    """Parse one log line.

    Raises:
        UnusableRecord: for a known record type with a field that cannot be read.
        ValueError: saying what is wrong with the line (not JSON, an unknown type).
    """
    try:
        data = json.loads(chunk)
    except (ValueError, RecursionError):
        raise ValueError("damaged line (not JSON)") from None
    kind = data.get("type") if isinstance(data, dict) else None
    if kind not in _KNOWN_TYPES:
        raise ValueError(f"unknown record type {kind!r}, perhaps written by a newer trustquiz")
    from pydantic import ValidationError

    try:
        return _record_adapter().validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"][1:] or first["loc"])
        raise UnusableRecord(f"not a valid {kind} record ({field}: {first['msg']})") from None


@functools.cache
def _record_adapter() -> TypeAdapter[Record]:
    from pydantic import TypeAdapter

    from trustquiz.store.records import LogRecord

    return TypeAdapter(LogRecord)
