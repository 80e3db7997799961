"""How a typed choice names an option: a letter, the option's text, statement numbers, a count."""

from __future__ import annotations

import re

from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.presentation import Presented
from trustquiz.textmatch import normalise_text

# `c`, `(c)`, `c)`, `c.`, `c:`, `option c`, `option (c)`, `opt. c`, `answer is c`.
_LETTER = re.compile(
    r"^(?:(?:the\s+)?(?:answer|ans|option|opt)\s*(?:is\s*)?[.:-]?\s*)?\(?\s*([a-z])\s*[).:]?$"
)
# Statement numbers: `1 and 3`, `1, 3`, `1 & 3`, `1 and 3 only`, `only 1`, `both 1 and 2`.
_NUMBERS = re.compile(r"^(?:only\s+|both\s+)?\d(?:\s*(?:,|&|and|\s)\s*\d)*(?:\s+only)?$")
_COUNT_WORDS = {"none": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4}
_COUNT = re.compile(r"^(?:only\s+|all\s+)?(none|zero|one|two|three|four|\d)(?:\s+only)?$")
# What a how-many option says: `Only two`, `All three`, `None`.
_OPTION_COUNT = re.compile(r"^(?:only |all )?(none|one|two|three|four)$")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT_WORDS[word]


def _letter(presented: Presented, raw: str) -> int | None:
    assert presented.options is not None
    match = _LETTER.match(raw)
    if match and match.group(1) in LETTERS[: len(presented.options)]:
        return LETTERS.index(match.group(1))
    return None


def _by_numbers(presented: Presented, raw: str) -> int | None:
    """The "which" option whose statements are exactly the numbers typed (`1 and 3`)."""
    if presented.subsets is None:
        return None
    size = len(presented.items)
    if raw in ("both", "all", "all of them") or (raw == "neither" and size == 2):
        picked = frozenset(range(size)) if raw != "neither" else frozenset()
    elif raw in ("none", "none of them"):
        picked = frozenset()
    elif _NUMBERS.match(raw):
        picked = frozenset(int(n) - 1 for n in re.findall(r"\d", raw))
    else:
        return None
    matching = [i for i, subset in enumerate(presented.subsets) if subset == picked]
    return matching[0] if len(matching) == 1 else None


def _by_count(presented: Presented, raw: str) -> int | None:
    """The "how many" option for the count typed (`two`, `only two`, `2`)."""
    assert presented.options is not None
    match = _COUNT.match(raw)
    if presented.subsets is not None or not match:
        return None
    wanted = _count(match.group(1))
    matching = []
    for index, option in enumerate(presented.options):
        said = _OPTION_COUNT.match(option.lower())
        if said and _count(said.group(1)) == wanted:
            matching.append(index)
    return matching[0] if len(matching) == 1 else None


def choice_index(presented: Presented, response: str) -> int | None:
    """The shown index of the option a response names, or None when it names none.

    Read, in order: a letter (`c`, `(c)`, `c)`, `c.`, `option c`), the option's own text,
    for "which" the statement numbers (`1 and 3`, `1, 3`, `1 & 3`, `both`, `neither`, `all`),
    for "how many" and
    pairs the count (`two`, `only two`, `2`). A form that fits two options names none.
    """
    assert presented.options is not None
    raw = re.sub(r"\s+", " ", response.strip().lower())
    picked = _letter(presented, raw)
    if picked is not None:
        return picked
    norm = normalise_text(response)
    for index, option in enumerate(presented.options):
        if norm and norm == normalise_text(option):
            return index
    picked = _by_numbers(presented, raw)
    return picked if picked is not None else _by_count(presented, raw)


def choice_expected(presented: Presented) -> str:
    """What a choice question expects, for the hint on an answer that names no option."""
    assert presented.options is not None
    letters = f"a-{LETTERS[len(presented.options) - 1]}" if len(presented.options) > 2 else "a or b"
    return f"type a letter {letters} (or the option's text)"
