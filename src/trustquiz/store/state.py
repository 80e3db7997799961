"""What the progress store knows, as plain data: settings, card states and running counts.

Every command reads these, `stats` among them, so they are plain classes with a strict
reader of their own instead of pydantic models: reading progress never imports pydantic.
`progress.json` is derived data (the review log is the truth), so anything this reader
does not fully accept is treated as damage and rebuilt from the log.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

if TYPE_CHECKING:
    from trustquiz.store.records import ReviewRecord

CardPhase = Literal["learning", "review", "relearning"]
PHASES: tuple[CardPhase, ...] = ("learning", "review", "relearning")
RETENTION_RANGE = (0.7, 0.99)
NEW_PER_DAY_RANGE = (0, 1000)


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


@dataclass(frozen=True, slots=True)
class Settings:
    """Learner settings: kept in the snapshot, changed through `settings` lines of the log."""

    desired_retention: float = 0.9
    new_per_day: int = 20
    exam_date: date | None = None

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
        right = int(review.verdict == "right")
        day = review.day or review.time.astimezone().date().isoformat()
        counts = self.days.setdefault(day, [0, 0, 0, 0])
        counts[0] += sign
        counts[1] += sign * right
        if review.learned:
            counts[2] += sign
            counts[3] += sign * right
        sure = self.confidence.setdefault(review.confidence or "sure", [0, 0])
        sure[0] += sign
        sure[1] += sign * right


@dataclass(slots=True)
class Snapshot:
    """`progress.json`: card states folded from the first `log_offset` bytes of the log."""

    schema_version: int
    settings: Settings = field(default_factory=Settings)
    log_offset: int = 0
    log_lines: int = 0
    written_at: datetime | None = None
    cards: dict[str, CardState] = field(default_factory=dict)
    aggregates: Aggregates = field(default_factory=Aggregates)


# -- progress.json -------------------------------------------------------------------------

SCHEMA_VERSION = 2
# The order of a card's values in a version 2 snapshot.
CARD_FIELDS = (
    "phase", "step", "stability", "difficulty", "due", "last_review", "first_review",
    "reviews", "correct", "lapses", "content_hash",
)  # fmt: skip
_SNAPSHOT_KEYS = frozenset(Snapshot.__dataclass_fields__) | {"card_fields"}
_PHASE_SET = frozenset(PHASES)
_SETTINGS_KEYS = frozenset(Settings.__dataclass_fields__)
_CARD_KEYS = frozenset(CardState._fields)
_NUMBERS = (int, float)
_CARD_REQUIRED = frozenset(
    ("card_id", "phase", "step", "stability", "difficulty", "due", "last_review", "first_review")
)


def _time(value: object) -> datetime:
    try:
        parsed = _fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise StateError(f"{value!r} is not a time with a timezone")
    return parsed


def _fromisoformat_z(text: str) -> datetime:
    # Python 3.10's fromisoformat does not know the "Z" suffix.
    return datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] == "Z" else text)


_fromisoformat = datetime.fromisoformat if sys.version_info >= (3, 11) else _fromisoformat_z


def _optional_time(value: object) -> datetime | None:
    return None if value is None else _time(value)


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise StateError(f"{value!r} is not a count")
    return value


def _card(card_id: str, data: object) -> CardState:
    if type(data) is not dict or data.keys() - _CARD_KEYS or _CARD_REQUIRED - data.keys():
        raise StateError(f"card {card_id!r} does not have the fields of a card state")
    get = data.get
    step, stability, difficulty = data["step"], data["stability"], data["difficulty"]
    last, first, content_hash = data["last_review"], data["first_review"], get("content_hash")
    reviews, correct, lapses = get("reviews", 0), get("correct", 0), get("lapses", 0)
    if (
        data["card_id"] != card_id
        or data["phase"] not in PHASES
        or not (step is None or type(step) is int)
        or not (stability is None or type(stability) in _NUMBERS)
        or not (difficulty is None or type(difficulty) in _NUMBERS)
        or not (content_hash is None or type(content_hash) is str)
        or type(reviews) is not int
        or type(correct) is not int
        or type(lapses) is not int
        or min(reviews, correct, lapses) < 0
    ):
        raise StateError(f"card {card_id!r} has a field of the wrong type")
    return CardState(
        card_id,
        data["phase"],
        step,
        None if stability is None else float(stability),
        None if difficulty is None else float(difficulty),
        _time(data["due"]),
        None if last is None else _time(last),
        None if first is None else _time(first),
        reviews,
        correct,
        lapses,
        content_hash,
    )


def _counts(data: object, width: int) -> dict[str, list[int]]:
    if not isinstance(data, dict):
        raise StateError("counts are not a table")
    for key, counts in data.items():
        if (
            not isinstance(counts, list)
            or len(counts) != width
            or any(type(c) is not int for c in counts)
        ):
            raise StateError(f"counts for {key!r} are not {width} integers")
    return data


def _settings(data: object) -> Settings:
    if not isinstance(data, dict) or data.keys() - _SETTINGS_KEYS:
        raise StateError("settings have unknown fields")
    return Settings().updated(data)


def snapshot_version(raw: bytes) -> object:
    """The schema_version a snapshot declares, if it can be read at all."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data.get("schema_version") if isinstance(data, dict) else None


def decode_snapshot(raw: bytes) -> Snapshot:
    """Read `progress.json`, as this version writes it or as version 1 did.

    Raises:
        StateError: when the bytes are not a snapshot this version wrote (or would write).
    """
    try:
        data = json.loads(raw)
    except ValueError:
        raise StateError("not JSON") from None
    if not isinstance(data, dict) or data.keys() - _SNAPSHOT_KEYS:
        raise StateError("not a snapshot")
    version = data.get("schema_version")
    cards = data.get("cards", {})
    aggregates = data.get("aggregates", {})
    if type(version) is not int or not isinstance(cards, dict) or not isinstance(aggregates, dict):
        raise StateError("not a snapshot")
    if aggregates.keys() - {"days", "confidence"}:
        raise StateError("aggregates have unknown fields")
    if version == 1:
        if "card_fields" in data:
            raise StateError("not a snapshot")
        states = {card_id: _card(card_id, card) for card_id, card in cards.items()}
    else:
        if data.get("card_fields") != list(CARD_FIELDS):
            raise StateError(f"card_fields are not {list(CARD_FIELDS)}")
        states = _card_rows(cards)
    return Snapshot(
        schema_version=version,
        settings=_settings(data.get("settings", {})),
        log_offset=_count(data.get("log_offset", 0)),
        log_lines=_count(data.get("log_lines", 0)),
        written_at=_optional_time(data.get("written_at")),
        cards=states,
        aggregates=Aggregates(
            _counts(aggregates.get("days", {}), 4), _counts(aggregates.get("confidence", {}), 2)
        ),
    )


_NONE = type(None)


def _types(column: Sequence[object], allowed: set[type], what: str) -> None:
    if not set(map(type, column)) <= allowed:
        raise StateError(f"a card's {what} has the wrong type")


def _times(column: Sequence[object], optional: bool, what: str) -> list[datetime | None]:
    try:
        if optional and None in column:
            parsed = [None if v is None else _fromisoformat(v) for v in column]  # type: ignore[arg-type]
        else:
            parsed = list(map(_fromisoformat, column))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise StateError(f"a card's {what} is not a time") from None
    if None in set(map(_TZINFO, filter(None, parsed))):
        raise StateError(f"a card's {what} has no timezone")
    return parsed


_TZINFO = attrgetter("tzinfo")


def _card_rows(cards: dict[str, Any]) -> dict[str, CardState]:
    """Version 2's cards: one array per card, its values in CARD_FIELDS order.

    Checked a field at a time across all cards, which is what keeps reading forty thousand
    of them fast.
    """
    rows = list(cards.values())
    width = len(CARD_FIELDS)
    if not rows:
        return {}
    if set(map(type, rows)) != {list} or set(map(len, rows)) != {width}:
        raise StateError(f"a card is not an array of {width} values")
    phase, step, stability, difficulty, due, last, first, reviews, correct, lapses, hashes = zip(
        *rows, strict=True
    )
    if not set(phase) <= _PHASE_SET:
        raise StateError("a card's phase is not one of " + ", ".join(PHASES))
    _types(step, {int, _NONE}, "step")
    _types(stability, {float, int, _NONE}, "stability")
    _types(difficulty, {float, int, _NONE}, "difficulty")
    _types(hashes, {str, _NONE}, "content_hash")
    for name, counts in (("reviews", reviews), ("correct", correct), ("lapses", lapses)):
        _types(counts, {int}, name)
        if min(counts) < 0:
            raise StateError(f"a card's {name} is negative")
    columns = (
        cards,
        phase,
        step,
        _floats(stability),
        _floats(difficulty),
        _times(due, False, "due"),
        _times(last, True, "last_review"),
        _times(first, True, "first_review"),
        reviews,
        correct,
        lapses,
        hashes,
    )
    states = map(_new_state, zip(*columns, strict=True))
    return dict(zip(cards, states, strict=True))


def _floats(column: Sequence[float | None]) -> Sequence[float | None]:
    """The column with any whole number (as JSON may write a float) made a float."""
    if int not in set(map(type, column)):
        return column
    return [value if value is None or type(value) is float else float(value) for value in column]


# CardState(*values) without a Python-level __new__ call per card.
_new_state = cast("Callable[[tuple[Any, ...]], CardState]", partial(tuple.__new__, CardState))


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def encode_snapshot(snapshot: Snapshot) -> bytes:
    """`progress.json`'s bytes: indented JSON a person can read, one line per card.

    Each card is an array of its values in the order `card_fields` names, so that a bank of
    tens of thousands of cards reads and writes in a fraction of a second.
    """
    head = {
        "schema_version": SCHEMA_VERSION,
        "settings": snapshot.settings.to_json(),
        "log_offset": snapshot.log_offset,
        "log_lines": snapshot.log_lines,
        "written_at": _iso(snapshot.written_at),
        "aggregates": {
            "days": snapshot.aggregates.days,
            "confidence": snapshot.aggregates.confidence,
        },
        "card_fields": list(CARD_FIELDS),
    }
    rows = {
        card_id: [
            state.phase,
            state.step,
            state.stability,
            state.difficulty,
            _iso(state.due),
            _iso(state.last_review),
            _iso(state.first_review),
            state.reviews,
            state.correct,
            state.lapses,
            state.content_hash,
        ]
        for card_id, state in snapshot.cards.items()
    }
    text = json.dumps(head, indent=1, ensure_ascii=False)
    # All cards in one call of the C encoder, then a line break after each: `], "` occurs
    # only between cards, since a quote inside a JSON string is always escaped.
    cards = json.dumps(rows, ensure_ascii=False)
    if rows:
        cards = "{\n  " + cards[1:-1].replace('], "', '],\n  "') + "\n }"
    return f'{text[:-2]},\n "cards": {cards}\n}}\n'.encode()
