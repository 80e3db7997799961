"""Draws the figures of `stats.report` in a terminal: tables, a heatmap, a forecast chart."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trustquiz.view.console import due_phrase, literal, local_time

_SHADES = [
    ("·", "grey42"),
    ("░", "green4"),
    ("▒", "green3"),
    ("▓", "green1"),
    ("█", "bright_green"),
]
_BARS = " ▁▂▃▄▅▆▇█"
_CHART_ROWS = 4
LEECHES_SHOWN = 10


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _section(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold cyan"))


def _overview(console: Console, f: dict[str, Any], now: datetime | None) -> None:
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    rows = [
        ("Questions in bank", f["questions_total"]),
        ("Seen / new", f"{f['questions_seen']} / {f['questions_new']}"),
        ("Due now / today", f"{f['due_now']} / {f['due_today']}"),
        ("Reviews (right)", f"{f['reviews_total']} ({f['reviews_correct']})"),
        ("Accuracy", _pct(f["accuracy"])),
        ("Study streak", f"{f['streak_days']} day{'s' if f['streak_days'] != 1 else ''}"),
    ]
    if f["next_due"]:
        due = datetime.fromisoformat(f["next_due"])
        rows.append(("Next due", local_time(due) if now is None else due_phrase(due, now)))
    for label, value in rows:
        table.add_row(label, str(value))
    console.print(table)


def _retention(console: Console, f: dict[str, Any]) -> None:
    _section(console, "True retention (reviews of learned cards)")
    console.print(
        f"7 days {_pct(f['retention_7d'])} · 30 days {_pct(f['retention_30d'])} ·"
        f" all {_pct(f['retention_all'])} · target {_pct(f['desired_retention'])}"
    )


def _shade(count: int, top: int) -> int:
    if count == 0:
        return 0
    return min(4, 1 + (3 * count) // max(top, 1)) if top > 3 else min(4, count)


def _heatmap(console: Console, cells: list[dict[str, Any]]) -> None:
    _section(console, "Reviews, last 26 weeks")
    top = max((c["reviews"] for c in cells), default=0)
    weeks = (len(cells) + 6) // 7
    for weekday, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        line = Text(f"{name:<4}")
        for week in range(weeks):
            index = week * 7 + weekday
            if index >= len(cells):
                break
            char, style = _SHADES[_shade(cells[index]["reviews"], top)]
            line.append(char, style=style)
        console.print(line)
    legend = Text("    less ")
    for char, style in _SHADES:
        legend.append(char, style=style)
    legend.append(f" more (max {top} a day)")
    console.print(legend)


def _forecast(console: Console, f: dict[str, Any]) -> None:
    days = f["forecast"]
    _section(console, f"Due in the next {len(days)} days")
    counts = [d["due"] for d in days]
    top = max(counts, default=0)
    levels = _CHART_ROWS * (len(_BARS) - 1)
    heights = [0 if top == 0 else max(1 if c else 0, round(c * levels / top)) for c in counts]
    for row in range(_CHART_ROWS, 0, -1):
        label = f"{top:>4} " if row == _CHART_ROWS else "     "
        line = Text(label)
        for height in heights:
            fill = min(len(_BARS) - 1, max(0, height - (row - 1) * (len(_BARS) - 1)))
            line.append(_BARS[fill], style="cyan")
        console.print(line)
    first = date.fromisoformat(days[0]["date"])
    axis = "     today" + " " * max(1, len(days) - 14) + "+29 days"
    console.print(Text(axis if len(days) == 30 else f"     from {first}", style="dim"))
    due = sum(counts)
    console.print(
        f"{due} review{'' if due == 1 else 's'} due in {len(days)} days; new cards come on"
        f" top, up to {f['new_per_day']} a day."
    )


def _groups(console: Console, rows: list[dict[str, Any]], key: str, title: str) -> None:
    _section(console, title)
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column(key.capitalize(), overflow="fold", ratio=1)
    for name in ("Qs", "Seen", "Acc", "Recall"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            literal(str(row[key])),
            str(row["questions"]),
            str(row["seen"]),
            _pct(row["accuracy"]),
            _pct(row["retrievability"]),
        )
    console.print(table)


def _leeches(console: Console, rows: list[dict[str, Any]], total: int) -> None:
    _section(console, "Leeches (drill with `trustquiz practice --id ID`)")
    if not rows:
        console.print("None: no card has failed you 4 times or sits under 50% right.")
    for row in rows[:LEECHES_SHOWN]:
        line = literal(row["id"])
        line.append(f"  {row['reviews']} reviews, {row['lapses']} lapses, {_pct(row['accuracy'])}")
        console.print(line)
    if total > LEECHES_SHOWN:
        where = "`trustquiz stats --json`"
        if total > len(rows):
            where = f"the worst {len(rows)} in {where}; `--topic` narrows the list"
        console.print(f"... and {total - LEECHES_SHOWN} more ({where}).")


def _calibration(console: Console, f: dict[str, Any]) -> None:
    _section(console, "Confidence (mark answers with ? or ??)")
    parts = []
    for level, label in (("sure", "sure"), ("unsure", "unsure ?"), ("guess", "guess ??")):
        c = f["calibration"][level]
        parts.append(f"{label}: {c['correct']}/{c['reviews']} ({_pct(c['accuracy'])})")
    console.print(" · ".join(parts))


def _exam(console: Console, e: dict[str, Any]) -> None:
    _section(console, f"Exam day {e['date']} ({e['days_left']} days)")
    console.print(f"Predicted recall of the bank that day: {_pct(e['predicted_recall'])}")
    if e["new_per_day_needed"] is not None and e["new_cards"]:
        console.print(
            f"To see all {e['new_cards']} new cards before then: {e['new_per_day_needed']}"
            " new a day."
        )
    for row in e["topics"]:
        line = Text("  ")
        line.append_text(literal(row["topic"]))
        line.append(f": {_pct(row['predicted_recall'])}")
        console.print(line)
    _exam_plan(console, e)


def _exam_plan(console: Console, e: dict[str, Any]) -> None:
    """What the plan gives by the exam: at the daily minutes, and ten less and more."""
    if "plan" not in e:
        return
    model = "your fitted memory model" if e["model"] == "fitted" else "the default memory model"
    console.print(f"With no more study ({model}): {_pct(e['model_recall'])}")
    if len(e["plan"]) == 3:
        less, same, more = e["plan"]
        shown = (
            "every card shown in time"
            if same["whole_bank"]
            else f"{_pct(same['unseen_share'])} of the bank never shown"
        )
        planned = _pct(same["predicted_recall"])
        console.print(
            f"Studying {same['minutes']:g} minutes a day as planned: {planned} ({shown})."
        )
        console.print(
            f"{less['minutes']:g} minutes a day: {_pct(less['predicted_recall'])} ·"
            f" {more['minutes']:g} minutes a day: {_pct(more['predicted_recall'])}"
        )
    if e["refit_suggested"]:
        console.print(
            "Your log has grown by 500 reviews since the last fit: your next practice session"
            " refits the memory model as it ends (`trustquiz optimize` does it now)."
        )


def render_report(console: Console, f: dict[str, Any], now: datetime | None = None) -> None:
    """Draw every section of the stats report."""
    console.print(Text("trustquiz progress", style="bold"))
    _overview(console, f, now)
    _retention(console, f)
    _heatmap(console, f["heatmap"])
    _forecast(console, f)
    _groups(console, f["topics"], "topic", "By topic, weakest first")
    _groups(console, f["sources"], "source", "By source")
    _leeches(console, f["leeches"], f["leeches_total"])
    _calibration(console, f)
    if "exam" in f:
        _exam(console, f["exam"])
