"""Interactive questions for `trustquiz add`: asks field by field, checks each, shows a preview."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Collection
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.syntax import Syntax

from trustquiz.bank.drafting import (
    add_source,
    id_problem,
    item_problem,
    problems,
    source_problem,
)
from trustquiz.errors import TrustquizError
from trustquiz.kinds import registry
from trustquiz.kinds.base import AddField
from trustquiz.view import lineedit
from trustquiz.view.answers import tidy, unreadable


def _prompt(label: str, default: str = "", show_default: bool = True) -> str:
    """Ask one line as `label [default]: `; an empty reply takes the default."""
    suffix = f" [{default}]" if show_default else ""
    lineedit.enable()
    try:
        reply = input(f"{label}{suffix}: ")
    except EOFError:
        print()
        raise TrustquizError(
            "the input ended before the question was complete: nothing was added"
        ) from None
    return reply or default


def _confirm(question: str, default: bool = True) -> bool:
    """Ask a yes/no question; an empty reply takes the default."""
    while True:
        reply = _prompt(f"{question} {'[Y/n]' if default else '[y/N]'}", show_default=False)
        answer = reply.strip().lower()
        if not answer:
            return default
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")
        print("Type y or n.")


def _ask(label: str, default: str | None = None) -> str:
    """Ask until the reply is readable text (see answers.py); spaces of every kind made plain.

    An empty reply is returned as it is: the caller says what is missing.
    """
    shown = default is not None
    while True:
        value = _prompt(label, default or "", shown)
        value = tidy(value).strip()
        reason = unreadable(value)
        if reason is None:
            return value
        print(f"That text {reason}; type it again.", file=sys.stderr)


def _say(text: str) -> None:
    """A message under the prompt, wrapped between words to the terminal's width."""
    width = max(40, shutil.get_terminal_size().columns - 1)
    print(
        textwrap.fill(
            text,
            width,
            initial_indent="  ",
            subsequent_indent="  ",
            break_on_hyphens=False,
            break_long_words=False,
        )
    )


def _many(label: str, marked: bool = False, kind: str = "", key: str = "") -> list[str]:
    """Read items until an empty line; with `marked`, each starts with + or -.

    An item that cannot be read (no `+`/`-`, a pair without `=`) is asked for again.
    """
    hint = " (start with + if correct, - if not; empty line to finish)" if marked else ""
    items: list[str] = []
    while True:
        item = _ask(f"{label} {len(items) + 1}{hint}", default="")
        if not item:
            return items
        wrong = item_problem(kind, key, item) if kind else None
        if wrong:
            _say(f"{wrong}. Type it again.")
            continue
        items.append(item)


def _ask_field(kind: str, field: AddField) -> Any:
    if field.items == "lettered":
        return [_ask(f"{field.label} {letter}") for letter in "abcd"]
    if field.items == "one":
        return _ask(field.label, default=field.default) or None
    return _many(field.label, field.items == "marked", kind, field.key)


def ask_fields(kind: str | None) -> tuple[str, dict[str, Any]]:
    """Ask for a question's kind-specific fields; return (kind, raw flag-style values).

    Each field is checked as soon as it is typed, and asked again with the reason when it
    would be rejected; problems across fields (an answer no option has) ask the field again.
    """
    while kind not in registry.KINDS:
        if kind is not None:
            _say(f"'{kind}' is not a kind: choose one of {', '.join(registry.KINDS)}.")
        kind = _ask(f"Kind ({', '.join(registry.KINDS)})", default="mcq")
    fields = tuple(f for f in registry.kind(kind).add_fields if f.asked)
    given: dict[str, Any] = {}
    for field in fields:
        given[field.key] = _ask_field(kind, field)
        while wrong := problems(kind, given, only=field.key):
            _say(f"{_label(field)}: {wrong[0][1]}. Type it again.")
            given[field.key] = _ask_field(kind, field)
    while wrong := problems(kind, given):
        key, message = wrong[0]
        field = next((f for f in fields if f.key == key), fields[-1])
        _say(f"{message}. Type {_label(field).lower()} again.")
        given[field.key] = _ask_field(kind, field)
    return kind, given


def _label(field: AddField) -> str:
    return field.label.split(" (")[0]


def ask_reasons(fields: dict[str, Any]) -> None:
    """Ask why each statement or pair is correct or incorrect (empty to leave it out)."""
    for key, value in fields.items():
        if not isinstance(value, list) or not all(
            isinstance(item, dict) and "correct" in item for item in value
        ):
            continue
        noun = key.removesuffix("s")
        for number, item in enumerate(value, start=1):
            verdict = "correct" if item["correct"] else "incorrect"
            why = _ask(f"Why is {noun} {number} {verdict}? (empty to skip)", default="")
            if why:
                item["why"] = why


def ask_common(
    fields: dict[str, Any], topic: str | None, sources: Collection[str], home: Path
) -> None:
    """Ask for topic, tags, explanation and source, where not given already.

    A source key that no sources.toml defines can be made on the spot, in the learner's own.
    """
    fields["topic"] = topic or ""
    while not fields["topic"]:
        fields["topic"] = _ask("Topic")
        if not fields["topic"]:
            _say("The topic must not be empty (it also names the file). Type it again.")
    tags = _ask("Tags, comma-separated", default="")
    fields["tags"] = [t.strip() for t in tags.split(",") if t.strip()] or None
    fields["explanation"] = _ask("Explanation (why the answer is right)", default="") or None
    fields["source"] = _ask_source(sources, home)


def _ask_source(sources: Collection[str], home: Path) -> str | None:
    while True:
        key = _ask("Source key (empty for none)", default="")
        if not key or key in sources:
            return key or None
        known = ", ".join(sorted(sources)) or "none yet"
        _say(f"There is no source '{key}' (known: {known}).")
        if _confirm(f"Create source '{key}' in your sources.toml?"):
            path = add_source(home, key, _ask_source_fields())
            _say(f"Added source '{key}' to {path}.")
            return key


def _ask_source_fields() -> dict[str, str]:
    labels = {"title": "Title", "publisher": "Publisher", "date": "Date (YYYY-MM-DD)"}
    values = dict.fromkeys(labels, "")
    for key, label in labels.items():
        while True:
            values[key] = _ask(label)
            wrong = [m for k, m in source_problem(values) if k == key]
            if not wrong:
                break
            _say(f"{label}: {wrong[0]}. Type it again.")
    return values


def ask_id(suggested: str, taken: Collection[str]) -> str:
    """Ask for the id, offering the one made from the text; ask again for a bad or taken one."""
    while True:
        qid = _ask("Id", default=suggested)
        wrong = id_problem(qid, taken)
        if wrong is None:
            return qid
        _say(f"{wrong}. Type another.")


def preview(console: Console, text: str) -> bool:
    """Show the TOML about to be written, wrapped to the terminal, and ask to confirm."""
    syntax = Syntax(text, "toml", theme="ansi_dark", background_color="default", word_wrap=True)
    console.print(syntax)
    return _confirm("Add this question?")
