"""Interactive questions for `trustquiz add`: asks field by field, shows a preview."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.syntax import Syntax

from trustquiz.kinds import registry
from trustquiz.view.answers import tidy, unreadable


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
    while kind not in registry.KINDS:
        kind = _ask(f"Kind ({', '.join(registry.KINDS)})", default="mcq")
    given: dict[str, Any] = {}
    for field in registry.kind(kind).add_fields:
        if field.items == "lettered":
            given[field.key] = [_ask(f"{field.label} {letter}") for letter in "abcd"]
        elif field.items == "one":
            given[field.key] = _ask(field.label, default=field.default) or None
        else:
            given[field.key] = _many(field.label, marked=field.items == "marked")
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
