"""The quick start-up path answers exactly as the typer app would, or leaves it to typer."""

from __future__ import annotations

import io
import json
import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import run
from logfiles import record_of
from trustquiz import commands
from trustquiz.cli import app
from trustquiz.commands import COMMANDS, module
from trustquiz.commands.options import specs
from trustquiz.launch import help_text, quick, quick_options


def _help(entry: str, columns: str) -> str:
    env = {**os.environ, "COLUMNS": columns}
    script = f"import sys; sys.argv[0] = 'trustquiz'; {entry}()"
    command = [sys.executable, "-c", script, "--help"]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout


@pytest.mark.parametrize("columns", ["80", "200"])
def test_help_text_is_typers_own(columns: str) -> None:
    typer_help = _help("from trustquiz.cli import main; main", columns)
    assert typer_help == help_text()
    assert _help("from trustquiz.launch import main; main", columns) == typer_help


def test_a_narrow_terminal_gets_typers_narrower_help(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert quick(["--help"]) is None


def test_version_is_typers_own(runner: CliRunner, capsys: pytest.CaptureFixture[str]) -> None:
    assert quick(["--version"]) == 0
    assert capsys.readouterr().out == run(runner, "--version").stdout == "trustquiz 0.1.0\n"


def test_other_commands_are_left_to_typer() -> None:
    for args in (
        [],
        ["check"],
        ["stats", "--help"],
        ["practice", "--help"],
        ["practice", "--limit", "0"],  # typer says why 0 is refused
        ["practice", "--new", "+3"],
        ["--version", "stats"],
    ):
        assert quick(args) is None, args


def _typer_parse(args: list[str], command: str) -> object | None:
    """The options object the typer app builds for `COMMAND ARGS` (None: it refuses)."""
    with mock.patch.object(commands, "execute", return_value=0) as execute:
        result = CliRunner().invoke(app, [command, *args])
    if result.exit_code != 0 or not execute.called:
        return None
    assert execute.call_args.args[0] == command
    options: object = execute.call_args.args[1]
    return options


def _tokens(command: str) -> list[str]:
    """Every declared option of the command, bare and with `=`, beside awkward values."""
    names = [spec.flag for spec in specs(module(command).Options) if spec.flag]
    return [
        *names,
        *(f"{name}={value}" for name in names for value in ("", "0", "1")),
        *(f"{name}=x y" for name in names),
        *(name[:-1] for name in names),  # an unambiguous prefix: typer's business
        *VALUES,
    ]


VALUES = [
    "--help", "--", "-", "-j", "", "=", "x", "a b", "Pharma and trade", "kabil", "q.toml",
    "2027-05-23", "0", "1", "20", "007", "+2", "-1", "1.5",
    "٣",  # an Arabic-Indic digit: typer's business
]  # fmt: skip
QUICK = [name for name, command in COMMANDS.items() if command.quick]


def test_the_quick_commands_are_practice_and_stats() -> None:
    assert QUICK == ["practice", "stats"]


@pytest.mark.parametrize("command", QUICK)
@settings(deadline=None)  # each example runs the typer app: slow on a busy machine, not wrong
@given(data=st.data())
def test_options_parse_as_typer_does_or_are_left_to_it(command: str, data: st.DataObject) -> None:
    args = data.draw(st.lists(st.sampled_from(_tokens(command)), max_size=7))
    ours = quick_options(command, args)
    if ours is not None:
        assert ours == _typer_parse(args, command), args


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("stats", ["--json", "--home", "h", "--topic", "T", "--topic=U", "--bank", "b",
                   "--exam-date=d"]),
        ("stats", ["--no-builtin", "--json"]),
        ("stats", []),
        ("practice", ["--no-builtin", "--bank", "b", "--limit", "3", "--new=0", "--topic", "T",
                      "--tag", "x"]),
        ("practice", ["--id", "kabil", "--id=ncmm-outlay", "--home", "h"]),
        ("practice", ["--wrong"]),
        ("practice", ["--cram", "--limit", "10"]),
        ("practice", []),
    ],
)  # fmt: skip
def test_plain_options_take_the_quick_path(command: str, args: list[str]) -> None:
    ours = quick_options(command, args)
    assert ours is not None
    assert ours == _typer_parse(args, command)


def test_practice_runs_as_the_typer_app_runs_it(
    runner: CliRunner,
    small_bank: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The same session id, clock and answers for both, so the same questions come in the
    # same order with the same options; each runs on a data directory of its own.
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=7))
    monkeypatch.setattr(secrets, "token_hex", lambda size: "07" * size)
    answers = "16300 crore\nc\n?\nq\n"
    args = ["practice", "--no-builtin", "--bank", str(small_bank), "--limit", "3"]
    monkeypatch.setenv("TRUSTQUIZ_HOME", str(tmp_path / "typer"))
    typer_result = run(runner, *args, input=answers)
    monkeypatch.setenv("TRUSTQUIZ_HOME", str(tmp_path / "quick"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    code, out, err = _quick(args, capsys)
    assert (code, out, err) == (typer_result.exit_code, typer_result.stdout, typer_result.stderr)
    assert "Session saved: 2 answered, 1 right (50%)" in out

    def logged(folder: str) -> list[dict[str, object]]:
        lines = (tmp_path / folder / "reviews.jsonl").read_text().splitlines()
        return [{**record_of(line), "duration_ms": 0} for line in lines]

    assert logged("quick") == logged("typer")
    assert [r["verdict"] for r in logged("quick")] == ["right", "wrong"]


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
    run(runner, "practice", *bank, "--limit", "2", input="16300\nc\n")
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


def test_practice_starts_without_typer(small_bank: Path) -> None:
    script = (
        "import sys\n"
        "from trustquiz.launch import quick\n"
        f"assert quick(['practice', '--no-builtin', '--bank', {str(small_bank)!r}]) == 0\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m in ('typer', 'click'))))\n"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, input="q\n", capture_output=True, text=True, check=True)
    assert "Question 1 of 4" in done.stdout
    assert done.stderr == "[]"


def test_practice_asks_without_grading_until_an_answer(small_bank: Path) -> None:
    # Grading and the text matching it reads answers with, and the questions' models (and
    # pydantic), are imported once the first question is on screen (loading the bank the
    # first time checks the questions and gathers their terms with them): a cached
    # question is shown from its face.
    script = (
        "import sys\n"
        "from trustquiz import session\n"
        "from trustquiz.launch import quick\n"
        "late = ('trustquiz.kinds.grading', 'trustquiz.textmatch', 'trustquiz.quantity',\n"
        "        'trustquiz.kinds.base', 'trustquiz.kinds.numeric', 'pydantic')\n"
        "settle = session.Session._settle\n"
        "def shown(self, card):\n"
        "    sys.stderr.write(repr(sorted(m for m in sys.modules if m in late)))\n"
        "    settle(self, card)\n"
        "    sys.stderr.write(repr(sorted(m for m in sys.modules if m in late)))\n"
        "session.Session._settle = shown\n"
        f"assert quick(['practice', '--no-builtin', '--bank', {str(small_bank)!r}]) == 0\n"
    )
    command = [sys.executable, "-c", script]
    subprocess.run(command, input="q\n", capture_output=True, text=True, check=True)
    cached = subprocess.run(command, input="q\n", capture_output=True, text=True, check=True)
    assert "Question 1 of 4" in cached.stdout
    on_screen, ready = cached.stderr.split("][")
    assert on_screen == "["
    assert (
        ready == "'pydantic', 'trustquiz.kinds.base', 'trustquiz.kinds.grading', "
        "'trustquiz.kinds.numeric', 'trustquiz.quantity', 'trustquiz.textmatch']"
    )
