"""The mock on a terminal: the sitting screen, the palette, the analysis and the history."""

from __future__ import annotations

import select
from collections.abc import Iterable
from typing import IO, Any

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from trustquiz.bank.loader import Bank
from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.presentation import Presented
from trustquiz.kinds.upsc import breakdown
from trustquiz.mock.marking import Analysis, two_places
from trustquiz.mock.sitting import TIME_UP, Progress
from trustquiz.view.console import literal, local_time

PROMPT = "a-d, s blank, m mark, h keys > "
_CONFIDENCE_MARKS = {"sure": "", "unsure": "?", "guess": "??"}


def clock_face(seconds: float) -> str:
    """`1:43:12`, `12:05`: time left, whole seconds."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _hanging(console: Console, rows: Iterable[tuple[Text, Text]]) -> None:
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
        _hanging(console, zip(labels, map(literal, question.items), strict=False))
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
    _hanging(console, zip(letters, map(literal, question.options or []), strict=False))


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
            notes.append(f"Your answer: {given.letter}{_CONFIDENCE_MARKS[given.confidence]}")
        if number - 1 in progress.marked:
            notes.append("marked for review")
        if notes:
            self.console.print(Text(" · ".join(notes), style="yellow"))

    def read(self, left: float) -> str | None:
        """One line; TIME_UP when a terminal waits past `left` seconds; None at end of input."""
        self.console.print(Text(PROMPT, style="bold"), end="")
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
        per_row = max(1, min(10, (self.console.width - 1) // 6))
        line = Text()
        for index in range(questions):
            given = progress.answers.get(index)
            mark = f"{given.letter}{_CONFIDENCE_MARKS[given.confidence]}" if given else "·"
            style = "green" if given else "dim"
            if index in progress.marked:
                mark, style = mark + "*", "yellow"
            cell = Text(f"{index + 1:>3} ", style="bold" if index == progress.current else "")
            cell.append(f"{mark:<3}"[:3], style=style)
            line.append_text(cell)
            if (index + 1) % per_row == 0 or index + 1 == questions:
                self.console.print(line)
                line = Text()
        blank = questions - len(progress.answers)
        self.console.print(
            f"{len(progress.answers)} answered, {blank} blank, {len(progress.marked)} marked"
            " (*); · is blank."
        )

    def keys(self, keys: tuple[tuple[str, str], ...]) -> None:
        """What can be typed at the prompt."""
        _hanging(self.console, ((Text(k, style="bold"), Text(v)) for k, v in keys))


def render_paused(console: Console, paper: dict[str, Any]) -> None:
    """Where the paused mock stands and how to go on."""
    console.print(
        f"Mock paused with {paper['answered']} of {len(paper['ids'])} answered and"
        f" {clock_face(paper['left'])} left; `trustquiz mock --resume` continues it."
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def render_analysis(
    console: Console, analysis: Analysis, advice: str, paper: dict[str, Any]
) -> None:
    """Score, attempts, net by confidence, what-ifs, time, topics, and the advice sentence."""
    total, marking = analysis.total, analysis.marking
    console.print()
    console.print(Rule(Text("Mock analysis"), style="cyan", align="left"))
    console.print(
        Text(
            f"Score {two_places(total.net)} of {two_places(analysis.max_score)}"
            f" ({marking.label} marking)",
            style="bold",
        )
    )
    console.print(
        f"{total.right} right, {total.wrong} wrong, {total.blank} blank of {total.questions};"
        f" accuracy on attempted {_percent(analysis.accuracy)}."
    )
    table = Table(box=None, padding=(0, 1), show_edge=False)
    for header in ("Confidence", "Attempted", "Right", "Net"):
        table.add_column(header, justify="left" if header == "Confidence" else "right")
    for level, tally in analysis.by_confidence.items():
        attempted = tally.right + tally.wrong
        table.add_row(level, str(attempted), str(tally.right), two_places(tally.net))
    console.print(table)
    console.print(
        f"Attempting only sure answers: {two_places(analysis.if_only_sure)};"
        f" sure and unsure: {two_places(analysis.if_sure_and_unsure)}."
    )
    slow = ", ".join(
        f"Q{analysis.outcomes.index(o) + 1} {round(o.seconds)} s" for o in analysis.slowest
    )
    console.print(f"Time per question: median {round(analysis.seconds_median)} s; slowest {slow}.")
    topics = Table(box=None, padding=(0, 1), show_edge=False)
    topics.add_column("Topic", overflow="fold")
    for header in ("Qs", "✓", "✗", "–", "Net"):
        topics.add_column(header, justify="right")
    for topic, tally in analysis.topics.items():
        topics.add_row(
            literal(topic),
            str(tally.questions),
            str(tally.right),
            str(tally.wrong),
            str(tally.blank),
            two_places(tally.net),
        )
    console.print(topics)
    if paper.get("timed_out"):
        console.print("The time ran out; unanswered questions count as blank.")
    console.print(Text(advice, style="bold"))


def review(
    console: Console, analysis: Analysis, questions: list[Presented], bank: Bank, stream: IO[str]
) -> None:
    """Every wrong and blank question with its answer, breakdown and explanation.

    On a terminal one at a time (Enter for the next, q to stop); otherwise all of them.
    """
    missed = [
        (number, outcome, question)
        for number, (outcome, question) in enumerate(
            zip(analysis.outcomes, questions, strict=True), 1
        )
        if outcome.verdict != "right"
    ]
    if not missed:
        return
    interactive = stream.isatty()
    console.print()
    console.print(f"{len(missed)} to review (wrong or blank).")
    for place, (number, outcome, question) in enumerate(missed, start=1):
        if interactive:
            console.print(Text(f"Enter: review {place} of {len(missed)}, q: done > "), end="")
            line = stream.readline()
            if not line or line.strip().lower() == "q":
                return
        console.print()
        console.print(Rule(Text(f"Q {number} · {outcome.verdict}"), style="cyan", align="left"))
        show_body(console, question)
        assert question.options is not None and question.correct is not None
        right = question.correct
        head = Text("Answer: ", style="bold")
        head.append_text(literal(f"{LETTERS[right]}) {question.options[right]}"))
        if outcome.response is not None:
            head.append(f"; you answered {outcome.response}")
            head.append(_CONFIDENCE_MARKS[outcome.confidence or "sure"])
        console.print(head)
        details = breakdown(question.card.question)
        marks = [Text("✓" if ok else "✗", style="green" if ok else "red") for ok, _ in details]
        _hanging(console, zip(marks, (literal(text) for _, text in details), strict=True))
        explanation = question.card.question.explanation.strip()
        if explanation:
            console.print(literal(explanation))
        source = bank.sources.get(question.card.question.source or "")
        if source is not None:
            line_text = literal(f"Source: {source.title} ({source.publisher}, {source.date})")
            line_text.stylize("dim")
            console.print(line_text)


def render_history(console: Console, papers: list[dict[str, Any]]) -> None:
    """The finished mocks as a table, and the trend of score and accuracy."""
    if not papers:
        console.print("No finished mock yet; `trustquiz mock` sits one.")
        return
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("Finished")
    for header in ("Qs", "Score", "Max", "Tried", "Accuracy"):
        table.add_column(header, justify="right")
    for paper in papers:
        finished = paper.get("finished")
        from trustquiz.clock import parse_time

        when = local_time(parse_time(finished)) if isinstance(finished, str) else "?"
        table.add_row(
            when,
            str(paper.get("questions", "?")),
            f"{paper['score']:.2f}",
            f"{paper.get('max_score', 0):.2f}",
            str(paper.get("attempted", "?")),
            _percent(paper.get("accuracy")),
        )
    console.print(table)
    console.print(trend(papers))


def trend(papers: list[dict[str, Any]]) -> str:
    """How the last mock compares with the one before it, in score share and accuracy."""
    last = papers[-1]
    if len(papers) == 1:
        return "One mock so far: the trend shows from the second one."
    before = papers[-2]

    def share(paper: dict[str, Any]) -> float:
        return 100 * paper["score"] / paper["max_score"] if paper.get("max_score") else 0.0

    change = share(last) - share(before)
    accuracy = ""
    if last.get("accuracy") is not None and before.get("accuracy") is not None:
        points = round(100 * (last["accuracy"] - before["accuracy"]))
        accuracy = f", accuracy {points:+d} points"
    return f"Against the mock before: score {change:+.1f}% of the maximum{accuracy}."
