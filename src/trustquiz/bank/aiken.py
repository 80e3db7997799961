"""Writing questions in Aiken, Moodle's plain-text format for four-option questions.

Each question is one line of text, its options `A.` to `D.`, then `ANSWER: X`. The kinds the
exam asks with four options (mcq, statements, pairs, assertion) are written as practice
shows them; the rest have no options and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from trustquiz.bank.entries import CardRef
from trustquiz.kinds.presentation import Presented, present

SEED = "export"
LETTERS = "ABCD"


def one_line(text: str) -> str:
    """Aiken reads a question and each option from a single line."""
    return " ".join(text.split())


def question_line(presented: Presented) -> str:
    """The prompt, the numbered items or pairs, and the ask, on one line."""
    parts = [presented.prompt]
    parts += [f"{n}. {item}" for n, item in enumerate(presented.items, start=1)]
    if presented.table and presented.headers:
        parts.append(f"({presented.headers[0]} - {presented.headers[1]})")
    parts += [f"{n}. {a} - {b}" for n, (a, b) in enumerate(presented.table, start=1)]
    if presented.ask:
        parts.append(presented.ask)
    return one_line(" ".join(parts))


def write_aiken(cards: Iterable[CardRef]) -> tuple[str, int, int]:
    """The Aiken text of the four-option questions; with how many were written and left out."""
    blocks: list[str] = []
    left_out = 0
    for card in cards:
        presented = present(card, seed=SEED)
        options = presented.options or []
        if len(options) != len(LETTERS) or presented.correct is None:
            left_out += 1
            continue
        lines = [question_line(presented)]
        lines += [
            f"{letter}. {one_line(text)}" for letter, text in zip(LETTERS, options, strict=False)
        ]
        lines.append(f"ANSWER: {LETTERS[presented.correct]}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks), len(blocks), left_out
