"""Card states by id, read from the index as they are asked for, not all at every start."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, TypeVar

from trustquiz.store.state import CardState, StateError

if TYPE_CHECKING:
    from trustquiz.store.index import Index

T = TypeVar("T")


class CardMap(MutableMapping[str, CardState]):
    """Every seen card's state, by card id, in the order the cards were first seen.

    At 50,000 cards, reading every state from the index takes a good part of a start-up
    that needs few of them: a lookup by id reads one row, and the whole table is read
    only when something goes through all of them (iteration, `len`, `items`). Changes made
    before then are kept here and laid over the rows when they are read.

    A state the index holds but cannot be read back (a damaged index) is found only when it
    is read: `repair` (set by the store) then rebuilds the index from the log, which fills
    this map afresh, and the read is made again.
    """

    def __init__(self, index: Callable[[], Index]) -> None:
        self._index = index
        self._all: dict[str, CardState] | None = {}
        self._known: dict[str, CardState | None] = {}  # looked up or changed; None: unseen
        self._seen: dict[str, None] | None = None  # seen_ids(), kept up to date once read
        self.repair: Callable[[StateError], None] | None = None

    def empty(self) -> None:
        """Hold no card (the state of an empty log), in memory."""
        self._all, self._known, self._seen = {}, {}, None

    def forget(self) -> None:
        """Drop what was read: states are read from the index again as they are asked for."""
        self._all, self._known, self._seen = None, {}, None

    @property
    def loaded(self) -> bool:
        """Whether every state has been read into memory."""
        return self._all is not None

    def read(self, reading: Callable[[], T]) -> T:
        """Make a read of the index, repairing the index once if a state in it is damaged."""
        try:
            return reading()
        except StateError as exc:
            if self.repair is None:
                raise
            self.repair(exc)
            return reading()

    def everything(self) -> dict[str, CardState]:
        """Every state, read now if it was not read yet."""
        if self._all is None:
            cards = self.read(lambda: self._index().cards())
            if self._all is not None:  # the read repaired the index, which filled this map
                return self._all
            for card_id, state in self._known.items():
                if state is None:
                    cards.pop(card_id, None)
                else:
                    cards[card_id] = state
            self._all, self._known = cards, {}
        return self._all

    def _lookup(self, card_id: str) -> CardState | None:
        if self._all is not None:
            return self._all.get(card_id)
        if card_id in self._known:
            return self._known[card_id]
        state = self.read(lambda: self._index().cards([card_id]).get(card_id))
        if self._all is None:
            self._known[card_id] = state
        return state

    def __getitem__(self, card_id: str) -> CardState:
        state = self._lookup(card_id)
        if state is None:
            raise KeyError(card_id)
        return state

    def get(self, card_id: str, default: CardState | None = None) -> CardState | None:  # type: ignore[override]
        state = self._lookup(card_id)
        return default if state is None else state

    def __contains__(self, card_id: object) -> bool:
        return isinstance(card_id, str) and self._lookup(card_id) is not None

    def __setitem__(self, card_id: str, state: CardState) -> None:
        if self._seen is not None:
            self._seen.setdefault(card_id)
        if self._all is not None:
            self._all[card_id] = state
        else:
            self._known[card_id] = state

    def __delitem__(self, card_id: str) -> None:
        if self._seen is not None:
            self._seen.pop(card_id, None)
        if self._all is not None:
            del self._all[card_id]
        elif self._lookup(card_id) is None:
            raise KeyError(card_id)
        else:
            self._known[card_id] = None

    def __iter__(self) -> Iterator[str]:
        return iter(self.everything())

    def __len__(self) -> int:
        return len(self.everything())

    def seen_ids(self) -> dict[str, None]:
        """The ids of every seen card (read from the index's ids alone when the states are
        not in memory, in no particular order); read once, then kept up to date as cards
        change. Not to be changed by the caller."""
        if self._all is not None:
            return dict.fromkeys(self._all)
        if self._seen is None:
            ids = dict.fromkeys(self._index().card_ids())
            for card_id, state in self._known.items():
                if state is None:
                    ids.pop(card_id, None)
                else:
                    ids.setdefault(card_id)
            self._seen = ids
        return self._seen
