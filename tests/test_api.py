"""The public Python API works without the CLI."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import trustquiz


def test_load_open_due_record(small_bank: Path, home: Path) -> None:
    bank = trustquiz.load_bank([small_bank], builtin=False)
    store = trustquiz.open_store(home)
    t0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    assert trustquiz.due(bank, store, t0) == []
    state = trustquiz.record(bank, store, "kabil", correct=True, now=t0, response="KABIL")
    # No same-day learning steps by default: a right first answer is reviewed in two days.
    assert (state.phase, state.due) == ("review", t0 + timedelta(days=2))
    assert trustquiz.due(bank, store, t0 + timedelta(days=1)) == []
    assert trustquiz.due(bank, store, t0 + timedelta(days=2)) == ["kabil"]
    assert trustquiz.open_store(home).cards["kabil"] == state


def test_naive_time_is_rejected(small_bank: Path, home: Path) -> None:
    bank = trustquiz.load_bank([small_bank], builtin=False)
    with pytest.raises(ValueError, match="timezone-aware"):
        trustquiz.due(bank, trustquiz.open_store(home), datetime(2026, 1, 1))


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        trustquiz.nothing_here  # noqa: B018
