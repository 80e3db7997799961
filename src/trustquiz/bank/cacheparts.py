"""The parts of a bank cache entry read only when first needed: the questions, the terms.

After an entry's first line and its rows come two more zlib-compressed parts. The
questions part is read when a card of the file is first asked: each question's JSON, then
its face, a line each; a card is shown from its face (what `kinds.presentation` needs,
with no model built), and its question is built into its model by pydantic-core from its
own slice of JSON when first graded. The terms part holds the file's normalised terms,
read when a typed answer first needs the bank's terms. If the entry has since been
replaced by one for other content, or removed, a part is made again from the question
file, as long as it still holds the content the bank was loaded from.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from trustquiz.bank.entries import FileResult
from trustquiz.errors import QuestionFileError

if TYPE_CHECKING:
    from trustquiz.kinds.base import Question

# The parts after the first line, in the order they are written.
ROWS, QUESTIONS, TERMS = 0, 1, 2


def digest(data: bytes) -> str:
    """The fingerprint of a question file's bytes."""
    return hashlib.sha256(data).hexdigest()


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


def _reloaded(path: Path, sha256: str) -> FileResult | None:
    """The question file loaded again, if it still holds the bytes with this hash."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if digest(data) != sha256:
        return None
    from trustquiz.bank.parse import load_bytes

    return load_bytes(path, data)


def _changed(path: Path) -> QuestionFileError:
    return QuestionFileError(
        path, None, "changed since this command started; run the command again"
    )


def bodies(target: str, path: Path, sha256: str, sizes: list[int]) -> bytes:
    """The question JSON of a cached file, one question a line.

    Raises:
        QuestionFileError: when the question file has changed since the bank was loaded.
    """
    stored = _stored(target, sha256, sizes, QUESTIONS)
    if stored is not None:
        return stored
    result = _reloaded(path, sha256)
    if result is None:
        raise _changed(path)
    return questions(result)[0]


def terms(target: str, path: Path, sha256: str, sizes: list[int]) -> list[str]:
    """A cached file's normalised terms (none if the question file has changed)."""
    stored = _stored(target, sha256, sizes, TERMS)
    with contextlib.suppress(ValueError):
        if stored is not None:
            return [str(term) for term in json.loads(stored)]
    result = _reloaded(path, sha256)
    return result.entries[0].origin.terms() if result is not None and result.entries else []


def questions(result: FileResult) -> tuple[bytes, list[tuple[int, int]]]:
    """The questions part of a loaded file's entry, and where each question's JSON starts
    and stops in it: each question's JSON, then its face (`Origin.face`), a line each."""
    lines, spans, offset = [], [], 0
    for entry in result.entries:
        body = entry.question.model_dump_json().encode()
        face = json.dumps(entry.origin.face(entry), ensure_ascii=False).encode()
        lines += [body, b"\n", face, b"\n"]
        spans.append((offset, offset + len(body)))
        offset += len(body) + len(face) + 2
    return b"".join(lines), spans


def build(kind: str, question_json: bytes) -> Question:
    """A question's model from its JSON."""
    # The kind's own model: it is ready once its module is imported, where an adapter for
    # the union of all kinds would first have to be built (tens of milliseconds).
    from trustquiz.kinds import registry

    model: type[Question] = registry.kind(kind).model
    return model.model_validate_json(question_json)
