"""The mock on a terminal: the sitting screen, its prompt, the palette and the keys."""

from __future__ import annotations

import select
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.presentation import Presented
from trustquiz.mock.sitting import TIME_UP, Progress
from trustquiz.view.console import literal

PROMPT = "a-d, s blank, m mark, h keys > "
CONFIDENCE_MARKS = {"sure": "", "unsure": "?", "guess": "??"}


def clock_face(seconds: float) -> str:
    """`1:43:12`, `12:05`: time left, whole seconds."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def hanging(console: Console, rows: Iterable[tuple[Text, Text]]) -> None:
    """Labelled rows whose wrapped lines stay indented under their text."""
    for label, text in rows:
        head = Text(" ") + label + Text(" ")
        width = max(20, console.width - head.cell_len)
        for number, line in enumerate(text.wrap(console, width)):
            line.rstrip()
            console.print(head + line if number == 0 else Text(" " * head.cell_len) + line)


def show_body(console: Console, question: Presented) -> None:
    """The prompt, its statements or pairs, the ask and the lettered options."""
    console.print(literal(question.prompt))
    if question.items:
        labels = [Text(f"{n}." if question.numbered else "") for n in range(1, 99)]
        hanging(console, zip(labels, map(literal, question.items), strict=False))
    if question.table:
        table = Table(show_header=question.headers is not None, box=None, padding=(0, 1))
        left, right = question.headers or ("", "")
        table.add_column("", justify="right")
        table.add_column(literal(left), overflow="fold")
        table.add_column(literal(right), overflow="fold")
        for number, (a, b) in enumerate(question.table, start=1):
            table.add_row(f"{number}.", literal(a), literal(b))
        console.print(table)
    if question.ask:
        console.print(literal(question.ask))
    letters = [Text(f"{letter})", style="bold") for letter in LETTERS]
    hanging(console, zip(letters, map(literal, question.options or []), strict=False))


class TerminalDesk:
    """The sitting on a console, reading lines from a terminal (with the timer) or a pipe."""

    def __init__(self, console: Console, stream: IO[str]) -> None:
        self.console = console
        self.stream = stream
        self.interactive = stream.isatty()

    def show(
        self, question: Presented, number: int, total: int, progress: Progress, left: float
    ) -> None:
        """The header (number, time left, answered and marked) and the question."""
        answered, marked = len(progress.answers), len(progress.marked)
        title = f"Q {number}/{total} · {clock_face(left)} left · {answered} answered"
        if marked:
            title += f" · {marked} marked"
        self.console.print()
        self.console.print(Rule(Text(title), style="cyan", align="left"))
        show_body(self.console, question)
        given = progress.answers.get(number - 1)
        notes = []
        if given is not None:
            notes.append(f"Your answer: {given.letter}{CONFIDENCE_MARKS[given.confidence]}")
        if number - 1 in progress.marked:
            notes.append("marked for review")
        if notes:
            self.console.print(Text(" · ".join(notes), style="yellow"))

    def read(self, left: float, prompt: str | None = None) -> str | None:
        """One line; TIME_UP when a terminal waits past `left` seconds; None at end of input."""
        self.console.print(Text(prompt or PROMPT, style="bold"), end="")
        if self.interactive:
            ready, _, _ = select.select([self.stream], [], [], max(0.0, left))
            if not ready:
                self.console.print()
                return TIME_UP
            line = self.stream.readline()
            return line.rstrip("\r\n") if line else None
        line = self.stream.readline()
        if not line:
            self.console.print()
            return None
        self.console.print(literal(line.rstrip("\r\n")))
        return line.rstrip("\r\n")

    def notice(self, text: str) -> None:
        """A one-line message."""
        self.console.print(Text(text, style="yellow"))

    def palette(self, questions: int, progress: Progress) -> None:
        """Every question as its number and a state mark, ten to a row at most."""
        per_row = max(1, min(10, self.console.width // 9))  # a cell is 9 columns wide
        line = Text()
        for index in range(questions):
            given = progress.answers.get(index)
            mark = f"{given.letter}{CONFIDENCE_MARKS[given.confidence]}" if given else "·"
            flagged = index in progress.marked
            here = ">" if index == progress.current else " "
            line.append(f"{here}{index + 1:>3}{'*' if flagged else ' '}", style="bold")
            style = "yellow" if flagged else "green" if given else "dim"
            line.append(f"{mark:<3} ", style=style)
            if (index + 1) % per_row == 0 or index + 1 == questions:
                self.console.print(line)
                line = Text()
        blank = questions - len(progress.answers)
        self.console.print(
            f"{len(progress.answers)} answered, {blank} blank, {len(progress.marked)} marked (*);"
            " > is this one."
        )

    def keys(self, keys: tuple[tuple[str, str], ...]) -> None:
        """What can be typed at the prompt, as two columns."""
        table = Table(show_header=False, box=None, padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        for key, meaning in keys:
            table.add_row(key, meaning)
        self.console.print(table)
