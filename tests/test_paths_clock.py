"""Where data lives (--home > TRUSTQUIZ_HOME > user data dir) and where "now" comes from."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from trustquiz.clock import now, parse_time
from trustquiz.errors import ClockError
from trustquiz.paths import data_dir


def test_home_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTQUIZ_HOME", str(tmp_path / "env"))
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv("TRUSTQUIZ_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "trustquiz"


def test_clock_reads_trustquiz_now_as_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTQUIZ_NOW", "2026-11-22T08:00:00+05:30")
    assert now() == datetime(2026, 11, 22, 2, 30, tzinfo=timezone.utc)
    assert parse_time("2026-11-22") == datetime(2026, 11, 22, tzinfo=timezone.utc)
    assert parse_time("2026-11-22T02:30:00Z") == datetime(2026, 11, 22, 2, 30, tzinfo=timezone.utc)
    monkeypatch.delenv("TRUSTQUIZ_NOW")
    assert now().tzinfo is timezone.utc
    with pytest.raises(ClockError, match="not an ISO 8601 time"):
        parse_time("next tuesday")
