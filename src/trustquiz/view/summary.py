"""The end of a practice session: what was done, and what to do when nothing was due."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.text import Text

from trustquiz.tally import Summary
from trustquiz.view.console import due_phrase, literal


def _count(number: int, one: str, many: str | None = None) -> str:
    """`1 question`, `2 questions`: the number with the word in the right number."""
    return f"{number} {one if number == 1 else many or one + 's'}"


def _minutes(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def render_summary(
    console: Console,
    summary: Summary,
    now: datetime,
    next_due: datetime | None,
    due_tomorrow: int,
) -> None:
    """The end-of-session lines: answered, right, per topic, guesses, time, what comes next."""
    console.print()
    if summary.answered == 0:
        console.print("No answers this time; nothing was recorded.")
    else:
        share = round(100 * summary.right / summary.answered)
        console.print(
            Text(
                f"Session saved: {summary.answered} answered, {summary.right} right ({share}%)"
                f" in {_minutes(summary.seconds)}.",
                style="bold",
            )
        )
        for topic, (asked, right) in sorted(summary.per_topic.items()):
            if asked:
                line = Text("  ")
                line.append_text(literal(topic))
                line.append(f": {right}/{asked} ({round(100 * right / asked)}%)")
                console.print(line)
        if summary.questions != summary.answered:
            console.print(
                f"{_count(summary.questions, 'question')} in"
                f" {_count(summary.answered, 'answer')}: a wrong answer is asked again later."
            )
        if summary.lucky:
            console.print(
                f"{_count(summary.lucky, 'lucky guess', 'lucky guesses')}: counted right, rated"
                " Hard (a shorter wait than a sure right answer)."
            )
        wrong = summary.wrong_ids
        if wrong:
            line = Text(f"Answered wrong ({len(wrong)}): ")
            line.append_text(literal(", ".join(wrong)))
            console.print(line)
            them = "it" if len(wrong) == 1 else "them"
            console.print(f"`trustquiz practice --wrong` asks {them} again.")
    if summary.skipped:
        console.print(f"Skipped: {summary.skipped}.")
    console.print(f"Due by this time tomorrow: {due_tomorrow}.")
    if next_due is not None:
        console.print(f"Next due: {due_phrase(next_due, now)}.")


def render_nothing_to_do(
    console: Console, now: datetime, next_due: datetime | None, new_left: int
) -> None:
    """Why no question was asked, when the next one is due, and how to add new ones."""
    console.print(
        "Nothing to practise right now: no question is due and today's new ones are done."
    )
    if next_due is not None:
        console.print(f"Next due: {due_phrase(next_due, now)}.")
    if new_left:
        still = "is" if new_left == 1 else "are"
        console.print(
            f"{_count(new_left, 'question')} {still} still new;"
            " `trustquiz practice --new 10` adds more today."
        )
