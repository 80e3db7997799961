"""Draws `trustquiz list`: the bank as a table of id, kind, topic, seen and due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from rich.console import Console
from rich.table import Table

from trustquiz.view.console import literal, local_time


class Row(Protocol):
    """One question of the list, as `trustquiz list` reports it."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def topic(self) -> str: ...
    @property
    def seen(self) -> bool: ...
    @property
    def due(self) -> str | None: ...  # an ISO time
    @property
    def due_now(self) -> bool: ...


def render_list(console: Console, rows: Sequence[Row]) -> None:
    """The bank as a table: id, kind, topic, seen, due."""
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("id", overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("topic", overflow="fold")
    table.add_column("seen", no_wrap=True)
    table.add_column("due", no_wrap=True)
    for row in rows:
        due = "-"
        if row.due:
            due = "now" if row.due_now else local_time(datetime.fromisoformat(row.due))
        table.add_row(
            literal(row.id), row.kind, literal(row.topic), "yes" if row.seen else "no", due
        )
    console.print(table)
    console.print(f"{len(rows)} questions")
