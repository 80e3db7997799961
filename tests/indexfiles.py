"""Test helpers that look inside, damage or delete the derived index of a data directory."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

INDEX = "index.sqlite3"


def query(home: Path, statement: str, *args: object) -> list[tuple[object, ...]]:
    """Run one statement against the index (committed) and return its rows."""
    with contextlib.closing(sqlite3.connect(home / INDEX, isolation_level=None)) as db:
        return db.execute(statement, args).fetchall()


def covered_lines(home: Path) -> int:
    """How many lines of reviews.jsonl the index says it has folded."""
    (row,) = query(home, "SELECT value FROM meta WHERE key = 'log_lines'")
    return int(str(row[0]))


def remove_index(home: Path) -> None:
    """Delete the index and its write-ahead files, as a user may."""
    for name in (INDEX, f"{INDEX}-wal", f"{INDEX}-shm"):
        with contextlib.suppress(FileNotFoundError):
            (home / name).unlink()
