"""stats: figures from fixed logs match hand counts; the report draws at 60 and 120 columns."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from conftest import run
from indexfiles import remove_index
from trustquiz.clock import local_day
from trustquiz.seen import Columns, Scope, seen_from_states
from trustquiz.stats import calibration, forecast, heatmap, leeches, retention, streak
from trustquiz.store.records import ReviewRecord
from trustquiz.store.schema import microseconds
from trustquiz.store.state import Aggregates, CardState, Settings
from trustquiz.view.stats import render_report

TODAY = date(2026, 11, 22)  # a Sunday


def agg(days: dict[str, list[int]], confidence: dict[str, list[int]] | None = None) -> Aggregates:
    return Aggregates(days=days, confidence=confidence or {})


def test_streak_counts_back_from_today_or_yesterday() -> None:
    days = {"2026-11-22": [1, 1, 0, 0], "2026-11-21": [2, 1, 0, 0], "2026-11-19": [1, 0, 0, 0]}
    assert streak(agg(days), TODAY) == 2
    del days["2026-11-22"]
    assert streak(agg(days), TODAY) == 1  # today not yet studied: the streak is still alive
    assert streak(agg(days), TODAY + timedelta(days=1)) == 0


def test_retention_uses_only_learned_reviews_within_the_window() -> None:
    days = {
        "2026-11-22": [5, 4, 2, 1],
        "2026-11-16": [3, 3, 3, 3],  # 7 days back, inside the 7-day window
        "2026-11-15": [4, 0, 4, 0],  # 8 days back
        "2026-10-01": [10, 10, 10, 10],
    }
    assert retention(agg(days), TODAY, 7) == round(4 / 5, 4)
    assert retention(agg(days), TODAY, 30) == round(4 / 9, 4)
    assert retention(agg(days), TODAY, None) == round(14 / 19, 4)
    assert retention(agg({}), TODAY, 7) is None


def test_heatmap_spans_26_weeks_from_a_monday() -> None:
    cells = heatmap(agg({"2026-11-22": [3, 0, 0, 0], "2026-05-25": [2, 0, 0, 0]}), TODAY)
    assert cells[0]["date"] == "2026-05-25" and date.fromisoformat(cells[0]["date"]).weekday() == 0
    assert cells[-1] == {"date": "2026-11-22", "reviews": 3}
    assert len(cells) == 26 * 7
    assert sum(c["reviews"] for c in cells) == 5


def state(
    card_id: str, due: datetime, reviews: int = 1, correct: int = 1, lapses: int = 0
) -> CardState:
    return CardState(
        card_id=card_id,
        phase="review",
        step=None,
        stability=5.0,
        difficulty=5.0,
        due=due,
        last_review=due - timedelta(days=5),
        first_review=due - timedelta(days=5),
        reviews=reviews,
        correct=correct,
        lapses=lapses,
    )


def test_forecast_puts_overdue_cards_today() -> None:
    now = datetime(2026, 11, 22, 10, tzinfo=timezone.utc)
    states = [
        state("a", now - timedelta(days=3)),
        state("b", now + timedelta(hours=2)),
        state("c", now + timedelta(days=2)),
        state("d", now + timedelta(days=40)),
    ]
    days = forecast(sorted(microseconds(s.due) for s in states), now)
    assert len(days) == 30 and days[0] == {"date": "2026-11-22", "due": 2}
    assert days[2] == {"date": "2026-11-24", "due": 1}
    assert sum(d["due"] for d in days) == 3


def test_leeches_and_calibration(small_bank: Path) -> None:
    from trustquiz.bank.loader import load_bank

    cards = load_bank([small_bank], builtin=False).cards()
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    states = {
        "kabil": state("kabil", now, reviews=6, correct=5, lapses=4),
        "api-rank": state("api-rank", now, reviews=3, correct=1),
        "ree-share": state("ree-share", now, reviews=2, correct=0),
    }
    seen = seen_from_states(
        states, now, Settings(), lambda s, when, settings: dict.fromkeys(s, 0.5)
    )
    listed, total = leeches(Scope(Columns.of(cards), seen))
    assert [(r["id"], r["accuracy"]) for r in listed] == [("api-rank", 0.3333), ("kabil", 0.8333)]
    assert total == 2
    assert leeches(Scope(Columns.of(cards), seen), 1) == (listed[:1], 2)
    figures = calibration(agg({}, {"sure": [10, 9], "guess": [4, 1]}))
    assert figures == {
        "sure": {"reviews": 10, "correct": 9, "accuracy": 0.9},
        "unsure": {"reviews": 0, "correct": 0, "accuracy": None},
        "guess": {"reviews": 4, "correct": 1, "accuracy": 0.25},
    }


def practice_day(runner: CliRunner, bank: Path, when: str, answers: str) -> None:
    result = run(
        runner,
        "practice",
        "--no-builtin",
        "--bank",
        str(bank),
        "--new",
        "4",
        input=answers,
        env={"TRUSTQUIZ_NOW": when},
    )
    assert result.exit_code == 0, result.stderr


def test_a_scripted_week_agrees_with_a_hand_count(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    # Each day answers whatever is due; 'q' ends the day. Right answers in the bank's order
    # are 16300 crore, b, a (true) and kabil; the session mixes topics, so we answer by kind.
    script = {
        "2026-11-16T09:00:00+00:00": "16300 crore\nb\na\nkabil\n",  # 4 new, all right
        "2026-11-17T09:00:00+00:00": "1\nb\na\nkabil\nq\n",  # due ones, one wrong
        "2026-11-18T09:00:00+00:00": "q\n",
        "2026-11-20T09:00:00+00:00": "16300 crore?\nb??\na\nkabil\nq\n",
        "2026-11-22T09:00:00+00:00": "16300 crore\nc\na\nkabil\nq\n",
    }
    # The hand count below follows FSRS's same-day learning steps (off unless turned on).
    run(runner, "config", "learning_steps", "on")
    for when, answers in script.items():
        practice_day(runner, small_bank, when, answers)
    result = run(
        runner,
        "stats",
        "--json",
        "--no-builtin",
        "--bank",
        str(small_bank),
        env={"TRUSTQUIZ_NOW": "2026-11-22T18:00:00+00:00"},
    )
    figures = json.loads(result.stdout)
    # Hand count: 16th four right; 17th three right and ncmm wrong; 20th only the relearning
    # ncmm is due (right, marked unsure); 18th nothing answered; 22nd one card due, right.
    assert (figures["reviews_total"], figures["reviews_correct"]) == (10, 9)
    per_day = {c["date"]: c["reviews"] for c in figures["heatmap"] if c["reviews"]}
    assert per_day == {"2026-11-16": 4, "2026-11-17": 4, "2026-11-20": 1, "2026-11-22": 1}
    assert sum(cell["reviews"] for cell in figures["heatmap"]) == 10
    assert figures["streak_days"] == 1
    assert figures["calibration"]["unsure"] == {"reviews": 1, "correct": 1, "accuracy": 1.0}
    assert figures["calibration"]["sure"] == {"reviews": 9, "correct": 8, "accuracy": 0.8889}
    assert len(figures["forecast"]) == 30
    assert {row["topic"] for row in figures["topics"]} == {
        "Indian programmes",
        "Pharma and trade",
        "China's dominance",
    }
    assert set(figures) >= {
        "questions_total",
        "questions_seen",
        "questions_new",
        "due_now",
        "reviews_total",
        "reviews_correct",
        "retention_7d",
        "retention_30d",
        "streak_days",
        "heatmap",
        "forecast",
        "topics",
        "leeches",
        "calibration",
    }


def test_config_sets_exam_date_which_survives_a_rebuild(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    result = run(runner, "config", "exam_date", "2027-05-23")
    assert result.stdout == (
        "desired_retention = 0.9\nnew_per_day = 20\nexam_date = 2027-05-23\n"
        "daily_minutes = 20.0\nday_start = 4\nlearning_steps = off\n"
    )
    remove_index(home)
    figures = json.loads(
        run(runner, "stats", "--json", "--no-builtin", "--bank", str(small_bank)).stdout
    )
    exam = figures["exam"]
    assert (exam["date"], exam["days_left"], exam["predicted_recall"]) == ("2027-05-23", 182, 0.0)
    assert (exam["new_cards"], exam["new_per_day_needed"]) == (4, 1)
    bad = run(runner, "config", "desired_retention", "2")
    assert bad.exit_code == 1
    assert (
        bad.stderr == "error: desired_retention '2': Input should be less than or equal to 0.99\n"
    )
    assert run(runner, "config", "colour", "red").exit_code == 1


def test_topic_narrows_every_figure(runner: CliRunner, small_bank: Path) -> None:
    run(
        runner,
        "practice",
        "--no-builtin",
        "--bank",
        str(small_bank),
        input="16300 crore\nb\na\nkabil\n",
    )
    figures = json.loads(
        run(
            runner,
            "stats",
            "--json",
            "--no-builtin",
            "--bank",
            str(small_bank),
            "--topic",
            "indian programmes",
        ).stdout
    )
    assert (figures["questions_total"], figures["reviews_total"]) == (2, 2)
    assert [row["topic"] for row in figures["topics"]] == ["Indian programmes"]
    both = ("--topic", "indian", "--topic", "pharma", "--exam-date", "2027-05-23")
    exam = json.loads(
        run(runner, "stats", "--json", "--no-builtin", "--bank", str(small_bank), *both).stdout
    )["exam"]
    assert [row["topic"] for row in exam["topics"]] == ["Indian programmes", "Pharma and trade"]
    assert (exam["new_cards"], exam["days_left"]) == (0, 182)
    china = ("--topic", "china", "--exam-date", "2027-05-23")
    exam = json.loads(
        run(runner, "stats", "--json", "--no-builtin", "--bank", str(small_bank), *china).stdout
    )["exam"]
    assert [row["topic"] for row in exam["topics"]] == ["China's dominance"]
    result = run(runner, "stats", "--no-builtin", "--bank", str(small_bank), "--topic", "x")
    assert (result.exit_code, " ".join(result.stderr.split())) == (
        1,
        "error: no topic is called or begins with 'x'; the topics are: China's dominance;"
        " Indian programmes; Pharma and trade",
    )


@pytest.mark.parametrize(
    ("total", "line"),
    [
        (10, None),
        (12, "... and 2 more (`trustquiz stats --json`)."),
        (
            150,
            "... and 140 more (the worst 12 in `trustquiz stats --json`;"
            " `--topic` narrows the list).",
        ),
    ],
)
def test_the_leeches_beyond_those_shown_are_counted_and_their_listing_named(
    runner: CliRunner, small_bank: Path, total: int, line: str | None
) -> None:
    figures = json.loads(
        run(runner, "stats", "--json", "--no-builtin", "--bank", str(small_bank)).stdout
    )
    row = {"id": "kabil", "topic": "t", "reviews": 4, "lapses": 4, "accuracy": 0.0}
    figures["leeches"] = [row] * min(total, 12)
    figures["leeches_total"] = total
    console = Console(width=120, record=True, color_system=None, force_terminal=False)
    render_report(console, figures)
    text = console.export_text()
    assert text.count("kabil  4 reviews, 4 lapses") == 10
    assert [x for x in text.splitlines() if x.startswith("... and")] == ([line] if line else [])


@pytest.mark.parametrize("width", [60, 120])
def test_report_renders_within_the_width(runner: CliRunner, small_bank: Path, width: int) -> None:
    run(runner, "practice", "--no-builtin", "--bank", str(small_bank), input="1\nb\na\nkabil\n")
    run(runner, "config", "exam_date", "2027-05-23")
    figures = json.loads(
        run(runner, "stats", "--json", "--no-builtin", "--bank", str(small_bank)).stdout
    )
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    render_report(console, figures)
    text = console.export_text()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    for heading in (
        "True retention",
        "Reviews, last 26 weeks",
        "Due in the next 30 days",
        "By topic, weakest first",
        "Leeches",
        "Confidence",
        "Exam day 2027-05-23",
    ):
        assert any(line.startswith(heading) for line in lines), heading
    assert lines[lines.index("Reviews, last 26 weeks") + 1].startswith("Mon ")
    assert "Indian programmes" in text


def test_settings_record_in_the_log_is_replayed() -> None:
    settings = Settings(new_per_day=5)
    assert settings.new_per_day == 5
    record = ReviewRecord(
        review_id="r",
        question_id="q",
        time=datetime.now(timezone.utc),
        response="",
        verdict="right",
        rating=3,
        session_id="s",
        day="2026-11-22",
    )
    counts = Aggregates()
    counts.add(record)
    counts.add(record, -1)
    assert counts.days == {"2026-11-22": [0, 0, 0, 0]}


@given(
    dues=st.lists(
        st.datetimes(
            min_value=datetime(2026, 10, 20),
            max_value=datetime(2026, 12, 10),
            timezones=st.just(timezone.utc),
        ),
        max_size=30,
    )
)
def test_forecast_counts_by_local_day_across_a_clock_change(dues: list[datetime]) -> None:
    # London leaves summer time on 25 October 2026, inside the 30 days from NOW.
    now = datetime(2026, 10, 22, 23, 30, tzinfo=timezone.utc)
    previous = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    try:
        states = [state("c", due=due) for due in dues]
        expected = Counter(max(local_day(d) - local_day(now), timedelta()) for d in dues)
        days = forecast(sorted(microseconds(s.due) for s in states), now)
    finally:
        os.environ["TZ"] = previous or "UTC"
        time.tzset()
    assert days[0]["date"] == "2026-10-23"
    assert [d["due"] for d in days] == [expected[timedelta(days=n)] for n in range(30)]


@pytest.mark.parametrize(("due", "line"), [(1, "1 review due"), (2, "2 reviews due")])
def test_the_forecast_line_counts_reviews_in_the_singular_and_plural(
    runner: CliRunner, small_bank: Path, due: int, line: str
) -> None:
    answers = ["1", "b"][:due]
    run(
        runner,
        "practice",
        "--no-builtin",
        "--bank",
        str(small_bank),
        input="\n".join(answers) + "\nq\n",
    )
    figures = json.loads(
        run(runner, "stats", "--json", "--no-builtin", "--bank", str(small_bank)).stdout
    )
    assert sum(day["due"] for day in figures["forecast"]) == due
    console = Console(width=100, record=True, color_system=None, force_terminal=False)
    render_report(console, figures)
    assert f"\n{line} in 30 days; new cards come on top, up to 20 a day.\n" in (
        console.export_text()
    )
