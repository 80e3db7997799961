"""A loaded question and where it came from; the cards it makes; what one file yielded."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from trustquiz.errors import QuestionFileError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from trustquiz.models import Question

_HASH_EXCLUDE = {"id", "topic", "tags", "explanation", "source", "difficulty"}


class Entry:
    """A loaded question and where it came from.

    What selection and stats need (id, kind, topic, tags, source, and for a cloze the number
    of gaps, each its own card) is kept as plain fields;
    the full model is built when first asked for, so a cached bank of tens of thousands of
    questions loads without validating every question it will not show.
    """

    __slots__ = (
        "_build", "_json", "_question", "content_hash", "gaps", "id", "key_lines", "kind", "line",
        "path", "source", "tags", "topic",
    )  # fmt: skip
    id: str
    kind: str
    topic: str
    tags: tuple[str, ...]
    source: str | None
    gaps: int
    path: Path
    line: int
    content_hash: str
    key_lines: dict[str, int]

    def __init__(
        self,
        question: Question,
        path: Path,
        line: int,
        content_hash: str,
        key_lines: dict[str, int] | None = None,
    ) -> None:
        self._build: Callable[[bytes], Question] | None = None
        self._json: tuple[bytes, int, int] | None = None
        self._question: Question | None = question
        self.id, self.kind, self.topic = question.id, question.kind, question.topic
        self.tags, self.source = question.tags, question.source
        self.gaps = len(question.gaps) if question.kind == "cloze" else 0
        self.path = path
        self.line = line
        self.content_hash = content_hash
        self.key_lines = key_lines or {}

    @classmethod
    def lazy(
        cls,
        build: Callable[[bytes], Question],
        blob: bytes,
        path: Path,
        row: Sequence[Any],
    ) -> Entry:
        """An entry from a cache row: id, kind, topic, tags, source, gaps, line, content hash,
        the line of its `source` key, and where its model's JSON starts and stops in `blob`.

        The model is built from that JSON by `build` when first asked for.
        """
        entry = cls.__new__(cls)
        entry._build, entry._question = build, None
        entry.id, entry.kind, entry.topic, tags, entry.source, entry.gaps = row[:6]
        entry.tags = tuple(tags)
        entry.line, entry.content_hash, source_line, start, stop = row[6:11]
        entry._json = (blob, start, stop)
        entry.path = path
        entry.key_lines = {"source": source_line} if source_line else {}
        return entry

    @property
    def question(self) -> Question:
        """The question model (built on first use for an entry read from the cache)."""
        if self._question is None:
            assert self._build is not None and self._json is not None
            blob, start, stop = self._json
            self._question = self._build(blob[start:stop])
            self._build, self._json = None, None
        return self._question

    def key_line(self, key: str) -> int:
        """Return the line of one of the question's keys, or of its header."""
        return self.key_lines.get(key, self.line)

    def __repr__(self) -> str:
        return f"Entry({self.id!r}, {self.path}:{self.line})"


class CardRef(NamedTuple):
    """One schedulable card: a question (and, for cloze, one of its gaps, numbered from 1)."""

    card_id: str
    entry: Entry
    gap: int | None = None

    @property
    def question(self) -> Question:
        """The question this card asks."""
        return self.entry.question

    @property
    def topic(self) -> str:
        """The question's topic (without building the question model)."""
        return self.entry.topic

    @property
    def tags(self) -> tuple[str, ...]:
        """The question's tags (without building the question model)."""
        return self.entry.tags


def content_hash(question: BaseModel) -> str:
    """Hash what the learner is asked (not its tags or explanation) to notice later edits."""
    data = question.model_dump(mode="json", exclude=_HASH_EXCLUDE)
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:12]


@dataclass
class FileResult:
    """What one file contributed."""

    entries: list[Entry] = field(default_factory=list)
    # Each source's fields as JSON values (validated), and the line it starts on.
    sources: dict[str, tuple[dict[str, Any], int]] = field(default_factory=dict)
    problems: list[QuestionFileError] = field(default_factory=list)
