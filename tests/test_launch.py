"""The quick start-up path answers exactly as the typer app would, or leaves it to typer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import run
from trustquiz import commands
from trustquiz.cli import app
from trustquiz.launch import HELP, quick, stats_options


def _help(entry: str, columns: str) -> str:
    env = {**os.environ, "COLUMNS": columns}
    script = f"import sys; sys.argv[0] = 'trustquiz'; {entry}()"
    command = [sys.executable, "-c", script, "--help"]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout


@pytest.mark.parametrize("columns", ["80", "200"])
def test_help_text_is_typers_own(columns: str) -> None:
    typer_help = _help("from trustquiz.cli import main; main", columns)
    assert typer_help == HELP, "update launch.HELP to the typer app's help text"
    assert _help("from trustquiz.launch import main; main", columns) == HELP


def test_a_narrow_terminal_gets_typers_narrower_help(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert quick(["--help"]) is None


def test_version_is_typers_own(runner: CliRunner, capsys: pytest.CaptureFixture[str]) -> None:
    assert quick(["--version"]) == 0
    assert capsys.readouterr().out == run(runner, "--version").stdout == "trustquiz 0.1.0\n"


def test_other_commands_are_left_to_typer() -> None:
    for args in ([], ["practice"], ["check"], ["stats", "--help"], ["--version", "stats"]):
        assert quick(args) is None, args


def _typer_parse(args: list[str]) -> dict[str, object] | None:
    """What the typer app hands to the stats command for `stats ARGS` (None: it refuses)."""
    names = ("home", "bank", "no_builtin", "topic", "exam_date", "as_json")
    with mock.patch.object(commands, "stats") as stats:
        result = CliRunner().invoke(app, ["stats", *args])
    if result.exit_code != 0 or not stats.called:
        return None
    params = dict(zip(names, stats.call_args.args, strict=True))
    for key in ("bank", "topic"):
        params[key] = list(params[key] or [])
    return params


TOKENS = [
    "--json",
    "--no-builtin",
    "--home",
    "--bank",
    "--topic",
    "--exam-date",
    "--home=h",
    "--bank=b.toml",
    "--topic=Pharma",
    "--exam-date=2027-05-23",
    "--json=1",
    "--jso",
    "--help",
    "--",
    "-",
    "-j",
    "",
    "x",
    "a b",
    "Pharma and trade",
    "2027-05-23",
    "q.toml",
    "--top",
    "--home=",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=7))
def test_stats_options_parse_as_typer_does_or_are_left_to_it(args: list[str]) -> None:
    ours = stats_options(args)
    if ours is not None:
        assert ours == _typer_parse(args), args


@pytest.mark.parametrize(
    "args",
    [
        ["--json", "--home", "h", "--topic", "T", "--topic=U", "--bank", "b", "--exam-date=d"],
        ["--no-builtin", "--json"],
        [],
    ],
)
def test_plain_stats_options_take_the_quick_path(args: list[str]) -> None:
    assert stats_options(args) is not None
    assert stats_options(args) == _typer_parse(args)


def _quick(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = quick(args)
    assert code is not None
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_stats_prints_what_the_typer_app_prints(
    runner: CliRunner, small_bank: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = ["--no-builtin", "--bank", str(small_bank)]
    # Some progress first: two answers, one right, and an exam date.
    run(runner, "practice", *bank, "--limit", "2", input="16300\nwrong\n")
    run(runner, "config", "exam_date", "2027-05-23")
    cases = [
        ["stats", "--json", *bank],
        ["stats", *bank],
        ["stats", "--json", *bank, "--topic", "Indian programmes"],
        ["stats", *bank, "--exam-date=2027-06-01", "--json"],
        ["stats", *bank, "--exam-date", "June"],
        ["stats", *bank, "--topic", "Nowhere"],
        ["stats", "--no-builtin"],
        ["stats", "--json", "--bank", str(small_bank.parent / "missing.toml"), "--no-builtin"],
    ]
    for args in cases:
        typer_result = run(runner, *args)
        code, out, err = _quick(args, capsys)
        assert (code, out, err) == (
            typer_result.exit_code,
            typer_result.stdout,
            typer_result.stderr,
        )
    figures = json.loads(_quick(cases[0], capsys)[1])
    assert (figures["reviews_total"], figures["reviews_correct"]) == (2, 1)
    assert _quick(cases[4], capsys) == (1, "", "error: 'June' is not a date (YYYY-MM-DD)\n")


def test_quick_commands_import_neither_typer_nor_pydantic_nor_fsrs() -> None:
    script = (
        "import sys\n"
        "from trustquiz.launch import quick\n"
        "for args in (['--help'], ['--version'], ['stats', '--json'], ['stats']):\n"
        "    assert quick(args) == 0, args\n"
        "heavy = {'typer', 'click', 'pydantic', 'pydantic_core', 'fsrs'}\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    command = [sys.executable, "-c", script]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "pydantic" in first.stderr  # the bank cache was empty: the files were parsed
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert again.stderr == "[]"
