"""A cache of validated question files, so a bank of tens of thousands of questions loads fast.

One JSON file per question file, in the user cache folder (or TRUSTQUIZ_CACHE; `off` turns
it off). An entry is used only while the trustquiz version is the one that wrote it and the
question file is what it was:
- its size, modification and change times and inode are unchanged, and it was last changed
  well before the entry was written (as git trusts its index); or else
- its bytes still have the SHA-256 the entry recorded (a file changed just before or while
  it was cached, or copied back with its old times, is checked by content).
Anything else is a miss and the file is parsed afresh. The cache is never the truth:
deleting it is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from trustquiz import __version__
from trustquiz.bank import cacheparts as parts
from trustquiz.bank.cacheparts import digest as digest
from trustquiz.bank.entries import Entry, FileResult, Origin
from trustquiz.errors import QuestionFileError

CACHE_ENV_VAR = "TRUSTQUIZ_CACHE"
# 7: the file's state is recorded as `signature`; 8: `failed` ids; 9: `group`; 11: the
# rows, questions and terms compressed (zlib) after a short first line; 12: each
# question's face after its JSON
FORMAT = 12
# A file changed this close to when its entry was written (or later) is checked by content:
# its times alone cannot show a second change within the file system's time resolution.
RACY_NS = 3_000_000_000
# A cache row: an Entry's fields but its origin (id, kind, topic, tags, source, gaps, group,
# line, content hash, source line, start, stop).
ROW_FIELDS = len(Entry._fields) - 1
# What the bank's record (record.py) keeps of a file's entry: its cache file, and the
# file's signature, the time the entry was written, its SHA-256 and the sizes of the
# entry's compressed parts after its first line (rows, then those in cacheparts.py).
Head = tuple[str, list[int], int, str, list[int]]


def cache_dir() -> Path | None:
    """Where cached files go, or None when caching is off."""
    configured = os.environ.get(CACHE_ENV_VAR)
    if configured:
        return None if configured.lower() == "off" else Path(configured).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("trustquiz", appauthor=False) / "bank"


def _place(folder: Path, path: Path) -> tuple[Path, dict[str, Any]]:
    """The cache file for a question file, and the key its content must carry to be current.

    Both use the real path, so that a bank reached through a symlink shares the entry
    rather than overwriting it with its own at every other load.
    """
    real = str(path.resolve())
    name = hashlib.sha256(real.encode()).hexdigest()[:24]
    return folder / f"{name}.json", {"format": FORMAT, "version": __version__, "path": real}


def file_signature(path: Path) -> list[int]:
    """What the file system says of a file's state: size, times and inode.

    Raises:
        OSError: when the file cannot be examined.
    """
    return signature_of(path.stat())


def signature_of(info: os.stat_result) -> list[int]:  # from what `stat` said of the file
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def current(signature: list[int], head: Head) -> bool:
    """Whether a file with this signature is the one a head was made from (as `_unchanged`)."""
    return _unchanged(signature, {"signature": head[1], "written_ns": head[2]})


def origin(path: Path, head: Head) -> Origin:
    """The origin of a cached file's entries, reading its questions from the entry."""
    target, _, _, sha256, sizes = head
    return Origin(
        path,
        partial(parts.bodies, target, path, sha256, sizes),
        parts.build,
        partial(parts.terms, target, path, sha256, sizes),
    )


def lookup(path: Path, keep: Callable[[Head], object] | None = None) -> FileResult | None:
    """The cached result for this file, if it is still current (None on any doubt); on a
    hit, `keep` is given what the entry now records of the file."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        # Line 1: the key, the file's signature and hash, and the sizes of the parts after
        # it, each compressed: every entry's head fields and span (read here), then those
        # read only when first needed (cacheparts.py).
        signature = file_signature(path)
        target, key = _place(folder, path)
        with target.open("rb") as handle:
            first = json.loads(handle.readline())
            if first.get("key") != key:
                return None
            recorded, rest = first["file"], handle.read()
            if not _unchanged(signature, recorded):
                if digest(path.read_bytes()) != recorded["sha256"]:
                    return None
                # The same bytes with new times (touched, or changed just before it was
                # cached): record the times, so that the next load need not read the file
                # again, once they are old enough to be trusted.
                now, sha256 = time.time_ns(), recorded["sha256"]
                refreshed = {"signature": signature, "sha256": sha256, "written_ns": now}
                if _unchanged(signature, refreshed):
                    first["file"] = refreshed
                    _write(target, json.dumps(first).encode() + b"\n" + rest)
        sizes = first["sizes"]
        data = json.loads(zlib.decompress(rest[: sizes[parts.ROWS]]))
        rows = data["entries"]
        if any(len(row) != ROW_FIELDS for row in rows):
            return None
        file = first["file"]
        head = (str(target), file["signature"], file["written_ns"], file["sha256"], sizes)
        made = origin(path, head)
        result = FileResult(
            entries=[Entry._make([*row, made]) for row in rows],
            sources={
                name: (dict(item["source"]), item["line"]) for name, item in data["sources"].items()
            },
            problems=[
                QuestionFileError(path, p["line"], p["message"], p["severity"], p["id"])
                for p in data["problems"]
            ],
            failed=[(qid, line) for qid, line in data["failed"]],
        )
        if keep is not None:
            keep(head)
        return result
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        return None  # a missing, stale or damaged cache file is just a miss


def _unchanged(signature: list[int], recorded: dict[str, Any]) -> bool:
    """Whether the file's signature alone shows it is the one the entry was made from."""
    last_change = max(signature[1], signature[2])
    return bool(
        signature == recorded["signature"] and last_change < recorded["written_ns"] - RACY_NS
    )


def _write(target: Path, content: bytes) -> None:
    """Replace a cache file whole; silently skipped when the folder is not writable."""
    temporary = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(content)
        temporary.replace(target)


def remember(path: Path, signature: list[int], fingerprint: str, result: FileResult) -> None:
    """Cache a freshly loaded file; silently skipped when the cache folder is not writable.

    `signature` is the file's state taken before its bytes were read, and `fingerprint` the
    hash of those bytes: a change while reading shows as a newer signature next time.
    """
    folder = cache_dir()
    if folder is None:
        return
    target, key = _place(folder, path)
    questions, spans = parts.questions(result)
    data = {
        # One compact row per entry: the head fields, and its span in the questions.
        "entries": [
            [*entry[:10], start, stop]
            for entry, (start, stop) in zip(result.entries, spans, strict=True)
        ],
        "sources": {n: {"source": s, "line": at} for n, (s, at) in result.sources.items()},
        "problems": [
            {"line": p.line, "message": p.message, "severity": p.severity, "id": p.question_id}
            for p in result.problems
        ],
        "failed": [[qid, line] for qid, line in result.failed],
    }
    terms = result.entries[0].origin.terms() if result.entries else []
    compressed = [
        zlib.compress(json.dumps(data, ensure_ascii=False).encode()),
        zlib.compress(questions),
        zlib.compress(json.dumps(terms, ensure_ascii=False).encode()),
    ]
    first = {
        "key": key,
        "file": {"signature": signature, "sha256": fingerprint, "written_ns": time.time_ns()},
        "sizes": [len(part) for part in compressed],
    }
    _write(target, json.dumps(first).encode() + b"\n" + b"".join(compressed))
