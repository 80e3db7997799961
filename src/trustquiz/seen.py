"""What stats need of the cards in scope: each seen card's counts, due time and recall now."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import compress, repeat
from operator import attrgetter, is_not
from typing import NamedTuple, TypeVar

from trustquiz.bank.entries import CardRef
from trustquiz.store.schema import microseconds
from trustquiz.store.state import CardState, Settings

# Retrievability of many cards at one moment: (states, when, settings) -> {card id: R}.
Recall = Callable[[Mapping[str, CardState], datetime, Settings], Mapping[str, float]]
# The index's row of a seen card (`IndexQueries.seen_rows`): id, reviews, right, due time in
# microseconds since 1970, the forgetting curve's base (infinite for a card without one),
# and a leech's lapses (None for a card that is not one).
SeenRow = tuple[str, int, int, int, float, int | None]
LEECH_LAPSES = 4
LEECH_MIN_REVIEWS = 3
T = TypeVar("T")


def is_leech(reviews: int, correct: int, lapses: int) -> bool:
    """4+ lapses, or under 50% right after 3+ reviews."""
    return lapses >= LEECH_LAPSES or (reviews >= LEECH_MIN_REVIEWS and 2 * correct < reviews)


@dataclass(frozen=True)
class Seen:
    """The seen cards as columns, in one order (the index's rows, or the states'): ids,
    counts, due times in microseconds since 1970 and recall now; for a leech its lapses
    (None for the others); and each card's due time as it is kept (ISO 8601).
    """

    ids: Sequence[str]
    reviews: Sequence[int]
    correct: Sequence[int]
    due: Sequence[int]
    recall: Sequence[float]
    leech_lapses: Sequence[int | None]
    due_text: Callable[[str], str] = field(compare=False)


def seen_from_states(
    states: Mapping[str, CardState], now: datetime, settings: Settings, recall: Recall
) -> Seen:
    """The seen cards' figures from their states."""
    recall_now = recall(states, now, settings)
    ones = list(states.values())
    leeches = [is_leech(s.reviews, s.correct, s.lapses) for s in ones]
    return Seen(
        [s.card_id for s in ones],
        [s.reviews for s in ones],
        [s.correct for s in ones],
        [microseconds(s.due) for s in ones],
        [recall_now[s.card_id] for s in ones],
        [s.lapses if leech else None for s, leech in zip(ones, leeches, strict=True)],
        lambda card_id: states[card_id].due.isoformat(),
    )


def seen_from_rows(
    rows: Sequence[SeenRow], decay: float, due_text: Callable[[str], str]
) -> Seen | None:
    """The same figures straight from the index's rows, without building the card states:
    recall is the row's base to the power `decay` (the forgetting curve's, negative, so an
    infinite base gives 0.0), as `scheduler.retrievabilities` computes it, to the last bit.
    None when the curve's decay is not negative (read the states)."""
    if not decay < 0.0:
        return None
    if not rows:
        return Seen([], [], [], [], [], [], due_text)
    ids, reviews, correct, due, base, lapses = zip(*rows, strict=True)
    recall = list(map(pow, base, repeat(decay)))
    return Seen(ids, reviews, correct, due, recall, lapses, due_text)


class Columns(NamedTuple):
    """The cards in scope as columns in bank order: their ids, topics and cited sources."""

    ids: list[str]
    topics: list[str]
    sources: list[str | None]

    @classmethod
    def of(cls, cards: Sequence[CardRef]) -> Columns:
        """The columns of these cards."""
        return cls(list(map(_CARD_ID, cards)), list(map(_TOPIC, cards)), list(map(_SOURCE, cards)))

    def where(self, keep: Sequence[bool]) -> Columns:
        """The columns of the cards marked in `keep` (one mark a card, in bank order)."""
        ids, topics, sources = self
        return Columns(
            list(compress(ids, keep)), list(compress(topics, keep)), list(compress(sources, keep))
        )


class Scope:
    """The cards in scope, in bank order: the ids and topics of all (`columns`), and the
    `Seen` columns of those seen (`order`: their places among the seen, in bank order;
    `mask` marks them among all).

    Split by `map` and `compress`, which loop in C: the bank may have 50,000 cards.
    """

    def __init__(self, columns: Columns, seen: Seen) -> None:
        self.ids, self.topics, self._sources = columns
        self.seen = seen
        where = dict(zip(seen.ids, range(len(seen.ids)), strict=True))
        found = list(map(where.get, self.ids))
        self.mask = list(map(is_not, found, repeat(None)))
        self.order: list[int] = list(compress(found, self.mask))  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self.ids)

    def every_seen(self) -> bool:
        """Whether every seen card is in scope (so a figure of all of them is one of scope)."""
        return len(self.order) == len(self.seen.ids)

    def first_due(self, due: int) -> str:
        """The id of the first seen card in scope, in bank order, due at `due` (microseconds
        since 1970; one of theirs)."""
        dues, ids = self.seen.due, self.seen.ids
        if dues.count(due) == 1:  # the usual case, found without a loop in Python
            return ids[dues.index(due)]
        return next(ids[place] for place in self.order if dues[place] == due)

    def column(self, values: Sequence[T]) -> list[T]:
        """A column of `seen` for the seen cards in scope, in bank order."""
        return list(map(values.__getitem__, self.order))

    def sources(self) -> list[str] | str:
        """Each card's source ("(none)" for none), or the one source of every card."""
        cited = set(self._sources)
        if len(cited) == 1:  # the usual case, told without a loop in Python
            return cited.pop() or "(none)"
        return [name or "(none)" for name in self._sources]

    def seen_in(self, column: list[T]) -> list[T]:
        """The values of `column` (a list in bank order) of the seen cards."""
        return list(compress(column, self.mask))


_CARD_ID, _TOPIC, _SOURCE = (
    attrgetter("card_id"),
    attrgetter("entry.topic"),
    attrgetter("entry.source"),
)
