"""The end of a mock on a terminal: the analysis, the review of what was missed, the history."""

from __future__ import annotations

from typing import IO, Any

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from trustquiz.bank.loader import Bank
from trustquiz.clock import parse_time
from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.presentation import Presented
from trustquiz.kinds.upsc import breakdown
from trustquiz.mock.marking import Analysis, two_places
from trustquiz.view.console import literal, local_time
from trustquiz.view.mock import CONFIDENCE_MARKS, clock_face, hanging, show_body


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
        f"Q{analysis.outcomes.index(o) + 1} {round(o.seconds)}s"
        for o in analysis.slowest
        if o.seconds > 0
    )
    console.print(
        f"Time per question: median {round(analysis.seconds_median)}s"
        + (f"; slowest {slow}." if slow else ".")
    )
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
            head.append(CONFIDENCE_MARKS[outcome.confidence or "sure"])
        console.print(head)
        details = breakdown(question.card.question)
        marks = [Text("✓" if ok else "✗", style="green" if ok else "red") for ok, _ in details]
        hanging(console, zip(marks, (literal(text) for _, text in details), strict=True))
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
