"""pydantic models of a question file's other tables: its `[defaults]` and the sources cited."""

from __future__ import annotations

from datetime import date

from trustquiz.kinds.base import NonEmpty, Strict


class Defaults(Strict):
    """A file's `[defaults]` table."""

    topic: NonEmpty | None = None
    source: NonEmpty | None = None
    tags: tuple[str, ...] = ()
    # For the kinds that have it (statements, pairs): reorder their items at every attempt.
    shuffle_items: bool | None = None


class Source(Strict):
    """A source document that questions cite."""

    title: NonEmpty
    publisher: NonEmpty
    date: date
    url: str | None = None
    file: str | None = None
