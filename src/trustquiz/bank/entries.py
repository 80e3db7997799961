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

    from trustquiz.kinds.base import Question
    from trustquiz.kinds.presentation import Face

# Not what the learner is asked: a change to these keeps the "changed since" notice quiet
# (and the options added later, `shuffle_items`, `accept_containing` and `group`, leave every
# earlier question's hash as it was).
_HASH_EXCLUDE = {
    "id", "topic", "tags", "explanation", "source", "difficulty",
    "shuffle_items", "accept_containing", "group",
}  # fmt: skip


class Origin:
    """The file some entries came from, and their question models once built.

    A cached file's questions are validated JSON, each followed by its face (what its
    cards are shown from), read by `bodies()` the first time one of them is asked (stats
    never needs them); a question is built into a model by `build(kind, json)` from its
    own slice when first needed (to grade an answer), not to be shown. A parsed file has
    its models all built, and a face is made from the model.
    """

    __slots__ = ("_blob", "_bodies", "_build", "_built", "_read_terms", "_terms", "path")

    def __init__(
        self,
        path: Path,
        bodies: Callable[[], bytes] | None = None,
        build: Callable[[str, bytes], Question] | None = None,
        terms: Callable[[], list[str]] | None = None,
    ) -> None:
        self.path = path
        self._bodies = bodies
        self._blob: bytes | None = None
        self._build = build
        self._built: dict[int, Question] = {}  # by the line its question starts on
        self._read_terms = terms
        self._terms: list[str] | None = None

    def terms(self) -> list[str]:
        """The terms the file's questions teach (answers, aliases, gaps, options; see a
        kind's `terms`), normalised: read from the cache for a cached file, so that no
        question model is built for them, else made from the models."""
        if self._terms is None:
            if self._read_terms is not None:
                self._terms = self._read_terms()
            else:
                from trustquiz.kinds import registry
                from trustquiz.textmatch import normalise_text

                found = {
                    normalise_text(term)
                    for question in self._built.values()
                    for term in registry.kind_of(question).terms(question)
                }
                self._terms = sorted(found - {""})
        return self._terms

    def keep(self, line: int, question: Question) -> None:
        """Hold the already built model of the question that starts on `line`."""
        self._built[line] = question

    def face(self, entry: Entry) -> Face:
        """What a card of one of this file's entries is shown from (see `presentation`):
        for a cached file, the line after its question's JSON."""
        if self._bodies is None:
            from trustquiz.kinds import registry

            return registry.kind(entry.kind).face(self.question(entry))
        if self._blob is None:
            self._blob = self._bodies()
        start = entry.stop + 1
        face: Face = json.loads(self._blob[start : self._blob.index(b"\n", start)])
        return face

    def question(self, entry: Entry) -> Question:
        """The model of one of this file's entries (built on first use)."""
        built = self._built.get(entry.line)
        if built is None:
            assert self._bodies is not None and self._build is not None, f"{entry!r} has no JSON"
            if self._blob is None:
                self._blob = self._bodies()
            question_json = self._blob[entry.start : entry.stop]
            built = self._built[entry.line] = self._build(entry.kind, question_json)
        return built


class Entry(NamedTuple):
    """A loaded question and where it came from.

    What selection and stats need (id, kind, topic, tags, source, and for a cloze the number
    of gaps, each its own card) is kept as plain fields; the full model comes from `origin`
    when first asked for, so a cached bank of tens of thousands of questions loads without
    validating every question it will not show. A named tuple because a cached entry is
    made straight from its cache row, which is the cheapest way Python builds a record.
    """

    id: str
    kind: str
    topic: str
    tags: Sequence[str]
    source: str | None
    gaps: int
    # The question's sibling group (its `group` key), or None.
    group: str | None
    line: int
    content_hash: str
    # The line of the question's `source` key (None when it has none of its own).
    source_line: int | None
    # Where the question's JSON starts and stops in its origin's blob (cached entries only).
    start: int
    stop: int
    origin: Origin

    @classmethod
    def parsed(
        cls,
        question: Question,
        origin: Origin | Path,
        line: int,
        content_hash: str,
        source_line: int | None = None,
    ) -> Entry:
        """An entry for a question model just parsed from a file (its path, or its origin
        when the file's entries share one)."""
        if not isinstance(origin, Origin):
            origin = Origin(origin)
        origin.keep(line, question)
        return cls(
            question.id, question.kind, question.topic, question.tags, question.source,
            question.gap_count(), question.group,
            line, content_hash, source_line, 0, 0, origin,
        )  # fmt: skip

    @property
    def path(self) -> Path:
        """The question file."""
        return self.origin.path

    @property
    def question(self) -> Question:
        """The question model (built on first use for an entry read from the cache)."""
        return self.origin.question(self)

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
    def tags(self) -> Sequence[str]:
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
    # The id and line of each question left out for a problem: its id still counts, so a
    # duplicate is reported whatever else is wrong with either copy.
    failed: list[tuple[str, int]] = field(default_factory=list)
