"""Test helpers for review logs: an answer's record, and a log's lines (in either form) read
as long-form records."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from trustquiz.scheduler import rating_for
from trustquiz.store.lines import LastHashes
from trustquiz.store.log import parse_record
from trustquiz.store.records import ReviewRecord


def log_records(path: Path) -> list[dict[str, Any]]:
    """Every line of the log at `path` as the long form's fields (defaults filled in)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    hashes = LastHashes()  # an answer that leaves "h" out takes its question's hash before
    return [
        parse_record(line.encode(), hashes).model_dump(mode="json")
        for line in lines
        if line.strip()
    ]


def record_of(line: str) -> dict[str, Any]:
    """One log line as the long form's fields."""
    return parse_record(line.encode()).model_dump(mode="json")


def answer(n: int, question: str, when: datetime, right: bool = True) -> ReviewRecord:
    """Answer `r{n}` to `question` at `when`: right (Good) or wrong (Again), no mark."""
    return ReviewRecord(
        review_id=f"r{n}",
        question_id=question,
        time=when,
        response="a",
        verdict="right" if right else "wrong",
        rating=rating_for(right),
        session_id="s",
    )
