"""The question file an import writes: new questions added, changed ones updated, all checked.

An import writes only a file it made itself (marked by a comment at its top), so a question file
someone wrote by hand is never overwritten; a question whose id already lives in another
file of the bank is left where it is.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from trustquiz.bank.authoring import read_file, render_question, write_file
from trustquiz.bank.loader import Bank
from trustquiz.bank.parse import load_text
from trustquiz.bank.schema import SCHEMA_FILE
from trustquiz.errors import TrustquizError
from trustquiz.kinds import registry

MARK = "# Imported with `trustquiz import`"
MAX_SHOWN = 20

Sourced = tuple[dict[str, Any], str]  # a question's fields, and where it came from


@dataclass
class Plan:
    """What writing the imported questions to `path` does; `text` is None when nothing
    changes."""

    path: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    elsewhere: list[tuple[str, Path]] = field(default_factory=list)
    text: str | None = None


def comparable(fields: dict[str, Any]) -> dict[str, Any] | None:
    """A question's fields as the model reads them, defaults left out (None if invalid)."""
    given = {key: value for key, value in fields.items() if value is not None}
    try:
        model = registry.kind(str(given.get("kind"))).model.model_validate(given)
    except (KeyError, ValidationError):
        return None
    dumped: dict[str, Any] = model.model_dump(mode="json", exclude_defaults=True)
    return dumped


def plan(path: Path, questions: list[Sourced], bank: Bank, source: str) -> Plan:
    """Merge the imported questions into the import file at `path` (made if missing).

    Raises:
        TrustquizError: the file exists and was not made by an import, two imported
            questions share an id, or any question is invalid (each named by where it
            came from, with the problem; nothing is written).
    """
    result = Plan(path)
    merged: dict[str, dict[str, Any]] = {}
    if path.exists():
        merged = _existing(path)
    origin: dict[str, str] = {}
    problems: list[str] = []
    for fields, where in questions:
        qid = str(fields["id"])
        if qid in origin:
            problems.append(f"{where}: id '{qid}' is also the id of {origin[qid]}")
            continue
        origin[qid] = where
        source_key = fields.get("source")
        if source_key and source_key not in bank.source_data:
            known = ", ".join(sorted(bank.source_data)) or "none"
            problems.append(f"{where}: unknown source '{source_key}' (known: {known})")
            continue
        found = bank.cards_for(qid)
        if found and found[0].entry.path.resolve() != path.resolve():
            result.elsewhere.append((qid, found[0].entry.path))
            continue
        if qid not in merged:
            result.added.append(qid)
        elif comparable(merged[qid]) == comparable(fields):
            result.unchanged.append(qid)
        else:
            result.updated.append(qid)
        merged[qid] = fields
    if problems:
        raise TrustquizError(_listed("nothing was imported", problems))
    if not result.added and not result.updated:
        return result
    text, starts = _render(merged, source)
    checked = load_text(path, text)
    if checked.problems:
        ids = list(merged)
        for problem in checked.problems:
            index = max(bisect.bisect_right(starts, problem.line or 0) - 1, 0)
            where = origin.get(ids[index], f"{path}:{problem.line}")
            problems.append(f"{where}: {problem.message}")
        raise TrustquizError(_listed("nothing was imported; fix these in the source", problems))
    result.text = text
    return result


def write(result: Plan) -> None:
    """Write the planned file (and the schema beside it), atomically."""
    if result.text is None:
        return
    write_file(result.path, result.text, with_schema=True)


def _existing(path: Path) -> dict[str, dict[str, Any]]:
    old = read_file(path) or ""
    if not any(line.startswith(MARK) for line in old.splitlines()[:2]):
        raise TrustquizError(
            f"{path} exists and was not written by `trustquiz import`; it is left as it is:"
            " give --file with a new file name"
        )
    loaded = load_text(path, old)
    if loaded.problems:
        raise TrustquizError(f"{path} has problems; fix them first (`trustquiz check {path}`)")
    return {
        entry.id: entry.question.model_dump(mode="json", exclude_defaults=True)
        for entry in loaded.entries
    }


def _render(merged: dict[str, dict[str, Any]], source: str) -> tuple[str, list[int]]:
    """The file's text, and the line each question starts on."""
    head = f"#:schema ./{SCHEMA_FILE}\n{MARK} from {source}; importing again updates it.\n"
    parts, starts, line = [head], [], head.count("\n") + 1
    for fields in merged.values():
        block = "\n" + render_question(fields)
        starts.append(line + 1)
        line += block.count("\n")
        parts.append(block)
    return "".join(parts), starts


def _listed(head: str, problems: list[str]) -> str:
    shown = problems[:MAX_SHOWN]
    more = len(problems) - len(shown)
    tail = [f"... and {more} more"] if more > 0 else []
    return "\n".join([f"{head} ({len(problems)} problem(s)):", *shown, *tail])
