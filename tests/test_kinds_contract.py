"""Every registered kind does all a kind must: load, present, grade, lint, schema, `add`.

A kind gets here by its one line in kinds/registry.py; without an example below, or with
any part missing or wrong, it fails these tests, not a learner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import trustquiz.view.prompts as prompts
from conftest import run
from trustquiz.bank.authoring import fields_from_flags, render_question
from trustquiz.bank.lint import asked_text
from trustquiz.bank.loader import Bank
from trustquiz.bank.parse import load_text
from trustquiz.bank.schema import question_file_schema
from trustquiz.kinds import registry
from trustquiz.kinds.base import Kind
from trustquiz.kinds.grading import Grade, grade
from trustquiz.kinds.presentation import SHOW, present
from trustquiz.kinds.upsc import breakdown

KINDS_DIR = Path(registry.__file__).parent
SHARED_MODULES = {"__init__", "base", "registry", "grading", "presentation", "reading", "upsc"}


@dataclass(frozen=True)
class Example:
    """A question of the kind as `trustquiz add` flags, two answers and what they earn."""

    flags: dict[str, Any]
    right: str
    wrong: str
    right_grade: Grade
    wrong_grade: Grade
    asked: str  # a part of what the learner reads that lint must see
    breakdown_lines: int = 0
    presented: dict[str, Any] = field(default_factory=dict)


ASSERTION_ITEMS = [
    "Statement-I: India imports most of its lithium.",
    "Statement-II: India has no lithium reserves.",
]
EXAMPLES: dict[str, Example] = {
    "mcq": Example(
        {
            "prompt": "Which city hosts the mint?",
            "options": ["Delhi", "Mumbai", "Kolkata", "Chennai"],
            "answer": "c",
            "no_shuffle": True,
        },
        "c",
        "Delhi",
        Grade(True, "c) Kolkata"),
        Grade(False, "c) Kolkata"),
        "Chennai",
        presented={"hint": "a letter a-d", "correct": 2, "order": [0, 1, 2, 3]},
    ),
    "truefalse": Example(
        {"prompt": "KABIL is a joint venture.", "answer": "true"},
        "yes",
        "b",
        Grade(True, "a) True"),
        Grade(False, "a) True"),
        "KABIL is a joint venture.",
        presented={"options": ["True", "False"], "correct": 0},
    ),
    "numeric": Example(
        {"prompt": "NCMM outlay?", "answer": "₹16,300 crore", "tolerance": "1%"},
        "16,400 crore",
        "1,630 crore",
        Grade(True, "₹16,300 crore", "close enough: the figure is ₹16,300 crore"),
        Grade(
            False,
            "₹16,300 crore",
            "that is 1/10 of the answer: check the scale (1 lakh crore = 1,00,000 crore)",
        ),
        "NCMM outlay?",
        presented={"hint": "a number, with its unit", "options": None},
    ),
    "text": Example(
        {
            "prompt": "Which company buys mineral assets abroad?",
            "answer": "Khanij Bidesh India Limited",
            "accept": ["KABIL"],
        },
        "kabil",
        "NMDC",
        Grade(True, "Khanij Bidesh India Limited"),
        Grade(False, "Khanij Bidesh India Limited"),
        "mineral assets abroad",
        presented={"hint": "a short answer"},
    ),
    "statements": Example(
        {
            "ask": "which",
            "statements": ["+China refines most rare earths.", "-India has no lithium."],
        },
        "a",
        "c",
        Grade(True, "a) 1 only"),
        Grade(False, "a) 1 only", missed=(2,)),
        "India has no lithium.",
        breakdown_lines=2,
        presented={
            "items": ["China refines most rare earths.", "India has no lithium."],
            "numbered": True,
            "ask": "Which of the statements given above is/are correct?",
        },
    ),
    "pairs": Example(
        {"pairs": ["+Lithium = batteries", "+Cobalt = cathodes", "-Gallium = steel"]},
        "Only two",
        "a",
        Grade(True, "b) Only two"),
        Grade(False, "b) Only two"),
        "Gallium steel",
        breakdown_lines=3,
        presented={
            "table": [("Lithium", "batteries"), ("Cobalt", "cathodes"), ("Gallium", "steel")]
        },
    ),
    "assertion": Example(
        {
            "statement1": "India imports most of its lithium.",
            "statement2": "India has no lithium reserves.",
            "answer": "only-1",
        },
        "c",
        "a",
        Grade(True, "c) Statement-I is correct, but Statement-II is incorrect"),
        Grade(False, "c) Statement-I is correct, but Statement-II is incorrect"),
        "India has no lithium reserves.",
        breakdown_lines=2,
        presented={"numbered": False, "items": ASSERTION_ITEMS},
    ),
    "cloze": Example(
        {"text": "India gets {{lithium|Li}} from {{Argentina}}."},
        "Li",
        "cobalt",
        Grade(True, "lithium"),
        Grade(False, "lithium"),
        "India gets lithium from Argentina.",
        presented={"prompt": "India gets _____ from Argentina.", "accepted": ["lithium", "Li"]},
    ),
}


def loaded(kind: str, tmp_path: Path) -> Bank:
    """The example, made from its flags the way `trustquiz add` makes it, and loaded."""
    fields = fields_from_flags(kind, EXAMPLES[kind].flags)
    fields.update(id=f"example-{kind}", topic="Contract", explanation="Why.")
    path = tmp_path / f"{kind}.toml"
    result = load_text(path, render_question(fields))
    assert [problem.message for problem in result.problems] == []
    return Bank(entries=result.entries)


def test_every_kind_module_is_registered_and_has_an_example() -> None:
    modules = {p.stem for p in KINDS_DIR.glob("*.py")} - SHARED_MODULES
    assert modules == set(registry.KINDS)
    assert set(EXAMPLES) == set(registry.KINDS)
    assert set(SHOW) == set(registry.KINDS)  # how each kind's face is shown


def test_an_unknown_kind_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        registry.kind("essay")


@pytest.mark.parametrize("kind", registry.KINDS)
def test_kind_record_names_its_model(kind: str) -> None:
    spec = registry.kind(kind)
    assert isinstance(spec, Kind)
    assert spec.name == kind
    assert registry.models()[kind] is spec.model
    assert spec.model.model_fields["kind"].annotation.__args__ == (kind,)  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", registry.KINDS)
def test_kind_presents_and_grades_right_and_wrong(kind: str, tmp_path: Path) -> None:
    example = EXAMPLES[kind]
    card = loaded(kind, tmp_path).cards()[0]
    shown = present(card, seed="contract")
    assert shown.card is card
    assert shown.prompt.strip()
    assert shown.hint.strip()
    for name, value in example.presented.items():
        assert getattr(shown, name) == value, name
    assert grade(shown, example.right) == example.right_grade
    assert grade(shown, example.wrong) == example.wrong_grade


@pytest.mark.parametrize("kind", registry.KINDS)
def test_kind_asked_text_holds_what_the_learner_reads(kind: str, tmp_path: Path) -> None:
    question = loaded(kind, tmp_path).entries[0].question
    text = asked_text(question)
    assert EXAMPLES[kind].asked in text
    if "prompt" in EXAMPLES[kind].flags:  # its own prompt, not a stock lead-in
        assert question.model_dump()["prompt"] in text


@pytest.mark.parametrize("kind", registry.KINDS)
def test_kind_breakdown_judges_each_part(kind: str, tmp_path: Path) -> None:
    question = loaded(kind, tmp_path).entries[0].question
    lines = breakdown(question)
    assert len(lines) == EXAMPLES[kind].breakdown_lines
    assert all(isinstance(right, bool) and text.strip() for right, text in lines)


@pytest.mark.parametrize("kind", registry.KINDS)
def test_kind_is_in_the_json_schema(kind: str) -> None:
    schema = question_file_schema()
    union = schema["properties"]["questions"]["items"]
    ref = f"#/$defs/{registry.kind(kind).model.__name__}"
    assert union["discriminator"]["mapping"][kind] == ref
    assert {"$ref": ref} in union["oneOf"]
    definition = schema["$defs"][registry.kind(kind).model.__name__]
    assert definition["properties"]["kind"]["const"] == kind


@pytest.mark.parametrize("kind", registry.KINDS)
def test_kind_declares_add_fields_that_interactive_add_asks(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = registry.kind(kind)
    assert spec.add_fields
    # A switch (mcq's --no-shuffle) is a flag only, which the kind's from_flags converts.
    assert {f.key for f in spec.add_fields if f.asked} <= set(spec.model.model_fields)
    assert {f.key for f in spec.add_fields if f.default is None} <= set(EXAMPLES[kind].flags)
    asked: list[str] = []
    # Each field answered with the example's valid value: a field is asked again until valid.
    typed: dict[str, Any] = {
        f.label: EXAMPLES[kind].flags.get(f.key, f.default) for f in spec.add_fields
    }
    options = list(typed.get("Option") or [])
    letters = {
        f"Option {letter}": text
        for letter, text in zip("abcd"[: len(options)], options, strict=True)
    }

    def ask(label: str, default: str | None = None) -> str:
        asked.append(label)
        return str({**typed, **letters}.get(label, "x"))

    def many(label: str, marked: bool = False, kind: str = "", key: str = "") -> list[str]:
        return list(typed[label])

    monkeypatch.setattr(prompts, "_ask", ask)
    monkeypatch.setattr(prompts, "_many", many)
    got_kind, given = prompts.ask_fields(kind)
    assert got_kind == kind
    assert list(given) == [f.key for f in spec.add_fields if f.asked]
    singles = [f.label for f in spec.add_fields if f.items == "one"]
    assert [label for label in asked if not label.startswith("Option ")] == singles


def test_assertion_statements_are_shown_with_their_own_labels(
    runner: CliRunner, tmp_path: Path
) -> None:
    fields = fields_from_flags("assertion", EXAMPLES["assertion"].flags)
    fields.update(id="a", topic="Contract", explanation="Why.")
    path = tmp_path / "a.toml"
    path.write_text(render_question(fields), encoding="utf-8")
    result = run(runner, "practice", "--no-builtin", "--bank", str(path), input="c\n")
    assert (
        "Consider the following statements:\n"
        "  Statement-I: India imports most of its lithium.\n"
        "  Statement-II: India has no lithium reserves.\n"
    ) in result.stdout
