"""Writing questions into TOML files: a question as text, a readable id, a safe append."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from trustquiz import paths
from trustquiz.bank.loader import Bank
from trustquiz.bank.parse import load_text
from trustquiz.bank.schema import SCHEMA_FILE, schema_text
from trustquiz.errors import TrustquizError
from trustquiz.files import write_atomic
from trustquiz.kinds import registry

ID_WORDS = 6
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_STOP_WORDS = {"a", "an", "the", "of", "in", "on", "for", "to", "and", "is", "are", "which", "what"}
# A question's keys are written in this order: these first, then its kind's own in the
# order its model declares them, then the explanation.
_HEAD = ("id", "kind", "topic", "tags", "source", "difficulty", "group")
_TAIL = ("explanation",)


def slugify(text: str, words: int = ID_WORDS) -> str:
    """`What is China's share of REE processing?` -> `china-share-ree-processing`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]s\b", "", ascii_text)
    tokens = [t for t in re.findall(r"[a-z0-9]+", ascii_text.lower()) if t not in _STOP_WORDS]
    return "-".join(tokens[:words]) or "question"


def unique_id(text: str, taken: Collection[str]) -> str:
    """A readable id from the question's text, made unique with -2, -3, ... when needed."""
    base = slugify(text)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def toml_value(value: Any) -> str:
    """A TOML literal for a string, bool, number, list or inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = "".join(
            _ESCAPES.get(ch, f"\\u{ord(ch):04x}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch)
            for ch in value
        )
        return f'"{escaped}"'
    if isinstance(value, Mapping):
        inner = ", ".join(f"{key} = {toml_value(item)}" for key, item in value.items())
        return "{ " + inner + " }"
    if isinstance(value, list | tuple):
        items = [toml_value(item) for item in value]
        if any(isinstance(item, Mapping) for item in value):
            return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
        return "[" + ", ".join(items) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def field_order(kind: str) -> list[str]:
    """The order of a question's keys in its table: shared ones, the kind's own, explanation."""
    try:
        own = list(registry.kind(kind).model.model_fields)
    except KeyError:
        own = []
    return [*_HEAD, *(key for key in own if key not in _HEAD + _TAIL), *_TAIL]


def render_question(fields: Mapping[str, Any]) -> str:
    """A `[[questions]]` table with its keys in a readable order."""
    order = field_order(str(fields.get("kind")))
    ordered = sorted(fields, key=lambda k: order.index(k) if k in order else len(order))
    lines = ["[[questions]]"]
    lines += [f"{key} = {toml_value(fields[key])}" for key in ordered if fields[key] is not None]
    return "\n".join(lines) + "\n"


def id_seed(fields: Mapping[str, Any]) -> str:
    """The text an id is made from: what tells this question apart, not a stock lead-in."""
    if fields.get("statements"):
        return str(fields["statements"][0]["text"])
    if fields.get("pairs"):
        first = fields["pairs"][0]
        return f"{first['left']} {first['right']}"
    for key in ("prompt", "text", "statement1"):
        if fields.get(key):
            return str(fields[key])
    return str(fields["kind"])


def default_file(home: Path, topic: str) -> Path:
    """Where `add` puts a question of this topic: `questions/<topic>.toml` in the data dir."""
    return paths.user_questions_dir(home) / f"{slugify(topic, words=8)}.toml"


def add_question(path: Path, fields: Mapping[str, Any], bank: Bank) -> str:
    """Append a question to `path`, keeping the file's bytes as they were; return its id.

    The whole new file is validated first; on any problem nothing is written.

    Raises:
        TrustquizError: for an invalid question, a duplicate id or an unwritable file.
    """
    qid = str(fields["id"])
    taken = bank.cards_for(qid) or bank.cards_for(qid.split("#")[0])
    if taken:
        existing = taken[0]
        where = f"{existing.entry.path}:{existing.entry.line}"
        raise TrustquizError(f"id '{qid}' is taken by the question at {where}; choose another")
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise TrustquizError(f"cannot write {path}: {folder} is a file, not a folder")
    old = read_file(path)
    if old is None:
        head = f"#:schema ./{SCHEMA_FILE}\n# Questions added with `trustquiz add`.\n\n"
    else:
        head = old + ("" if old.endswith("\n") or not old else "\n") + "\n"
    text = head + render_question(fields)
    result = load_text(path, text)
    if result.problems:
        lines = "\n".join(problem.message for problem in result.problems)
        raise TrustquizError(f"the question was not added:\n{lines}")
    write_file(path, text, with_schema=old is None)
    return qid


def read_file(path: Path) -> str | None:
    """The text of a question or sources file, or None where there is none yet."""
    try:
        return path.read_text(encoding="utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise TrustquizError(f"cannot read {path}: {exc}") from None


def write_file(path: Path, text: str, with_schema: bool) -> None:
    """Write a file of the bank atomically; `with_schema` puts the JSON Schema beside it,
    for editors, unless one is there already."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
        schema = path.parent / SCHEMA_FILE
        if with_schema and not schema.exists():
            write_atomic(schema, schema_text().encode("utf-8"))
    except OSError as exc:
        raise TrustquizError(f"cannot write {path}: {exc.strerror or exc}") from None


def fields_from_flags(kind: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The question's TOML fields from `trustquiz add` options (validation comes later).

    Each option given becomes the field of its name; the kind converts those it reads
    differently (a truefalse answer, `+`/`-` marked statements, ...).
    """
    flags = {
        key: list(value) if isinstance(value, list | tuple) else value
        for key, value in given.items()
        if value
    }
    try:
        spec = registry.kind(kind)
    except KeyError:
        return {"kind": kind, **flags}  # the loader names the known kinds
    return {"kind": kind, **spec.from_flags(flags)}
