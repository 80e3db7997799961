"""A question being added, checked field by field as it is typed, and new sources written."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from trustquiz import paths
from trustquiz.bank.authoring import fields_from_flags, read_file, toml_value, write_file
from trustquiz.bank.filemodels import Source
from trustquiz.bank.parse import load_text
from trustquiz.errors import TrustquizError
from trustquiz.kinds import registry
from trustquiz.kinds.base import ID_PATTERN

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _message(error: Mapping[str, Any]) -> str:
    """A pydantic error in plain words: `must not be empty` rather than `Value error, ...`."""
    text = str(error["msg"])
    text = text.removeprefix("Value error, ")
    if error["type"] in ("string_too_short", "missing"):
        return "must not be empty"
    if error["type"] == "too_short":
        return f"give at least {error.get('ctx', {}).get('min_length', 1)}"
    return text


def problems(kind: str, given: Mapping[str, Any], only: str | None = None) -> list[tuple[str, str]]:
    """(key, message) for the values typed so far, as `add` would reject them.

    Fields not asked yet (not in `given`) are not missing; the checks across fields run
    once the model is whole. With `only`, just the problems of that key.
    """
    try:
        fields = fields_from_flags(kind, given)
    except TrustquizError as exc:
        return [(only or "", str(exc))]
    spec = registry.kind(kind)
    found: list[tuple[str, str]] = []
    try:
        question = spec.model.model_validate({"id": "draft", "topic": "draft", **fields})
    except ValidationError as exc:
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            if error["type"] == "missing" and key not in given:
                continue
            found.append((key, _message(error)))
    else:
        found = list(spec.check(question))
    return [p for p in found if only is None or p[0] == only]


def item_problem(kind: str, key: str, item: str) -> str | None:
    """What is wrong with one statement or pair as typed (no `+`/`-`, no `=`), or None."""
    try:
        fields_from_flags(kind, {key: [item]})
    except TrustquizError as exc:
        return str(exc)
    return None


def id_problem(qid: str, taken: Collection[str]) -> str | None:
    """Why an id cannot be used (its form, or a question that has it), or None."""
    if not re.match(ID_PATTERN, qid) or len(qid) > 120:
        return (
            f"'{qid}' is not an id: use lower-case letters, digits, '.', '_' and '-',"
            " starting with a letter or digit"
        )
    if qid in taken:
        return f"the id '{qid}' is taken by another question"
    return None


def source_problem(values: Mapping[str, str]) -> list[tuple[str, str]]:
    """(key, message) for a new source's title, publisher and date as typed."""
    try:
        Source.model_validate(dict(values))
    except ValidationError as exc:
        return [
            (
                str(e["loc"][0]),
                "use a date like 2024-07-23" if e["loc"][0] == "date" else _message(e),
            )
            for e in exc.errors()
        ]
    return []


def add_source(home: Path, key: str, values: Mapping[str, str]) -> Path:
    """Append `[sources.KEY]` to the learner's sources.toml (made if missing); return its path.

    Raises:
        TrustquizError: when the file would not load afterwards, or cannot be written.
    """
    path = paths.user_questions_dir(home) / paths.SOURCES_FILE
    old = read_file(path) or ""
    name = key if _BARE_KEY.match(key) else toml_value(key)
    table = [f"[sources.{name}]"] + [
        f"{k} = {v if k == 'date' else toml_value(v)}" for k, v in values.items()
    ]
    head = old + ("\n" if old and not old.endswith("\n") else "") + ("\n" if old else "")
    text = head + "\n".join(table) + "\n"
    result = load_text(path, text)
    if result.problems:
        lines = "\n".join(problem.message for problem in result.problems)
        raise TrustquizError(f"the source was not added:\n{lines}")
    write_file(path, text, with_schema=False)
    return path
