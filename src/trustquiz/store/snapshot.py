"""progress.json, the snapshot versions 1 and 2 kept: the index replaces it, on first open."""

from __future__ import annotations

import json
from pathlib import Path

from trustquiz import paths
from trustquiz.errors import ProgressError
from trustquiz.store.log import os_problem, time_for_filename

LAST_SNAPSHOT_VERSION = 2


def old_snapshot(home: Path) -> Path | None:
    """progress.json, if an earlier version left one.

    Raises:
        ProgressError: when a newer trustquiz wrote it (it is left untouched).
    """
    path = paths.snapshot_path(home)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_problem("read", path, exc) from None
    try:
        version = json.loads(raw).get("schema_version")
    except (ValueError, AttributeError):
        version = None  # damaged: derived data all the same, set aside like any other
    if type(version) is int and version > LAST_SNAPSHOT_VERSION:
        raise ProgressError(
            f"{path} has schema_version {version}, written by a newer trustquiz; this one"
            f" reads version {LAST_SNAPSHOT_VERSION}. Upgrade trustquiz; the file was left"
            " untouched."
        )
    return path


def set_aside(path: Path, index_name: str) -> str:
    """Keep progress.json under a new name (never delete it); return the note to show.

    Everything in it is derived from the review log, which the index is built from.
    """
    target = path.with_name(f"{path.name}.migrated-{time_for_filename()}")
    try:
        path.rename(target)
    except OSError as exc:
        raise os_problem("set aside", path, exc) from None
    return (
        f"{path.name} is replaced by {index_name}, built from the review log;"
        f" the old file is kept as {target.name}"
    )
