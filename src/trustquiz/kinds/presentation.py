"""What a card looks like when asked (prompt, numbered items or a table, options, input hint).

A card is shown from its question's face: the plain data of the question that showing
needs (a kind's `face` makes it from the model). The bank cache keeps each question's face
beside its JSON, so a cached question is asked without building its model or importing
pydantic (about a third of the work before the first question at 50,000 questions); the
model is built when the answer is graded. How each kind's face is shown is here, in one
function a kind, for the same reason: a kind module defines its model, so importing it
imports pydantic.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from trustquiz.kinds.upsc import (
    ASSERTION_ASK,
    ASSERTION_OPTIONS,
    HOW_MANY_ASK,
    PAIRS_ASK,
    WHICH_ASK,
    Subset,
    how_many_options,
    in_order,
    item_order,
    statements_options,
)

if TYPE_CHECKING:
    from trustquiz.bank.entries import CardRef

LETTERS = "abcd"
TRUE_FALSE = ("True", "False")
# A question's face: JSON values only (the cache keeps it as JSON), by the names below.
Face = dict[str, Any]


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
    """Prepare a card for asking; `seed` makes a shuffle (an mcq's options, statements or
    pairs with `shuffle_items`) repeatable."""
    entry = card.entry
    return SHOW[entry.kind](entry.origin.face(entry), card, seed)


def _mcq(face: Face, card: CardRef, seed: str) -> Presented:
    # face: prompt, options (as written), answer (its index there), shuffle
    order = list(range(len(face["options"])))
    if face["shuffle"]:
        random.Random(f"{card.card_id}|{seed}").shuffle(order)
    options = [face["options"][i] for i in order]
    right = order.index(face["answer"])
    return Presented(card, face["prompt"], choice_hint(options), options, right, order)


def _truefalse(face: Face, card: CardRef, seed: str) -> Presented:
    # face: prompt, answer (true or false)
    right = 0 if face["answer"] else 1
    return Presented(card, face["prompt"], "a or b (t / f)", list(TRUE_FALSE), right, [0, 1])


def _typed(face: Face, card: CardRef, seed: str) -> Presented:
    # face: prompt, hint (numeric and text)
    return Presented(card, face["prompt"], face["hint"])


def _statements(face: Face, card: CardRef, seed: str) -> Presented:
    """Numbered statements (reordered per attempt with `shuffle_items`), the exam's question
    and its four options, made from the truth of the statements in the order shown."""
    # face: prompt, ask ("which" or "how-many"), statements (texts), truth, shuffle, id
    texts: list[str] = face["statements"]
    order = item_order(card.card_id, seed, len(texts), face["shuffle"])
    truth = in_order(face["truth"], order)
    options, right, subsets = statements_options(truth, face["ask"], face["id"])
    return Presented(
        card,
        face["prompt"],
        choice_hint(options),
        options,
        right,
        order,
        items=list(in_order(texts, order)),
        ask=WHICH_ASK if face["ask"] == "which" else HOW_MANY_ASK,
        subsets=subsets,
    )


def _pairs(face: Face, card: CardRef, seed: str) -> Presented:
    """A numbered table of pairs (reordered per attempt with `shuffle_items`), the exam's
    question and its four options."""
    # face: prompt, headers (or None), pairs (left and right), correct (how many), shuffle
    rows = [(left, right) for left, right in face["pairs"]]
    order = item_order(card.card_id, seed, len(rows), face["shuffle"])
    options, right = how_many_options(len(rows), face["correct"])  # the same in any order
    headers = face["headers"]
    return Presented(
        card,
        face["prompt"],
        choice_hint(options),
        options,
        right,
        order,
        table=in_order(rows, order),
        headers=None if headers is None else (headers[0], headers[1]),
        ask=PAIRS_ASK,
    )


def _assertion(face: Face, card: CardRef, seed: str) -> Presented:
    # face: prompt, statements (Statement-I and Statement-II), answer (the right option)
    options = list(ASSERTION_OPTIONS)
    first, second = face["statements"]
    return Presented(
        card,
        face["prompt"],
        choice_hint(options),
        options,
        face["answer"],
        items=[f"Statement-I: {first}", f"Statement-II: {second}"],
        numbered=False,
        ask=ASSERTION_ASK,
    )


def _cloze(face: Face, card: CardRef, seed: str) -> Presented:
    """The sentence with the card's gap blanked and the other gaps filled in."""
    # face: sentences (one a gap, that gap blanked), gaps (each gap's accepted answers)
    gap = (card.gap or 1) - 1
    return Presented(
        card, face["sentences"][gap], "the missing word or figure", accepted=list(face["gaps"][gap])
    )


# How a card of each kind is shown, from its question's face (a kind module's `face`).
SHOW: dict[str, Callable[[Face, CardRef, str], Presented]] = {
    "mcq": _mcq,
    "truefalse": _truefalse,
    "numeric": _typed,
    "text": _typed,
    "statements": _statements,
    "pairs": _pairs,
    "assertion": _assertion,
    "cloze": _cloze,
}
