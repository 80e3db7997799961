"""The progress store: the append-only review log (the truth) and the index derived from it.

`reviews.jsonl`, the truth, gets each record (fsynced; a session's in the background) before
its feedback shows; the index (`index.sqlite3`) folds it in the same step (store/writing.py).
The index records how much of the log it covers; what lies past that is folded on open and
before each append; a missing, damaged or stale index is rebuilt. Writers hold `.lock`."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trustquiz import paths
from trustquiz.errors import ProgressError
from trustquiz.files import write_atomic
from trustquiz.store import log, snapshot
from trustquiz.store.admission import described, problem, problem_lines
from trustquiz.store.cardmap import CardMap
from trustquiz.store.digest import log_digest
from trustquiz.store.folding import Fold, Folding
from trustquiz.store.index import Index, IndexDamaged
from trustquiz.store.lines import encoded
from trustquiz.store.lock import WriterLock
from trustquiz.store.log import LogReader, Record, append_line, os_problem
from trustquiz.store.queries import IndexQueries
from trustquiz.store.reading import LogReading
from trustquiz.store.refold import RESCHEDULED, Refolding
from trustquiz.store.schema import INDEX_NAME, connect, index_path
from trustquiz.store.state import CardState, Settings, StateError
from trustquiz.store.writing import Writing
from trustquiz.streams import say

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Fold", "ProgressStore", "open_store", "write_atomic"]


class ProgressStore(IndexQueries, LogReading, Writing, Refolding):
    """Card states and settings, kept in step with the review log."""

    def __init__(
        self, home: Path, fold: Fold, *, readonly: bool = False, use_index: bool = True
    ) -> None:
        self.home = home
        self.readonly, self.use_index = readonly, use_index
        self.log_path = paths.reviews_path(home)
        self.index_path = index_path(home)
        self.notices: list[str] = []
        self._log = LogReader(self.log_path)
        self._lock = WriterLock(paths.lock_path(home))
        self._syncer, self._home_made = log.BackgroundSync(), False
        self._pending = None
        if home.exists() and not home.is_dir():
            raise ProgressError(f"data directory {home} is a file, not a folder")
        old = snapshot.old_snapshot(home)
        # The index is on disk beside the log when the folder can be written, else in memory.
        self._on_disk = use_index and home.is_dir() and os.access(home, os.W_OK)
        self._state = Folding(fold, Index(connect(None)))
        if self._on_disk:
            try:
                self._lock.acquire()
            except ProgressError:
                self._on_disk = False  # the lock cannot be taken: nothing can be written here
        locked = self._on_disk
        try:
            self._open_index()
            if old is not None and self._on_disk and not readonly:
                self.notices.append(snapshot.set_aside(old, self.index_path.name))
            self._catch_up()
        except sqlite3.Error as exc:  # the index cannot be written (a full disk): in memory
            self.notices.append(f"{self.index_path.name} could not be updated ({exc});"
                                " the log was read into memory for this command")  # fmt: skip
            self._state.index.close()
            self._state, self._on_disk = Folding(fold, Index(connect(None))), False
            self._open_index()
            self._catch_up()
        finally:
            if locked:
                self._lock.release()
        self._state.cards.repair = self._repair
        self.save()

    @property
    def cards(self) -> CardMap:
        """Every seen card's state, by card id (read from the index as asked for)."""
        return self._state.cards

    @property
    def settings(self) -> Settings:
        return self._state.settings

    def warnings(self) -> list[tuple[str, str]]:
        """("skipped" or "ignored", `path:line: why`) for each log line not applied in full."""
        return problem_lines(self.log_path, self._state.problems)

    # -- opening -----------------------------------------------------------------

    def _open_index(self) -> None:
        """Read the index if it is current; else empty it, to be rebuilt from the log."""
        existed = self.use_index and self.index_path.exists()
        state = self._state
        state.index.close()
        why = ""
        try:
            state.index = Index(connect(self.index_path if self._on_disk else None))
            if existed and not self._on_disk:
                self._copy_to_memory(state.index)
            if existed:
                coverage = state.index.coverage()
                if self._log_size() < coverage.size:
                    why = f"{self.log_path.name} is shorter than the index covers"
                elif log_digest(self.log_path, coverage.size) != coverage.digest:
                    why = f"{self.log_path.name} is not the log the index was built from"
                else:
                    state.load(coverage)
                    return
        except (sqlite3.Error, IndexDamaged, StateError) as exc:
            why = f"the index could not be read ({exc})"
            state.index.close()
            if self._on_disk:
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        self.index_path.with_name(self.index_path.name + suffix).unlink()
            state.index = Index(connect(self.index_path if self._on_disk else None))
        if why:
            self.notices.append(f"{why}; rebuilt {self.index_path.name} from the log")
        state.reset()

    def _repair(self, exc: StateError) -> None:
        """Rebuild the index from the log, after a card state in it could not be read."""
        say(f"note: the index could not be read ({exc}); rebuilt {INDEX_NAME} from the log\n")
        with self._lock.held() if self._on_disk else contextlib.nullcontext():
            self._state.reset()
            self._catch_up()

    def _copy_to_memory(self, index: Index) -> None:
        """Copy the index of a folder this process may not write into memory."""
        disk = sqlite3.connect(f"{self.index_path.as_uri()}?mode=ro", uri=True)
        with contextlib.closing(disk):
            disk.backup(index.db)

    def _log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise os_problem("read", self.log_path, exc) from None

    def _catch_up(self) -> None:
        """Take in what another session folded, then fold whatever the log holds past it."""
        state = self._state
        size = self._log_size()
        if size == state.offset and not state.building:
            if state.refold():  # a parameters line whose refold was stopped: refold now
                self.notices.append(RESCHEDULED)
            return  # the log has not grown since this process folded it: nothing to take in
        coverage = state.index.coverage()
        if coverage.lines > state.lines:
            state.take_in(coverage)
        if size < state.offset:
            self.notices.append(
                f"{self.log_path} is shorter than {self.index_path.name} covers;"
                " rebuilt the progress from the log"
            )
            state.reset()
        if size > state.offset:
            read = self._log.read(state.offset, state.lines, before=state.index.last_hash)
            with state.index.transaction():
                for record, line, _ in read:
                    state.apply(record, line)
                state.offset, state.lines = self._log.position, self._log.line_number
                state.flush(self.log_path)
        if state.building:
            state.index.make_indexes()
        state.refold()  # one replay, however many parameters lines were folded
        if state.building:
            state.building = False
            if self._on_disk:  # a rebuild is all in the write-ahead file: fold it in now
                with contextlib.suppress(sqlite3.Error):
                    state.index.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- writing -----------------------------------------------------------------

    def _to_disk(self) -> None:
        """Move to an index on disk once the data directory exists (the first answer)."""
        if self.use_index and not self._on_disk:
            self._on_disk = True
            self._open_index()

    def taken(self, card_id: str, when: datetime) -> bool:  # lines.answer_id's id, in the log
        return self._state.answered(card_id, when)

    def append(
        self, record: Record, *, sync_later: bool = False, commit_later: bool = False
    ) -> CardState | None:
        """Append one record to the log (fsynced at once, or with `sync_later` in the background:
        `save` waits), then fold it into the index; return the card's new state (None when an
        undo leaves it unseen). A record that could not be read back (store/admission.py) is
        refused before anything is written. With `commit_later`, the index's transaction and
        the writer lock stay open until `settle` (or the next write, or `save`)."""
        self.append_many([record], sync_later=sync_later, commit_later=commit_later)
        return None if record.type == "settings" else self.cards.get(record.question_id)

    def append_many(
        self, records: Sequence[Record], *, sync_later: bool = False, commit_later: bool = False
    ) -> None:
        """Append records to the log as one block with one fsync, then fold them into the
        index in one transaction: what `append` does for each, at the cost of one."""
        for record in records:
            if (why := problem(record)) is not None:
                kind = "answer" if record.type == "review" else f"{record.type} record"
                more = f" (none of the {len(records):,} records was)" if len(records) > 1 else ""
                raise ProgressError(f"the {kind} was not saved: {why}{more}")
        if not records:
            return
        self.settle()
        self._ensure_home()
        state = self._state
        what = described(records[0]) if len(records) == 1 else f"{len(records):,} records"
        was = "was" if len(records) == 1 else "were"
        self._syncer.check()
        self._lock.acquire()
        try:
            try:
                self._to_disk()
                self._catch_up()
            except sqlite3.Error as exc:
                state.discard()
                raise ProgressError(
                    f"{what} {was} not saved: {self.index_path} could not be updated ({exc})"
                ) from None
            lines = encoded(records, state.index.last_hash)
            try:
                syncer = self._syncer if sync_later else None
                data = b"".join(lines)
                kept = append_line(self.log_path, data, self._log.torn_at, syncer, what)
            except ProgressError as exc:
                raise ProgressError(f"{what} {was} not saved\n{exc}") from None
            if kept is not None:
                self.notices.append(f"an unfinished last line of the log was kept in {kept}")
            self._log.torn_at = None
            state.ends.appended(state.offset, data)
            try:
                state.index.begin()
                try:
                    for record, data in zip(records, lines, strict=True):
                        state.offset += len(data)
                        state.lines += 1
                        state.apply(record, state.lines)
                    state.flush(self.log_path)
                except BaseException:
                    state.index.rollback()
                    raise
            except sqlite3.Error as exc:
                self._not_folded(what, len(records), exc)
            self._pending = (what, len(records)) if commit_later else None
            if not commit_later:
                self._commit(what, len(records))
        finally:
            if self._pending is None:
                self._lock.release()

    def save(self) -> None:
        """Commit what is pending; wait for the log's last fsync; save the index (Index.save;
        read-only stores too: they may have caught the index up)."""
        self.settle()
        self._syncer.wait()
        if self._on_disk:
            with contextlib.suppress(sqlite3.Error):
                self._state.index.save()

    def rebuild(self) -> None:
        """Fold the whole log afresh into an emptied index."""
        self._ensure_home()
        with self._lock.held():
            self._to_disk()
            self._state.reset()
            self._catch_up()
        self.save()

    def close(self) -> None:
        with contextlib.suppress(ProgressError):
            self.settle()
        self._syncer.wait()
        self._state.index.close()
        self._lock.close()


def open_store(
    home: Path, fold: Fold, *, readonly: bool = False, use_index: bool = True
) -> ProgressStore:
    """Open the progress store in `home` (created on the first write)."""
    return ProgressStore(home, fold, readonly=readonly, use_index=use_index)
