"""Messages that say what is so: topics by prefix, overdue, key help, plurals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run, write

KNOWN = "the topics are: China's dominance; Indian programmes; Pharma and trade"


def cli(runner: CliRunner, bank: Path, *args: str, answers: str | None = None, **env: str):  # type: ignore[no-untyped-def]
    command, *rest = args
    return run(
        runner, command, "--no-builtin", "--bank", str(bank), *rest, input=answers, env=env or None
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_topic_is_a_case_insensitive_prefix_for_every_command(
    runner: CliRunner, small_bank: Path, tmp_path: Path
) -> None:
    listed = cli(runner, small_bank, "list", "--topic", "pharma", "--json")
    assert [row["id"] for row in json.loads(listed.stdout)] == ["api-rank"]
    stats = cli(runner, small_bank, "stats", "--topic", "PHARMA", "--json")
    assert json.loads(stats.stdout)["questions_total"] == 1
    out = tmp_path / "out.csv"
    exported = cli(
        runner, small_bank, "export", "--format", "csv", "--topic", "Ph", "--out", str(out)
    )
    assert exported.exit_code == 0 and "India's rank among API makers?" in out.read_text()
    practised = cli(runner, small_bank, "practice", "--topic", "pharma", answers="b\n")
    assert "Question 1 of 1 · Pharma and trade" in practised.stdout


@pytest.mark.parametrize("command", ["practice", "stats", "list", "mock", "export"])
def test_an_unknown_topic_is_an_error_naming_the_known_ones(
    runner: CliRunner, small_bank: Path, command: str
) -> None:
    extra = ("--format", "csv") if command == "export" else ()
    result = cli(runner, small_bank, command, *extra, "--topic", "Polity", answers="q\n")
    assert result.exit_code == 1
    assert "Nothing to practise" not in result.stdout
    assert flat(result.stderr) == f"error: no topic is called or begins with 'Polity'; {KNOWN}"


def test_an_ambiguous_topic_names_the_candidates(
    runner: CliRunner, small_bank: Path, tmp_path: Path
) -> None:
    polity = write(
        tmp_path / "polity.toml",
        """
        [[questions]]
        id = "art-21"
        kind = "text"
        topic = "Indian polity"
        prompt = "Which article protects life and personal liberty?"
        answer = "21"
        """,
    )
    result = cli(runner, small_bank, "practice", "--bank", str(polity), "--topic", "indian")
    assert result.exit_code == 1
    assert flat(result.stderr) == (
        "error: the topic 'indian' could be any of: Indian polity; Indian programmes. Type more"
        " of it (the topics are: China's dominance; Indian polity; Indian programmes; Pharma and"
        " trade)"
    )
    chosen = cli(
        runner, small_bank, "list", "--bank", str(polity), "--topic", "indian po", "--json"
    )
    assert [row["id"] for row in json.loads(chosen.stdout)] == ["art-21"]


def test_stats_says_overdue_instead_of_a_past_time(runner: CliRunner, small_bank: Path) -> None:
    cli(runner, small_bank, "practice", "--id", "kabil", answers="kabil\n")
    later = {"TRUSTQUIZ_NOW": "2026-11-30T02:30:00+00:00", "COLUMNS": "60"}
    shown = cli(runner, small_bank, "stats", **later).stdout
    assert re.search(r"\nNext due +overdue by 6 days *\n", shown), shown  # due two days on
    nothing = cli(runner, small_bank, "practice", "--topic", "china", "--new", "0", **later)
    assert flat(nothing.stdout).startswith("Nothing to practise right now")
    assert "1 question is still new;" in nothing.stdout
    assert "Next due" not in nothing.stdout  # kabil is overdue, but it is not of this topic


def test_key_help_fits_the_question(runner: CliRunner, small_bank: Path) -> None:
    numeric = cli(runner, small_bank, "practice", "--id", "ncmm-outlay", answers="?\nq\n").stdout
    assert "choose an option" not in numeric
    assert "answer? a trailing ? marks the answer as unsure" in numeric
    choice = cli(runner, small_bank, "practice", "--id", "api-rank", answers="?\nq\n").stdout
    assert "a-d choose an option (or type the option's text)" in choice
