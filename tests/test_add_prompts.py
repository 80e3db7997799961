"""Interactive `add`: each field is checked as it is typed and asked again on the spot."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run
from trustquiz.commands import add as add_command
from trustquiz.commands.options import specs
from trustquiz.kinds import registry
from trustquiz.kinds.base import AddField

registry_kind = registry.kind

LONG = "Which city hosts the mint of India that strikes most of the coins in circulation today?"


def add(runner: CliRunner, *typed: str) -> str:
    result = run(runner, "add", input="\n".join(typed) + "\n", env={"COLUMNS": "50"})
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def flat(out: str) -> str:
    """The output with its wrapped lines joined, for messages wrapped to the width."""
    return " ".join(out.split())


def test_a_bad_answer_source_and_id_are_asked_again_and_a_source_is_made(
    runner: CliRunner, home: Path
) -> None:
    out = add(
        runner,
        "quiz", "mcq", "", LONG, "Delhi", "Mumbai", "Kolkata", "Chennai", "e", "c",
        "Minerals", "", "", "mint-report", "y", "", "Mint report", "RBI", "July 2024",
        "2024-07-23", "Bad Id!", "", "y",
    )  # fmt: skip
    assert "'quiz' is not a kind: choose one of mcq, truefalse, numeric, text," in flat(out)
    assert "Question: must not be empty. Type it again." in flat(out)
    assert (
        "Correct option: answer 'e' is out of range: the options are a-d. Type it again."
        in flat(out)
    )
    assert "There is no source 'mint-report' (known: budget-2024-25, " in flat(out)
    assert "Title: must not be empty. Type it again." in flat(out)
    assert "Date (YYYY-MM-DD): use a date like 2024-07-23. Type it again." in flat(out)
    assert f"Added source 'mint-report' to {home / 'questions' / 'sources.toml'}." in flat(out)
    assert (
        "'Bad Id!' is not an id: use lower-case letters, digits, '.', '_' and '-', starting"
        " with a letter or digit. Type another." in flat(out)
    )
    assert "--" not in out  # no flag the user never typed
    assert "Added 'city-hosts-mint-india-that-strikes' to " in out
    # The preview wraps a long line at the terminal's width instead of cropping it.
    assert 'prompt = "Which city hosts the mint of India that \nstrikes most' in out
    sources = (home / "questions" / "sources.toml").read_text(encoding="utf-8")
    assert sources == (
        '[sources.mint-report]\ntitle = "Mint report"\npublisher = "RBI"\ndate = 2024-07-23\n'
    )
    figures = json.loads(run(runner, "check", "--json").stdout)
    assert figures["ok"] is True


def test_statements_are_checked_one_by_one_and_each_gets_its_reason(
    runner: CliRunner, home: Path
) -> None:
    out = add(
        runner,
        "statements", "", "which",
        "China refines most rare earths.", "+China refines most rare earths.",
        "-India has no lithium.", "",
        "It refines about 90%.", "",
        "Lithium", "", "", "", "", "y",
    )  # fmt: skip
    assert (
        "start each statement with + (correct) or - (incorrect): 'China refines most rare"
        " earths.'. Type it again." in flat(out)
    )
    assert "Why is statement 1 correct? (empty to skip) []:" in out
    assert "Why is statement 2 incorrect? (empty to skip) []:" in out
    written = (home / "questions" / "lithium.toml").read_text(encoding="utf-8")
    assert (
        '  { text = "China refines most rare earths.", correct = true,'
        ' why = "It refines about 90%." },\n'
        '  { text = "India has no lithium.", correct = false },\n' in written
    )


def test_a_check_across_fields_asks_the_field_again(runner: CliRunner, home: Path) -> None:
    out = add(
        runner,
        "statements", "", "which",
        "-One.", "-Two.", "-Three.", "",
        "+One.", "-Two.", "-Three.", "",
        "", "", "", "Lithium", "", "", "", "", "y",
    )  # fmt: skip
    assert (
        "Statement: no statement is true, and 'which' with 3 statements has no 'none': use ask"
        ' = "how-many". Type it again.' in flat(out)
    )
    assert "Added 'one' to " in out


def test_pairs_without_an_equals_sign_and_a_taken_id(runner: CliRunner, home: Path) -> None:
    first = ("pairs", "+Gallium = chips", "-Terbium = batteries", "+Nickel = batteries", "")
    add(runner, *first, "", "", "", "Minerals", "", "", "", "", "y")
    out = add(
        runner,
        *first[:2], "-Terbium batteries", *first[2:],
        "", "", "", "Minerals", "", "", "", "gallium-chips", "", "y",
    )  # fmt: skip
    assert "write a pair as 'left = right': 'Terbium batteries'. Type it again." in flat(out)
    assert "the id 'gallium-chips' is taken by another question. Type another." in flat(out)
    assert "Added 'gallium-chips-2' to " in out


def test_a_kind_field_declared_in_kinds_becomes_an_add_option(
    monkeypatch: pytest.MonkeyPatch, home: Path, small_bank: Path
) -> None:
    text = registry.kind("text")
    switch = AddField(
        "accept_containing", "Accept a longer answer", items="switch", help="text: containing."
    )
    widened = dataclasses.replace(text, add_fields=(*text.add_fields, switch))
    monkeypatch.setattr(
        registry, "kind", lambda name: widened if name == "text" else registry_kind(name)
    )
    made = add_command._options_class()
    flags = {spec.flag: spec for spec in specs(made)}
    assert (flags["--accept-containing"].kind, flags["--accept-containing"].opt.help) == (
        "flag",
        "text: containing.",
    )
    assert [spec.flag for spec in specs(made)][:4] == ["--kind", "--prompt", "--option", "--answer"]
    options = made(
        kind="text",
        prompt="Which ministry runs the budget?",
        answer="Finance",
        accept_containing=True,
        topic="Economy",
        bank=(small_bank,),
        no_builtin=True,
    )
    result = add_command.run(options)
    assert "accept_containing = true" in result.path.read_text(encoding="utf-8")


def test_the_add_options_are_the_kinds_declarations() -> None:
    declared = {f.option for name in registry.KINDS for f in registry.kind(name).add_fields}
    flags = {spec.flag for spec in specs(add_command.Options)}
    assert declared <= flags
    assert flags - declared == {
        "--kind", "--topic", "--tag", "--explanation", "--source", "--id", "--file", "--home",
        "--bank", "--no-builtin",
    }  # fmt: skip


def test_too_few_statements_are_asked_for_again(runner: CliRunner, home: Path) -> None:
    out = add(
        runner,
        "statements", "", "which", "+One.", "", "+One.", "-Two.", "",
        "", "", "Lithium", "", "", "", "", "y",
    )  # fmt: skip
    assert "Statement: give at least 2. Type it again." in flat(out)
    assert "Added 'one' to " in out


def test_input_that_ends_midway_adds_nothing(runner: CliRunner, home: Path) -> None:
    result = run(runner, "add", input="mcq\nWhich city?\nMumbai\n")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: the input ended before the question was complete: nothing was added\n",
    )
    assert not (home / "questions").exists()
