"""`trustquiz list`: the bank's questions with whether each was seen and when it is due.

Named `listing` so that importing it does not shadow the built-in `list`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, ClassVar

from trustquiz import clock
from trustquiz.commands import options as o
from trustquiz.commands.loading import open_all
from trustquiz.selection import Selection, matcher
from trustquiz.streams import json_ascii
from trustquiz.topics import resolve_topics


@dataclass(frozen=True)
class Options:
    """What `trustquiz list` accepts."""

    home: Annotated[Path | None, o.HOME] = None
    bank: Annotated[tuple[Path, ...], o.BANK] = ()
    no_builtin: Annotated[bool, o.NO_BUILTIN] = False
    topic: Annotated[tuple[str, ...], o.TOPICS] = ()
    tag: Annotated[tuple[str, ...], o.TAGS] = ()
    as_json: Annotated[bool, o.JSON] = False


@dataclass(frozen=True)
class Row:
    """One card; its fields, in this order, are the keys of `list --json`."""

    id: str
    kind: str
    topic: str
    seen: bool
    due: str | None  # ISO time of the next review; None while never answered
    due_now: bool


@dataclass(frozen=True)
class Result:
    """The cards that match, in bank order."""

    rows: list[Row]
    exit_code: ClassVar[int] = 0  # these results never fail: errors are raised


def run(options: Options) -> Result:
    """The matching cards with their progress."""
    loaded, store = open_all(options.home, options.bank, options.no_builtin, readonly=True)
    now = clock.now()
    match = matcher(Selection(topics=resolve_topics(loaded, options.topic), tags=options.tag))
    rows = []
    for card in loaded.cards():
        if match is not None and not match(card):
            continue
        state = store.cards.get(card.card_id)
        rows.append(
            Row(
                id=card.card_id,
                kind=card.entry.kind,
                topic=card.topic,
                seen=state is not None,
                due=state.due.isoformat() if state else None,
                due_now=state is not None and state.due <= now,
            )
        )
    return Result(rows)


def render(result: Result, options: Options) -> None:
    """A JSON list of rows, or a table."""
    if options.as_json:
        rows = [asdict(row) for row in result.rows]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=json_ascii()) + "\n")
        return
    from trustquiz.view.console import make_console
    from trustquiz.view.listing import render_list

    render_list(make_console(), result.rows)
