"""What the commands share: loading with the cycle collector paused, and JSON by key."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import run
from trustquiz.collector import collector_paused
from trustquiz.commands import loading
from trustquiz.commands.stats import json_by_key
from trustquiz.errors import TrustquizError


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_loading_runs_with_the_collector_paused_and_freezes_what_it_made(
    small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    during: list[bool] = []
    real_load = loading.load

    def spy(*args: Any) -> Any:
        during.append(gc.isenabled())
        return real_load(*args)

    monkeypatch.setattr(loading, "load", spy)
    frozen_before = gc.get_freeze_count()
    loading.open_all(home, [small_bank], True, readonly=True)
    assert during == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen_before


def test_the_collector_is_back_on_after_a_failed_load(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(TrustquizError):
        loading.open_all(home, [tmp_path / "missing.toml"], True, readonly=True)
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_json_by_key_puts_each_top_level_key_on_its_own_line() -> None:
    data = {"total": 3, "topics": [{"topic": "Pharma – API", "seen": 1}], "exam": None}
    text = json_by_key(data)
    assert text == (
        '{\n  "total": 3,\n  "topics": [{"topic": "Pharma – API", "seen": 1}],\n  "exam": null\n}\n'
    )
    assert json.loads(text) == data
    assert json_by_key({}) == "{}\n"


def test_check_builds_the_bank_with_the_collector_paused(
    small_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustquiz.bank import lint

    during: list[bool] = []
    real_check = lint.check_bank

    def spy(*args: Any, **kwargs: Any) -> Any:
        during.append(gc.isenabled())
        return real_check(*args, **kwargs)

    monkeypatch.setattr(lint, "check_bank", spy)
    result = run(CliRunner(), "check", "--no-builtin", str(small_bank))
    assert result.exit_code == 0
    assert during == [False]
    assert gc.isenabled()
