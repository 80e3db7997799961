"""One record of a whole loaded bank, so that a warm start stats its files and reads one file.

Beside the cache's entry for each question file (cache.py), a bank loaded from the same
roots keeps one record: every file's path and what its entry recorded of it (signature,
time written, SHA-256), and the loaded bank itself (its entries' head fields as columns,
one run a file, its cards, sources and problems), in Python's marshal format (see `Rows`
for how the columns are kept). It is used
only when the trustquiz version and cache format are the ones that wrote it, the roots
hold the same files in the same order, and each file's signature shows it unchanged by the
rule an entry's times are trusted by (cache.current). Anything else is a miss: the bank is
loaded file by file through the cache, and the record written again once every file came
from its entry. Deleting it is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import mmap
import os
import stat
import sys
from array import array
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from trustquiz import __version__
from trustquiz.bank import cache as bankcache
from trustquiz.bank.cache import Head
from trustquiz.bank.collection import Bank
from trustquiz.bank.entries import Entry
from trustquiz.bank.rows import Rows, coded
from trustquiz.errors import QuestionFileError

RECORD_FORMAT = 8  # 6: the cards' order by id; 7: repeated columns as numbered values;
# 8: the cards' entries and gaps packed
# The columns whose values repeat (kind, topic, tags, source) come first; the others are
# mostly each entry's own (gaps, group, line, hash, source line, start, stop) or None.
_REPEATED = 4
_DAMAGED = (OSError, ValueError, EOFError, TypeError, KeyError, IndexError)


def _key() -> list[Any]:
    # marshal's format may change between Python versions: the record is only for this one.
    return [RECORD_FORMAT, bankcache.FORMAT, __version__, sys.implementation.cache_tag]


def _place(folder: Path, roots: Sequence[Path]) -> Path:
    """The record of a bank loaded from these roots (in this order)."""
    name = hashlib.sha256("\0".join(str(root) for root in roots).encode()).hexdigest()[:24]
    return folder / f"bank-{name}.marshal"


def read(roots: Sequence[Path], files: list[Path]) -> Bank | None:
    """The bank these files make, from the record, if every file is unchanged (else None)."""
    folder = bankcache.cache_dir()
    if folder is None:
        return None
    try:
        record = _load(_place(folder, roots))
        key, names, heads, ids, runs, columns, cards, sources, problems = record
        if key != _key() or names != [str(file) for file in files]:
            return None
        for file, head in zip(files, heads, strict=True):
            info = file.stat()
            if not stat.S_ISREG(info.st_mode):
                return None
            if not bankcache.current(bankcache.signature_of(info), head):
                return None
        made = [(bankcache.origin(files[at], heads[at]), count) for at, count in runs]
        card_ids, card_entry, card_gap, order = _card_table(*cards)
        rows = Rows(ids, columns, made)
        return Bank(
            source_data=sources,
            problems=[QuestionFileError(files[at], *rest) for at, *rest in problems],
            files=list(files),
            rows=(rows, card_ids, card_entry, card_gap),
            order=order,
        )
    except _DAMAGED:
        return None  # a missing, stale or damaged record is just a miss


def _load(place: Path) -> Any:
    """The record at `place`, unmarshalled from the file mapped into memory: read into a
    buffer, its megabytes are fresh pages the process faults in one by one (a thousand at
    50,000 questions), where a mapping of the cached file comes in larger runs."""
    with place.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as view:
        return marshal.loads(view)


def write(roots: Sequence[Path], files: list[Path], bank: Bank, heads: dict[Path, Head]) -> None:
    """Record a bank loaded from these roots, when every file came from its cache entry."""
    folder = bankcache.cache_dir()
    if folder is None or len(heads) != len(files) or any(file not in heads for file in files):
        return
    number = {file: at for at, file in enumerate(files)}
    runs = [(number[path], sum(1 for _ in run)) for path, run in groupby(bank.entries, key=_path)]
    # A repeated column is kept as its distinct values and each entry's number among them
    # (rows.coded): fewer objects to make at start-up (the tags become tuples, as a parsed
    # file's are).
    rows = [(entry.kind, entry.topic, tuple(entry.tags), *entry[4:-1]) for entry in bank.entries]
    columns = list(zip(*rows, strict=True))
    shared = [coded(column) for column in columns[:_REPEATED]]
    # Written without marshal's references (version 2), which the rest would not use: a
    # lookup for each of its hundreds of thousands of values made writing 3 times slower.
    own, at = [], 0
    for _, count in runs:
        own.append(marshal.dumps([list(c[at : at + count]) for c in columns[_REPEATED:]], 2))
        at += count
    blobs = (marshal.dumps(shared), own)
    problems = []
    for problem in bank.problems:
        if problem.path not in number:
            return  # not from a question file of the bank: never the case for load_files
        problems.append(
            (
                number[problem.path],
                problem.line,
                problem.message,
                problem.severity,
                problem.question_id,
            )
        )
    record = (
        _key(),
        [str(file) for file in files],
        [heads[file] for file in files],
        [entry.id for entry in bank.entries],  # a card's id is its question's, or `id#gap`
        runs,
        blobs,
        _packed_cards(bank),
        bank.source_data,
        problems,
    )
    target = _place(folder, roots)
    temporary = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    with contextlib.suppress(OSError):  # an unwritable cache folder: no record, no harm
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(marshal.dumps(record))
        temporary.replace(target)


def _packed_cards(bank: Bank) -> tuple[list[str], bytes, bytes, bytes, bytes]:
    """The bank's cards as the record keeps them: their ids, their entries' positions, the
    positions and numbers of the gap cards, and the cards' order by id, the numbers packed
    (at 50,000 questions, a list of each card's entry and gap took 2-3 ms to read back)."""
    card_ids, card_entry, card_gap = bank.card_table()
    gapped = [position for position, gap in enumerate(card_gap) if gap is not None]
    return (
        card_ids,
        array("i", card_entry).tobytes(),
        array("i", gapped).tobytes(),
        array("i", [card_gap[position] or 0 for position in gapped]).tobytes(),
        array("i", bank.card_order()).tobytes(),
    )


def _card_table(
    card_ids: list[str], entries: bytes, gapped: bytes, gaps: bytes, by_id: bytes
) -> tuple[list[str], array[int], list[int | None], array[int]]:
    """What `_packed_cards` packed (ValueError when its parts do not agree)."""
    card_entry, at, number, order = array("i"), array("i"), array("i"), array("i")
    for numbers, packed in ((card_entry, entries), (at, gapped), (number, gaps), (order, by_id)):
        numbers.frombytes(packed)
    if not len(card_entry) == len(order) == len(card_ids) or len(at) != len(number):
        raise ValueError("the record's cards do not agree")
    card_gap: list[int | None] = [None] * len(card_ids)
    for position, gap in zip(at, number, strict=True):
        card_gap[position] = gap
    return card_ids, card_entry, card_gap, order


def _path(entry: Entry) -> Path:
    return entry.origin.path
