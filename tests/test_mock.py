"""`trustquiz mock` piped: exact marks in text and JSON, the review log, history and advice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import NOW, run
from logfiles import log_records
from mockbank import known_bank
from trustquiz.api import load_bank, open_store, record

# Six right (4 sure, 1 unsure, 1 guess), two wrong (1 sure, 1 unsure), two blank.
LINES = "a\na?\na??\nb\nb?\na\na\ns\n\na\n"


def sit(runner: CliRunner, bank: Path, *args: str, lines: str = LINES) -> tuple[str, str]:
    result = run(
        runner, "mock", "--no-builtin", "--bank", str(bank), "--seed", "s1", *args, input=lines
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def test_piped_gs_paper_has_the_exact_score_in_json(runner: CliRunner, tmp_path: Path) -> None:
    out, _ = sit(runner, known_bank(tmp_path), "--json")
    data = json.loads(out)
    assert data["score"] == 10.67  # 6 x 2 - 2 x 2/3 = 32/3
    assert data["max_score"] == 20.0
    assert (data["marking"], data["questions"]) == ("gs", 10)
    assert (data["right"], data["wrong"], data["blank"]) == (6, 2, 2)
    assert data["accuracy"] == 0.75
    assert data["by_confidence"] == {
        "sure": {"attempted": 5, "right": 4, "net": 7.33},
        "unsure": {"attempted": 2, "right": 1, "net": 1.33},
        "guess": {"attempted": 1, "right": 1, "net": 2.0},
    }
    assert data["if_only_sure"] == 7.33
    assert data["if_sure_and_unsure"] == 8.67
    assert data["seconds_median"] == 0.0  # the clock is fixed by TRUSTQUIZ_NOW
    responses = [item["response"] for item in data["items"]]
    assert responses == ["a", "a", "a", "b", "b", "a", "a", None, None, "a"]
    confidences = [item["confidence"] for item in data["items"]]
    assert confidences == ["sure", "unsure", "guess", "sure", "unsure"] + ["sure"] * 2 + [
        None,
        None,
        "sure",
    ]
    verdicts = [item["verdict"] for item in data["items"]]
    assert verdicts == ["right"] * 3 + ["wrong"] * 2 + ["right"] * 2 + ["blank"] * 2 + ["right"]
    assert {item["answer"] for item in data["items"]} == {"a"}
    assert sorted(item["id"] for item in data["items"]) == sorted(
        [f"alpha-{n}" for n in range(1, 7)] + [f"beta-{n}" for n in range(1, 5)]
    )
    topics = {t["topic"]: t for t in data["topics"]}
    assert (topics["Alpha"]["questions"], topics["Beta"]["questions"]) == (6, 4)
    assert sum(t["net"] for t in data["topics"]) == pytest.approx(10.67, abs=0.01)


def test_piped_gs_paper_has_the_exact_score_in_text(runner: CliRunner, tmp_path: Path) -> None:
    out, _ = sit(runner, known_bank(tmp_path))
    assert "Score 10.67 of 20.00 (GS marking)\n" in out
    assert "6 right, 2 wrong, 2 blank of 10; accuracy on attempted 75%.\n" in out
    assert "Attempting only sure answers: 7.33; sure and unsure: 8.67.\n" in out
    assert "4 to review (wrong or blank).\n" in out
    assert out.count("Answer: a) Right ") == 4


@pytest.mark.parametrize(
    ("marking", "score", "maximum"), [("csat", 13.33, 25.0), ("none", 6.0, 10.0)]
)
def test_csat_and_none_marking(
    runner: CliRunner, tmp_path: Path, marking: str, score: float, maximum: float
) -> None:
    out, _ = sit(runner, known_bank(tmp_path), "--json", "--marking", marking)
    data = json.loads(out)
    assert (data["marking"], data["score"], data["max_score"]) == (marking, score, maximum)


def test_the_same_seed_draws_the_same_paper(runner: CliRunner, tmp_path: Path) -> None:
    bank = known_bank(tmp_path)
    first = json.loads(sit(runner, bank, "--json", "--questions", "5")[0])
    second = json.loads(sit(runner, bank, "--json", "--questions", "5")[0])
    ids = [item["id"] for item in first["items"]]
    assert ids == [item["id"] for item in second["items"]]
    # Topics in proportion: 6 of 10 Alpha makes 3 of 5.
    assert sum(i.startswith("alpha") for i in ids) == 3


def test_answers_are_reviews_marked_from_the_mock_and_blanks_are_not(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    data = json.loads(sit(runner, known_bank(tmp_path), "--json")[0])
    reviews = log_records(home / "reviews.jsonl")
    answered = [item for item in data["items"] if item["response"] is not None]
    assert [r["question_id"] for r in reviews] == [item["id"] for item in answered]
    assert {r["mock"] for r in reviews} == {data["id"]}
    assert [r["verdict"] for r in reviews] == [item["verdict"] for item in answered]
    assert [r["response"] for r in reviews] == ["a", "a?", "a??", "b", "b?", "a", "a", "a"]
    assert [r["confidence"] for r in reviews] == [None, "unsure", "guess", None, "unsure"] + [
        None
    ] * 3
    papers = [json.loads(line) for line in (home / "mocks.jsonl").read_text().splitlines()]
    assert [(p["id"], p["score"], p["attempted"]) for p in papers] == [(data["id"], 10.67, 8)]
    assert not (home / "mock-in-progress.json").exists()


def test_advice_comes_from_the_whole_record(runner: CliRunner, tmp_path: Path, home: Path) -> None:
    bank_path = known_bank(tmp_path)
    bank = load_bank([bank_path], builtin=False)
    store = open_store(home)
    for n in range(20):  # unsure answers right 12 of 20; guesses right 4 of 20
        card = f"alpha-{n % 6 + 1}"
        record(bank, store, card, correct=n < 12, now=NOW, confidence="unsure")
        record(bank, store, card, correct=n < 4, now=NOW, confidence="guess")
    blanks = "s\n" * 10
    data = json.loads(sit(runner, bank_path, "--json", lines=blanks)[0])
    assert data["advice"] == (
        "Under GS marking an attempt pays when more than 25% of such answers are right;"
        " your unsure answers are right 60% (12 of 20) and your guesses are right 20%"
        " (4 of 20), so answer when unsure but leave pure guesses blank."
    )
    assert data["score"] == 0.0 and data["blank"] == 10


def test_history_shows_the_trend(runner: CliRunner, home: Path) -> None:
    home.mkdir(parents=True)
    papers = [
        {"id": "m1", "finished": "2026-11-01T10:00:00+00:00", "questions": 10, "score": 8.0,
         "max_score": 20.0, "attempted": 7, "accuracy": 0.6},
        {"id": "m2", "finished": "2026-11-08T10:00:00+00:00", "questions": 10, "score": 10.0,
         "max_score": 20.0, "attempted": 8, "accuracy": 0.65},
    ]  # fmt: skip
    lines = [json.dumps(p) for p in papers]
    (home / "mocks.jsonl").write_text("\n".join([lines[0], "{torn", lines[1]]) + "\n")
    result = run(runner, "mock", "--history")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        " Finished          Qs  Score    Max  Tried  Accuracy ",
        " 2026-11-01 10:00  10   8.00  20.00      7       60% ",
        " 2026-11-08 10:00  10  10.00  20.00      8       65% ",
        "Against the mock before: score +10.0% of the maximum, accuracy +5 points.",
    ]
    assert result.stderr == f"warning: {home / 'mocks.jsonl'}:2: not a finished mock; skipped\n"
    data = json.loads(run(runner, "mock", "--history", "--json").stdout)
    assert data == {"mocks": papers}


def test_a_mock_in_progress_must_be_resumed_or_abandoned(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    bank = known_bank(tmp_path)
    home.mkdir(parents=True)
    (home / "mock-in-progress.json").write_text(
        json.dumps({"version": 1, "ids": ["alpha-1"], "progress": {"answers": {"0": {}}}})
    )
    result = run(runner, "mock", "--no-builtin", "--bank", str(bank))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: a mock is in progress (1 of 1 answered): `trustquiz mock --resume` continues"
        " it, `trustquiz mock --abandon` sets it aside\n"
    )
    (home / "mock-in-progress.json.tmp-4242").write_text("{")  # a save cut short
    result = run(runner, "mock", "--no-builtin", "--bank", str(bank))
    assert result.exit_code == 1
    assert not (home / "mock-in-progress.json.tmp-4242").exists()
    result = run(runner, "mock", "--abandon")
    kept = home / "mock-abandoned-20261122-023000.json"
    assert result.stdout == f"The mock in progress was set aside in {kept}; not marked.\n"
    assert kept.exists() and not (home / "mock-in-progress.json").exists()
    result = run(runner, "mock", "--resume", "--no-builtin", "--bank", str(bank))
    assert result.stderr == "error: no mock is in progress; `trustquiz mock` starts one\n"


def test_stats_shows_the_last_mock(runner: CliRunner, tmp_path: Path) -> None:
    bank = known_bank(tmp_path)
    data = json.loads(sit(runner, bank, "--json")[0])
    args = ("stats", "--no-builtin", "--bank", str(bank))
    figures = json.loads(run(runner, *args, "--json").stdout)
    assert figures["last_mock"] == {
        "id": data["id"], "finished": NOW.isoformat(), "marking": "gs", "questions": 10,
        "score": 10.67, "max_score": 20.0,
    }  # fmt: skip
    text = run(runner, *args).stdout
    assert text.endswith("Last mock: 10.67 of 20.00 (10 questions; `trustquiz mock --history`).\n")
