"""Line numbers for a TOML question file: where each `[[questions]]` table and key starts.

tomllib returns plain dicts without positions, so this scanner reads the text once more
to find them. It understands comments and multi-line strings, which is all a question
file needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]\s*(?:#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*(?:\"([^\"]+)\"|'([^']+)'|([A-Za-z0-9_-]+))\s*(?:\.[^=]*)?=")


@dataclass
class TableLines:
    """The header line of one table and the line of each of its top-level keys."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)
    end: int = 0

    def key_line(self, key: object) -> int:
        """Return the line of `key`, or of the table header when the key is absent."""
        return self.keys.get(str(key), self.line)


@dataclass
class FileLines:
    """Where things are in one question file."""

    top: TableLines
    tables: dict[str, TableLines]
    questions: list[TableLines]

    def question(self, index: int) -> TableLines:
        """Return the lines of the `index`-th question, or the file's top when unknown."""
        if 0 <= index < len(self.questions):
            return self.questions[index]
        return self.top


def _toggle_multiline(line: str, open_delim: str | None) -> str | None:
    """Track whether a multi-line string is open after this line."""
    i = 0
    delim = open_delim
    in_single: str | None = None
    while i < len(line):
        chunk = line[i : i + 3]
        ch = line[i]
        if delim is not None:
            if ch == "\\" and delim == '"""':
                i += 2
                continue
            if chunk == delim:
                delim = None
                i += 3
                continue
            i += 1
            continue
        if in_single is not None:
            if ch == "\\" and in_single == '"':
                i += 2
                continue
            if ch == in_single:
                in_single = None
            i += 1
            continue
        if ch == "#":
            break
        if chunk in ('"""', "'''"):
            delim = chunk
            i += 3
            continue
        if ch in "\"'":
            in_single = ch
        i += 1
    return delim


def scan(text: str) -> FileLines:
    """Map the tables and keys of a TOML document to 1-based line numbers."""
    top = TableLines(line=1)
    tables: dict[str, TableLines] = {}
    questions: list[TableLines] = []
    current = top
    open_delim: str | None = None
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if open_delim is None:
            array = _ARRAY_HEADER.match(line)
            table = None if array else _TABLE_HEADER.match(line)
            if array:
                current.end = number - 1
                current = TableLines(line=number)
                name = array.group(1).replace(" ", "")
                if name == "questions":
                    questions.append(current)
                else:
                    tables.setdefault(name, current)
            elif table:
                current.end = number - 1
                current = TableLines(line=number)
                tables.setdefault(table.group(1).replace(" ", ""), current)
            else:
                key = _KEY.match(line)
                if key:
                    name = key.group(1) or key.group(2) or key.group(3)
                    current.keys.setdefault(name, number)
                    if current is top:
                        top.keys.setdefault(name, number)
        # Only a line holding a triple quote can open or close a multi-line string.
        if '"""' in line or "'''" in line:
            open_delim = _toggle_multiline(line, open_delim)
    current.end = len(lines)
    return FileLines(top=top, tables=tables, questions=questions)
