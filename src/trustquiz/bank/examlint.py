"""`trustquiz check`'s exam-craft warnings: answers by position, tolerances that admit another
question's figure, a key that is by far the longest option, asked text naming a publisher."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from trustquiz.bank.entries import Entry
from trustquiz.bank.tomlmap import TableLines, scan
from trustquiz.errors import QuestionFileError
from trustquiz.kinds import registry

# Fewer questions than this are no pattern: a file with fewer is judged with the rest of the
# bank, and a position held by fewer questions is not judged at all.
MIN_QUESTIONS = 10
MAX_TRUE_SHARE = Fraction(3, 5)
# "By far the longest": at least this many times the longest distractor, and this many
# characters longer (so that short options of 4 and 7 characters pass).
LONG_KEY_RATIO = Fraction(3, 2)
LONG_KEY_MARGIN = 20
SOURCE_TAGS = frozenset({"source-comparison", "source-disagreement"})


def item_truths(question: Any) -> list[bool] | None:
    """The truth of each statement or pair in its written order (None for other kinds)."""
    if question.kind == "statements":
        return [s.correct for s in question.statements]
    if question.kind == "pairs":
        return [p.correct for p in question.pairs]
    return None


def position_shares(truths: Sequence[Sequence[bool]]) -> dict[int, tuple[int, int]]:
    """For each item position (from 1): (questions where it is true, questions that have it)."""
    shares: dict[int, tuple[int, int]] = {}
    for position in range(max(map(len, truths), default=0)):
        having = [t for t in truths if len(t) > position]
        shares[position + 1] = (sum(t[position] for t in having), len(having))
    return shares


def last_only_false(truths: Sequence[Sequence[bool]]) -> tuple[int, int]:
    """(questions whose last item is the only false one, questions with a false item)."""
    with_false = [t for t in truths if not all(t)]
    return sum(not t[-1] and all(t[:-1]) for t in with_false), len(with_false)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"


def position_bias(truths: Sequence[Sequence[bool]]) -> list[str]:
    """What is biased in these questions' truth values, as phrases (empty when nothing is)."""
    found = [
        f"position {position} is true in {true} of {having} ({_percent(true, having)})"
        for position, (true, having) in position_shares(truths).items()
        if having >= MIN_QUESTIONS and Fraction(true, having) > MAX_TRUE_SHARE
    ]
    last, with_false = last_only_false(truths)
    if with_false >= MIN_QUESTIONS and 2 * last > with_false:
        found.append(
            f"the last item is the only false one in {last} of the {with_false} with a false"
            f" item ({_percent(last, with_false)})"
        )
    return found


def _bias_warning(entries: list[Entry], scope: str) -> QuestionFileError | None:
    truths = [t for e in entries if (t := item_truths(e.question)) is not None]
    found = position_bias(truths)
    if not found:
        return None
    first = entries[0]
    return QuestionFileError(
        first.path,
        first.line,
        f"statement truth is position-biased in {scope} ({len(truths)} statements/pairs"
        f" questions): {'; '.join(found)}; keep each position true in at most 60% and vary"
        " which item is false, or set shuffle_items = true",
        severity="warning",
    )


def bias_warnings(entries: Sequence[Entry]) -> list[QuestionFileError]:
    """A file with enough statements/pairs questions is judged alone; the others together.

    Questions with `shuffle_items` are left out: their order changes at every attempt.
    """
    by_file: dict[Path, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind in ("statements", "pairs") and not getattr(
            entry.question, "shuffle_items", False
        ):
            by_file[entry.path].append(entry)
    found: list[QuestionFileError] = []
    rest: list[Entry] = []
    for group in by_file.values():
        if len(group) >= MIN_QUESTIONS:
            warning = _bias_warning(group, "this file")
            found.extend([warning] if warning else [])
        else:
            rest.extend(group)
    alone = len(rest) < sum(map(len, by_file.values()))
    if len(rest) >= MIN_QUESTIONS:
        warning = _bias_warning(rest, "the rest of the bank" if alone else "the bank")
        found.extend([warning] if warning else [])
    return found


@lru_cache(maxsize=64)
def _file_lines(path: Path) -> list[TableLines]:
    try:
        return scan(path.read_text(encoding="utf-8")).questions
    except (OSError, UnicodeDecodeError):
        return []


def _question_lines(entry: Entry) -> TableLines | None:
    return next((t for t in _file_lines(entry.path) if t.line == entry.line), None)


def key_line(entry: Entry, key: str) -> int:
    """The line of one of a question's keys (its header line when unknown)."""
    table = _question_lines(entry)
    return table.key_line(key) if table is not None else entry.line


def _line_naming(entry: Entry, name: str) -> int:
    """The first line of a question's table that holds `name` (its header line otherwise)."""
    table = _question_lines(entry)
    if table is None:
        return entry.line
    try:
        text = entry.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return entry.line
    for number in range(table.line, (table.end or table.line) + 1):
        if name.casefold() in text[number - 1].casefold():
            return number
    return entry.line


def _warning(entry: Entry, line: int, message: str) -> QuestionFileError:
    return QuestionFileError(
        entry.path, line, f"question '{entry.id}': {message}", "warning", entry.id
    )


def _answer(entry: Entry) -> str:
    question: Any = entry.question
    return str(question.answer)


def tolerance_warnings(entries: Sequence[Entry]) -> list[QuestionFileError]:
    """A numeric tolerance that admits the answer another question keys, in the same unit."""
    from trustquiz.quantity import QuantityError, parse_quantity, parse_tolerance

    numeric = [(e, parse_quantity(_answer(e))) for e in entries if e.kind == "numeric"]
    by_unit: dict[str | None, list[tuple[Decimal, Entry]]] = defaultdict(list)
    for entry, quantity in numeric:
        by_unit[quantity.unit].append((quantity.value, entry))
    for answers in by_unit.values():
        answers.sort(key=lambda pair: pair[0])
    found: list[QuestionFileError] = []
    for entry, own in numeric:
        question: Any = entry.question
        if question.tolerance is None:
            continue
        try:
            allowed = parse_tolerance(question.tolerance, own)
        except QuantityError:
            continue
        answers = by_unit[own.unit]
        values = [value for value, _ in answers]
        # Only answers within the widest reach of the tolerance can be admitted (bisected,
        # so a bank of many numeric questions is not compared pair by pair).
        reach = abs(own.value) * (allowed.relative or 0) + (allowed.absolute or 0)
        low = bisect.bisect_left(values, own.value - reach)
        high = bisect.bisect_right(values, own.value + reach)
        for value, other in answers[low:high]:
            if value == own.value or not allowed.allows(own.value, value):
                continue
            found.append(
                _warning(
                    entry,
                    key_line(entry, "tolerance"),
                    f"tolerance '{question.tolerance}' around {question.answer} admits"
                    f" {_answer(other)}, the answer of '{other.id}'"
                    f" ({other.path}:{other.line}); narrow it so the two facts stay apart",
                )
            )
    return found


def long_key_warnings(entries: Sequence[Entry]) -> list[QuestionFileError]:
    """An `mcq` whose key is by far its longest option: it can be picked unread."""
    found: list[QuestionFileError] = []
    for entry in entries:
        if entry.kind != "mcq":
            continue
        question: Any = entry.question
        key = question.answer_index
        lengths = [len(option.strip()) for option in question.options]
        longest_other = max(n for i, n in enumerate(lengths) if i != key)
        if (
            lengths[key] >= LONG_KEY_RATIO * longest_other
            and lengths[key] >= longest_other + LONG_KEY_MARGIN
        ):
            found.append(
                _warning(
                    entry,
                    key_line(entry, "options"),
                    f"the key is by far the longest option ({lengths[key]} characters, the"
                    f" longest other {longest_other}): it can be picked unread; shorten it or"
                    " lengthen the distractors",
                )
            )
    return found


def publisher_names(publisher: str) -> list[str]:
    """The names a publisher goes by: the leading capitalised run of each of the names joined
    in the part before any comma or bracket ("The White House and India's Ministry of External
    Affairs" -> White House, Ministry of External Affairs; "Target PT current-affairs notes"
    -> Target PT)."""
    names = []
    head = re.split(r"[,(;]", publisher)[0]
    for piece in re.split(r"\b(?:and|with|citing|reported by)\b", head):
        piece = re.sub(r"^\s*(?:the\s+)?(?:\S+'s\s+)?", "", piece.strip(), flags=re.IGNORECASE)
        run: list[str] = []
        for word in piece.split():
            if not (word[:1].isupper() or (run and word in ("of", "for"))):
                break
            run.append(word)
        while run and run[-1] in ("of", "for"):
            run.pop()
        if run:
            names.append(" ".join(run))
    return names


def exam_warnings(entries: Sequence[Entry], publishers: dict[str, str]) -> list[QuestionFileError]:
    """Every warning of this module, for the bank's entries and its sources' publishers."""
    _file_lines.cache_clear()  # files may have changed since the last check in this process
    return [
        *bias_warnings(entries),
        *tolerance_warnings(entries),
        *long_key_warnings(entries),
        *publisher_warnings(entries, publishers),
    ]


def publisher_warnings(
    entries: Sequence[Entry], publishers: dict[str, str]
) -> list[QuestionFileError]:
    """Asked text that names a cited source's publisher, unless the question is about the
    sources (tagged `source-comparison` or `source-disagreement`)."""
    patterns = {
        name: re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        for publisher in publishers.values()
        for name in publisher_names(publisher)
    }
    if not patterns:
        return []
    found: list[QuestionFileError] = []
    for entry in entries:
        if SOURCE_TAGS & set(entry.tags):
            continue
        text = registry.kind_of(entry.question).asked_text(entry.question)
        for name, pattern in patterns.items():
            if pattern.search(text):
                found.append(
                    _warning(
                        entry,
                        _line_naming(entry, name),
                        f"the asked text names '{name}', the publisher of a source; the exam"
                        " never names one: drop it, or tag the question source-comparison or"
                        " source-disagreement if it is about the sources",
                    )
                )
    return found
