"""Writing to the data directory: making it, and the index's transaction an answer leaves open."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import NoReturn

from trustquiz import paths
from trustquiz.errors import ProgressError
from trustquiz.store.folding import Folding
from trustquiz.store.lock import WriterLock
from trustquiz.store.log import os_problem


class Writing:
    """Making the data directory and committing the index (`ProgressStore` sets the
    attributes).

    An answer in a session is written to the log, folded into the index and drawn before its
    transaction commits: the commit waits for `settle`, which the session calls while the
    learner reads the next question. The writer lock is held until then, so no other
    process folds the same lines."""

    home: Path
    readonly: bool
    log_path: Path
    index_path: Path
    _state: Folding
    _lock: WriterLock
    # What the open transaction holds, and how many records, for `settle`'s message.
    _pending: tuple[str, int] | None
    _home_made: bool

    def _ensure_home(self) -> None:
        if self.readonly:
            raise ProgressError(f"{self.home} was opened read-only")
        if not self._home_made:
            try:
                self.home.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise os_problem("create", self.home, exc) from None
            self._home_made = True

    def ensure_writable(self) -> None:
        """Fail now, before any question is asked, if answers could not be saved."""
        self._ensure_home()
        for path in (self.log_path, paths.lock_path(self.home)):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            except OSError as exc:
                raise os_problem("write to", path, exc) from None
            os.close(fd)
        if not os.access(self.home, os.W_OK):
            raise ProgressError(f"cannot write to {self.home}: the folder is read-only")

    def settle(self) -> None:
        """Commit the index's transaction that `commit_later` left open, and let go of the
        writer lock (a crash before this loses nothing: the index folds the log again)."""
        if self._pending is not None:
            (what, count), self._pending = self._pending, None
            try:
                self._commit(what, count)
            finally:
                self._lock.release()

    def _commit(self, what: str, count: int) -> None:
        try:
            self._state.index.commit()
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self._state.index.rollback()
            self._not_folded(what, count, exc)

    def _not_folded(self, what: str, count: int, exc: sqlite3.Error) -> NoReturn:
        # The lines are in the log: the index, behind it now, folds them in when the store
        # is next opened (it covers only what it committed).
        self._state.discard()
        raise ProgressError(
            f"{what} {'is' if count == 1 else 'are'} saved in {self.log_path}, but"
            f" {self.index_path.name} could not be updated ({exc}); it catches up from the log"
            " when trustquiz next starts"
        ) from None
