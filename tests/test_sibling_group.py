"""The `group` key: questions that share a fact are not asked on the same day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import trustquiz
from conftest import NOW, run, write


def _question(qid: str, group: str | None = None) -> str:
    text = f'[[questions]]\nid = "{qid}"\nkind = "text"\ntopic = "Polity"\n'
    text += f'prompt = "{qid}?"\nanswer = "a"\nexplanation = "e"\n'
    return text + (f"group = {group}\n" if group else "") + "\n"


def test_questions_of_one_group_come_on_different_days(tmp_path: Path, home: Path) -> None:
    text = _question("q1", '"article-21"') + _question("q2") + _question("q3", '"article-21"')
    path = write(tmp_path / "bank" / "group.toml", text)
    run(CliRunner(), "config", "daily_minutes", "10")
    bank = trustquiz.load_bank([path], builtin=False)
    store = trustquiz.open_store(home)
    assert trustquiz.plan(bank, store, NOW) == ["q1", "q2"]
    trustquiz.record(bank, store, "q1", correct=True, now=NOW, duration_ms=9000)
    trustquiz.record(bank, store, "q2", correct=True, now=NOW, duration_ms=9000)
    # Still the same day (it runs to 04:00): q3 waits, as its sibling was answered today.
    assert trustquiz.plan(bank, store, NOW + timedelta(hours=1)) == []
    assert trustquiz.plan(bank, store, NOW + timedelta(days=1)) == ["q3"]
    store.close()


def test_the_group_reaches_the_plan_from_the_cache_too(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTQUIZ_CACHE", str(tmp_path / "cache"))
    text = _question("q1", '"g"') + _question("q2", '"g"')
    path = write(tmp_path / "bank" / "group.toml", text)
    trustquiz.load_bank([path], builtin=False)  # parsed, and written to the cache
    bank = trustquiz.load_bank([path], builtin=False)  # read from the cache
    assert bank.card("q2") is not None and bank.card("q2").entry.group == "g"  # type: ignore[union-attr]
    store = trustquiz.open_store(home)
    assert trustquiz.plan(bank, store, NOW) == ["q1"]
    store.close()


def test_check_refuses_a_group_that_is_not_a_string(tmp_path: Path, home: Path) -> None:
    path = write(tmp_path / "bank" / "group.toml", _question("q1", "3"))
    result = run(CliRunner(), "check", "--no-builtin", "--bank", str(path))
    assert result.exit_code == 1
    assert "group: Input should be a valid string" in result.stdout + result.stderr
