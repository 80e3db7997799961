"""Question file text -> validated models: TOML, then pydantic, then checks across fields.

Only files that are not in the bank cache come here, so this is the one place that loads
pydantic for the bank.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from trustquiz.bank.entries import Entry, FileResult, Origin, content_hash
from trustquiz.bank.filemodels import Defaults, Source
from trustquiz.bank.tomlmap import FileLines, TableLines, scan
from trustquiz.errors import QuestionFileError
from trustquiz.kinds import registry
from trustquiz.kinds.base import Question, QuestionBase
from trustquiz.paths import SOURCES_FILE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_QUESTION_ADAPTER: TypeAdapter[Question] = TypeAdapter(registry.question_union())
_TOML_POSITION = re.compile(r"at line (\d+), column (\d+)")


def load_bytes(path: Path, data: bytes) -> FileResult:
    """Load a question file's bytes (UTF-8 text expected)."""
    try:
        text = _decode(path, data)
    except QuestionFileError as exc:
        return FileResult(problems=[exc])
    return load_text(path, text)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise QuestionFileError(path, line, "not UTF-8 text; save the file as UTF-8") from None


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.14 adds lineno/colno; older versions only put them in the message.
        match = _TOML_POSITION.search(str(exc))
        line = getattr(exc, "lineno", None) or (int(match.group(1)) if match else None)
        column = getattr(exc, "colno", None) or (int(match.group(2)) if match else None)
        message = str(getattr(exc, "msg", "") or str(exc).split(" (at ")[0])
        if message == "Illegal character '\\n'":
            message = "the line ends inside a string (a closing quote is missing)"
        where = f" (column {column})" if column else ""
        hint = _hint(text.splitlines()[line - 1] if line and line <= text.count("\n") + 1 else "")
        raise QuestionFileError(path, line, f"TOML syntax error: {message}{where}{hint}") from None


_CURLY_QUOTES = "\u201c\u201d\u2018\u2019"
_PYTHON_BOOL = re.compile(r"=\s*(True|False|TRUE|FALSE)\b")


def _hint(line: str) -> str:
    """What to type instead, for the mistakes pasting and Python habits make."""
    if any(quote in line for quote in _CURLY_QUOTES):
        return (
            "; the line has curly quotes (\u201c \u201d \u2018 \u2019, as Word and WhatsApp"
            " write them): type straight ones, \" or '"
        )
    match = _PYTHON_BOOL.search(line)
    if match:
        return f"; write {match.group(1).lower()} in lowercase, as TOML does, not {match.group(1)}"
    return ""


def _field_names(kind_name: object) -> list[str]:
    try:
        model = registry.kind(kind_name).model if isinstance(kind_name, str) else None
    except KeyError:
        model = None
    return list((model or QuestionBase).model_fields)


def _describe(error: Any, data: dict[str, Any]) -> tuple[str | None, str]:
    """Turn one pydantic error into (key it is about, message)."""
    loc = error["loc"]
    kind = data.get("kind")
    etype = error["type"]
    if etype == "union_tag_not_found":
        return None, f"missing key 'kind' (one of {', '.join(registry.KINDS)})"
    if etype == "union_tag_invalid":
        return "kind", f"unknown kind {kind!r} (expected one of {', '.join(registry.KINDS)})"
    path = [str(p) for p in loc[1:]] if loc and loc[0] == kind else [str(p) for p in loc]
    key = path[0] if path else None
    dotted = ".".join(path)
    if etype == "extra_forbidden":
        close = difflib.get_close_matches(path[-1], _field_names(kind), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return key, f"unknown key '{dotted}'{hint}"
    if etype == "missing":
        return None, f"missing key '{dotted}' for a {kind} question"
    if etype == "string_pattern_mismatch" and dotted == "id":
        return key, (
            f"id {data.get('id')!r} may use only lowercase letters, digits, '.', '_' and '-',"
            " starting with a letter or digit"
        )
    return key, f"{dotted}: {error['msg']}"


def _merge_defaults(raw: dict[str, Any], defaults: Defaults) -> dict[str, Any]:
    merged = dict(raw)
    if defaults.topic is not None:
        merged.setdefault("topic", defaults.topic)
    if defaults.source is not None:
        merged.setdefault("source", defaults.source)
    if defaults.shuffle_items is not None and "shuffle_items" in _field_names(merged.get("kind")):
        merged.setdefault("shuffle_items", defaults.shuffle_items)
    if defaults.tags:
        own = merged.get("tags", [])
        if isinstance(own, list):
            merged["tags"] = list(dict.fromkeys([*defaults.tags, *own]))
    return merged


def _load_sources(path: Path, data: dict[str, Any], lines: FileLines) -> FileResult:
    result = FileResult()
    for key in data:
        if key != "sources":
            result.problems.append(
                QuestionFileError(path, lines.top.key_line(key), f"unknown table '{key}'")
            )
    table = data.get("sources", {})
    for name, raw in table.items() if isinstance(table, dict) else []:
        where = lines.tables.get(f"sources.{name}", lines.top)
        try:
            source = Source.model_validate(raw)
            result.sources[name] = (source.model_dump(mode="json"), where.line)
        except ValidationError as exc:
            for error in exc.errors():
                key = str(error["loc"][0]) if error["loc"] else ""
                result.problems.append(
                    QuestionFileError(path, where.key_line(key), f"source '{name}': {error['msg']}")
                )
    return result


def load_text(path: Path, text: str) -> FileResult:
    """Load the text of a question file as if it were at `path` (to validate before writing)."""
    result = FileResult()
    try:
        data = _parse_toml(path, text)
    except QuestionFileError as exc:
        result.problems.append(exc)
        return result
    lines = scan(text)
    if path.name == SOURCES_FILE:
        return _load_sources(path, data, lines)
    for key in data:
        if key not in ("defaults", "questions"):
            close = difflib.get_close_matches(key, ["defaults", "questions"], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            result.problems.append(
                QuestionFileError(path, lines.top.key_line(key), f"unknown table '{key}'{hint}")
            )
    defaults_lines = lines.tables.get("defaults", lines.top)
    try:
        defaults = Defaults.model_validate(data.get("defaults", {}))
    except ValidationError as exc:
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            result.problems.append(
                QuestionFileError(path, defaults_lines.key_line(key), f"defaults: {error['msg']}")
            )
        defaults = Defaults()
    raw_questions = data.get("questions", [])
    if isinstance(raw_questions, dict):
        where = lines.tables.get("questions", lines.top).line
        result.problems.append(
            QuestionFileError(
                path,
                where,
                "write each question under [[questions]] (double brackets), not [questions]",
            )
        )
        return result
    if not isinstance(raw_questions, list) or not raw_questions:
        if not result.problems:
            result.problems.append(
                QuestionFileError(path, 1, "no questions: add a [[questions]] table")
            )
        return result
    origin = Origin(path)  # shared by the file's entries
    for index, raw in enumerate(raw_questions):
        qlines = lines.question(index)
        entry = _load_question(origin, raw, defaults, qlines, defaults_lines, result.problems)
        if entry is not None:
            result.entries.append(entry)
        elif isinstance(raw, dict) and isinstance(raw.get("id"), str):
            result.failed.append((raw["id"], qlines.line))
    return result


def _load_question(
    origin: Origin,
    raw: Any,
    defaults: Defaults,
    qlines: TableLines,
    defaults_lines: TableLines,
    problems: list[QuestionFileError],
) -> Entry | None:
    path = origin.path
    if not isinstance(raw, dict):
        problems.append(QuestionFileError(path, qlines.line, "a question must be a table"))
        return None
    merged = _merge_defaults(raw, defaults)

    def line_of(key: str | None) -> int:
        if key is None:
            return qlines.line
        if key not in raw and key in merged:
            return defaults_lines.key_line(key)
        return qlines.key_line(key)

    qid = raw.get("id")
    ident = qid if isinstance(qid, str) else None
    prefix = f"question '{qid}': " if ident else ""
    try:
        question = _QUESTION_ADAPTER.validate_python(merged)
    except ValidationError as exc:
        for error in exc.errors():
            key, message = _describe(error, merged)
            problems.append(
                QuestionFileError(path, line_of(key), prefix + message, question_id=ident)
            )
        return None
    found = registry.kind_of(question).check(question)
    for key, message in found:
        problems.append(QuestionFileError(path, line_of(key), prefix + message, question_id=ident))
    if found:
        return None
    source_line = line_of("source") if "source" in merged else None
    return Entry.parsed(question, origin, qlines.line, content_hash(question), source_line)
