"""The loaded bank: its questions, cards and sources, each card built when first needed."""

from __future__ import annotations

import difflib
import marshal
from bisect import bisect_right
from collections.abc import Sequence
from functools import cached_property
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustquiz.bank.entries import CardRef, Entry, Origin
from trustquiz.errors import QuestionFileError

if TYPE_CHECKING:
    from trustquiz.bank.filemodels import Source
    from trustquiz.textmatch import KnownTerms


class Rows:
    """A bank's entries as the record keeps them: one run of rows per file, each turned into
    entries (a C-level pass over its columns) only when one of them is needed."""

    __slots__ = ("_built", "_chunks", "_starts")

    def __init__(self, chunks: Sequence[tuple[Origin, bytes]], counts: Sequence[int]) -> None:
        self._chunks = chunks  # each run's origin and its columns, marshalled
        self._starts = [0]
        for count in counts:
            self._starts.append(self._starts[-1] + count)
        self._built: list[list[Entry] | None] = [None] * len(chunks)

    def __len__(self) -> int:
        return self._starts[-1]

    def _run(self, number: int) -> list[Entry]:
        built = self._built[number]
        if built is None:
            origin, blob = self._chunks[number]
            columns = marshal.loads(blob)
            # zip's tuple is copied into the named tuple and then reused: one allocation a row.
            built = list(map(tuple.__new__, repeat(Entry), zip(*columns, repeat(origin))))
            self._built[number] = built
        return built

    def entry(self, index: int) -> Entry:
        """The entry at this position in bank order."""
        number = bisect_right(self._starts, index) - 1
        return self._run(number)[index - self._starts[number]]

    def entries(self) -> list[Entry]:
        """Every entry, in bank order."""
        return [entry for number in range(len(self._chunks)) for entry in self._run(number)]


class Bank:
    """The questions and sources of every loaded file, plus the problems met on the way.

    Made from loaded entries, or from a bank record's rows, whose entries and cards are
    built on first use: a start that asks a few cards builds a few runs of rows.
    """

    def __init__(
        self,
        entries: list[Entry] | None = None,
        source_data: dict[str, dict[str, Any]] | None = None,
        problems: list[QuestionFileError] | None = None,
        files: list[Path] | None = None,
        warnings: list[QuestionFileError] | None = None,
        *,
        rows: tuple[Rows, list[str], list[int], list[int | None]] | None = None,
    ) -> None:
        self.source_data = {} if source_data is None else source_data
        self.problems = [] if problems is None else problems
        self.files = [] if files is None else files
        self.warnings = [] if warnings is None else warnings
        self._entries = entries
        self._cards: dict[str, CardRef] | None = None  # every card by id, in bank order
        self._rows: Rows | None = None
        if rows is not None:
            self._rows, self._card_ids, self._card_entry, self._card_gap = rows
            return
        self._entries = entries = [] if entries is None else entries
        self._card_ids, self._card_entry, self._card_gap = [], [], []
        for index, entry in enumerate(entries):
            if not entry.gaps:
                self._card_ids.append(entry.id)
                self._card_entry.append(index)
                self._card_gap.append(None)
                continue
            # A question with gaps (cloze) takes its place as one card per gap.
            for gap in range(1, entry.gaps + 1):
                self._card_ids.append(f"{entry.id}#{gap}")
                self._card_entry.append(index)
                self._card_gap.append(gap)

    @property
    def entries(self) -> list[Entry]:
        """Every loaded question, in bank order."""
        if self._entries is None:
            assert self._rows is not None
            self._entries = self._rows.entries()
        return self._entries

    @cached_property
    def sources(self) -> dict[str, Source]:
        """The cited source documents by key (models built on first use)."""
        from trustquiz.bank.filemodels import Source

        return {name: Source.model_validate(data) for name, data in self.source_data.items()}

    @cached_property
    def known_terms(self) -> KnownTerms:
        """The terms a typed answer may be besides the right one: the built-in list and every
        answer, alias and option of the bank, gathered when a typo first needs them."""
        from trustquiz.textmatch import KnownTerms

        return KnownTerms(self._terms)

    def _terms(self) -> list[str]:
        origins = {id(entry.origin): entry.origin for entry in self.entries}
        return [term for origin in origins.values() for term in origin.terms()]

    @cached_property
    def _positions(self) -> dict[str, int]:
        return dict(zip(self._card_ids, range(len(self._card_ids)), strict=True))

    def _all(self) -> dict[str, CardRef]:
        if self._cards is None:
            entries = self.entries
            made = map(
                tuple.__new__,
                repeat(CardRef),
                zip(
                    self._card_ids,
                    map(entries.__getitem__, self._card_entry),
                    self._card_gap,
                    strict=True,
                ),
            )
            self._cards = dict(zip(self._card_ids, made, strict=True))
        return self._cards

    def card_table(self) -> tuple[list[str], list[int], list[int | None]]:
        """Each card's id, its entry's position and its gap, in bank order (for the record)."""
        return self._card_ids, self._card_entry, self._card_gap

    def card_ids(self) -> list[str]:
        """Every card's id in bank order (no card is built for it)."""
        return list(self._positions)

    def cards(self) -> list[CardRef]:
        """Return every card in bank order."""
        return list(self._all().values())

    def card(self, card_id: str) -> CardRef | None:
        """Return the card with this id, if the bank has it."""
        if self._cards is not None:
            return self._cards.get(card_id)
        position = self._positions.get(card_id)
        if position is None:
            return None
        index = self._card_entry[position]
        entry = self._entries[index] if self._entries is not None else self._entry(index)
        return CardRef(card_id, entry, self._card_gap[position])

    def _entry(self, index: int) -> Entry:
        assert self._rows is not None
        return self._rows.entry(index)

    def cards_for(self, some_id: str) -> list[CardRef]:
        """The card with this id, or every gap card of the cloze question with this id."""
        card = self.card(some_id)
        if card is not None:
            return [card]
        # A question id has no '#', so its gap cards are the ones named `id#1`, `id#2`...
        first = self.card(f"{some_id}#1")
        if first is None or first.gap != 1 or first.entry.id != some_id:
            return []
        return [first] + [
            card
            for gap in range(2, first.entry.gaps + 1)
            if (card := self.card(f"{some_id}#{gap}")) is not None
        ]

    def suggest(self, card_id: str) -> str | None:
        """Return the closest existing card id, for "did you mean" messages."""
        close = difflib.get_close_matches(card_id, list(self._positions), n=1)
        return close[0] if close else None
