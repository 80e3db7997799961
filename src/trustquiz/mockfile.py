"""The mock files in the data directory: the paper in progress, and `mocks.jsonl` (finished)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from trustquiz.errors import TrustquizError
from trustquiz.files import write_atomic

IN_PROGRESS = "mock-in-progress.json"
HISTORY = "mocks.jsonl"
VERSION = 1


def in_progress_path(home: Path) -> Path:
    """The paper being sat, rewritten after every answer."""
    return home / IN_PROGRESS


def history_path(home: Path) -> Path:
    """Finished papers, one JSON object a line, append-only."""
    return home / HISTORY


def _problem(action: str, path: Path, exc: OSError) -> TrustquizError:
    return TrustquizError(f"cannot {action} {path}: {exc.strerror or exc}")


def save_in_progress(home: Path, data: dict[str, Any]) -> None:
    """Write the paper in progress atomically: a temporary file, fsynced, then renamed."""
    path = in_progress_path(home)
    blob = json.dumps({"version": VERSION, **data}, ensure_ascii=False).encode()
    try:
        home.mkdir(parents=True, exist_ok=True)
        write_atomic(path, blob)
    except OSError as exc:
        raise _problem("save the mock to", path, exc) from None


def sweep(home: Path) -> None:
    """Remove temporary files a killed save left behind (the last good save is kept)."""
    for stale in home.glob(f"{IN_PROGRESS}.tmp-*"):  # write_atomic's temporary names
        with contextlib.suppress(OSError):
            stale.unlink()


def load_in_progress(home: Path) -> dict[str, Any] | None:
    """The paper in progress, or None when there is none.

    Raises:
        TrustquizError: when the file cannot be read as a mock of a known version.
    """
    path = in_progress_path(home)
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _problem("read", path, exc) from None
    except ValueError:
        raise TrustquizError(
            f"{path} is damaged; `trustquiz mock --abandon` sets it aside"
        ) from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise TrustquizError(f"{path} is not a mock this version of trustquiz can read")
    return data


def set_aside(home: Path, label: str) -> Path | None:
    """Move the paper in progress out of the way, kept under another name (never deleted)."""
    path = in_progress_path(home)
    if not path.exists():
        return None
    kept = path.with_name(f"mock-{label}.json")
    try:
        path.replace(kept)
    except OSError as exc:
        raise _problem("set aside", path, exc) from None
    return kept


def finish(home: Path, record: dict[str, Any]) -> None:
    """Append a finished paper to `mocks.jsonl` (fsynced), then drop the in-progress file."""
    path = history_path(home)
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        in_progress_path(home).unlink(missing_ok=True)
    except OSError as exc:
        raise _problem("write to", path, exc) from None


def finish_again(home: Path) -> None:
    """Drop the in-progress file of a paper `mocks.jsonl` already holds."""
    try:
        in_progress_path(home).unlink(missing_ok=True)
    except OSError as exc:
        raise _problem("remove", in_progress_path(home), exc) from None


def history(home: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The finished papers, oldest first, and a `path:line` warning for each damaged line."""
    path = history_path(home)
    try:
        lines = path.read_bytes().splitlines()
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        raise _problem("read", path, exc) from None
    papers, warnings = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            paper = json.loads(line)
        except ValueError:
            paper = None
        if isinstance(paper, dict) and isinstance(paper.get("score"), int | float):
            papers.append(paper)
        else:
            warnings.append(f"{path}:{number}: not a finished mock; skipped")
    return papers, warnings
