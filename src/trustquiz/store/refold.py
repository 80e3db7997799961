"""Refolding: every card's state as its whole history replayed with the latest parameters.

A `settings` line that sets the FSRS parameters (a fit kept by practice or `optimize`) means
that every card's memory state and due date are those its reviews give when folded afresh
with them, each review with the other settings (desired retention, day start, learning
steps) as they were when it was given. The index records which parameters its card states
were computed with (`meta` key `folded_with`); when the settings' differ, `refold` replays
every card's reviews in one transaction, which also records the parameters: a process
stopped before it commits leaves the index as it was, and the next open refolds.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from trustquiz.errors import ProgressError
from trustquiz.store.schema import DAY_US, EPOCH, INDEX_NAME, day_text
from trustquiz.store.state import CardState, Settings

if TYPE_CHECKING:
    from trustquiz.store.folding import Folding
    from trustquiz.store.index import Index
    from trustquiz.store.lock import WriterLock
    from trustquiz.store.records import ReviewRecord

Fold = Callable[[CardState | None, "ReviewRecord", Settings], CardState]
Advance = Callable[[int, "int | None"], None]  # reviews replayed, of how many
Parameters = tuple[float, ...] | None
FOLDED_WITH = "folded_with"
RESCHEDULED = (
    "every card was rescheduled with your latest memory model (this was stopped after the"
    " model was fitted)"
)
_STEP = 20_000  # reviews replayed between two reports of progress
# What the fold reads of a review, by card then in log order (`reviews_by_card` holds both).
_ROWS = (
    "SELECT n.name, line, at, dd, right, rating, cram, (SELECT hash FROM"
    " hashes AS h WHERE h.card = reviews.card AND h.line <= reviews.line ORDER BY h.line DESC"
    " LIMIT 1) FROM reviews JOIN names AS n ON n.id = card WHERE correction != 1"
)


def folded_with(index: Index) -> Parameters:
    """The parameters the index's card states were computed with (None: the defaults)."""
    row = index.db.execute("SELECT value FROM meta WHERE key = ?", (FOLDED_WITH,)).fetchone()
    if row is None or row[0] is None:
        return None
    return tuple(float(w) for w in json.loads(row[0]))


def note_settings(index: Index, line: int, settings: Settings) -> None:
    """Keep the settings as they are after the log's settings line `line`."""
    index.db.execute(
        "INSERT OR REPLACE INTO settings_lines VALUES (?, ?)",
        (line, json.dumps(settings.to_json())),
    )


class Timeline:
    """The settings each review was given under, with the parameters replaced by others."""

    def __init__(
        self, index: Index, parameters: Parameters, lines: Sequence[int] | None = None
    ) -> None:
        """Those of every review, or only of the reviews on the log's `lines` when given."""
        query = "SELECT line, value FROM settings_lines"
        if lines is not None:
            # One lookup per review: a long log holds a settings line per refit (2,000 at a
            # million reviews), and an undo refolds one card. With 2,000, reading them all
            # took 64 ms, the whole refold of a card of ten reviews this way 0.7 ms (a busy
            # machine).
            found = {
                row[0]: row
                for line in lines
                for row in index.db.execute(
                    query + " WHERE line < ? ORDER BY line DESC LIMIT 1", (line,)
                )
            }
            rows: Iterable[tuple[int, str]] = sorted(found.values())
        else:
            rows = index.db.execute(query + " ORDER BY line")
        self.lines: list[int] = [0]
        self.settings = [replace(Settings(), parameters=parameters)]
        for line, value in rows:
            self.lines.append(line)
            self.settings.append(
                replace(Settings().updated(json.loads(value)), parameters=parameters)
            )

    def at(self, line: int) -> Settings:
        """The settings in effect for the review on the log's line `line`."""
        return self.settings[bisect.bisect_left(self.lines, line) - 1]


class _Answer(NamedTuple):
    """What the fold reads of a review record, and no more: building a pydantic record
    for each took a third of a refold's time (0.24 s of 0.8 s CPU at 30,000 reviews)."""

    question_id: str
    time: datetime
    verdict: str
    rating: int
    cram: bool
    day: str
    content_hash: str | None


def _records(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, ReviewRecord]]:
    """(line, what the fold takes of the record) for review rows read with `_ROWS`."""
    from trustquiz.store.schema import unpacked

    make = cast("Callable[..., ReviewRecord]", _Answer)
    # A long log has few days: each spelled once, and the cast made once (this loop took
    # 2.6 s instead of 4.1 s at 1,000,000 reviews).
    days: dict[int, str] = {}
    verdicts = ("wrong", "right")
    for name, line, at, dd, right, rating, cram, content in rows:
        number = at // DAY_US + dd
        day = days.get(number)
        if day is None:
            day = days[number] = day_text(number)
        time = EPOCH + timedelta(microseconds=at)
        yield line, make(name, time, verdicts[right], rating, bool(cram), day, unpacked(content))


def replay_card(index: Index, fold: Fold, card_id: str, parameters: Parameters) -> CardState | None:
    """One card's state: its reviews that count folded afresh (None when none counts)."""
    rows = index.db.execute(_ROWS + " AND n.name = ? ORDER BY line", (card_id,)).fetchall()
    timeline = Timeline(index, parameters, [row[1] for row in rows])
    state: CardState | None = None
    for line, record in _records(rows):
        state = fold(state, record, timeline.at(line))
    return state


def refold(index: Index, fold: Fold, parameters: Parameters, advance: Advance | None) -> None:
    """Replay every card's reviews with `parameters` and keep the states, and that they were
    computed with them, in one transaction (rolled back if interrupted)."""
    timeline = Timeline(index, parameters)
    (total,) = index.db.execute("SELECT count(*) FROM reviews WHERE correction != 1").fetchone()
    with index.transaction():
        if advance is not None:
            advance(0, total)  # the bar shows how many there are before the first is done
        states: list[CardState] = []
        state: CardState | None = None
        rows = _records(index.db.execute(_ROWS + " ORDER BY card, line"))
        for done, (line, record) in enumerate(rows, 1):
            if state is not None and state.card_id != record.question_id:
                states.append(state)
                state = None
            state = fold(state, record, timeline.at(line))
            if advance is not None and done % _STEP == 0:
                advance(done, total)
        if state is not None:
            states.append(state)
        index.put_cards(states)
        value = None if parameters is None else json.dumps(list(parameters))
        index.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (FOLDED_WITH, value))
    if advance is not None:
        advance(total, total)


class Refolding:
    """`ProgressStore.refold` (the store sets the attributes; `Writing` gives `settle`)."""

    _state: Folding
    _lock: WriterLock
    _on_disk: bool

    if TYPE_CHECKING:

        def settle(self) -> None: ...

    @property
    def folded_with(self) -> Parameters:
        """The parameters the card states were computed with (None: the defaults)."""
        return self._state.folded_with

    def refold(self, advance: Advance | None = None) -> bool:
        """Recompute every card's state with the parameters of the latest settings, if the
        index's were computed with others; whether it did. KeyboardInterrupt leaves the
        index as it was (the next open recomputes).

        Raises:
            ProgressError: when the index cannot be written (it is left as it was).
        """
        self.settle()
        try:
            with self._lock.held() if self._on_disk else contextlib.nullcontext():
                return self._state.refold(advance)
        except sqlite3.Error as exc:
            raise ProgressError(
                f"your cards were not rescheduled: {INDEX_NAME} could not be updated ({exc});"
                " trustquiz tries again the next time it reads your progress"
            ) from None
