"""The checks and repairs behind `trustquiz doctor`: index against log, ids, backups first."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from trustquiz import api
from trustquiz.bank.loader import Bank
from trustquiz.errors import ProgressError
from trustquiz.files import write_atomic
from trustquiz.store.log import parse_record, time_for_filename
from trustquiz.store.records import CorrectionRecord, ReviewRecord


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
    records = list(fresh.records())
    ids = Counter(r.review_id for r in records if isinstance(r, ReviewRecord))
    for review_id, count in sorted(ids.items()):
        if count > 1:
            findings.append(Finding("error", f"review id {review_id} appears {count} times"))
    for record in records:
        if isinstance(record, CorrectionRecord) and record.review_id not in ids:
            findings.append(
                Finding("error", f"a {record.type} names review {record.review_id}, not in the log")
            )
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
    reviews = sum(ids.values())
    findings.append(Finding("note", f"{reviews} reviews, {len(fresh.cards)} cards in {home}"))
    return findings


def rebuild(home: Path) -> str:
    """Rebuild the index from the log (it is derived data: nothing is lost)."""
    store = api.open_store(home)
    store.rebuild()
    return f"rebuilt {store.index_path.name} from {store.log_path.name}"


def repair_log(home: Path) -> list[str]:
    """Copy the log aside, then keep only its readable lines and rebuild the index."""
    log = home / "reviews.jsonl"
    data = log.read_bytes()
    backup = log.with_name(f"{log.name}.bak-{time_for_filename()}")
    shutil.copy2(log, backup)
    kept: list[bytes] = []
    report = [f"copied the log to {backup.name}"]
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            parse_record(line)
        except ValueError as exc:
            report.append(f"left out line {number}: {exc}")
            continue
        kept.append(line)
    write_atomic(log, b"".join(line + b"\n" for line in kept))
    report.append(rebuild(home))
    return report
