"""The `stats` exam section's plan figures, the forward run behind them, and a light import."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from typer.testing import CliRunner

from conftest import run
from trustquiz.examplan import forward, sample, studied
from trustquiz.memory import MemoryModel
from trustquiz.pace import Pace
from trustquiz.planner import CardSnapshot, PlanSettings

NOW = datetime(2026, 11, 22, 9, tzinfo=timezone.utc)
MODEL = MemoryModel()


def test_an_expected_first_answer_mixes_the_right_and_wrong_memories() -> None:
    card = studied(CardSnapshot("a", "mcq"), NOW, MODEL)
    # 0.35 x 2.3065 (Good) + 0.65 x 0.212 (Again), FSRS-6's default first stabilities.
    assert round(card.stability or 0, 4) == 0.9451
    assert (card.last_review, card.first_review) == (NOW, NOW)
    assert card.due == NOW + timedelta(days=1)


def test_a_large_bank_is_sampled_in_bank_order() -> None:
    cards = [CardSnapshot(f"c{n:03d}", "mcq") for n in range(1000)]
    picked = sample(cards, 4)
    assert [c.card_id for c in picked] == ["c000", "c250", "c500", "c750"]


def test_more_minutes_show_more_of_the_bank_and_recall_more() -> None:
    cards = [CardSnapshot(f"c{n:04d}", "mcq") for n in range(2000)]
    settings = PlanSettings(exam_date=date(2027, 1, 21))
    less = forward(cards, settings, Pace(), MODEL, NOW, 10)
    more = forward(cards, settings, Pace(), MODEL, NOW, 30)
    assert (less.sampled, more.sampled) == (200, 200)
    assert more.unseen < less.unseen
    assert more.predicted_recall > less.predicted_recall > 0


def test_stats_json_has_the_plan_figures(runner: CliRunner, small_bank: Path, home: Path) -> None:
    bank = ["--no-builtin", "--bank", str(small_bank)]
    run(runner, "config", "exam_date", "2026-12-22")
    result = run(runner, "stats", "--json", *bank)
    exam = json.loads(result.stdout)["exam"]
    assert {k: exam[k] for k in ("model", "refit_suggested", "model_recall", "daily_minutes")} == {
        "model": "default",
        "refit_suggested": False,
        "model_recall": 0.0,
        "daily_minutes": 20.0,
    }
    assert [row["minutes"] for row in exam["plan"]] == [10.0, 20.0, 30.0]
    assert all(row["whole_bank"] and row["unseen_share"] == 0.0 for row in exam["plan"])
    text = run(runner, "stats", *bank).stdout
    assert "With no more study (the default memory model): 0%\n" in text
    assert "Studying 20 minutes a day as planned: " in text
    assert "(every card shown in time).\n10 minutes a day: " in text


def test_stats_with_an_exam_date_imports_neither_pydantic_nor_fsrs(
    runner: CliRunner, small_bank: Path
) -> None:
    run(runner, "config", "exam_date", "2027-05-23")
    script = (
        "import sys\n"
        "from trustquiz.launch import quick\n"
        f"args = ['stats', '--no-builtin', '--bank', {str(small_bank)!r}]\n"
        "assert quick(args) == 0\n"
        "heavy = {'pydantic', 'pydantic_core', 'fsrs', 'fsrs_rs_python'}\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    command = [sys.executable, "-c", script]
    subprocess.run(command, capture_output=True, text=True, check=True)  # fills the bank cache
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "Studying 20 minutes a day as planned" in again.stdout
    assert again.stderr == "[]"
