"""Writing questions: add, the schema, list, check messages, and progress that follows the id."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import SMALL_BANK, run, write
from trustquiz.bank.authoring import (
    field_order,
    render_question,
    slugify,
    toml_value,
    unique_id,
)
from trustquiz.bank.loader import load_files
from trustquiz.bank.schema import SCHEMA_FILE, schema_text
from trustquiz.paths import builtin_bank_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

COMMENTED = """\
# My notes from the 3 March paper.   (a comment that must survive)
[defaults]
topic = "Indian programmes"   # trailing comment

[[questions]]
id = "kabil-jv"
kind = "truefalse"
prompt = "KABIL is a joint venture of three state-owned companies."
answer = true
explanation = "It secures overseas mineral assets."
"""


def test_add_appends_and_keeps_comments_byte_for_byte(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    target = write(tmp_path / "notes.toml", COMMENTED)
    result = run(
        runner,
        "add",
        "--kind",
        "numeric",
        "--prompt",
        "Recycling incentive under the NCMM?",
        "--answer",
        "₹1,500 crore",
        "--topic",
        "Indian programmes",
        "--tag",
        "ncmm",
        "--explanation",
        "Exploration gets ₹7,000 crore.",
        "--file",
        str(target),
        "--source",
        "trust-optimizeias",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Added 'recycling-incentive-under-ncmm' to {target}\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED + '\n[[questions]]\nid = "recycling-incentive-under-ncmm"\n')
    assert run(runner, "check", str(target)).exit_code == 0
    asked = run(
        runner,
        "practice",
        "--bank",
        str(target),
        "--id",
        "recycling-incentive-under-ncmm",
        input="1500 crore\n",
    )
    assert "✓ Right. ₹1,500 crore" in asked.stdout


def test_add_to_the_topic_file_in_the_data_dir(runner: CliRunner, home: Path) -> None:
    result = run(
        runner,
        "add",
        "--kind",
        "mcq",
        "--prompt",
        "India's rank in API making?",
        "--option",
        "First",
        "--option",
        "Second",
        "--option",
        "Third",
        "--option",
        "Fourth",
        "--answer",
        "b",
        "--topic",
        "Pharma & trade",
        "--explanation",
        "Second only to China.",
    )
    assert result.exit_code == 0, result.stderr
    path = home / "questions" / "pharma-trade.toml"
    assert path.read_text(encoding="utf-8").startswith(f"#:schema ./{SCHEMA_FILE}\n")
    assert (home / "questions" / SCHEMA_FILE).read_text() == schema_text()
    assert run(runner, "check", "--no-builtin").stdout == "ok: 1 questions in 1 files\n"


def test_add_refuses_invalid_and_duplicate_without_touching_the_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = write(tmp_path / "notes.toml", COMMENTED)
    before = target.read_bytes()
    bad = run(
        runner,
        "add",
        "--kind",
        "mcq",
        "--prompt",
        "Pick",
        "--option",
        "w",
        "--option",
        "x",
        "--option",
        "y",
        "--option",
        "z",
        "--answer",
        "e",
        "--topic",
        "t",
        "--file",
        str(target),
    )
    assert bad.exit_code == 1
    assert bad.stderr == (
        "error: the question was not added:\n"
        "error: question 'pick': answer 'e' is out of range: the options are a-d\n"
    )
    run(
        runner,
        "add",
        "--kind",
        "text",
        "--prompt",
        "p",
        "--answer",
        "a",
        "--topic",
        "t",
        "--bank",
        str(target),
        "--file",
        str(tmp_path / "other.toml"),
        "--id",
        "kabil-jv",
    )
    duplicate = run(
        runner,
        "add",
        "--kind",
        "text",
        "--prompt",
        "p",
        "--answer",
        "a",
        "--topic",
        "t",
        "--bank",
        str(target),
        "--id",
        "kabil-jv",
        "--file",
        str(target),
    )
    assert duplicate.exit_code == 1
    assert duplicate.stderr == (
        f"error: id 'kabil-jv' is taken by the question at {target}:5; choose another\n"
    )
    assert target.read_bytes() == before
    unknown = run(
        runner,
        "add",
        "--kind",
        "text",
        "--prompt",
        "p",
        "--answer",
        "a",
        "--topic",
        "t",
        "--source",
        "nope",
        "--file",
        str(target),
    )
    assert unknown.stderr.startswith("error: unknown source 'nope' (known: budget-2024-25, ")
    assert "trust-optimizeias, trust-targetpt)\n" in unknown.stderr
    assert target.read_bytes() == before


def test_interactive_add_previews_and_writes(runner: CliRunner, home: Path) -> None:
    answers = "\n".join([
        "pairs", "+Gallium = Semiconductors", "-Terbium = EV batteries", "+Nickel = Batteries",
        "", "", "", "", "Minerals and their uses", "uses, minerals", "Terbium is for imaging.",
        "", "", "y", "",
    ])  # fmt: skip
    result = run(runner, "add", input=answers)
    assert result.exit_code == 0, result.stderr
    assert '{ left = "Terbium", right = "EV batteries", correct = false },' in result.stdout
    assert "Added 'gallium-semiconductors' to " in result.stdout
    figures = json.loads(run(runner, "check", "--no-builtin", "--json").stdout)
    assert (figures["ok"], figures["questions"]) == (True, 1)


def test_readable_unique_ids_and_safe_toml() -> None:
    assert slugify("What is China's share of REE processing?") == "china-share-ree-processing"
    assert unique_id("The NCMM outlay", {"ncmm-outlay", "ncmm-outlay-2"}) == "ncmm-outlay-3"
    hostile = 'quote " backslash \\ newline \n bell \x07 ₹'
    assert tomllib.loads(f"v = {toml_value(hostile)}")["v"] == hostile


def test_committed_schema_matches_the_models_and_validates_the_bank(runner: CliRunner) -> None:
    committed = (builtin_bank_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "regenerate with: trustquiz schema > questions/" + SCHEMA_FILE
    )
    assert run(runner, "schema").stdout == committed
    validator = jsonschema.Draft202012Validator(json.loads(committed))
    for path in sorted(builtin_bank_dir().glob("*.toml")):
        if path.name == "sources.toml":
            continue
        assert path.read_text(encoding="utf-8").startswith(f"#:schema ./{SCHEMA_FILE}\n")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], path.name
    typo = {"questions": [{"id": "x", "kind": "text", "prompt": "p", "answer": "a", "promt": 1}]}
    assert [e.validator for e in validator.iter_errors(typo)] != []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            '[[questions]]\nid = "a"\nkind = "text"\ntopic = "t"\nprompt = "p"\nanswer = "x"\n'
            "answr = 'y'\n",
            7,
            "question 'a': unknown key 'answr' (did you mean 'answer'?)",
        ),
        (
            '[[questions]]\nid = "a"\nkind = "text"\ntopic = "t"\nprompt = "p"\n',
            1,
            "question 'a': missing key 'answer' for a text question",
        ),
        (
            '[[questions]]\nid = "a"\nkind = "mcq"\ntopic = "t"\nprompt = "p"\n'
            'options = ["w", "x", "y", "z"]\nanswer = "v w"\n',
            7,
            "question 'a': answer 'v w' is neither a letter a-d nor an option",
        ),
        (
            '[questions]\nid = "a"\n',
            1,
            "write each question under [[questions]] (double brackets), not [questions]",
        ),
        ('[[question]]\nid = "a"\n', 1, "unknown table 'question' (did you mean 'questions'?)"),
        (
            '[[questions]]\nid = "a"\nkind = "statements"\ntopic = "t"\nask = "how-many"\n'
            "statements = [\n"
            '  { text = "a", correct = false },\n  { text = "b", correct = false },\n'
            '  { text = "c", correct = false },\n  { text = "d", correct = false },\n]\n',
            6,
            "question 'a': none is true, and the four-item options have no 'None':"
            " use 3 statements",
        ),
    ],
)
def test_check_messages_for_common_mistakes(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path / "q.toml", text)
    assert [str(p) for p in load_files([path]).problems] == [f"{path}:{line}: {message}"]


def test_huge_file_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * (6 * 1024 * 1024))
    assert [str(p) for p in load_files([path]).problems] == [
        f"{path}: too large (6.3 MB; the limit is 5 MB): split it into files"
    ]


def test_editing_keeps_history_and_deleting_keeps_reviews_as_orphans(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    bank = write(tmp_path / "b.toml", SMALL_BANK)
    run(runner, "practice", "--no-builtin", "--bank", str(bank), "--id", "api-rank", input="b\n")
    bank.write_text(SMALL_BANK.replace("India's rank among API makers?", "Where does India rank?"))
    later = {"TRUSTQUIZ_NOW": "2026-11-25T09:00:00+00:00"}
    result = run(
        runner,
        "practice",
        "--no-builtin",
        "--bank",
        str(bank),
        "--id",
        "api-rank",
        input="b\n",
        env=later,
    )
    assert "This question has changed since you last saw it." in result.stdout
    listed = json.loads(run(runner, "list", "--no-builtin", "--bank", str(bank), "--json").stdout)
    assert [r["id"] for r in listed if r["seen"]] == ["api-rank"]
    bank.write_text(SMALL_BANK.split('[[questions]]\nid = "api-rank"')[0])
    report = json.loads(run(runner, "check", "--no-builtin", "--bank", str(bank), "--json").stdout)
    assert report["orphans"] == [{"id": "api-rank", "reviews": 2}]
    assert len((home / "reviews.jsonl").read_text().splitlines()) == 2


def test_list_table_and_filters(runner: CliRunner, small_bank: Path) -> None:
    result = run(
        runner, "list", "--no-builtin", "--bank", str(small_bank), "--topic", "Indian programmes"
    )
    assert result.stdout.splitlines()[0].split() == ["id", "kind", "topic", "seen", "due"]
    assert "ncmm-outlay  numeric  Indian programmes  no" in result.stdout
    assert result.stdout.endswith("2 questions\n")


def test_keys_are_written_shared_first_then_the_kind_own_then_the_explanation() -> None:
    head = ["id", "kind", "topic", "tags", "source", "difficulty", "group"]
    assert field_order("statements") == [
        *head, "prompt", "ask", "statements", "shuffle_items", "explanation",
    ]  # fmt: skip
    assert field_order("assertion") == [
        *head, "prompt", "statement1", "statement2", "answer", "explanation",
    ]  # fmt: skip
    assert field_order("essay") == [*head, "explanation"]
    text = render_question({"explanation": "e", "text": "{{a}}", "kind": "cloze", "id": "c"})
    assert text == '[[questions]]\nid = "c"\nkind = "cloze"\ntext = "{{a}}"\nexplanation = "e"\n'
