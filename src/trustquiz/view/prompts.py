"""Interactive questions for `trustquiz add`: asks field by field, shows a preview."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.syntax import Syntax

from trustquiz.kinds.models import KINDS
from trustquiz.view.answers import tidy, unreadable

_ASSERTION = "explains, does-not-explain, only-1 or only-2"


def _ask(label: str, default: str | None = None) -> str:
    """Ask until the reply is readable text (see answers.py); spaces of every kind made plain."""
    while True:
        value: str = typer.prompt(label, default=default, show_default=default is not None)
        value = tidy(value).strip()
        reason = unreadable(value)
        if reason is None:
            return value
        typer.echo(f"That text {reason}; type it again.", err=True)


def _many(label: str, marked: bool = False) -> list[str]:
    """Read items until an empty line; with `marked`, each starts with + or -."""
    hint = " (start with + if correct, - if not; empty line to finish)" if marked else ""
    items: list[str] = []
    while True:
        item = _ask(f"{label} {len(items) + 1}{hint}", default="")
        if not item:
            return items
        items.append(item)


def ask_fields(kind: str | None) -> tuple[str, dict[str, Any]]:
    """Ask for a question's kind-specific fields; return (kind, raw flag-style values)."""
    while kind not in KINDS:
        kind = _ask(f"Kind ({', '.join(KINDS)})", default="mcq")
    given: dict[str, Any] = {}
    if kind in ("mcq", "truefalse", "numeric", "text"):
        given["prompt"] = _ask("Question")
    if kind == "mcq":
        given["options"] = [_ask(f"Option {letter}") for letter in "abcd"]
        given["answer"] = _ask("Correct option (a-d)")
    elif kind == "truefalse":
        given["answer"] = _ask("True or false", default="true")
    elif kind == "numeric":
        given["answer"] = _ask("Answer with its unit (e.g. ₹16,300 crore)")
        given["tolerance"] = _ask("Tolerance (e.g. 1% or 2; empty for exact)", default="") or None
    elif kind == "text":
        given["answer"] = _ask("Answer")
        given["accept"] = _many("Also accept")
    elif kind == "statements":
        given["prompt"] = _ask("Lead-in", default="Consider the following statements:")
        given["ask"] = _ask("Ask which or how-many", default="which")
        given["statements"] = _many("Statement", marked=True)
    elif kind == "pairs":
        given["pairs"] = _many("Pair as 'left = right'", marked=True)
    elif kind == "assertion":
        given["statement1"] = _ask("Statement-I")
        given["statement2"] = _ask("Statement-II")
        given["answer"] = _ask(f"Answer ({_ASSERTION})")
    elif kind == "cloze":
        given["text"] = _ask("Sentence with {{gaps}}")
    return kind, given


def ask_common(fields: dict[str, Any], topic: str | None) -> None:
    """Ask for topic, tags, explanation and source, where not given already."""
    fields["topic"] = topic or _ask("Topic")
    tags = _ask("Tags, comma-separated", default="")
    fields["tags"] = [t.strip() for t in tags.split(",") if t.strip()] or None
    fields["explanation"] = _ask("Explanation (why the answer is right)", default="") or None
    fields["source"] = _ask("Source key (empty for none)", default="") or None


def preview(console: Console, text: str) -> bool:
    """Show the TOML about to be written and ask to confirm."""
    console.print(Syntax(text, "toml", theme="ansi_dark", background_color="default"))
    return bool(typer.confirm("Add this question?", default=True))
