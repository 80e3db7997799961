"""The command-line contract: piped practice, stats --json, check, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import run, write

BANK_ARGS = ("--no-builtin", "--bank")


def stats_json(
    runner: CliRunner, bank: Path, env: dict[str, str] | None = None
) -> dict[str, object]:
    result = run(runner, "stats", "--json", *BANK_ARGS, str(bank), env=env)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_piped_session_records_reviews_and_shows_feedback(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    result = run(
        runner,
        "practice",
        *BANK_ARGS,
        str(small_bank),
        "--limit",
        "3",
        input="16300 crore\nb\nb\n",
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    # new questions are interleaved across topics: Indian programmes, Pharma, China
    assert "Question 2 of 3 · Pharma and trade" in out
    assert out.count("✓ Right.") == 2 and out.count("✗ Wrong.") == 1
    assert "✓ Right. ₹16,300 crore" in out
    assert "✗ Wrong. The answer is a) True" in out
    assert "Session saved: 3 answered, 2 right (67%) in " in out
    assert len((home / "reviews.jsonl").read_text().splitlines()) == 3
    figures = stats_json(runner, small_bank)
    assert {
        k: figures[k]
        for k in (
            "questions_total",
            "questions_seen",
            "reviews_total",
            "reviews_correct",
            "due_now",
        )
    } == {
        "questions_total": 4,
        "questions_seen": 3,
        "reviews_total": 3,
        "reviews_correct": 2,
        "due_now": 0,
    }


def test_next_day_the_right_questions_are_due(runner: CliRunner, small_bank: Path) -> None:
    run(runner, "practice", *BANK_ARGS, str(small_bank), "--limit", "2", input="1\nb\n")
    tomorrow = {"TRUSTQUIZ_NOW": "2026-11-23T09:00:00+00:00"}
    figures = stats_json(runner, small_bank, env=tomorrow)
    # No same-day steps: both are due again the next day, the wrong one by now, the other
    # later in the day (a day's due cards are all asked that day), the wrong one first.
    assert figures["due_now"] == 1
    result = run(
        runner, "practice", *BANK_ARGS, str(small_bank), "--new", "0", input="q\n", env=tomorrow
    )
    assert "Planned: 2 due, 0 new, about 1 minute.\n" in result.stdout
    assert "Question 1 of 2 · Indian programmes" in result.stdout
    assert "Outlay of the National Critical Minerals Mission?" in result.stdout
    assert "No answers this time; nothing was recorded." in result.stdout


def test_q_and_end_of_input_end_the_session(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    result = run(runner, "practice", *BANK_ARGS, str(small_bank), input="5 crore\n")
    assert result.exit_code == 0
    assert "Session saved: 1 answered, 0 right (0%) in " in result.stdout
    result = run(runner, "practice", *BANK_ARGS, str(small_bank), input="q\n")
    assert result.exit_code == 0
    assert len((home / "reviews.jsonl").read_text().splitlines()) == 1


def test_practice_by_id_and_unknown_id(runner: CliRunner, small_bank: Path) -> None:
    result = run(runner, "practice", *BANK_ARGS, str(small_bank), "--id", "ree-share", input="a\n")
    assert "Question 1 of 1 · China's dominance" in result.stdout
    assert "✓ Right. a) True" in result.stdout
    result = run(runner, "practice", *BANK_ARGS, str(small_bank), "--id", "ree-shar")
    assert result.exit_code == 1
    assert result.stderr == "error: no question with id 'ree-shar' (did you mean 'ree-share'?)\n"


def test_topic_and_tag_filters(runner: CliRunner, small_bank: Path) -> None:
    result = run(
        runner, "practice", *BANK_ARGS, str(small_bank), "--topic", "pharma and trade", input="b\n"
    )
    assert "Question 1 of 1 · Pharma and trade" in result.stdout
    result = run(runner, "practice", *BANK_ARGS, str(small_bank), "--tag", "none")
    assert result.exit_code == 0
    assert "Nothing to practise right now" in result.stdout


def test_new_budget_is_per_day(runner: CliRunner, small_bank: Path, home: Path) -> None:
    run(runner, "practice", *BANK_ARGS, str(small_bank), "--new", "2", input="16300 crore\nc\n")
    result = run(runner, "practice", *BANK_ARGS, str(small_bank), "--new", "0")
    assert "Nothing to practise right now" in result.stdout
    assert "2 questions are still new" in result.stdout


def test_check_is_clean_or_lists_problems(runner: CliRunner, small_bank: Path, home: Path) -> None:
    result = run(runner, "check", *BANK_ARGS, str(small_bank))
    assert (result.exit_code, result.stdout) == (0, "ok: 4 questions in 1 files\n")
    bad = write(home / "questions" / "bad.toml", '[[questions]]\nid = "x"\nkind = "mcq\n')
    result = run(runner, "check", "--no-builtin")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{bad}:3: TOML syntax error: the line ends inside a string"
        " (a closing quote is missing) (column 12)\n"
    )
    result = run(runner, "check", "--no-builtin", "--json")
    report = json.loads(result.stdout)
    assert report["problems"] == [
        {
            "path": str(bad),
            "line": 3,
            "id": None,
            "severity": "error",
            "message": "TOML syntax error: the line ends inside a string"
            " (a closing quote is missing) (column 12)",
        }
    ]


def test_practice_skips_a_broken_file_with_a_warning(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    bad = write(home / "questions" / "bad.toml", '[[questions]]\nid = "x"\n')
    result = run(runner, "practice", *BANK_ARGS, str(small_bank), "--limit", "1", input="q\n")
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: {bad}:1: question 'x': missing key 'kind' (one of mcq, truefalse, numeric,"
        " text, statements, pairs, assertion, cloze) (skipped; run `trustquiz check`)\n"
    )


def test_future_progress_file_is_an_error_not_a_traceback(
    runner: CliRunner, small_bank: Path, home: Path
) -> None:
    home.mkdir()
    (home / "progress.json").write_text('{"schema_version": 3}')
    for command in ("practice", "stats"):
        result = run(runner, command, *BANK_ARGS, str(small_bank))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: {home / 'progress.json'} has schema_version 3")
    assert (home / "progress.json").read_text() == '{"schema_version": 3}'


def test_unreadable_data_directory(runner: CliRunner, small_bank: Path, tmp_path: Path) -> None:
    file_home = write(tmp_path / "not-a-dir", "x")
    result = run(runner, "stats", "--home", str(file_home), *BANK_ARGS, str(small_bank))
    assert result.exit_code == 1
    assert result.stderr == f"error: data directory {file_home} is a file, not a folder\n"


def test_bad_clock_and_usage_errors(runner: CliRunner, small_bank: Path) -> None:
    result = run(runner, "stats", *BANK_ARGS, str(small_bank), env={"TRUSTQUIZ_NOW": "tuesday"})
    assert result.exit_code == 1
    assert result.stderr.startswith("error: TRUSTQUIZ_NOW='tuesday' is not an ISO 8601 time")
    assert run(runner, "practice", "--limit", "0").exit_code == 2
    assert run(runner, "frobnicate").exit_code == 2


def test_untrusted_text_is_rendered_literally(runner: CliRunner, tmp_path: Path) -> None:
    hostile = write(
        tmp_path / "hostile.toml",
        """
        [[questions]]
        id = "h"
        kind = "text"
        topic = "[bold red]t[/]"
        prompt = "Escape \\u001b[2J here and [link=http://x]markup[/link]"
        answer = "x"
        """,
    )
    result = run(runner, "practice", *BANK_ARGS, str(hostile), input="x\n")
    assert "\x1b" not in result.stdout
    assert "Escape \\x1b[2J here and [link=http://x]markup[/link]" in result.stdout
    assert "· [bold red]t[/]" in result.stdout


def test_humanize_says_under_a_minute_before_it_says_now() -> None:
    from trustquiz.view.console import humanize

    assert [humanize(s) for s in (-5, 0, 59.5, 60, 150, 7200, 86400 * 3)] == [
        "now", "now", "in under a minute", "in 1 minute", "in 2 minutes", "in 2 hours",
        "in 3 days",
    ]  # fmt: skip
