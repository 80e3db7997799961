"""Test helper that reads a review log's lines, in either form, as long-form records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trustquiz.store.log import parse_record


def log_records(path: Path) -> list[dict[str, Any]]:
    """Every line of the log at `path` as the long form's fields (defaults filled in)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_record(line.encode()).model_dump(mode="json") for line in lines if line.strip()]


def record_of(line: str) -> dict[str, Any]:
    """One log line as the long form's fields."""
    return parse_record(line.encode()).model_dump(mode="json")
