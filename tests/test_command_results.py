"""Each command returns a result a test can inspect, and one boundary turns errors into codes."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from unittest import mock

import pytest
from typer.testing import CliRunner

from conftest import NOW, run, write
from trustquiz.commands import (
    COMMANDS,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    add,
    check,
    config,
    doctor,
    execute,
    listing,
    module,
    practice,
    schema,
    stats,
)
from trustquiz.commands import options as o
from trustquiz.errors import TrustquizError

TOML_ERROR = "TOML syntax error: the line ends inside a string (a closing quote is missing)"


def _answer(small_bank: Path, monkeypatch: pytest.MonkeyPatch, ids: str, *lines: str) -> None:
    """Practise the question `ids` with the given answers typed."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    options = practice.Options(bank=(small_bank,), no_builtin=True, ids=(ids,))
    practice.render(practice.run(options), options)


def test_config_sets_a_value_and_shows_it(home: Path) -> None:
    assert config.run(config.Options()).settings == {
        "desired_retention": 0.9,
        "new_per_day": 20,
        "exam_date": None,
        "daily_minutes": 20.0,
        "day_start": 4,
        "parameters": None,
        "fitted_reviews": 0,
        "learning_steps": False,
    }
    changed = config.run(config.Options(key="exam_date", value="2027-05-23"))
    assert changed.settings["exam_date"] == "2027-05-23"
    assert config.run(config.Options(home=home)).settings["exam_date"] == "2027-05-23"
    cleared = config.run(config.Options(key="exam_date", value="none"))
    assert cleared.settings["exam_date"] is None
    with pytest.raises(TrustquizError, match="unknown setting 'colour'; one of desired_retention"):
        config.run(config.Options(key="colour", value="blue"))
    with pytest.raises(TrustquizError, match=r"^give a value: trustquiz config new_per_day VALUE$"):
        config.run(config.Options(key="new_per_day"))


def test_check_returns_each_problem_with_its_file_and_line(small_bank: Path, home: Path) -> None:
    clean = check.run(check.Options(targets=(small_bank,), no_builtin=True))
    assert (clean.questions, clean.files, clean.problems, clean.exit_code) == (4, 1, [], 0)
    assert clean.orphans is None  # text output needs no progress
    bad = write(home / "questions" / "bad.toml", '[[questions]]\nid = "x"\nkind = "mcq\n')
    found = check.run(check.Options(no_builtin=True, as_json=True))
    assert [(p.path, p.line, p.message) for p in found.problems] == [
        (bad, 3, f"{TOML_ERROR} (column 12)")
    ]
    assert (found.exit_code, found.orphans) == (EXIT_ERROR, [])


def test_check_names_answered_questions_that_left_the_bank(
    small_bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer(small_bank, monkeypatch, "kabil", "KABIL")
    other = write(
        tmp_path / "other" / "one.toml",
        '[[questions]]\nid = "t"\nkind = "truefalse"\ntopic = "T"\nprompt = "P"\nanswer = true\n',
    )
    result = check.run(check.Options(targets=(other,), no_builtin=True, as_json=True))
    assert result.orphans == [check.Orphan("kabil", 1)]


def test_list_returns_a_row_per_card(small_bank: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = listing.Options(bank=(small_bank,), no_builtin=True)
    rows = listing.run(options).rows
    assert [(r.id, r.kind, r.topic, r.seen, r.due) for r in rows] == [
        ("ncmm-outlay", "numeric", "Indian programmes", False, None),
        ("kabil", "text", "Indian programmes", False, None),
        ("api-rank", "mcq", "Pharma and trade", False, None),
        ("ree-share", "truefalse", "China's dominance", False, None),
    ]
    _answer(small_bank, monkeypatch, "kabil", "KABIL")
    pharma = listing.Options(bank=(small_bank,), no_builtin=True, topic=("pharma and trade",))
    assert [row.id for row in listing.run(pharma).rows] == ["api-rank"]
    kabil = listing.run(options).rows[1]
    assert (kabil.seen, kabil.due_now) == (True, False)
    assert kabil.due is not None and kabil.due > "2026-11-22T02:30"


def test_doctor_returns_its_findings_and_repairs(small_bank: Path, home: Path) -> None:
    fresh = doctor.run(doctor.Options(bank=(small_bank,), no_builtin=True))
    assert fresh.repairs == []
    assert [(f.severity, f.message) for f in fresh.findings] == [
        ("note", f"0 reviews, 0 cards in {home}")
    ]
    assert fresh.exit_code == 0
    rebuilt = doctor.run(doctor.Options(bank=(small_bank,), no_builtin=True, rebuild=True))
    assert rebuilt.repairs == ["rebuilt index.sqlite3 from reviews.jsonl"]
    (home / "reviews.jsonl").write_text('{"type": "review", "broken\n', encoding="utf-8")
    damaged = doctor.run(doctor.Options(bank=(small_bank,), no_builtin=True))
    assert damaged.exit_code == EXIT_ERROR
    assert [f.severity for f in damaged.findings] == ["error"]
    assert "reviews.jsonl:1" in damaged.findings[0].message


def test_doctor_repairs_nothing_when_the_bank_cannot_be_loaded(
    small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer(small_bank, monkeypatch, "kabil", "KABIL")
    index = home / "index.sqlite3"
    before = (sorted(p.name for p in home.iterdir()), index.read_bytes())
    with pytest.raises(TrustquizError, match="no questions found"):
        doctor.run(doctor.Options(no_builtin=True, rebuild=True))
    assert (sorted(p.name for p in home.iterdir()), index.read_bytes()) == before
    assert [p.name for p in home.iterdir() if ".bak" in p.name] == []  # no copy set aside


def test_stats_returns_the_figures(small_bank: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _answer(small_bank, monkeypatch, "kabil", "KABIL")
    _answer(small_bank, monkeypatch, "api-rank", "c")
    figures = stats.run(stats.Options(bank=(small_bank,), no_builtin=True)).figures
    assert (figures["questions_total"], figures["questions_seen"]) == (4, 2)
    assert (figures["reviews_total"], figures["reviews_correct"]) == (2, 1)
    topic = stats.Options(bank=(small_bank,), no_builtin=True, topic=("Pharma and trade",))
    pharma = stats.run(topic).figures
    assert [pharma[key] for key in ("questions_total", "reviews_total", "reviews_correct")] == [
        1,
        1,
        0,
    ]
    with pytest.raises(
        TrustquizError,
        match=r"^no topic is called or begins with 'Nowhere'; the topics are: China's dominance;",
    ):
        stats.run(stats.Options(bank=(small_bank,), no_builtin=True, topic=("Nowhere",)))


def test_practice_returns_the_session_summary(
    small_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("KABIL\n"))
    options = practice.Options(bank=(small_bank,), no_builtin=True, ids=("kabil",))
    result = practice.run(options)
    assert result.summary is not None
    assert (result.summary.answered, result.summary.right, result.exit_code) == (1, 1, 0)
    # A right first answer, with no same-day steps: back in two days.
    assert (result.due_tomorrow, result.next_due) == (0, NOW + timedelta(days=2))
    done = practice.run(practice.Options(bank=(small_bank,), no_builtin=True, new=0))
    assert (done.summary, done.new_left, done.next_due) == (None, 3, result.next_due)


def test_add_returns_where_the_question_went(small_bank: Path, home: Path) -> None:
    options = add.Options(
        kind="truefalse",
        prompt="KABIL has three partners.",
        answer="true",
        topic="Indian programmes",
        bank=(small_bank,),
        no_builtin=True,
    )
    result = add.run(options)
    target = home / "questions" / "indian-programmes.toml"
    assert (result.question_id, result.path, result.added) == (
        "kabil-has-three-partners",
        target,
        True,
    )
    assert 'id = "kabil-has-three-partners"' in target.read_text(encoding="utf-8")


def test_schema_returns_the_json_schema_text() -> None:
    assert json.loads(schema.run(schema.Options()).text)["title"]


def test_the_boundary_turns_errors_and_ctrl_c_into_exit_codes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(options: object) -> None:
        raise TrustquizError("first line\nsecond \x1b line")

    monkeypatch.setattr(schema, "run", refuse)
    assert execute("schema", schema.Options()) == EXIT_ERROR
    assert capsys.readouterr() == ("", "error: first line\nerror: second \\x1b line\n")

    def interrupted(options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(schema, "run", interrupted)
    assert execute("schema", schema.Options()) == EXIT_INTERRUPTED
    assert capsys.readouterr() == ("", "\ninterrupted\n")


def test_a_field_without_a_declared_option_or_with_a_wrong_default_is_refused() -> None:
    @dataclass(frozen=True)
    class Undeclared:
        home: Path | None = None

    @dataclass(frozen=True)
    class WrongDefault:
        json: Annotated[bool, o.JSON] = True

    with pytest.raises(TypeError, match=r"Undeclared\.home has no Opt annotation"):
        o.specs(Undeclared)
    with pytest.raises(TypeError, match=r"WrongDefault\.json must default to False"):
        o.specs(WrongDefault)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_registered_command_is_built_from_its_declaration(
    name: str, runner: CliRunner
) -> None:
    command = module(name)
    assert callable(command.run) and callable(command.render)
    shown = run(runner, name, "--help").stdout
    for spec in o.specs(command.Options):
        assert (spec.flag or spec.name) in shown
        assert " ".join(spec.opt.help.split()[:3]) in " ".join(shown.split())
    with mock.patch("trustquiz.commands.execute", return_value=0) as execute:
        assert run(runner, name).exit_code == 0
    execute.assert_called_once_with(name, command.Options())
