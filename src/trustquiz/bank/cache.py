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
from typing import TYPE_CHECKING, Any

from trustquiz import __version__
from trustquiz.bank.entries import Entry, FileResult, Origin
from trustquiz.errors import QuestionFileError

if TYPE_CHECKING:
    from trustquiz.kinds.base import Question

CACHE_ENV_VAR = "TRUSTQUIZ_CACHE"
# 7: the file's state is recorded as `signature`; 8: `failed` ids; 9: `group`; 11: the
# rows, questions and terms compressed (zlib) after a short first line
FORMAT = 11
# A file changed this close to when its entry was written (or later) is checked by content:
# its times alone cannot show a second change within the file system's time resolution.
RACY_NS = 3_000_000_000
# A cache row: an Entry's fields but its origin (id, kind, topic, tags, source, gaps, group,
# line, content hash, source line, start, stop).
ROW_FIELDS = len(Entry._fields) - 1
# What the bank's record (record.py) keeps of a file's entry: its cache file, and the
# file's signature, the time the entry was written, its SHA-256 and the sizes of the
# entry's three compressed parts after its first line (rows, questions, terms).
Head = tuple[str, list[int], int, str, list[int]]
_ROWS, _QUESTIONS, _TERMS = 0, 1, 2


def cache_dir() -> Path | None:
    """Where cached files go, or None when caching is off."""
    configured = os.environ.get(CACHE_ENV_VAR)
    if configured:
        return None if configured.lower() == "off" else Path(configured).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("trustquiz", appauthor=False) / "bank"


def digest(data: bytes) -> str:
    """The fingerprint of a question file's bytes."""
    return hashlib.sha256(data).hexdigest()


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
        partial(_bodies, target, path, sha256, sizes),
        _build,
        partial(_terms, target, path, sha256, sizes),
    )


def lookup(path: Path, keep: Callable[[Head], object] | None = None) -> FileResult | None:
    """The cached result for this file, if it is still current (None on any doubt); on a
    hit, `keep` is given what the entry now records of the file."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        # Line 1: the key, the file's signature and hash, and the sizes of the three parts
        # after it, each compressed: every entry's head fields and span (read here), the
        # questions, one a line (read only when a card of the file is asked, then
        # validated by pydantic-core, from JSON), and the file's terms.
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
        data = json.loads(zlib.decompress(rest[: sizes[_ROWS]]))
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


def _stored(target: str, sha256: str, sizes: list[int], part: int) -> bytes | None:
    """One compressed part of a cache entry, decompressed, while the entry is still the one
    for the bytes with this hash (else None)."""
    try:
        with open(target, "rb") as handle:  # noqa: PTH123 (a str: no Path made per file)
            # The hash's 64 hex digits in the short first line, not parsed: the terms are
            # read for every file of the bank at once (335 files at 50,000 questions).
            if f'"sha256": "{sha256}"'.encode() in handle.readline():
                handle.seek(sum(sizes[:part]), os.SEEK_CUR)
                return zlib.decompress(handle.read(sizes[part]))
    except (OSError, TypeError, IndexError, zlib.error):
        pass
    return None


def _bodies(target: str, path: Path, sha256: str, sizes: list[int]) -> bytes:
    """The question JSON of a cached file, one question a line.

    If the entry has since been replaced by one for other content, or removed, the same
    bytes are made again from the question file, as long as it still holds the content
    the bank was loaded from.

    Raises:
        QuestionFileError: when the question file has changed since then.
    """
    stored = _stored(target, sha256, sizes, _QUESTIONS)
    if stored is not None:
        return stored
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if digest(data) != sha256:
        raise QuestionFileError(
            path, None, "changed since this command started; run the command again"
        )
    from trustquiz.bank.parse import load_bytes

    return b"".join(body + b"\n" for body in _question_json(load_bytes(path, data)))


def _terms(target: str, path: Path, sha256: str, sizes: list[int]) -> list[str]:
    """A cached file's normalised terms, read only when a typed answer first needs the
    bank's terms.

    If the entry has since been replaced, the terms are made again from the question file
    as long as it still holds the content the bank was loaded from (none otherwise).
    """
    stored = _stored(target, sha256, sizes, _TERMS)
    with contextlib.suppress(ValueError):
        if stored is not None:
            return [str(term) for term in json.loads(stored)]
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if digest(data) != sha256:
        return []
    from trustquiz.bank.parse import load_bytes

    result = load_bytes(path, data)
    return result.entries[0].origin.terms() if result.entries else []


def _question_json(result: FileResult) -> list[bytes]:
    """Each question of a loaded file as the JSON the cache keeps of it."""
    return [entry.question.model_dump_json().encode() for entry in result.entries]


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


def _build(kind: str, question_json: bytes) -> Question:
    # The kind's own model: it is ready once its module is imported, where an adapter for
    # the union of all kinds would first have to be built (tens of milliseconds).
    from trustquiz.kinds import registry

    model: type[Question] = registry.kind(kind).model
    return model.model_validate_json(question_json)


def remember(path: Path, signature: list[int], fingerprint: str, result: FileResult) -> None:
    """Cache a freshly loaded file; silently skipped when the cache folder is not writable.

    `signature` is the file's state taken before its bytes were read, and `fingerprint` the
    hash of those bytes: a change while reading shows as a newer signature next time.
    """
    folder = cache_dir()
    if folder is None:
        return
    target, key = _place(folder, path)
    bodies = _question_json(result)
    starts, offset = [], 0
    for body in bodies:
        starts.append(offset)
        offset += len(body) + 1
    data = {
        # One compact row per entry: the head fields, and its span in the questions.
        "entries": [
            [*entry[:10], start, start + len(body)]
            for entry, body, start in zip(result.entries, bodies, starts, strict=True)
        ],
        "sources": {n: {"source": s, "line": at} for n, (s, at) in result.sources.items()},
        "problems": [
            {"line": p.line, "message": p.message, "severity": p.severity, "id": p.question_id}
            for p in result.problems
        ],
        "failed": [[qid, line] for qid, line in result.failed],
    }
    terms = result.entries[0].origin.terms() if result.entries else []
    parts = [
        zlib.compress(json.dumps(data, ensure_ascii=False).encode()),
        zlib.compress(b"".join(body + b"\n" for body in bodies)),
        zlib.compress(json.dumps(terms, ensure_ascii=False).encode()),
    ]
    first = {
        "key": key,
        "file": {"signature": signature, "sha256": fingerprint, "written_ns": time.time_ns()},
        "sizes": [len(part) for part in parts],
    }
    _write(target, json.dumps(first).encode() + b"\n" + b"".join(parts))
