"""The review log's two line forms: the compact one written for answers, the long one of old."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trustquiz.store.log import Record

# A compact line's key -> the field of the long form it stands for. An answer is told by
# "r" (its review id) or, when its id is the one its question and time make (answer_id),
# by "a" alone; an undo or override by the key "undo" or "override" (the id it names).
REVIEW_KEYS = {
    "r": "review_id",
    "q": "question_id",
    "at": "time",
    "a": "response",
    "v": "verdict",
    "c": "confidence",
    "g": "rating",
    "ms": "duration_ms",
    "s": "session_id",
    "h": "content_hash",
    "d": "day",
    "l": "learned",
    "cram": "cram",
    "shown": "shown",
    "missed": "missed",
    "mock": "mock",
    "imported": "imported",
}
CORRECTION_KEYS = {"q": "question_id", "at": "time", "s": "session_id", "g": "rating"}
_RARE = ("shown", "missed", "mock", "imported")


def utc_text(when: datetime) -> str:
    """An aware time as exact, readable ISO UTC: `2026-12-01T09:30:00.25Z` (no trailing zeros)."""
    utc = when.astimezone(timezone.utc)
    text = utc.replace(microsecond=0, tzinfo=None).isoformat()
    if utc.microsecond:
        text += "." + f"{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


_UTC_TEXT = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z")


def answer_id(question_id: str, when: datetime) -> str:
    """The id of an answer whose line leaves "r" out: its question's id and its time,
    `kabil@2026-11-01T09:00:00.25Z` (a question is answered once at any one moment)."""
    return answer_key(question_id, utc_text(when))


def answer_key(question_id: str, at: str) -> str:
    """`answer_id` from the time as a line writes it ("at")."""
    return f"{question_id}@{at}"


def utc_time(text: str) -> datetime | None:
    """The time of a `utc_text` text (any number of fraction digits up to 6), else None."""
    match = _UTC_TEXT.fullmatch(text)
    if match is None:
        return None
    try:
        whole = datetime.fromisoformat(match[1]).replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return whole + timedelta(microseconds=int((match[2] or "0").ljust(6, "0")))


class LastHashes(dict[str, "str | None"]):
    """Each question's content hash on its latest answer line read so far: the hash of a
    compact answer line that leaves "h" out. `before` gives it for a question none of whose
    lines were read here (those before where reading started: the index knows them)."""

    def __init__(self, before: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self.before = before

    def __missing__(self, question_id: str) -> str | None:
        return None if self.before is None else self.before(question_id)


def encode(record: Record, previous_hash: str | None = None) -> bytes:
    """One log line (with its newline) for `record`: compact for answers and corrections.

    An answer's content hash is left out when it is `previous_hash`, that of the latest
    answer line to its question already in the log (None when there is none)."""
    if record.type == "settings":
        return (record.model_dump_json() + "\n").encode()
    at = utc_text(record.time)
    line: dict[str, Any]
    if record.type != "review":
        line = {record.type: record.review_id, "q": record.question_id, "at": at}
        line["s"] = record.session_id
        if record.rating is not None:
            line["g"] = record.rating
    else:
        line = {"q": record.question_id, "at": at, "a": record.response}
        if record.review_id != answer_key(record.question_id, at):
            line = {"r": record.review_id, **line}  # not the id its question and time make
        if (record.verdict == "right") != (record.rating > 1):
            line["v"] = record.verdict  # left out when the rating says it: 1 wrong, else right
        if record.confidence is not None:
            line["c"] = record.confidence
        line["g"] = record.rating
        if record.duration_ms is not None:
            line["ms"] = record.duration_ms
        line["s"] = record.session_id
        if record.content_hash != previous_hash:
            line["h"] = record.content_hash  # null when a question's hash is gone
        if record.day != at[:10]:
            line["d"] = record.day  # when the learner's day is not the UTC date (or unknown)
        if record.learned:
            line["l"] = True
        if record.cram:
            line["cram"] = True
        for key in _RARE:
            if (value := getattr(record, key)) is not None:
                line[key] = value
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def encoded(records: Sequence[Record], before: Callable[[str], str | None]) -> list[bytes]:
    """The records' lines for the end of the log, each answer's content hash left out when
    it is that of its question's latest answer line (`before` gives those in the log)."""
    hashes = LastHashes(before)
    lines = []
    for record in records:
        if record.type == "review":
            lines.append(encode(record, hashes[record.question_id]))
            hashes[record.question_id] = record.content_hash
        else:
            lines.append(encode(record))
    return lines


def expand(
    data: dict[str, Any], hashes: LastHashes
) -> tuple[dict[str, Any], dict[str, str]] | None:
    """A compact line's values under the long form's field names, and each field's key in
    the line (for messages); None when `data` is not a compact line. An answer without "h"
    has the content hash of its question's answer line before it (`hashes`).

    Raises:
        ValueError: naming the record type and the first key that type does not have.
    """
    if "r" in data:
        kind = "review"
    elif "undo" in data:
        kind = "undo"
    elif "override" in data:
        kind = "override"
    elif "a" in data:
        kind = "review"  # an answer known by its question and time
    else:
        return None
    keys = _KEYS[kind]
    try:  # one pass: this runs for every answer of a rebuild
        fields = {keys[key]: value for key, value in data.items()}
    except KeyError as exc:
        raise ValueError(
            f"not a valid {kind} record ({exc.args[0]}: Extra inputs are not permitted)"
        ) from None
    fields["type"] = kind
    if kind == "review":
        if "review_id" not in fields:
            question, at = fields.get("question_id"), fields.get("time")
            # Without a text "q" and an "at" the line is refused for them, not for "r".
            ok = isinstance(question, str) and at is not None
            fields["review_id"] = answer_key(str(question), str(at)) if ok else "?"
        if "verdict" not in fields:
            rating = fields.get("rating")
            if isinstance(rating, int):  # else pydantic names the bad or missing "g"
                fields["verdict"] = "wrong" if rating == 1 else "right"
        if "day" not in fields:
            at = fields.get("time")
            if isinstance(at, str) and at.endswith("Z"):
                fields["day"] = at[:10]  # its UTC date, unless the line says otherwise
        if "content_hash" not in fields:
            question = fields.get("question_id")
            if isinstance(question, str):  # else pydantic names the bad or missing "q"
                fields["content_hash"] = hashes[question]
    return fields, _NAMES[kind]


_KEYS = {
    "review": REVIEW_KEYS,
    "undo": {"undo": "review_id", **CORRECTION_KEYS},
    "override": {"override": "review_id", **CORRECTION_KEYS},
}
_NAMES = {kind: {field: key for key, field in keys.items()} for kind, keys in _KEYS.items()}
