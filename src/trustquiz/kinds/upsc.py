"""The exam's own formats: option sets generated from truth values, in UPSC's wording."""

from __future__ import annotations

import random
import re
from itertools import combinations
from typing import TYPE_CHECKING, TypeVar

from trustquiz.kinds.registry import kind_of

if TYPE_CHECKING:
    from trustquiz.kinds.base import QuestionBase

WHICH_ASK = "Which of the statements given above is/are correct?"
HOW_MANY_ASK = "How many of the above statements are correct?"
PAIRS_ASK = "How many of the above pairs are correctly matched?"
ASSERTION_ASK = "Which one of the following is correct in respect of the above statements?"

ASSERTION_KEYS = ("explains", "does-not-explain", "only-1", "only-2")
ASSERTION_OPTIONS = (
    "Both Statement-I and Statement-II are correct and Statement-II explains Statement-I",
    "Both Statement-I and Statement-II are correct, but Statement-II does not explain Statement-I",
    "Statement-I is correct, but Statement-II is incorrect",
    "Statement-I is incorrect, but Statement-II is correct",
)
_COUNT_WORDS = ("one", "two", "three", "four")

Subset = frozenset[int]
T = TypeVar("T")


def subset_label(subset: Subset, size: int) -> str:
    """`1 only`, `2 and 3 only`, `1, 2 and 3`; for two statements `Both 1 and 2`, `Neither...`."""
    numbers = [str(i + 1) for i in sorted(subset)]
    if size == 2 and len(subset) == 2:
        return "Both 1 and 2"
    if size == 2 and not subset:
        return "Neither 1 nor 2"
    if not numbers:
        return "None of them"
    joined = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return joined if len(subset) == size else f"{joined} only"


def _canonical(size: int) -> list[Subset]:
    """Subsets in the order the exam lists them: singles, then pairs (12, 23, 13), then more."""
    order: list[Subset] = []
    for k in range(1, size + 1):
        group = [frozenset(c) for c in combinations(range(size), k)]
        if size == 3 and k == 2:
            group = [frozenset({0, 1}), frozenset({1, 2}), frozenset({0, 2})]
        order.extend(group)
    return order


def which_options(truth: list[bool], seed: str) -> tuple[list[Subset], int]:
    """Four options for "which is/are correct", and the index of the right one.

    Two statements always get 1 only / 2 only / Both / Neither. Three get the classic
    1 and 2 only / 2 and 3 only / 1 and 3 only / 1, 2 and 3 when the answer is among them;
    otherwise, and for four statements, three distractors are drawn with `seed` (the
    question id) so that the same question always shows the same options.

    Raises:
        ValueError: when no statement is true and there are more than two.
    """
    size = len(truth)
    answer = frozenset(i for i, value in enumerate(truth) if value)
    if size == 2:
        options = [frozenset({0}), frozenset({1}), frozenset({0, 1}), frozenset()]
        return options, options.index(answer)
    if not answer:
        raise ValueError(f"no statement is true, and 'which' with {size} statements has no 'none'")
    canonical = _canonical(size)
    classic = canonical[3:7] if size == 3 else []
    if answer in classic:
        return classic, classic.index(answer)
    pool = [s for s in canonical if s != answer]
    chosen = [answer, *random.Random(seed).sample(pool, 3)]
    chosen.sort(key=canonical.index)
    return chosen, chosen.index(answer)


def how_many_options(size: int, true_count: int) -> tuple[list[str], int]:
    """Only one / Only two / All three / None (three items) or ... / All four (four items).

    Raises:
        ValueError: when the count cannot be expressed by the options for this size.
    """
    if size == 3:
        options = ["Only one", "Only two", "All three", "None"]
        return options, (true_count - 1) if true_count else 3
    if size == 4:
        if not true_count:
            raise ValueError("none is true, and the four-item options have no 'None'")
        return [f"Only {w}" for w in _COUNT_WORDS[:3]] + ["All four"], true_count - 1
    raise ValueError(f"'how many' needs 3 or 4 items, not {size}")


def statements_options(
    truth: list[bool], ask: str, seed: str
) -> tuple[list[str], int, list[Subset] | None]:
    """The options of a statements question ("which" or "how-many" are correct), the right
    index, and for "which" each option's subset of statements."""
    if ask == "which":
        subsets, right = which_options(truth, seed)
        return [subset_label(s, len(truth)) for s in subsets], right, subsets
    options, right = how_many_options(len(truth), sum(truth))
    return options, right, None


# A statement that names another by number ("Statement 2 above ...") cannot move.
_REFERS_TO_ANOTHER = re.compile(
    r"\b(statements?|pairs?)\s+\d|\b(above|preceding|previous)\s+(statement|pair)\b",
    re.IGNORECASE,
)


def item_order(card_id: str, seed: str, size: int, shuffle: bool) -> list[int] | None:
    """The order statements or pairs are shown in for one attempt: `order[i]` is the index
    in the question's own list of the item shown at number i + 1 (None: as written).

    Drawn from the card and `seed` like an mcq's option order, so an attempt is repeatable.
    """
    if not shuffle:
        return None
    order = list(range(size))
    random.Random(f"{card_id}|{seed}").shuffle(order)
    return order


def in_order(items: list[T], order: list[int] | None) -> list[T]:
    """The items as shown: reordered by `order`, or as written."""
    return items if order is None else [items[i] for i in order]


def shuffle_problems(texts: list[str], shuffle: bool, key: str) -> list[tuple[str, str]]:
    """With `shuffle_items`, no item may refer to another by its place."""
    if not shuffle:
        return []
    return [
        (
            key,
            f"item {number} refers to another by its place ({match.group(0)!r}), which"
            " shuffle_items would change: reword it or leave shuffle_items off",
        )
        for number, text in enumerate(texts, start=1)
        if (match := _REFERS_TO_ANOTHER.search(text))
    ]


_VERDICT_PREFIX = re.compile(r"^(?:in)?correct\s*[:.,;-]\s*", re.IGNORECASE)


def reason(why: str) -> str:
    """The `why` of a statement or pair, without a leading "Correct:" that the line already says."""
    return _VERDICT_PREFIX.sub("", why.strip())


def breakdown(question: QuestionBase, order: list[int] | None = None) -> list[tuple[bool, str]]:
    """Per statement or pair as shown (`order`: the presented card's, for a kind that
    shuffles its items): (correct?, a line saying which it was and why); empty for kinds the
    exam does not judge part by part."""
    return kind_of(question).breakdown(question, order)
