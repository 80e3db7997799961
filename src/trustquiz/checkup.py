"""The checks and repairs behind `trustquiz doctor`: index against log, ids, backups first."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from trustquiz import api
from trustquiz.bank.loader import Bank
from trustquiz.errors import ProgressError
from trustquiz.files import write_atomic
from trustquiz.scheduler import apply_review
from trustquiz.store.folding import Folding
from trustquiz.store.index import Index
from trustquiz.store.lines import LastHashes
from trustquiz.store.log import (
    Unusable,
    UnusableRecord,
    os_problem,
    parse_record,
    time_for_filename,
)
from trustquiz.store.records import ReviewRecord
from trustquiz.store.schema import connect


@dataclass(frozen=True)
class Finding:
    """One thing doctor noticed: `error` needs action, `note` is for information."""

    severity: str
    message: str


def examine(home: Path, bank: Bank | None) -> list[Finding]:
    """Check that the log reads, that ids are unique, and that the index agrees with the log."""
    try:
        store = api.open_store(home, readonly=True)
        fresh = api.open_store(home, readonly=True, use_index=False)
    except ProgressError as exc:
        return [Finding("error", str(exc))]
    findings = [Finding("note", notice) for notice in store.notices]
    for kind, line in fresh.warnings():
        if kind == "skipped":
            findings.append(
                Finding(
                    "error", line.replace("`trustquiz doctor` lists it, `", "`trustquiz doctor ")
                )
            )
        else:
            findings.append(Finding("note", line))
    records = list(fresh.records())
    ids = Counter(r.review_id for r in records if isinstance(r, ReviewRecord))
    for review_id, count in sorted(ids.items()):
        if count > 1:
            findings.append(Finding("error", f"review id {review_id} appears {count} times"))
    differ = sorted(
        card_id
        for card_id in set(store.cards) | set(fresh.cards)
        if store.cards.get(card_id) != fresh.cards.get(card_id)
    )
    if differ:
        findings.append(
            Finding(
                "error",
                f"the index disagrees with the log for {len(differ)} card(s)"
                f" ({', '.join(differ[:5])}); `trustquiz doctor --rebuild` rebuilds it",
            )
        )
    if (
        store.aggregates != fresh.aggregates
        or store.settings != fresh.settings
        or store.review_rows() != fresh.review_rows()
    ):
        findings.append(
            Finding(
                "error",
                "the index's counts, settings or review history disagree with the log;"
                " use --rebuild",
            )
        )
    if bank is not None:
        known = {card.card_id for card in bank.cards()}
        orphans = sorted(set(fresh.cards) - known)
        if orphans:
            findings.append(
                Finding(
                    "note",
                    f"{len(orphans)} answered question(s) are no longer in the bank; their"
                    f" reviews are kept: {', '.join(orphans[:5])}",
                )
            )
    reviews = len(fresh.review_rows())  # a skipped duplicate is not counted
    findings.append(Finding("note", f"{reviews} reviews, {len(fresh.cards)} cards in {home}"))
    return findings


def rebuild(home: Path) -> str:
    """Rebuild the index from the log (it is derived data: nothing is lost)."""
    store = api.open_store(home)
    store.rebuild()
    return f"rebuilt {store.index_path.name} from {store.log_path.name}"


def repair_log(home: Path) -> list[str]:
    """Copy the log aside, then keep only the lines that can be applied and rebuild the index.

    Left out: lines that are not records, and records every command skips (see
    store/admission.py). Kept: everything else, as the same bytes.
    """
    log = home / "reviews.jsonl"
    try:
        data = log.read_bytes()
    except OSError as exc:
        raise os_problem("read", log, exc) from None
    lines = data.split(b"\n")
    left_out: dict[int, str] = {}
    folding = Folding(apply_review, Index(connect(None)))
    folding.reset()
    hashes, answers = LastHashes(), {}  # each answer's content hash, by line
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = parse_record(line, hashes)
        except UnusableRecord as exc:
            folding.apply(Unusable(str(exc)), number)
            continue
        except ValueError as exc:
            left_out[number] = str(exc)
            continue
        folding.apply(record, number)
        if record.type == "review":
            answers[number] = record.content_hash
    folding.index.close()
    left_out.update((n, why) for n, kind, why in folding.problems if kind == "skipped")
    backup = log.with_name(f"{log.name}.bak-{time_for_filename()}")
    shutil.copy2(log, backup)
    report = [f"copied the log to {backup.name}"]
    report += [f"left out line {n}: {why}" for n, why in sorted(left_out.items())]
    kept = [
        (n, line) for n, line in enumerate(lines, start=1) if line.strip() and n not in left_out
    ]
    write_atomic(log, b"".join(line + b"\n" for line in _hashes_kept(kept, answers)))
    report.append(rebuild(home))
    return report


def _hashes_kept(kept: list[tuple[int, bytes]], answers: dict[int, str | None]) -> Iterator[bytes]:
    """The lines kept, as they are, but for an answer that left its content hash out ("h")
    and took it from a line left out: it is given its hash."""
    hashes = LastHashes()
    for number, line in kept:
        record = parse_record(line, hashes)
        if record.type == "review" and record.content_hash != answers[number]:
            data = json.loads(line)
            data["h"] = hashes[record.question_id] = answers[number]
            line = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        yield line
