"""What a card looks like when asked: its prompt, its options in the order shown, an input hint."""

from __future__ import annotations

import random
from dataclasses import dataclass

from trustquiz.bank import CardRef
from trustquiz.models import LETTERS, McqQuestion, NumericQuestion, TextQuestion, TrueFalseQuestion


@dataclass(frozen=True)
class Presented:
    """A card as shown for one attempt.

    `options` are the option texts in the order shown (lettered a, b, ...); `order[i]` is
    the index in the question's own list of the option shown at letter i.
    """

    card: CardRef
    prompt: str
    options: list[str] | None
    order: list[int] | None
    hint: str

    def letter_of(self, own_index: int) -> str:
        """Return the letter under which an option (by its index in the file) was shown."""
        assert self.order is not None
        return LETTERS[self.order.index(own_index)]


TRUE_FALSE = ["True", "False"]


def present(card: CardRef, seed: str) -> Presented:
    """Prepare a card for asking; `seed` makes the option shuffle repeatable for one attempt."""
    question = card.question
    if isinstance(question, McqQuestion):
        order = list(range(len(question.options)))
        if question.shuffle:
            random.Random(f"{card.card_id}|{seed}").shuffle(order)
        options = [question.options[i] for i in order]
        return Presented(card, question.prompt, options, order, f"a letter a-{LETTERS[-1]}")
    if isinstance(question, TrueFalseQuestion):
        return Presented(card, question.prompt, TRUE_FALSE, [0, 1], "a or b (t / f)")
    if isinstance(question, NumericQuestion):
        hint = "a number" if question.answer.strip().isdigit() else "a number, with its unit"
        return Presented(card, question.prompt, None, None, hint)
    if isinstance(question, TextQuestion):
        return Presented(card, question.prompt, None, None, "a short answer")
    raise TypeError(f"no presentation for {type(question).__name__}")  # pragma: no cover
