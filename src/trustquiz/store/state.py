"""What the progress store knows, as plain data: settings, card states and running counts.

Every command reads these, `stats` among them, so they are plain classes rather than
pydantic models: reading progress never imports pydantic. One field table, CARD_FIELDS,
says how each field of a card state is kept in the index and read back.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from trustquiz.store.records import ReviewRecord

CardPhase = Literal["learning", "review", "relearning"]
PHASES: tuple[CardPhase, ...] = ("learning", "review", "relearning")
RETENTION_RANGE = (0.7, 0.99)
NEW_PER_DAY_RANGE = (0, 1000)
DAILY_MINUTES_RANGE = (1, 1440)
DAY_START_RANGE = (0, 23)


class StateError(ValueError):
    """Progress data that does not have the shape this version writes."""


class SettingError(StateError):
    """A setting given a value it cannot take: `str()` is `name: reason`."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


def _number(value: object, low: float, high: float, whole: bool) -> float | int:
    if isinstance(value, str):
        try:
            value = int(value) if whole else float(value)
        except ValueError:
            kind = "an integer" if whole else "a number"
            raise StateError(f"Input should be {kind}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StateError("Input should be a number")
    if not math.isfinite(value):  # NaN passes every range check; infinity has no int
        raise StateError("Input should be a finite number")
    if whole and value != int(value):
        raise StateError("Input should be a whole number")
    if value < low:
        raise StateError(f"Input should be greater than or equal to {low}")
    if value > high:
        raise StateError(f"Input should be less than or equal to {high}")
    return int(value) if whole else float(value)


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise StateError("Input should be a date (YYYY-MM-DD)")


def _switch(value: object) -> bool:
    if isinstance(value, str) and value.lower() in ("on", "off", "true", "false"):
        return value.lower() in ("on", "true")
    if not isinstance(value, bool):
        raise StateError("Input should be on or off")
    return value


def _parameters(value: object) -> tuple[float, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != 21:
        raise StateError("Input should be a list of 21 FSRS-6 parameters")
    return tuple(float(_number(v, -1e6, 1e6, whole=False)) for v in value)


@dataclass(frozen=True, slots=True)
class Settings:
    """Learner settings: changed through `settings` lines of the log, kept in the index."""

    desired_retention: float = 0.9
    new_per_day: int = 20
    exam_date: date | None = None
    daily_minutes: float = 20.0
    day_start: int = 4  # the hour (local) at which the learner's day starts
    parameters: tuple[float, ...] | None = None  # FSRS-6, fitted by `trustquiz optimize`
    fitted_reviews: int = 0  # reviews in the log when they were fitted
    # Same-day learning steps (FSRS's 1 and 10 minutes): off unless a `settings` line turns
    # them on. Studying once a day, a 10-minute step only means "tomorrow"; the simulation
    # (benchmarks/simulate.py) found day-long intervals from the first answer better.
    learning_steps: bool = False

    def updated(self, changes: Mapping[str, object]) -> Settings:
        """These settings with `changes` applied (text values are parsed).

        Raises:
            SettingError: for the first change that is not a valid value.
        """
        values: dict[str, Any] = {}
        for name, value in changes.items():
            try:
                if name == "desired_retention":
                    values[name] = _number(value, *RETENTION_RANGE, whole=False)
                elif name == "new_per_day":
                    values[name] = _number(value, *NEW_PER_DAY_RANGE, whole=True)
                elif name == "exam_date":
                    values[name] = _date(value)
                elif name == "daily_minutes":
                    values[name] = _number(value, *DAILY_MINUTES_RANGE, whole=False)
                elif name == "day_start":
                    values[name] = _number(value, *DAY_START_RANGE, whole=True)
                elif name == "parameters":
                    values[name] = _parameters(value)
                elif name == "fitted_reviews":
                    values[name] = _number(value, 0, 10**12, whole=True)
                elif name == "learning_steps":
                    values[name] = _switch(value)
                else:
                    raise StateError("not a setting")
            except StateError as exc:
                raise SettingError(name, str(exc)) from None
        return replace(self, **values)

    def to_json(self) -> dict[str, Any]:
        """The settings as JSON values."""
        return {
            "desired_retention": self.desired_retention,
            "new_per_day": self.new_per_day,
            "exam_date": self.exam_date.isoformat() if self.exam_date else None,
            "daily_minutes": self.daily_minutes,
            "day_start": self.day_start,
            "parameters": list(self.parameters) if self.parameters is not None else None,
            "fitted_reviews": self.fitted_reviews,
            "learning_steps": self.learning_steps,
        }


class CardState(NamedTuple):
    """What the scheduler knows about one card, plus running counts for stats.

    A named tuple: tens of thousands are read at every start, and a tuple is the
    cheapest immutable record Python builds.
    """

    card_id: str
    phase: CardPhase
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    first_review: datetime | None
    reviews: int = 0
    correct: int = 0
    lapses: int = 0
    content_hash: str | None = None
    # The learner's day (YYYY-MM-DD) the last review counted for: elapsed days are counted
    # in these days. None in a state made without it: the local date of last_review then.
    last_day: str | None = None

    def counted(self, right: bool) -> CardState:
        """The same schedule with one more review counted (a crammed right answer)."""
        return self._replace(reviews=self.reviews + 1, correct=self.correct + int(right))


@dataclass(slots=True)
class Aggregates:
    """Per-day and per-confidence counts folded from the log, so stats need not re-read it.

    `days[day]` is [reviews, right, reviews of learned cards, right among those], by the
    learner's local day; `confidence[c]` is [reviews, right] for sure, unsure and guess.
    """

    days: dict[str, list[int]] = field(default_factory=dict)
    confidence: dict[str, list[int]] = field(default_factory=dict)

    def add(self, review: ReviewRecord, sign: int = 1) -> None:
        """Count one review in (sign 1) or out (sign -1)."""
        day = review.day or review.time.astimezone().date().isoformat()
        self.count(day, review.verdict == "right", review.learned, review.confidence, sign)

    def count(
        self, day: str, right: bool, learned: bool, confidence: str | None, sign: int = 1
    ) -> None:
        """Count one review, given by its day and marks, in (sign 1) or out (sign -1)."""
        counts = self.days.setdefault(day, [0, 0, 0, 0])
        counts[0] += sign
        counts[1] += sign * right
        if learned:
            counts[2] += sign
            counts[3] += sign * right
        sure = self.confidence.setdefault(confidence or "sure", [0, 0])
        sure[0] += sign
        sure[1] += sign * right


# -- card states in the index -----------------------------------------------------------------


def _fromisoformat_z(text: str) -> datetime:
    # Python 3.10's fromisoformat does not know the "Z" suffix.
    return datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] == "Z" else text)


_fromisoformat = datetime.fromisoformat if sys.version_info >= (3, 11) else _fromisoformat_z


def _time(text: str) -> datetime:
    parsed = _fromisoformat(text)
    if parsed.tzinfo is None:
        raise StateError(f"{text!r} is not a time with a timezone")
    return parsed


def _iso(value: datetime) -> str:
    return value.isoformat()


@dataclass(frozen=True)
class CardField:
    """One field of a card state: its column in the index, and how it is written and read."""

    name: str
    column: str
    encode: Callable[[Any], object] | None = None
    decode: Callable[[Any], object] | None = None


# The one table of a card state's fields: the index's `cards` columns, its writer and its
# reader all follow it. Times are ISO text; a NULL is None whatever the field.
CARD_FIELDS: tuple[CardField, ...] = (
    CardField("card_id", "TEXT PRIMARY KEY"),
    CardField("phase", "TEXT NOT NULL CHECK (phase IN ('learning', 'review', 'relearning'))"),
    CardField("step", "INTEGER"),
    CardField("stability", "REAL"),
    CardField("difficulty", "REAL"),
    CardField("due", "TEXT NOT NULL", _iso, _time),
    CardField("last_review", "TEXT", _iso, _time),
    CardField("first_review", "TEXT", _iso, _time),
    CardField("reviews", "INTEGER NOT NULL CHECK (reviews >= 0)"),
    CardField("correct", "INTEGER NOT NULL CHECK (correct >= 0)"),
    CardField("lapses", "INTEGER NOT NULL CHECK (lapses >= 0)"),
    CardField("content_hash", "TEXT"),
    CardField("last_day", "TEXT"),
)
assert tuple(f.name for f in CARD_FIELDS) == CardState._fields


def card_row(state: CardState) -> tuple[object, ...]:
    """A card state as the values of its index row, in CARD_FIELDS order."""
    return tuple(
        value if f.encode is None or value is None else f.encode(value)
        for f, value in zip(CARD_FIELDS, state, strict=True)
    )


def cards_from_rows(rows: Sequence[Sequence[Any]]) -> dict[str, CardState]:
    """Card states from index rows (values in CARD_FIELDS order), by card id.

    Decoded a field at a time across all rows: forty thousand cards are read at each start.

    Raises:
        StateError: when a value cannot be read back (the index is damaged).
    """
    if not rows:
        return {}
    columns: list[Sequence[Any]] = []
    try:
        for f, column in zip(CARD_FIELDS, zip(*rows, strict=True), strict=True):
            decode = f.decode
            if decode is None:
                columns.append(column)
            else:
                columns.append([None if value is None else decode(value) for value in column])
    except (TypeError, ValueError) as exc:
        raise StateError(f"a card state cannot be read: {exc}") from None
    return {values[0]: CardState(*values) for values in zip(*columns, strict=True)}
