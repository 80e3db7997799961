"""A cache of validated question files, so a bank of tens of thousands of questions loads fast.

One JSON file per question file, in the user cache folder (or TRUSTQUIZ_CACHE; `off` turns
it off). An entry is used only while the question file's bytes (their SHA-256) and the
trustquiz version are what they were when it was written; anything else is a miss and the
file is parsed afresh. The cache is never the truth: deleting it is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustquiz import __version__
from trustquiz.entries import Entry, FileResult
from trustquiz.errors import QuestionFileError

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from trustquiz.models import Question

CACHE_ENV_VAR = "TRUSTQUIZ_CACHE"
FORMAT = 5


@cache
def _adapter() -> TypeAdapter[Question]:
    # Imported when a question is first built: a cache hit alone never loads pydantic.
    from pydantic import TypeAdapter

    from trustquiz.models import Question

    return TypeAdapter(Question)


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


def _place(folder: Path, path: Path, fingerprint: str) -> tuple[Path, dict[str, Any]]:
    """The cache file for a question file, and the key its content must carry to be current.

    Both use the real path, so that a bank reached through a symlink shares the entry
    rather than overwriting it with its own at every other load.
    """
    real = str(path.resolve())
    name = hashlib.sha256(real.encode()).hexdigest()[:24]
    key = {"format": FORMAT, "version": __version__, "path": real, "sha256": fingerprint}
    return folder / f"{name}.json", key


def lookup(path: Path, fingerprint: str) -> FileResult | None:
    """The cached result for this file, if it is still current."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        # Line 1: the key and every entry's head fields and span; after it, one question per
        # line, each validated (by pydantic-core, from JSON) only when the card is asked.
        target, key = _place(folder, path, fingerprint)
        blob = target.read_bytes()
        end = blob.index(b"\n")
        data = json.loads(blob[:end])
        if data.get("key") != key:
            return None
        body = blob[end + 1 :]
        return FileResult(
            entries=[Entry.lazy(_build, body, path, row) for row in data["entries"]],
            sources={
                name: (dict(item["source"]), item["line"]) for name, item in data["sources"].items()
            },
            problems=[
                QuestionFileError(path, p["line"], p["message"], p["severity"], p["id"])
                for p in data["problems"]
            ],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing, stale or damaged cache file is just a miss


def _build(question_json: bytes) -> Question:
    return _adapter().validate_json(question_json)


def remember(path: Path, fingerprint: str, result: FileResult) -> None:
    """Cache a freshly loaded file; silently skipped when the cache folder is not writable."""
    folder = cache_dir()
    if folder is None:
        return
    target, key = _place(folder, path, fingerprint)
    bodies = [_adapter().dump_json(entry.question) for entry in result.entries]
    starts, offset = [], 0
    for body in bodies:
        starts.append(offset)
        offset += len(body) + 1
    data = {
        "key": key,
        # One compact row per entry: the head fields, where it is, and its span below.
        "entries": [
            [
                entry.id,
                entry.kind,
                entry.topic,
                list(entry.tags),
                entry.source,
                entry.gaps,
                entry.line,
                entry.content_hash,
                entry.key_lines.get("source"),
                start,
                start + len(body),
            ]
            for entry, body, start in zip(result.entries, bodies, starts, strict=True)
        ],
        "sources": {
            name: {"source": source, "line": line}
            for name, (source, line) in result.sources.items()
        },
        "problems": [
            {"line": p.line, "message": p.message, "severity": p.severity, "id": p.question_id}
            for p in result.problems
        ],
    }
    temporary = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        header = json.dumps(data, ensure_ascii=False).encode()
        temporary.write_bytes(header + b"\n" + b"".join(body + b"\n" for body in bodies))
        temporary.replace(target)
