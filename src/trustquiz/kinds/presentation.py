"""What a card looks like when asked: prompt, numbered items or a table, options, input hint."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from trustquiz.bank.entries import CardRef
from trustquiz.kinds.models import (
    GAP,
    LETTERS,
    AssertionQuestion,
    ClozeQuestion,
    McqQuestion,
    NumericQuestion,
    PairsQuestion,
    StatementsQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from trustquiz.kinds.upsc import (
    ASSERTION_ASK,
    ASSERTION_KEYS,
    ASSERTION_OPTIONS,
    HOW_MANY_ASK,
    PAIRS_ASK,
    WHICH_ASK,
    Subset,
    pairs_options,
    statements_options,
)

TRUE_FALSE = ["True", "False"]
BLANK = "_____"


@dataclass(frozen=True)
class Presented:
    """A card as shown for one attempt.

    For choice kinds `options` are the texts in the order shown (lettered a, b, ...) and
    `correct` the shown index of the right one; `order[i]` is the index in the question's
    own list of the option shown at letter i (recorded with the review).
    """

    card: CardRef
    prompt: str
    hint: str
    options: list[str] | None = None
    correct: int | None = None
    order: list[int] | None = None
    items: list[str] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)
    headers: tuple[str, str] | None = None
    ask: str | None = None
    subsets: list[Subset] | None = None
    accepted: list[str] = field(default_factory=list)


def _choice_hint(options: list[str]) -> str:
    return f"a letter a-{LETTERS[len(options) - 1]}"


def _cloze(card: CardRef, question: ClozeQuestion) -> Presented:
    gap = card.gap or 1
    counter = iter(range(1, len(question.gaps) + 1))

    def fill(match: re.Match[str]) -> str:
        number = next(counter)
        return BLANK if number == gap else match.group(1).split("|")[0].strip()

    sentence = GAP.sub(fill, question.text)
    return Presented(
        card,
        sentence,
        "the missing word or figure",
        accepted=question.gaps[gap - 1],
    )


def present(card: CardRef, seed: str) -> Presented:
    """Prepare a card for asking; `seed` makes an mcq's option shuffle repeatable."""
    question = card.question
    if isinstance(question, McqQuestion):
        order = list(range(len(question.options)))
        if question.shuffle:
            random.Random(f"{card.card_id}|{seed}").shuffle(order)
        options = [question.options[i] for i in order]
        right = order.index(question.answer_index)
        return Presented(card, question.prompt, _choice_hint(options), options, right, order)
    if isinstance(question, TrueFalseQuestion):
        right = 0 if question.answer else 1
        return Presented(card, question.prompt, "a or b (t / f)", TRUE_FALSE, right, [0, 1])
    if isinstance(question, NumericQuestion):
        hint = "a number" if question.answer.strip().isdigit() else "a number, with its unit"
        return Presented(card, question.prompt, hint)
    if isinstance(question, TextQuestion):
        return Presented(card, question.prompt, "a short answer")
    if isinstance(question, StatementsQuestion):
        options, right, subsets = statements_options(question)
        return Presented(
            card,
            question.prompt,
            _choice_hint(options),
            options,
            right,
            items=[s.text for s in question.statements],
            ask=WHICH_ASK if question.ask == "which" else HOW_MANY_ASK,
            subsets=subsets,
        )
    if isinstance(question, PairsQuestion):
        options, right = pairs_options(question)
        return Presented(
            card,
            question.prompt,
            _choice_hint(options),
            options,
            right,
            table=[(p.left, p.right) for p in question.pairs],
            headers=question.headers,
            ask=PAIRS_ASK,
        )
    if isinstance(question, AssertionQuestion):
        options = list(ASSERTION_OPTIONS)
        return Presented(
            card,
            question.prompt,
            _choice_hint(options),
            options,
            ASSERTION_KEYS.index(question.answer),
            items=[f"Statement-I: {question.statement1}", f"Statement-II: {question.statement2}"],
            ask=ASSERTION_ASK,
        )
    if isinstance(question, ClozeQuestion):
        return _cloze(card, question)
    raise TypeError(f"no presentation for {type(question).__name__}")  # pragma: no cover
