"""`trustquiz.plan()`: today's cards in order; `practice` asks exactly that order."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from typer.testing import CliRunner

import trustquiz
from conftest import NOW, run, write
from logfiles import log_records

TOPICS = ("Polity", "Economy", "Geography")


def _bank(tmp_path: Path, questions: int = 12) -> Path:
    text = "".join(
        f'[[questions]]\nid = "q{n:02d}"\nkind = "text"\ntopic = "{TOPICS[n % 3]}"\n'
        f'prompt = "Question {n}?"\nanswer = "a{n}"\nexplanation = "e"\n\n'
        for n in range(questions)
    )
    text += '[[questions]]\nid = "gaps"\nkind = "cloze"\ntopic = "Polity"\n'
    text += 'text = "{{One}} and {{two}}."\nexplanation = "e"\n'
    return write(tmp_path / "bank" / "plan.toml", text)


def test_the_plan_fits_the_daily_minutes_one_cloze_gap_a_day(tmp_path: Path, home: Path) -> None:
    path = _bank(tmp_path)
    bank = trustquiz.load_bank([path], builtin=False)
    store = trustquiz.open_store(home)
    # A new text card costs 20 s x 1.4 = 28 s, a new cloze gap 12 s x 1.4 = 16.8 s.
    assert trustquiz.plan(bank, store, NOW)[:3] == ["q00", "q01", "q02"]
    store.close()
    run(CliRunner(), "config", "daily_minutes", "2")  # 120 s: four text cards fit
    store = trustquiz.open_store(home)
    assert trustquiz.plan(bank, store, NOW) == ["q00", "q01", "q02", "q03"]
    store.close()
    run(CliRunner(), "config", "new_per_day", "30")
    run(CliRunner(), "config", "daily_minutes", "10")  # room for every card
    store = trustquiz.open_store(home)
    planned = trustquiz.plan(bank, store, NOW)
    # New cards mixed across topics; the second gap of the cloze waits for another day.
    assert planned == [
        "q00", "q01", "q02", "q03", "q04", "q05", "q06", "q07", "q08", "q09", "q10", "q11",
        "gaps#1",
    ]  # fmt: skip
    store.close()


def test_practice_asks_the_plan_in_order(tmp_path: Path, home: Path) -> None:
    path = _bank(tmp_path)
    runner = CliRunner()
    run(runner, "config", "daily_minutes", "3")
    bank = trustquiz.load_bank([path], builtin=False)
    store = trustquiz.open_store(home)
    t1 = NOW - timedelta(days=3)
    for n in (5, 7, 9):  # three seen cards, due by now, with their answer times
        trustquiz.record(bank, store, f"q{n:02d}", correct=n != 7, now=t1, duration_ms=9000)
    later = NOW + timedelta(hours=3)
    planned = trustquiz.plan(bank, store, later)
    store.close()
    assert planned[:3] == [
        "q07",
        "q05",
        "q09",
    ]  # reviews first, most overdue first (q07 was missed)
    assert len(planned) == 7
    answers = "".join("wrong\n" for _ in planned) + "q\n"
    result = run(
        runner, "practice", "--no-builtin", "--bank", str(path), input=answers,
        env={"TRUSTQUIZ_NOW": later.isoformat()},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Planned: 3 due, 4 new, about 3 minutes." in result.stdout
    lines = log_records(home / "reviews.jsonl")
    asked = [line["question_id"] for line in lines if line["type"] == "review"][3:]
    assert asked == planned


def test_record_keeps_the_answer_time_and_the_pace_follows_it(tmp_path: Path, home: Path) -> None:
    from trustquiz.planning import learner_pace

    path = _bank(tmp_path, questions=12)
    bank = trustquiz.load_bank([path], builtin=False)
    store = trustquiz.open_store(home)
    t0 = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)
    for n in range(12):
        trustquiz.record(bank, store, f"q{n:02d}", correct=True, now=t0, duration_ms=56_000)
    assert log_records(home / "reviews.jsonl")[0]["duration_ms"] == 56000
    pace = learner_pace(bank, store)
    # Twelve first answers of text cards, 56 s each: the learner's own median, and twice
    # the default speed for what has no figure of its own yet.
    assert pace.cost("text", "new") == 56.0
    assert pace.cost("text", "review") == 40.0
    store.close()


def test_a_log_with_learning_steps_gets_its_stepped_cards_back_the_same_day(
    tmp_path: Path, home: Path
) -> None:
    path = _bank(tmp_path, questions=3)
    bank = trustquiz.load_bank([path], builtin=False)
    run(CliRunner(), "config", "learning_steps", "on")  # as in logs begun with them
    store = trustquiz.open_store(home)
    trustquiz.record(bank, store, "q01", correct=False, now=NOW)  # Again: back in a minute
    assert store.cards["q01"].due == NOW + timedelta(minutes=1)
    assert "q01" not in trustquiz.plan(bank, store, NOW)
    assert trustquiz.plan(bank, store, NOW + timedelta(minutes=2))[0] == "q01"
    store.close()


def test_new_asks_for_new_cards_whatever_the_minutes_and_reviews_keep_to_them(
    tmp_path: Path, home: Path
) -> None:
    from trustquiz.selection import Selection, select_cards

    path = _bank(tmp_path)
    run(CliRunner(), "config", "daily_minutes", "1")
    bank = trustquiz.load_bank([path], builtin=False)
    store = trustquiz.open_store(home)
    t1 = NOW - timedelta(days=3)
    for n in range(6):  # six seen cards, all due again by NOW
        trustquiz.record(bank, store, f"q{n:02d}", correct=True, now=t1, duration_ms=20_000)
    chosen = [card.card_id for card in select_cards(bank, store, NOW, Selection(new=4))]
    # A review of a text card seen three days ago is expected to take 21.4 s (the default
    # pace until ten answers are timed): 60 s hold two. The four new cards come on top.
    assert [c for c in chosen if c in {f"q{n:02d}" for n in range(6)}] == ["q00", "q01"]
    assert sorted(c for c in chosen if c not in {f"q{n:02d}" for n in range(6)}) == [
        "q06", "q07", "q08", "q09",
    ]  # fmt: skip
    store.close()
