"""The progress store on disk: an append-only review log and an atomically written snapshot.

`reviews.jsonl` is the source of truth: one review a line, each appended and fsynced
before the next question is shown. `progress.json` caches the card states folded from
the first `log_offset` bytes of the log; whatever the log holds past that offset (a
crash before the snapshot was written, another session's answers) is replayed on open.
Writers take an exclusive lock on `.lock` so two sessions interleave whole lines and
each catches up with the other's before appending.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from trustquiz import paths
from trustquiz.errors import ProgressError
from trustquiz.store.state import (
    SCHEMA_VERSION,
    Aggregates,
    CardState,
    Settings,
    Snapshot,
    StateError,
    decode_snapshot,
    encode_snapshot,
    snapshot_version,
)

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from trustquiz.store.records import CorrectionRecord, ReviewRecord, SettingsRecord

SNAPSHOT_EVERY = 250
# Version 1 kept each card as an object; it is read, and rewritten as version 2 on save.
READABLE_VERSIONS = (1, SCHEMA_VERSION)
SNAPSHOT_ENV_VAR = "TRUSTQUIZ_SNAPSHOT_EVERY"

Fold = Callable[[CardState | None, "ReviewRecord", Settings], CardState]
Record: TypeAlias = "ReviewRecord | CorrectionRecord | SettingsRecord"
_KNOWN_TYPES = ("review", "undo", "override", "settings")

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; one session at a time there
    fcntl = None  # type: ignore[assignment]


def stamp(when: datetime | None = None) -> str:
    return (when or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a crash leaves either the old or the new content, never a mix."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _os_problem(action: str, path: Path, exc: OSError) -> ProgressError:
    reason = exc.strerror or str(exc)
    return ProgressError(f"cannot {action} {path}: {reason}")


class ProgressStore:
    """Card states and settings, kept in step with the review log."""

    def __init__(
        self, home: Path, fold: Fold, *, readonly: bool = False, use_snapshot: bool = True
    ) -> None:
        self.home = home
        self.readonly = readonly
        self.snapshot_every = int(os.environ.get(SNAPSHOT_ENV_VAR) or SNAPSHOT_EVERY)
        self.log_path = paths.reviews_path(home)
        self.snapshot_path = paths.snapshot_path(home)
        self.notices: list[str] = []
        self._fold = fold
        self.settings = Settings()
        self.cards: dict[str, CardState] = {}
        self.aggregates = Aggregates()
        self._offset = 0
        self._lines = 0
        self._torn_at: int | None = None
        self._unsaved = 0
        if home.exists() and not home.is_dir():
            raise ProgressError(f"data directory {home} is a file, not a folder")
        with self._lock():
            if not readonly:
                self._sweep_temporaries()
            if use_snapshot:
                self._load_snapshot()
            self._catch_up()

    # -- reading -----------------------------------------------------------------

    def _load_snapshot(self) -> None:
        try:
            raw = self.snapshot_path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise _os_problem("read", self.snapshot_path, exc) from None
        try:
            snapshot: Snapshot | None = decode_snapshot(raw)
        except StateError:
            snapshot = None
        version = snapshot.schema_version if snapshot else snapshot_version(raw)
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise ProgressError(
                f"{self.snapshot_path} has schema_version {version}, written by a newer"
                f" trustquiz; this one reads version {SCHEMA_VERSION}. Upgrade trustquiz;"
                " the file was left untouched."
            )
        if snapshot is None or snapshot.schema_version not in READABLE_VERSIONS:
            self._set_aside(self.snapshot_path, "corrupt", "is damaged")
            return
        if snapshot.schema_version != SCHEMA_VERSION:
            self._unsaved = 1  # the next save rewrites it in the current format
        self.settings = snapshot.settings
        self.cards = snapshot.cards
        self.aggregates = snapshot.aggregates
        self._offset = snapshot.log_offset
        self._lines = snapshot.log_lines

    def _sweep_temporaries(self) -> None:
        """Remove half-written snapshots left by processes that were killed mid-write.

        They are partial copies of derived data (the log is the truth), never user data.
        """
        for temporary in self.home.glob(f"{self.snapshot_path.name}.tmp-*"):
            pid = temporary.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not _alive(int(pid)):
                with contextlib.suppress(OSError):
                    temporary.unlink()

    def _reset(self) -> None:
        self.settings, self.cards, self.aggregates = Settings(), {}, Aggregates()
        self._offset, self._lines = 0, 0

    def _set_aside(self, path: Path, label: str, why: str) -> None:
        """Keep a damaged file under a new name (never delete it) and rebuild from the log."""
        if self.readonly:
            self.notices.append(f"{path} {why}; using the review log instead")
            return
        target = path.with_name(f"{path.name}.{label}-{stamp()}")
        try:
            path.rename(target)
        except OSError as exc:
            raise _os_problem("set aside", path, exc) from None
        self.notices.append(f"{path} {why}; kept it as {target.name} and rebuilt from the log")

    def _catch_up(self) -> None:
        """Fold whatever the log holds past the snapshot's offset."""
        try:
            size = self.log_path.stat().st_size
        except FileNotFoundError:
            size = 0
        except OSError as exc:
            raise _os_problem("read", self.log_path, exc) from None
        if size < self._offset:
            self.notices.append(
                f"{self.log_path} is shorter than {self.snapshot_path.name} expects;"
                " rebuilt the progress from the log"
            )
            self._reset()
        if size == self._offset:
            return
        for record, end in self._read_log(self._offset):
            self._apply(record, end)
            self._offset = end
            self._lines += 1
            self._unsaved += 1

    def _apply(self, record: Record, end: int) -> None:
        """Fold one record; `end` is where it ends in the log (a correction sees only up to it)."""
        # Told apart by their tag, not isinstance: this runs for every line of a log replay,
        # and the record classes would have to be imported here on each call.
        if record.type == "review":
            self.cards[record.question_id] = self._fold(
                self.cards.get(record.question_id), record, self.settings
            )
            self.aggregates.add(record)
        elif record.type != "settings":
            before = self.history(record.question_id, skip=record, upto=end)
            after = self.history(record.question_id, upto=end)
            for review in before:
                self.aggregates.add(review, -1)
            for review in after:
                self.aggregates.add(review)
            self._refold(record.question_id, after)
        else:
            self.settings = self.settings.updated(record.changes)

    def history(
        self, card_id: str, skip: CorrectionRecord | None = None, upto: int | None = None
    ) -> list[ReviewRecord]:
        """The reviews of one card as they now count: undone ones left out, overrides applied.

        `skip` leaves one correction out, to see the history as it was before it; `upto`
        reads the log only to that byte, to see it as it was at that point of a replay.
        """
        from trustquiz.store.records import CorrectionRecord, ReviewRecord

        return effective_reviews(
            r
            for r in self.records(upto)
            if isinstance(r, ReviewRecord | CorrectionRecord)
            and r.question_id == card_id
            and r != skip
        )

    def _refold(self, card_id: str, history: list[ReviewRecord]) -> None:
        """Recompute one card from its history after an undo or an override."""
        state: CardState | None = None
        for review in history:
            state = self._fold(state, review, self.settings)
        if state is None:
            self.cards.pop(card_id, None)
        else:
            self.cards[card_id] = state

    def _read_log(self, offset: int, upto: int | None = None) -> Iterator[tuple[Record, int]]:
        """Yield (record, end offset) from `offset`, a line at a time, to `upto` if given."""
        try:
            handle = self.log_path.open("rb")
        except OSError as exc:
            raise _os_problem("read", self.log_path, exc) from None
        with handle:
            handle.seek(offset)
            position = offset
            line_number = self._lines
            self._torn_at = None
            for chunk in handle:
                if upto is not None and position >= upto:
                    break
                if not chunk.endswith(b"\n"):
                    # A last line without its newline is a write that never finished (crash
                    # or full disk); it is set aside before the next append, never folded.
                    self._torn_at = position
                    break
                line_number += 1
                position += len(chunk)
                if chunk.strip():
                    yield self._parse_line(chunk[:-1], line_number), position

    def _parse_line(self, chunk: bytes, line_number: int) -> Record:
        try:
            return parse_record(chunk)
        except ValueError as exc:
            raise ProgressError(
                f"{self.log_path}:{line_number}: {exc}; the log was left untouched"
                " (`trustquiz doctor --repair-log` sets it aside and keeps the good lines)"
            ) from None

    def records(self, upto: int | None = None) -> Iterator[Record]:
        """Yield every line of the log (to byte `upto`, if given), oldest first."""
        if not self.log_path.exists():
            return
        saved = self._lines, self._torn_at
        self._lines = 0
        try:
            for record, _ in self._read_log(0, upto):
                yield record
        finally:
            self._lines, self._torn_at = saved

    def reviews(self) -> Iterator[ReviewRecord]:
        """Yield every review in the log, oldest first (corrections not applied)."""
        from trustquiz.store.records import ReviewRecord

        for record in self.records():
            if isinstance(record, ReviewRecord):
                yield record

    # -- writing -----------------------------------------------------------------

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        if self.readonly or fcntl is None or not self.home.exists():
            yield
            return
        try:
            handle = paths.lock_path(self.home).open("a+b")
        except OSError as exc:
            if self.readonly:
                yield
                return
            raise _os_problem("write to", self.home, exc) from None
        with handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _ensure_home(self) -> None:
        if self.readonly:
            raise ProgressError(f"{self.home} was opened read-only")
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _os_problem("create", self.home, exc) from None

    def ensure_writable(self) -> None:
        """Fail now, before any question is asked, if answers could not be saved."""
        self._ensure_home()
        for path in (self.log_path, paths.lock_path(self.home)):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            except OSError as exc:
                raise _os_problem("write to", path, exc) from None
            os.close(fd)
        if not os.access(self.home, os.W_OK):
            raise ProgressError(f"cannot write to {self.home}: the folder is read-only")

    def _set_aside_torn_tail(self, fd: int) -> None:
        assert self._torn_at is not None
        with self.log_path.open("rb") as handle:
            handle.seek(self._torn_at)
            tail = handle.read()
        keep = self.log_path.with_name(f"{self.log_path.name}.torn-{stamp()}")
        keep.write_bytes(tail)
        os.ftruncate(fd, self._torn_at)
        self.notices.append(f"an unfinished last line of the log was kept in {keep.name}")
        self._torn_at = None

    def append(self, record: Record) -> CardState | None:
        """Append one record to the log (fsynced before returning) and fold it in.

        Returns the card's new state (None when an undo leaves the card unseen).
        """
        self._ensure_home()
        data = (record.model_dump_json() + "\n").encode()
        with self._lock():
            self._catch_up()
            try:
                fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            except OSError as exc:
                raise _os_problem("write to", self.log_path, exc) from None
            try:
                if self._torn_at is not None:
                    self._set_aside_torn_tail(fd)
                self._write_all(fd, data)
            finally:
                os.close(fd)
            self._offset += len(data)
            self._lines += 1
            self._apply(record, self._offset)
            state = None if record.type == "settings" else self.cards.get(record.question_id)
            self._unsaved += 1
            if self._unsaved >= self.snapshot_every:
                self._write_snapshot()
        return state

    def _write_all(self, fd: int, data: bytes) -> None:
        start = os.lseek(fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except OSError as exc:
            # Take back a partial line of our own so the log stays whole.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
            raise _os_problem("save the answer to", self.log_path, exc) from None

    def _write_snapshot(self) -> None:
        snapshot = Snapshot(
            schema_version=SCHEMA_VERSION,
            settings=self.settings,
            log_offset=self._offset,
            log_lines=self._lines,
            written_at=datetime.now(timezone.utc),
            cards=self.cards,
            aggregates=self.aggregates,
        )
        try:
            write_atomic(self.snapshot_path, encode_snapshot(snapshot))
        except OSError as exc:
            raise _os_problem("write", self.snapshot_path, exc) from None
        self._unsaved = 0

    def save(self) -> None:
        """Bring the snapshot up to date with the log (no-op when nothing changed)."""
        if self.readonly or (self._unsaved == 0 and self.snapshot_path.exists()):
            return
        if not self.home.exists():
            return
        with self._lock():
            self._catch_up()
            self._write_snapshot()

    def rebuild(self) -> None:
        """Fold the whole log afresh and rewrite the snapshot (the old one is kept aside)."""
        self._ensure_home()
        with self._lock():
            if self.snapshot_path.exists():
                backup = self.snapshot_path.with_name(f"{self.snapshot_path.name}.bak-{stamp()}")
                shutil.copy2(self.snapshot_path, backup)
            self._reset()
            self._catch_up()
            self._write_snapshot()


def parse_record(chunk: bytes) -> Record:
    """Parse one log line.

    Raises:
        ValueError: saying what is wrong with the line.
    """
    try:
        data = json.loads(chunk)
    except ValueError:
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
        raise ValueError(f"not a valid {kind} record ({field}: {first['msg']})") from None


@functools.cache
def _record_adapter() -> TypeAdapter[Record]:
    from pydantic import TypeAdapter

    from trustquiz.store.records import LogRecord

    return TypeAdapter(LogRecord)


def effective_reviews(
    records: Iterable[ReviewRecord | CorrectionRecord | SettingsRecord],
) -> list[ReviewRecord]:
    """Reviews as they count, in log order: undone ones dropped, overridden ones made right."""
    from trustquiz.store.records import CorrectionRecord, ReviewRecord

    reviews: list[ReviewRecord] = []
    corrections: dict[str, CorrectionRecord] = {}
    for record in records:
        if isinstance(record, ReviewRecord):
            reviews.append(record)
        elif isinstance(record, CorrectionRecord) and (
            record.type == "undo" or record.review_id not in corrections
        ):
            # An undo wins over anything; of several overrides the first one counts.
            corrections[record.review_id] = record
    effective: list[ReviewRecord] = []
    for review in reviews:
        correction = corrections.get(review.review_id)
        if correction is None:
            effective.append(review)
        elif correction.type == "override":
            rating = correction.rating or review.rating
            effective.append(review.model_copy(update={"verdict": "right", "rating": rating}))
    return effective


def open_store(
    home: Path, fold: Fold, *, readonly: bool = False, use_snapshot: bool = True
) -> ProgressStore:
    """Open the progress store in `home` (created on the first write)."""
    return ProgressStore(home, fold, readonly=readonly, use_snapshot=use_snapshot)
