"""The loaded bank: its questions, cards and sources, each card built when first needed."""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustquiz.bank.entries import CardRef, Entry
from trustquiz.bank.rows import Rows
from trustquiz.errors import QuestionFileError

if TYPE_CHECKING:
    from trustquiz.bank.filemodels import Source
    from trustquiz.textmatch import KnownTerms


# A card asked for by id is made alone until this share of the bank has been asked for;
# then every card is made in one pass (about 1 us a card, against 2-3 us for one made
# alone). A day's start asks for a few hundred of 56,000 cards at 50,000 questions.
SINGLE_SHARE = 0.25
# Until the map of card ids to positions is made, an id is found by bisection in the ids'
# sorted order, which the bank record keeps: at 50,000 questions the map takes 15-20 ms to
# make in a fresh process, where a day's start looks up some 2,500 ids at 2-5 us each. A
# batch of more than this share of the bank makes the map.
MAP_SHARE = 1 / 8


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
        rows: tuple[Rows, list[str], Sequence[int], list[int | None]] | None = None,
        order: Sequence[int] | None = None,
    ) -> None:
        self.source_data = {} if source_data is None else source_data
        self.problems = [] if problems is None else problems
        self.files = [] if files is None else files
        self.warnings = [] if warnings is None else warnings
        self._entries = entries
        self._cards: list[CardRef] | None = None  # every card, in bank order
        self._rows: Rows | None = None
        self._singles = 0  # cards made one at a time so far
        self._order = order  # the cards' positions in the order of their ids
        if rows is not None:
            self._rows, self._card_ids, self._card_entry, self._card_gap = rows
            return
        self._entries = entries = [] if entries is None else entries
        self._card_ids, self._card_entry, self._card_gap = _card_table(entries)

    def size(self) -> int:
        """How many questions the bank has (without building them)."""
        return len(self._entries) if self._entries is not None else len(self._rows or ())

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

    def _position(self, card_id: str) -> int | None:
        """The card's position in bank order: from the map once it is made, else by
        bisection in the ids' sorted order (None for an id not in the bank)."""
        order = self._order
        if order is None or "_positions" in self.__dict__:
            return self._positions.get(card_id)
        ids = self._card_ids
        at = bisect_left(order, card_id, key=ids.__getitem__)
        return order[at] if at < len(order) and ids[order[at]] == card_id else None

    def _finder(self, count: int) -> Callable[[str], int | None]:
        """How `count` ids are best looked up: one by one, or by making the map."""
        if self._order is not None and count < MAP_SHARE * len(self._card_ids):
            return self._position
        return self._positions.get

    def card_order(self) -> Sequence[int]:
        """The cards' positions in the order of their ids (for the record)."""
        if self._order is None:
            self._order = sorted(range(len(self._card_ids)), key=self._card_ids.__getitem__)
        return self._order

    def _all(self) -> list[CardRef]:
        if self._cards is None:
            entries = self.entries
            made = zip(
                self._card_ids,
                map(entries.__getitem__, self._card_entry),
                self._card_gap,
                strict=True,
            )
            self._cards = list(map(CardRef._make, made))
        return self._cards

    def card_table(self) -> tuple[list[str], Sequence[int], list[int | None]]:
        """Each card's id, its entry's position and its gap, in bank order (for the record)."""
        return self._card_ids, self._card_entry, self._card_gap

    def column(self, field: str) -> list[Any]:
        """One head field (`kind`, `topic`, ...) of every question, in bank order, without
        building the questions' entries when they are not built yet."""
        if self._entries is None:
            assert self._rows is not None
            return self._rows.column(field)
        position = Entry._fields.index(field)
        return [entry[position] for entry in self._entries]

    def heads(self, card_ids: Sequence[str], field: str) -> list[Any]:
        """The head field `field` of each card's question (None for an id not in the bank),
        without building the cards."""
        value, entry_of, find = self._value_of(field), self._card_entry, self._finder(len(card_ids))
        return [
            None if (at := find(card_id)) is None else value(entry_of[at]) for card_id in card_ids
        ]

    def head_at(self, field: str) -> Callable[[int], Any]:
        """The head field `field` of the card at a position in bank order, as a function."""
        value, entry_of = self._value_of(field), self._card_entry

        def head(position: int) -> Any:
            return value(entry_of[position])

        return head

    def _value_of(self, field: str) -> Callable[[int], Any]:
        """The head field `field` of the question at a position, as a function."""
        if self._entries is None:
            assert self._rows is not None
            return self._rows.value_of(field)
        return self.column(field).__getitem__

    def card_column(self, field: str) -> list[Any]:
        """The head field `field` of every card's question, in bank order (no card built)."""
        values = self.column(field)
        return [values[entry] for entry in self._card_entry]

    def card_ids(self) -> list[str]:
        """Every card's id in bank order (no card is built for it; the loader keeps one
        question of an id, so the ids are distinct)."""
        return list(self._card_ids)

    def cards(self) -> list[CardRef]:
        """Return every card in bank order."""
        return list(self._all())

    def card(self, card_id: str) -> CardRef | None:
        """Return the card with this id, if the bank has it."""
        position = self._position(card_id)
        return None if position is None else self.card_at(position)

    def card_at(self, position: int) -> CardRef:
        """Return the card at this position in bank order."""
        if self._cards is not None:
            return self._cards[position]
        self._singles += 1
        if self._singles > SINGLE_SHARE * len(self._card_ids):  # all at once is cheaper
            return self._all()[position]
        index = self._card_entry[position]
        entry = self._entries[index] if self._entries is not None else self._entry(index)
        return CardRef(self._card_ids[position], entry, self._card_gap[position])

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
        close = difflib.get_close_matches(card_id, self._card_ids, n=1)
        return close[0] if close else None


def _card_table(entries: list[Entry]) -> tuple[list[str], list[int], list[int | None]]:
    """Each card's id, its entry's position and its gap, in bank order: one card for a
    question, or one per gap for a question with gaps (cloze), in its place. Python code
    runs only for the questions with gaps."""
    ids = [entry.id for entry in entries]
    gaps = [entry.gaps for entry in entries]
    card_ids: list[str] = []
    card_entry: list[int] = []
    card_gap: list[int | None] = []
    done = 0
    for index in compress(range(len(gaps)), gaps):
        card_ids += ids[done:index]
        card_entry += range(done, index)
        card_gap += [None] * (index - done)
        count = gaps[index]
        card_ids += [f"{ids[index]}#{gap}" for gap in range(1, count + 1)]
        card_entry += [index] * count
        card_gap += range(1, count + 1)
        done = index + 1
    card_ids += ids[done:]
    card_entry += range(done, len(ids))
    card_gap += [None] * (len(ids) - done)
    return card_ids, card_entry, card_gap
