"""The shipped bank is exam-true: no answers by position, no source named without cause, no
tolerance that admits another question's answer."""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from typing import Any

from trustquiz import load_bank
from trustquiz.bank.examlint import item_truths, last_only_false, position_bias, position_shares
from trustquiz.quantity import parse_quantity, parse_tolerance

# Questions that may name a source in the text that is asked: `source-comparison` asks what
# the pages say (kept out of exam-style sessions), `source-disagreement` is about a point on
# which the sources differ from each other or from the public record.
SOURCE_TAGS = {"source-comparison", "source-disagreement"}
SOURCE_NAMES = re.compile(
    r"optimizeias|target\s*pt|\b(both|the two) (sources|pages|documents|notes)\b"
    r"|\bthe (note|page|source) (says|gives|puts|lists|names)\b",
    re.IGNORECASE,
)


def _questions() -> list[Any]:
    return [entry.question for entry in load_bank().entries]


def _truths(question: Any) -> list[bool]:
    truths = item_truths(question)
    assert truths is not None
    return truths


def _exam_items() -> list[list[bool]]:
    return [_truths(q) for q in _questions() if q.kind in ("statements", "pairs")]


def _asked_text(question: Any) -> str:
    parts: list[str] = [getattr(question, "prompt", "")]
    if question.kind == "statements":
        parts += [s.text for s in question.statements]
    elif question.kind == "pairs":
        parts += list(question.headers or ()) + [f"{p.left} {p.right}" for p in question.pairs]
    elif question.kind == "assertion":
        parts += [question.statement1, question.statement2]
    elif question.kind == "cloze":
        parts.append(question.text)
    elif question.kind == "mcq":
        parts += question.options
    return " ".join(parts)


def test_no_statement_position_is_true_in_more_than_60_percent() -> None:
    shares = {p: Fraction(*share) for p, share in position_shares(_exam_items()).items()}
    assert {p: s for p, s in shares.items() if s > Fraction(3, 5)} == {}
    assert len(shares) == 4
    assert position_bias(_exam_items()) == []  # what `trustquiz check` warns about


def test_the_last_item_is_seldom_the_only_false_one() -> None:
    truths = _exam_items()
    with_false = [t for t in truths if not all(t)]
    last_only, false_count = last_only_false(truths)
    # The blind rule "all true except the last" once scored 23 of the 28 questions with a
    # false item; it must now score no better than guessing among four options.
    assert false_count == len(with_false) >= 28
    assert Fraction(last_only, false_count) <= Fraction(1, 4)
    assert Fraction(sum(not t[-1] for t in with_false), len(with_false)) <= Fraction(3, 5)


def _key_counts(kind: str, ask: str | None, size: int) -> Counter[object]:
    keys: Counter[object] = Counter()
    for question in _questions():
        if question.kind != kind or getattr(question, "ask", None) != ask:
            continue
        truths = _truths(question)
        if len(truths) != size:
            continue
        if ask == "which":
            keys[tuple(i + 1 for i, t in enumerate(truths) if t)] += 1
        else:
            keys[sum(truths)] += 1
    return keys


def test_three_statement_which_keys_are_spread() -> None:
    keys = _key_counts("statements", "which", 3)
    assert sum(keys.values()) >= 9
    assert max(keys.values()) * 2 <= sum(keys.values()), keys
    assert len(keys) >= 4, keys


def test_how_many_and_pairs_keys_are_spread() -> None:
    for kind, ask, size in [
        ("statements", "how-many", 4),
        ("statements", "how-many", 3),
        ("statements", "which", 2),
        ("pairs", None, 4),
    ]:
        keys = _key_counts(kind, ask, size)
        assert max(keys.values()) * 2 <= sum(keys.values()), (kind, ask, size, keys)
        assert len(keys) >= 3, (kind, ask, size, keys)


def test_assertion_keys_are_spread() -> None:
    keys = Counter(q.answer for q in _questions() if q.kind == "assertion")
    assert set(keys) == {"explains", "does-not-explain", "only-1", "only-2"}
    assert max(keys.values()) * 2 <= sum(keys.values()), keys


def test_asked_text_names_a_source_only_where_the_sources_differ() -> None:
    naming = [q for q in _questions() if SOURCE_NAMES.search(_asked_text(q))]
    untagged = [q.id for q in naming if not SOURCE_TAGS & set(q.tags)]
    assert untagged == []
    # Before this rule 108 of 159 questions named a source; now only the disagreements do.
    assert len(naming) <= 30


def test_source_pattern_catches_the_ways_a_page_is_named() -> None:
    named = [
        "According to OptimizeIAS, the",
        "Target PT says",
        "Both sources put",
        "the two pages agree",
        "as the note says",
    ]
    assert all(SOURCE_NAMES.search(text) for text in named)
    assert not SOURCE_NAMES.search("With reference to the National Critical Mineral Mission")


def test_no_numeric_tolerance_admits_another_questions_answer() -> None:
    numeric = [q for q in _questions() if q.kind == "numeric"]
    answers = [(q.id, parse_quantity(q.answer)) for q in numeric]
    admitted = []
    for question in numeric:
        own = parse_quantity(question.answer)
        tolerance = parse_tolerance(question.tolerance, own)
        for other_id, other in answers:
            if other_id == question.id or other.unit != own.unit or other.value == own.value:
                continue
            if tolerance.allows(own.value, other.value):
                admitted.append((question.id, other_id))
    assert admitted == []


def test_the_ree_share_no_longer_admits_the_silicon_share() -> None:
    question = next(q for q in _questions() if q.id == "china-ree-production-share")
    own = parse_quantity(question.answer)
    tolerance = parse_tolerance(question.tolerance, own)
    assert not tolerance.allows(own.value, parse_quantity("68%").value)
    assert tolerance.allows(own.value, parse_quantity("70 per cent").value)
