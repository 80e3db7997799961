"""Finding and reading question files: regular files only, read no further than the limit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from trustquiz.errors import QuestionFileError


def discover(path: Path) -> list[Path]:
    """Return the TOML files at `path`: the file itself, or every `*.toml` below a folder.

    Everything named `*.toml` below a folder is returned (hidden folders aside), whatever
    it is: loading names a FIFO, a device or a folder so named as not a regular file.
    """
    if path.is_dir():
        depth = len(path.parts)  # each path found is `path` joined with its parts below it
        return sorted(
            p
            for p in path.rglob("*.toml")
            if not any(part.startswith(".") for part in p.parts[depth:])
            and p.exists()  # a dangling link is left out, as before
        )
    return [path]


MAX_FILE_BYTES = 5 * 1024 * 1024
NOT_REGULAR = "not a regular file"
NOT_A_FOLDER = (
    "not a folder: trustquiz keeps your own question files in a folder of this name;"
    " move this aside"
)


def regular(path: Path) -> None:
    """Refuse, before it is opened, a path that is not a regular file (a FIFO would hang)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise QuestionFileError(path, None, "no such file") from None
    except OSError as exc:
        raise QuestionFileError(path, None, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise QuestionFileError(path, None, NOT_REGULAR)


def _too_large(path: Path, size: int) -> QuestionFileError:
    return QuestionFileError(
        path, None, f"too large ({size / 1e6:.1f} MB; the limit is 5 MB): split it into files"
    )


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES, read no further than that."""
    regular(path)
    try:
        # Non-blocking, so that a FIFO put in the file's place since the check cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise QuestionFileError(path, None, NOT_REGULAR)
            if info.st_size > MAX_FILE_BYTES:
                raise _too_large(path, info.st_size)
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise QuestionFileError(path, None, "no such file") from None
    except OSError as exc:
        raise QuestionFileError(path, None, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:  # it grew after the size was read
        raise _too_large(path, len(data))
    return data
