"""What a card looks like when asked (prompt, numbered items or a table, options, input hint)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.registry import kind_of
from trustquiz.kinds.upsc import Subset

if TYPE_CHECKING:
    from trustquiz.bank.entries import CardRef


@dataclass(frozen=True)
class Presented:
    """A card as shown for one attempt.

    For choice kinds `options` are the texts in the order shown (lettered a, b, ...) and
    `correct` the shown index of the right one. `order` is what the kind shuffled, recorded
    with the review as `shown`: for an mcq `order[i]` is the index in the question's own list
    of the option shown at letter i; for statements or pairs with `shuffle_items`, of the
    item shown at number i + 1 (their options are made afresh from the order shown). `items`
    are shown numbered 1, 2, ... unless `numbered` is off (they carry their own labels).
    """

    card: CardRef
    prompt: str
    hint: str
    options: list[str] | None = None
    correct: int | None = None
    order: list[int] | None = None
    items: list[str] = field(default_factory=list)
    numbered: bool = True
    table: list[tuple[str, str]] = field(default_factory=list)
    headers: tuple[str, str] | None = None
    ask: str | None = None
    subsets: list[Subset] | None = None
    accepted: list[str] = field(default_factory=list)


def choice_hint(options: list[str]) -> str:
    """The input hint of a card answered with a letter."""
    return f"a letter a-{LETTERS[len(options) - 1]}"


def present(card: CardRef, seed: str) -> Presented:
    """Prepare a card for asking; `seed` makes an mcq's option shuffle repeatable."""
    question = card.question
    return kind_of(question).present(question, card, seed)
