"""CSV and tab-separated questions: Anki's notes-in-plain-text dialect, and trustquiz's columns.

trustquiz's columns are `id, kind, topic, prompt, answer, options, explanation, tags, source`
and an optional `more`. `prompt` is a cloze's text; `options` holds one item a line: an mcq's
four options, `+`/`-` marked statements, `+left = right` pairs, or an assertion's two
statements; `tags` are separated by spaces; `more` is a JSON object of any other field
(aliases, tolerance, `ask`, statement reasons ...), so a written bank reads back the same.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from trustquiz.bank.ankinotes import ANKI_CLOZE, cloze_question, plain_text, topic_of
from trustquiz.bank.importfile import Sourced, comparable
from trustquiz.errors import TrustquizError
from trustquiz.kinds.base import QuestionBase

COLUMNS = ("id", "kind", "topic", "prompt", "answer", "options", "explanation", "tags", "source")
MORE = "more"
SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}
MARKED = ("statements", "pairs")


def read_csv(path: Path, topic: str | None = None) -> list[Sourced]:
    """The questions of a CSV or TSV file, each with `path:row N` for messages.

    Raises:
        TrustquizError: naming the file (and row) for anything unreadable.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise TrustquizError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise TrustquizError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    headers, body, skipped = _headers(text)
    separator = _separator(headers.get("separator"), body, path)
    try:
        rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=separator, strict=True))
    except csv.Error as exc:
        raise TrustquizError(f"{path}: not readable as CSV: {exc}") from None
    first = [cell.strip().lower() for cell in rows[0]] if rows else []
    if not headers and "kind" in first and set(first) <= {*COLUMNS, MORE}:
        return [
            (_own(dict(zip(first, row, strict=False)), where), where)
            for number, row in enumerate(rows[1:], start=skipped + 2)
            if any(cell.strip() for cell in row)
            for where in [f"{path}:row {number}"]
        ]
    return _anki(path, headers, rows, skipped, topic, separator)


def _headers(text: str) -> tuple[dict[str, str], str, int]:
    """Anki's `#key:value` lines at the top, the rest of the text, and how many lines those were."""
    headers: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    count = 0
    for line in lines:
        key, colon, value = line[1:].partition(":")
        if not line.startswith("#") or not colon:
            break
        headers[key.strip().lower()] = value.strip()
        count += 1
    return headers, "".join(lines[count:]), count


def _separator(named: str | None, body: str, path: Path) -> str:
    if named:
        found = SEPARATORS.get(named.lower(), named if len(named) == 1 else None)
        if found is None:
            raise TrustquizError(f"{path}: unknown #separator:{named}")
        return found
    first = body.split("\n", 1)[0]
    if "\t" in first or path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    return ";" if ";" in first and "," not in first else ","


def _anki(
    path: Path,
    headers: dict[str, str],
    rows: list[list[str]],
    skipped: int,
    topic: str | None,
    separator: str,
) -> list[Sourced]:
    """Rows of Anki's notes-in-plain-text: fields (Front, Back or Text, Back Extra), tags."""
    html = headers.get("html", "false").lower() == "true"
    special = {
        name: int(headers[f"{name} column"]) - 1
        for name in ("tags", "guid", "deck", "notetype")
        if headers.get(f"{name} column", "").isdigit()
    }
    common_tags = headers.get("tags", "").split()
    # `#columns:` names the columns: Front and Back (or Text) are found by name, in any order.
    names = next(csv.reader([headers.get("columns", "")], delimiter=separator), [])
    named = {name.strip().lower(): i for i, name in enumerate(names)}
    if "tags" in named and "tags" not in special:
        special["tags"] = named["tags"]
    front_at = named.get("front", named.get("text"))
    back_at = named.get("back", named.get("back extra"))
    found: list[Sourced] = []
    for number, row in enumerate(rows, start=skipped + 1):
        where = f"{path}:row {number}"
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            index = special.get(name)
            return row[index] if index is not None and index < len(row) else ""

        values = [v for i, v in enumerate(row) if i not in special.values()]
        if front_at is not None:
            values = [row[i] if i is not None and i < len(row) else "" for i in (front_at, back_at)]
        if not html:
            values = [v.replace("<", "&lt;").replace(">", "&gt;") for v in values]
        deck = cell("deck") or headers.get("deck") or path.stem
        notetype = cell("notetype") or headers.get("notetype", "")
        front = values[0] if values else ""
        guid = cell("guid")
        qid = ("anki-" + _digest(guid)) if guid else "csv-" + _digest(front)
        tags = [*common_tags, *cell("tags").split()] or None
        if "cloze" in notetype.lower() or ANKI_CLOZE.search(front):
            extra = values[1] if len(values) > 1 else ""
            fields, _ = cloze_question(qid, topic_of(deck, topic), front, extra)
            found.append(({**fields, "tags": tags}, where))
            continue
        media: list[str] = []
        back = values[1] if len(values) > 1 else ""
        fields = {
            "id": qid,
            "kind": "text",
            "topic": topic_of(deck, topic),
            "tags": tags,
            "prompt": plain_text(front, media),
            "answer": plain_text(back, media),
        }
        if media:
            fields["explanation"] = "Media (not imported): " + ", ".join(media) + "."
        found.append((fields, where))
    return found


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _own(row: dict[str, str], where: str) -> dict[str, Any]:
    """A question's fields from a row in trustquiz's columns."""
    kind = row.get("kind", "").strip()
    fields: dict[str, Any] = {"kind": kind}
    for key in ("id", "topic", "explanation", "source"):
        if row.get(key, "").strip():
            fields[key] = row[key].strip() if key != "explanation" else row[key]
    if row.get("tags", "").strip():
        fields["tags"] = row["tags"].split()
    prompt, answer = row.get("prompt", ""), row.get("answer", "").strip()
    if prompt.strip():
        fields["text" if kind == "cloze" else "prompt"] = prompt
    if answer:
        fields["answer"] = (
            {"true": True, "false": False}.get(answer.lower(), answer)
            if (kind == "truefalse")
            else answer
        )
    items = [line for line in row.get("options", "").splitlines() if line.strip()]
    try:
        fields.update(_items(kind, items))
    except TrustquizError as exc:
        raise TrustquizError(f"{where}: {exc}") from None
    if kind == "statements":
        fields["ask"] = "which"
    more = row.get(MORE, "").strip()
    if more:
        try:
            extra = json.loads(more)
        except json.JSONDecodeError as exc:
            raise TrustquizError(f"{where}: the `more` column is not JSON: {exc}") from None
        if not isinstance(extra, dict):
            raise TrustquizError(f"{where}: the `more` column must be a JSON object")
        fields.update(extra)
    return fields


def _items(kind: str, items: list[str]) -> dict[str, Any]:
    if not items:
        return {}
    if kind == "mcq":
        return {"options": items}
    if kind == "assertion":
        return dict(zip(("statement1", "statement2"), items, strict=False))
    if kind in MARKED:
        from trustquiz.kinds import registry

        return registry.kind(kind).from_flags({kind: items})
    raise TrustquizError(f"a {kind} question has no options: leave the column empty")


def _cells(dump: dict[str, Any]) -> dict[str, str]:
    """The main columns of a question (as dumped), before `more`."""
    kind = dump["kind"]
    answer = dump.get("answer", "")
    items: list[str] = []
    if kind == "mcq":
        items = list(dump["options"])
    elif kind == "assertion":
        items = [dump["statement1"], dump["statement2"]]
    elif kind == "statements":
        items = [("+" if s["correct"] else "-") + s["text"] for s in dump["statements"]]
    elif kind == "pairs":
        items = [f"{'+' if p['correct'] else '-'}{p['left']} = {p['right']}" for p in dump["pairs"]]
    return {
        "id": dump["id"],
        "kind": kind,
        "topic": dump["topic"],
        "prompt": dump.get("text" if kind == "cloze" else "prompt", ""),
        "answer": str(answer).lower() if isinstance(answer, bool) else str(answer),
        "options": "\n".join(items),
        "explanation": dump.get("explanation", ""),
        "tags": " ".join(dump.get("tags", ())),
        "source": dump.get("source") or "",
    }


def row_of(question: QuestionBase) -> dict[str, str]:
    """A question as a row of trustquiz's columns; `more` carries what the others cannot."""
    dump: dict[str, Any] = question.model_dump(mode="json", exclude_defaults=True)
    cells = _cells(dump)
    try:
        read = _own(cells, "")
    except TrustquizError:
        read = {}
    more = {key: value for key, value in dump.items() if read.get(key) != value}
    if comparable({**read, **more}) != dump:
        more = {key: value for key, value in dump.items() if key not in ("id", "kind")}
    cells[MORE] = json.dumps(more, ensure_ascii=False) if more else ""
    return cells


def write_csv(questions: list[QuestionBase]) -> str:
    """The questions in trustquiz's columns, with a header row."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, MORE], lineterminator="\r\n")
    writer.writeheader()
    for question in questions:
        writer.writerow(row_of(question))
    return out.getvalue()
