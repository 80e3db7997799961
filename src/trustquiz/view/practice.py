"""The practice session on a terminal: questions, answers read, feedback, and the summary."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import IO, TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.rule import Rule
from rich.styled import Styled
from rich.table import Table
from rich.text import Text

from trustquiz.bank.loader import Bank
from trustquiz.kinds.presentation import LETTERS, Presented
from trustquiz.kinds.upsc import breakdown
from trustquiz.store.state import CardState
from trustquiz.streams import SIGHUP
from trustquiz.view import lineedit
from trustquiz.view.answers import Line, problem, read_line, tidy
from trustquiz.view.console import humanize, literal
from trustquiz.view.plain import colourless, plain_lines, wrapped, write_plain

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade

ECHO = 200  # characters of a piped answer echoed back; a refused long one is cut here


def _hanging(
    console: Console, rows: Iterable[tuple[str | Text, Text]], plain: bool = False
) -> list[Text]:
    """Labelled rows as lines whose wrapped lines stay indented under their text (`plain`:
    unstyled, for a console that writes no style)."""
    lines = []
    full = console.width
    for label, text in rows:
        if plain:  # the same text without styled parts to join: 0.2 M of 4.0 M instructions
            start = f" {label.plain if isinstance(label, Text) else label} "
            indent = cell_len(start)
            pieces = plain_lines(text, console, max(20, full - indent))
            for number, piece in enumerate(pieces):
                piece = (start if number == 0 else " " * indent) + piece.rstrip()
                lines.append(Text(piece, no_wrap=full - indent >= 20))
            continue
        head = Text(" ")
        head.append_text(label if isinstance(label, Text) else Text(label))
        head.append(" ")
        indent = head.cell_len
        for number, line in enumerate(wrapped(text, console, max(20, full - indent))):
            line.rstrip()
            shown = head.copy() if number == 0 else Text(" " * indent)
            shown.append_text(line)
            # A line that fits is not wrapped again when it is drawn.
            shown.no_wrap = full - indent >= 20
            lines.append(shown)
    return lines


def _terminal(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


class TerminalUI:
    """Asks questions on a console and reads answers from a stream (a terminal or a pipe)."""

    def __init__(self, console: Console, bank: Bank, stream: IO[str] | None = None) -> None:
        self.console = console
        self.bank = bank
        self.stream = stream or sys.stdin
        self.interactive = self.stream.isatty()
        # Line editing and history when answers come from this process's terminal.
        self.editing = self.interactive and self.stream is sys.stdin and lineedit.enable()
        # A signal asking the session to stop (see commands/practice.py), and whether an
        # answer is being waited for, when it can stop at once.
        self.stop_requested: int | None = None
        self.reading = False
        self._held: list[RenderableType] = []
        # Output with no colour at all (a pipe, TERM=dumb) is drawn by plain.py's quicker
        # path, to the same text.
        self.plain = colourless(console)
        self._options: ConsoleOptions | None = None
        if not any(_terminal(fd) for fd in (0, 1, 2)):
            # rich asks each standard stream for its terminal's size at every screen (four
            # system calls, 0.17 M of 4.3 M instructions an answer); with no terminal there
            # is no size to change, and it is worked out once, as are the options made of
            # it (0.04 M more).
            console.size = console.size
            self._options = console.options

    def _show(self, *parts: RenderableType) -> None:
        """Hold `parts` until the next answer is read (or `flush`): the feedback, the next
        question and its prompt are drawn with one print and reach the terminal in one write."""
        self._held.extend(parts)

    def flush(self) -> None:
        """Draw and write whatever is held."""
        if self._held:
            parts, self._held = self._held, []
            if self.plain:
                write_plain(self.console, parts, self._options)
            else:
                self.console.print(Group(*parts))

    def __enter__(self) -> TerminalUI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()

    def show_question(
        self, presented: Presented, number: int, total: int, changed: bool, again: bool = False
    ) -> None:
        """Show the card's number (`again` on a re-ask), topic, prompt and lettered options."""
        console = self.console
        title = Text(f"Question {number} of {total}{' (again)' if again else ''} · ")
        title.append_text(literal(presented.card.topic))  # the entry's: no model built
        parts: list[RenderableType] = [Text(), Rule(title, style="cyan", align="left")]
        if changed:
            parts.append(Text("This question has changed since you last saw it.", style="yellow"))
        parts.append(literal(presented.prompt))
        if presented.items:
            numbered = presented.numbered
            labels = [f"{n}." if numbered else "" for n in range(1, len(presented.items) + 1)]
            parts += _hanging(
                console, zip(labels, map(literal, presented.items), strict=True), self.plain
            )
        if presented.table:
            parts.append(self._pairs_table(presented))
        if presented.ask:
            parts.append(literal(presented.ask))
        if presented.options:
            letters = [Text(f"{letter})", style="bold") for letter in LETTERS]
            options = map(literal, presented.options)
            parts += [Text(), *_hanging(console, zip(letters, options, strict=False), self.plain)]
        self._show(*parts)

    @staticmethod
    def _pairs_table(presented: Presented) -> Table:
        table = Table(show_header=presented.headers is not None, box=None, padding=(0, 1))
        table.add_column("", justify="right")
        left, right = presented.headers or ("", "")
        table.add_column(literal(left), overflow="fold")
        table.add_column(literal(right), overflow="fold")
        for number, (a, b) in enumerate(presented.table, start=1):
            table.add_row(f"{number}.", literal(a), literal(b))
        return table

    def read_answer(self, presented: Presented, waiting: Callable[[], None]) -> str | None:
        """Read one readable answer; None at end of input. Ctrl-C raises KeyboardInterrupt.
        `waiting` is called once what is held has been written, before input is read.

        An answer that is too long or not readable text is refused with the reason and asked
        for again (see answers.py), so it never reaches grading or the log. A terminal that
        has gone away (a read error) ends the input, as a hang-up when it was closed.
        """
        prompt = Text(f"Answer ({presented.hint}; ? keys, q quit): ", style="bold", end="")
        while True:
            if self.stop_requested is None:
                self._prompt(prompt)
            waiting()
            self.reading = True
            try:
                if self.stop_requested is not None:
                    raise KeyboardInterrupt
                line = self._read_line(prompt)
            except UnicodeDecodeError:
                line = Line("\ufffd", True)
            except OSError as exc:
                if exc.errno == errno.EIO and self.stop_requested is None:
                    self.stop_requested = SIGHUP  # the terminal was closed: a hang-up
                return None
            finally:
                self.reading = False
            if line is None:
                if self.interactive and not self.stream.isatty():
                    self.stop_requested = self.stop_requested or SIGHUP  # the terminal was closed
                return None
            text = tidy(line.text)
            refused = problem(Line(text, line.whole))
            if refused is None:
                return text
            self.show_notice(f"{refused} Type it again.")

    def _prompt(self, prompt: Text) -> None:
        """Write what is held, with the prompt unless the terminal's own input() shows it."""
        if not self.interactive:
            self._show(prompt)
        self.flush()

    def _read_line(self, prompt: Text) -> Line | None:
        if self.interactive:
            try:
                # input() writes its prompt to stderr once stdout is no terminal (a closed
                # window): only while both ends are the terminal is readline used.
                if self.editing and sys.stdout.isatty():
                    return Line(input(lineedit.prompt_text(self.console, prompt)), True)
                return Line(self.console.input(prompt), True)
            except EOFError:
                return None
        line = read_line(self.stream)
        if line is None:
            self._show(Text())
            return None
        shown = line.text if len(line.text) <= ECHO else line.text[:ECHO] + "..."
        self._show(literal(shown))
        return line

    def show_notice(self, text: str) -> None:
        """A one-line message from the session."""
        self._show(Text(text, style="yellow"))

    def show_keys(self, keys: tuple[tuple[str, str], ...]) -> None:
        """What can be typed at the answer prompt."""
        rows = ((Text(key, style="bold"), Text(meaning)) for key, meaning in keys)
        self._show(*_hanging(self.console, rows, self.plain))

    def show_feedback(
        self, presented: Presented, verdict: Grade, state: CardState | None, now: datetime
    ) -> None:
        """Show right/wrong, the answer, any note, the explanation, the source, the next review."""
        question = presented.card.question
        console = self.console
        if verdict.correct:
            head = Text("✓ Right. ", style="bold green")
            head.append_text(literal(verdict.expected))
        else:
            head = Text("✗ Wrong. ", style="bold red")
            head.append("The answer is ")
            head.append_text(literal(verdict.expected))
        parts: list[RenderableType] = [head]
        if verdict.note:
            parts.append(Styled(literal(verdict.note), "yellow"))
        if verdict.missed:
            numbers = ", ".join(str(n) for n in verdict.missed)
            plural = "s" if len(verdict.missed) > 1 else ""
            parts.append(Text(f"You misjudged statement{plural} {numbers}.", style="yellow"))
        details = breakdown(question, presented.order)
        if details:
            # The marks say whether the statement (or pair) is true, in words too, so they
            # are not read as the learner's score; the learner's own misjudgements are marked.
            marks = [
                Text("✓ true ", style="green") if right else Text("✗ false", style="red")
                for right, _ in details
            ]
            texts = [
                literal(detail)
                + (Text(" ← you misjudged this", style="yellow") if n in verdict.missed else "")
                for n, (_, detail) in enumerate(details, start=1)
            ]
            parts += _hanging(console, zip(marks, texts, strict=True), self.plain)
        if question.explanation.strip():
            parts.append(literal(question.explanation.strip()))
        source = self.bank.sources.get(question.source or "")
        if source is not None:
            line = Text("Source: ", style="dim")
            line.append_text(literal(f"{source.title} ({source.publisher}, {source.date})"))
            line.stylize("dim")
            parts.append(line)
        if state is not None:
            wait = (state.due - now).total_seconds()
            # A card answered today is planned again on another day, never later today
            # (a missed one is asked again in this session, which is not a review).
            when = "tomorrow" if wait < 86400 else humanize(wait)
            parts.append(Text(f"Next review {when}.", style="dim"))
        self._show(*parts)
