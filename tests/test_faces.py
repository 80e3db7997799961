"""A cached question is shown from its face, exactly as its model would show it, unbuilt."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import write
from trustquiz.bank import cacheparts
from trustquiz.bank.loader import Bank, load_bank
from trustquiz.errors import QuestionFileError
from trustquiz.kinds import registry
from trustquiz.kinds.presentation import Presented, present
from trustquiz.view.console import make_console
from trustquiz.view.practice import TerminalUI

# Every kind, with each way it may shuffle (or not) and each option set it may make.
EVERY_KIND = """
[[questions]]
id = "f-mcq"
kind = "mcq"
topic = "Faces"
prompt = "Which city hosts the mint?"
options = ["Delhi", "Mumbai", "Kolkata", "Chennai"]
answer = "Kolkata"

[[questions]]
id = "f-mcq-fixed"
kind = "mcq"
topic = "Faces"
prompt = "Kept in order?"
options = ["A1", "B1", "C1", "D1"]
answer = "d"
shuffle = false

[[questions]]
id = "f-truefalse"
kind = "truefalse"
topic = "Faces"
prompt = "KABIL is a joint venture."
answer = false

[[questions]]
id = "f-count"
kind = "numeric"
topic = "Faces"
prompt = "How many states?"
answer = "28"

[[questions]]
id = "f-outlay"
kind = "numeric"
topic = "Faces"
prompt = "NCMM outlay?"
answer = "₹16,300 crore"
tolerance = "1%"

[[questions]]
id = "f-text"
kind = "text"
topic = "Faces"
prompt = "Which joint venture?"
answer = "KABIL"
accept = ["Khanij Bidesh India Limited"]

[[questions]]
id = "f-which"
kind = "statements"
topic = "Faces"
ask = "which"
shuffle_items = true
statements = [
  { text = "S1 true", correct = true, why = "w1" },
  { text = "S2 false", correct = false },
  { text = "S3 true", correct = true },
]

[[questions]]
id = "f-which-four"
kind = "statements"
topic = "Faces"
ask = "which"
shuffle_items = true
statements = [
  { text = "T1", correct = true },
  { text = "T2", correct = false },
  { text = "T3", correct = false },
  { text = "T4", correct = true },
]

[[questions]]
id = "f-which-two"
kind = "statements"
topic = "Faces"
prompt = "Consider these:"
ask = "which"
statements = [{ text = "U1", correct = false }, { text = "U2", correct = false }]

[[questions]]
id = "f-how-many"
kind = "statements"
topic = "Faces"
ask = "how-many"
shuffle_items = true
statements = [
  { text = "V1", correct = false },
  { text = "V2", correct = false },
  { text = "V3", correct = true },
  { text = "V4", correct = true },
]

[[questions]]
id = "f-pairs"
kind = "pairs"
topic = "Faces"
headers = ["Mineral", "Use"]
shuffle_items = true
pairs = [
  { left = "Gallium", right = "Chips", correct = true },
  { left = "Terbium", right = "Batteries", correct = false },
  { left = "Cobalt", right = "Batteries", correct = true },
  { left = "Lithium", right = "Cells", correct = true },
]

[[questions]]
id = "f-pairs-plain"
kind = "pairs"
topic = "Faces"
pairs = [
  { left = "A", right = "B", correct = false },
  { left = "C", right = "D", correct = false },
  { left = "E", right = "F", correct = true },
]

[[questions]]
id = "f-assertion"
kind = "assertion"
topic = "Faces"
statement1 = "India imports most of its lithium."
statement2 = "India has no lithium reserves."
answer = "only-1"

[[questions]]
id = "f-cloze"
kind = "cloze"
topic = "Faces"
text = "India gets {{lithium|Li}} from {{Argentina}} under {{KABIL| Khanij }} deals."
"""
SEEDS = ("s", "a1b2c3d4|2026-11-22T02:30:00+00:00|3|False", "a1b2c3d4|later|3|True")


def _shown(presented: Presented) -> dict[str, Any]:
    return {f.name: getattr(presented, f.name) for f in dataclasses.fields(presented)}


def _screen(bank: Bank, presented: Presented, number: int) -> str:
    console = make_console(width=60)
    console.file = output = io.StringIO()
    with TerminalUI(console, bank, io.StringIO("")) as ui:
        ui.show_question(presented, number, 99, changed=False)
    return output.getvalue()


def _refuse_models(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(kind: str, question_json: bytes) -> object:
        raise AssertionError(f"a {kind} model was built to show a card")

    monkeypatch.setattr(cacheparts, "build", refuse)


def test_cached_cards_are_shown_as_their_models_show_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = write(tmp_path / "bank" / "kinds.toml", EVERY_KIND)
    parsed = load_bank([extra], builtin=True)  # parsed, and written to the cache
    cached = load_bank([extra], builtin=True)
    assert {card.entry.kind for card in cached.cards()} == set(registry.KINDS)
    assert len(cached.cards()) == len(parsed.cards()) > 100  # and every built-in question
    _refuse_models(monkeypatch)
    for number, (model, face) in enumerate(zip(parsed.cards(), cached.cards(), strict=True)):
        assert face.card_id == model.card_id
        for seed in SEEDS:
            expected, shown = present(model, seed), present(face, seed)
            assert {**_shown(shown), "card": model} == _shown(expected)
            assert _screen(cached, shown, number) == _screen(parsed, expected, number)


def test_a_face_shows_what_its_kind_made_of_the_question(tmp_path: Path) -> None:
    extra = write(tmp_path / "bank" / "kinds.toml", EVERY_KIND)
    load_bank([extra], builtin=False)
    cards = {card.card_id: card for card in load_bank([extra], builtin=False).cards()}
    pairs = present(cards["f-pairs"], "s")
    assert (pairs.headers, pairs.options, pairs.correct) == (
        ("Mineral", "Use"),
        ["Only one", "Only two", "Only three", "All four"],
        2,
    )
    assert pairs.table == [("Cobalt", "Batteries"), ("Gallium", "Chips"),
                           ("Lithium", "Cells"), ("Terbium", "Batteries")]  # fmt: skip
    gap = present(cards["f-cloze#3"], "s")
    assert (gap.prompt, gap.accepted) == (
        "India gets lithium from Argentina under _____ deals.",
        ["KABIL", "Khanij"],
    )


def test_a_removed_cache_entry_shows_its_cards_from_the_file(tmp_path: Path) -> None:
    extra = write(tmp_path / "bank" / "kinds.toml", EVERY_KIND)
    expected = present(load_bank([extra], builtin=False).cards()[0], "s")
    cached = load_bank([extra], builtin=False)
    shutil.rmtree(tmp_path / "cache")
    card = cached.cards()[0]
    assert _shown(present(card, "s")) == {**_shown(expected), "card": card}


def test_a_card_whose_file_changed_since_the_start_is_not_shown(tmp_path: Path) -> None:
    extra = write(tmp_path / "bank" / "kinds.toml", EVERY_KIND)
    load_bank([extra], builtin=False)
    cached = load_bank([extra], builtin=False)
    shutil.rmtree(tmp_path / "cache")
    extra.write_text(EVERY_KIND.replace("Kolkata", "Calcutta"), "utf-8")
    with pytest.raises(QuestionFileError) as raised:
        present(cached.cards()[0], "s")
    assert str(raised.value) == (
        f"{extra}: changed since this command started; run the command again"
    )
