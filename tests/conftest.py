"""Shared fixtures: an isolated data directory, a fixed clock, and question-file helpers."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trustquiz.cli import app

NOW = datetime(2026, 11, 22, 2, 30, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the real user data dir or the real clock unless it asks to."""
    monkeypatch.setenv("TRUSTQUIZ_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TRUSTQUIZ_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TRUSTQUIZ_NOW", NOW.isoformat())
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The data directory the CLI uses in this test."""
    return tmp_path / "home"


def write(path: Path, text: str) -> Path:
    """Write a dedented UTF-8 file, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


SMALL_BANK = """
[defaults]
topic = "Indian programmes"

[[questions]]
id = "ncmm-outlay"
kind = "numeric"
prompt = "Outlay of the National Critical Minerals Mission?"
answer = "₹16,300 crore"
explanation = "Seven years; ₹7,000 crore of it for exploration."

[[questions]]
id = "kabil"
kind = "text"
topic = "Indian programmes"
prompt = "Which joint venture secures overseas mineral assets for India?"
answer = "KABIL"
accept = ["Khanij Bidesh India Limited"]
explanation = "A joint venture of three state-owned companies."

[[questions]]
id = "api-rank"
kind = "mcq"
topic = "Pharma and trade"
prompt = "India's rank among API makers?"
options = ["First", "Second", "Third", "Fourth"]
answer = "b"
shuffle = false
explanation = "Second only to China."

[[questions]]
id = "ree-share"
kind = "truefalse"
topic = "China's dominance"
prompt = "China controls about 70% of global REE production."
answer = true
explanation = "And 87% of rare earth processing."
"""


@pytest.fixture
def small_bank(tmp_path: Path) -> Path:
    """A four-question bank of every foundation kind, outside the shipped bank."""
    return write(tmp_path / "bank" / "small.toml", SMALL_BANK)


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner for the trustquiz app."""
    return CliRunner()


def run(runner: CliRunner, *args: str, input: str | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Invoke the app without catching exceptions, so a traceback fails the test."""
    return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
