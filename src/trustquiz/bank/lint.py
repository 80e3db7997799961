"""`trustquiz check`: every error of the loader, plus warnings about missing explanations,
near-duplicate prompts and exam craft (`examlint`)."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from itertools import chain
from pathlib import Path

from trustquiz.bank.entries import Entry
from trustquiz.bank.examlint import exam_warnings
from trustquiz.bank.loader import SOURCES_FILE, Bank, expand, load_files, roots
from trustquiz.errors import QuestionFileError
from trustquiz.kinds import registry
from trustquiz.kinds.base import Question
from trustquiz.textmatch import normalise_text

NEAR_DUPLICATE = 0.9
_COMMON_SHINGLE = 50


def asked_text(question: Question) -> str:
    """Everything the learner reads when the question is asked, as one string."""
    return registry.kind_of(question).asked_text(question)


def _shingles(words: list[str]) -> set[int]:
    """Hashes of the text's word triples (ints, not tuples, to keep a large bank's index small)."""
    return {hash(tuple(words[i : i + 3])) for i in range(max(1, len(words) - 2))}


def near_duplicates(entries: Sequence[Entry]) -> list[tuple[Entry, Entry]]:
    """Pairs (earlier, later) whose asked text is at least 90% alike.

    Candidates come from shared word triples, so the cost grows with the bank, not its square.
    """
    texts = [normalise_text(asked_text(e.question)) for e in entries]
    sizes: list[int] = []  # each text's count of triples (a text's own set is not kept)
    index: dict[int, list[int]] = defaultdict(list)
    found: list[tuple[Entry, Entry]] = []
    for i, text in enumerate(texts):
        own = _shingles(text.split())
        sizes.append(len(own))
        postings = [index[shingle] for shingle in own]
        # Earlier entries sharing this one's uncommon triples, counted in C: this loop runs
        # for every question of the bank.
        shared = Counter(chain.from_iterable(p for p in postings if len(p) <= _COMMON_SHINGLE))
        for posting in postings:
            posting.append(i)
        size, length = sizes[i], len(texts[i])
        for j, count in shared.items():
            # Half the triples of the shorter text shared, and lengths that allow a 90%
            # ratio: difflib's ratio is 2 * matches / (both lengths), matches <= the shorter.
            twice = 2 * count
            if twice < size and twice < sizes[j]:
                continue
            other = len(texts[j])
            if 2 * min(length, other) < NEAR_DUPLICATE * (length + other):
                continue
            if difflib.SequenceMatcher(None, texts[j], texts[i]).ratio() >= NEAR_DUPLICATE:
                found.append((entries[j], entries[i]))
    return found


def warnings(bank: Bank) -> list[QuestionFileError]:
    """Things that load but are probably mistakes."""
    found: list[QuestionFileError] = []
    for entry in bank.entries:
        if not entry.question.explanation.strip():
            found.append(
                QuestionFileError(
                    entry.path,
                    entry.line,
                    f"question '{entry.id}': no explanation; say why the answer is"
                    " right so that feedback teaches",
                    severity="warning",
                    question_id=entry.id,
                )
            )
    for first, later in near_duplicates(bank.entries):
        found.append(
            QuestionFileError(
                later.path,
                later.line,
                f"question '{later.id}' nearly repeats '{first.id}' ({first.path}:{first.line})",
                severity="warning",
                question_id=later.id,
            )
        )
    publishers = {name: str(data.get("publisher", "")) for name, data in bank.source_data.items()}
    found.extend(exam_warnings(bank.entries, publishers))
    return found


def check_bank(
    targets: Sequence[Path],
    extra: Sequence[Path] = (),
    *,
    builtin: bool = True,
    home: Path | None = None,
    on_file: Callable[[int, int | None], None] | None = None,
) -> Bank:
    """Load files for `trustquiz check`, collecting every problem and warning.

    With no targets the whole bank is checked. With targets only they are, but the bank's
    `sources.toml` files still count, so a learner's file may cite a shipped source.
    """
    if not targets:
        files, missing = expand(roots(extra, builtin, home))
    else:
        registry_files, _ = expand(roots((), builtin, home))
        files, missing = expand([*targets, *extra])
        registries = [f for f in registry_files if f.name == SOURCES_FILE and f not in files]
        files = registries + files
    bank = load_files(files, on_file)
    bank.problems[:0] = missing
    bank.warnings = warnings(bank)
    return bank
