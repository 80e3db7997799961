"""What stats need of the cards in scope: each seen card's counts, due time and recall now."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from itertools import compress, repeat
from operator import attrgetter, is_not
from typing import NamedTuple

from trustquiz.bank.entries import CardRef
from trustquiz.store.state import CardState, Settings

# Retrievability of many cards at one moment: (states, when, settings) -> {card id: R}.
Recall = Callable[[Mapping[str, CardState], datetime, Settings], Mapping[str, float]]
# The index's row of a seen card: id, reviews, right, lapses, due (ISO text), stability and
# last review (whole microseconds since 1970).
SeenRow = tuple[str, int, int, int, str, float | None, int | None]


class Seen(NamedTuple):
    """What the figures need of one seen card: its counts, due time and recall now."""

    reviews: int
    correct: int
    lapses: int
    due: datetime
    recall: float


def seen_from_states(
    states: Mapping[str, CardState], now: datetime, settings: Settings, recall: Recall
) -> dict[str, Seen]:
    """The seen cards' figures from their states."""
    recall_now = recall(states, now, settings)
    return {
        card_id: Seen._make(
            (state.reviews, state.correct, state.lapses, state.due, recall_now[card_id])
        )
        for card_id, state in states.items()
    }


def seen_from_rows(
    rows: Sequence[SeenRow], now: datetime, curve: tuple[float, float]
) -> dict[str, Seen] | None:
    """The same figures straight from the index's rows, without building the card states:
    recall by the forgetting curve `(decay, factor)` as `scheduler.retrievabilities` computes
    it, to the last bit. None when a time is not one this version writes (read the states).
    """
    decay, factor = curve
    moment = now.timestamp()
    parse = datetime.fromisoformat
    make = Seen._make  # without Seen(...)'s Python-level __new__
    seen = {}
    try:
        for card_id, reviews, correct, lapses, due_text, stability, last in rows:
            due = parse(due_text)
            if due.tzinfo is None:
                return None
            if last is None or not stability:
                recall = 0.0
            else:
                # Whole microseconds over a million: the float `datetime.timestamp()` gives.
                elapsed = (moment - last / 1_000_000) / 86400
                recall = (1 + factor * (elapsed if elapsed > 0.0 else 0.0) / stability) ** decay
            seen[card_id] = make((reviews, correct, lapses, due, recall))
    except (TypeError, ValueError):
        return None
    return seen


class Columns(NamedTuple):
    """The cards in scope as columns in bank order: their ids, topics and cited sources."""

    ids: list[str]
    topics: list[str]
    sources: list[str | None]

    @classmethod
    def of(cls, cards: Sequence[CardRef]) -> Columns:
        """The columns of these cards."""
        return cls(list(map(_CARD_ID, cards)), list(map(_TOPIC, cards)), list(map(_SOURCE, cards)))


class Scope:
    """The cards in scope, in bank order: the ids and topics of all (`columns`), and the
    `Seen` of those seen (`found`, with `mask` marking them among all).

    Split by `map` and `compress`, which loop in C: the bank may have 50,000 cards.
    """

    def __init__(self, columns: Columns, seen: Mapping[str, Seen]) -> None:
        self.ids, self.topics, self._sources = columns
        found = list(map(seen.get, self.ids))
        self.mask = list(map(is_not, found, repeat(None)))
        self.found: list[Seen] = list(filter(None, found))

    def __len__(self) -> int:
        return len(self.ids)

    def sources(self) -> list[str] | str:
        """Each card's source ("(none)" for none), or the one source of every card."""
        cited = set(self._sources)
        if len(cited) == 1:  # the usual case, told without a loop in Python
            return cited.pop() or "(none)"
        return [name or "(none)" for name in self._sources]

    def seen_in(self, column: list[str]) -> Iterator[str]:
        """The values of `column` (a list in bank order) of the seen cards."""
        return compress(column, self.mask)


_CARD_ID, _TOPIC, _SOURCE = (
    attrgetter("card_id"),
    attrgetter("entry.topic"),
    attrgetter("entry.source"),
)
