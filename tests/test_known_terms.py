"""A typo is never another known term; a longer answer counts only where the author allows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import write
from trustquiz.bank.entries import CardRef, Entry
from trustquiz.bank.loader import load_files
from trustquiz.kinds.cloze import ClozeQuestion
from trustquiz.kinds.grading import grade
from trustquiz.kinds.presentation import present
from trustquiz.kinds.text import TextQuestion
from trustquiz.textmatch import KnownTerms, builtin_terms, match_containing, match_text


def card(model: Any, **fields: Any) -> CardRef:
    question = model(id="q", topic="t", **fields)
    return CardRef("q", Entry.parsed(question, Path("x.toml"), 1, "hash"))


def test_a_typo_is_accepted_but_another_element_is_not() -> None:
    assert match_text("terbum", ["terbium"]) == (
        True,
        "accepted with a typo: the spelling is 'terbium'",
    )
    assert match_text("erbium", ["terbium"]) == (
        False,
        "'erbium' is another term, not a misspelling of 'terbium'",
    )
    assert match_text("Europeum", ["Europium"]) == (
        True,
        "accepted with a typo: the spelling is 'Europium'",
    )
    assert match_text("Europium", ["Europium"]) == (True, None)
    # Two different terms one edit apart are told apart both ways round.
    assert match_text("Terbium", ["Erbium"])[0] is False


def test_the_shipped_term_list_holds_elements_and_exam_terms() -> None:
    terms = builtin_terms()
    assert {"terbium", "erbium", "europium", "aluminum", "cesium", "monazite"} <= terms
    assert {"finance commission", "rare earths", "fiscal deficit"} <= terms
    assert len(terms) > 200


def test_a_gap_of_the_shipped_kind_rejects_erbium_for_terbium() -> None:
    cloze = card(ClozeQuestion, kind="cloze", text="Imaging uses {{terbium}}.")
    presented = present(cloze, "s")
    assert grade(presented, "terbum").correct
    verdict = grade(presented, "erbium")
    assert (verdict.correct, verdict.note) == (
        False,
        "'erbium' is another term, not a misspelling of 'terbium'",
    )


BANK = """
[[questions]]
id = "api"
kind = "text"
topic = "T"
prompt = "What do the letters API stand for in pharma?"
answer = "Active Pharmaceutical Ingredient"

[[questions]]
id = "mine"
kind = "text"
topic = "T"
prompt = "Which firm explores overseas?"
answer = "KABIL"
accept = ["Khanij Bidesh"]

[[questions]]
id = "sector"
kind = "mcq"
topic = "T"
prompt = "Which sector?"
options = ["Semiconductors", "Semiconductor fabs", "Textiles", "Tourism"]
answer = "a"
"""


def test_the_banks_own_answers_and_options_are_known_terms(tmp_path: Path) -> None:
    bank = load_files([write(tmp_path / "q.toml", BANK)])
    known = bank.known_terms
    assert "khanij bidesh" in known and "semiconductor fabs" in known and "erbium" in known
    # A response one edit from the answer is a typo, unless the bank has it as an answer,
    # alias or option of its own: then it is that term.
    text = card(TextQuestion, kind="text", prompt="P", answer="Semiconductors")
    assert grade(present(text, "s"), "Semiconductor", known).correct  # no term of its own
    other = card(TextQuestion, kind="text", prompt="P", answer="Semiconductor fab")
    assert not grade(present(other, "s"), "Semiconductor fabs", known).correct


def test_known_terms_are_gathered_only_when_first_asked() -> None:
    calls: list[int] = []

    def extra() -> list[str]:
        calls.append(1)
        return ["hafnia"]

    known = KnownTerms(extra)
    assert calls == []
    assert "hafnia" in known and "terbium" in known
    assert "hafnia" in known
    assert calls == [1]


def test_stats_does_not_read_the_term_list(tmp_path: Path) -> None:
    code = (
        "import sys, trustquiz.launch as l\n"
        "sys.argv = ['trustquiz', 'stats', '--json']\n"
        "try:\n    l.main()\nexcept SystemExit:\n    pass\n"
        "from trustquiz import textmatch\n"
        "print(textmatch.builtin_terms.cache_info().currsize)\n"
    )
    env = {"TRUSTQUIZ_HOME": str(tmp_path / "h"), "TRUSTQUIZ_CACHE": str(tmp_path / "c")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "0"


FINANCE = {"kind": "text", "prompt": "Which ministry presents the Budget?", "answer": "Finance"}


@pytest.mark.parametrize(
    ("response", "right", "note"),
    [
        ("Ministry of Finance", True, "accepted: it holds the answer, 'Finance'"),
        ("the finance ministry", True, "accepted: it holds the answer, 'Finance'"),
        ("Finance", True, None),
        ("not the Ministry of Finance", False, "it holds 'Finance', but also 'not'"),
        ("Finance, isn't it?", False, "it holds 'Finance', but also 'n't'"),
        (
            "Ministry of Mines and Finance",
            False,
            "it holds 'Finance', but also names 'ministry of mines'",
        ),
        ("Financial services", False, None),
        ("Ministry of Home Affairs", False, None),
    ],
)
def test_accept_containing(response: str, right: bool, note: str | None) -> None:
    question = card(TextQuestion, accept_containing=True, **FINANCE)
    verdict = grade(present(question, "s"), response)
    assert (verdict.correct, verdict.note) == (right, note)


def test_containing_answers_are_wrong_unless_allowed() -> None:
    question = card(TextQuestion, **FINANCE)
    assert not grade(present(question, "s"), "Ministry of Finance").correct


def test_match_containing_lets_the_answers_own_words_through() -> None:
    known = KnownTerms(lambda: ["rare earths"])
    assert match_containing("rare earths elements", ["rare earths"], known)[0]
    assert match_containing("the rare earths and lithium", ["rare earths"], known) == (
        False,
        "it holds 'rare earths', but also names 'lithium'",
    )


def test_a_cached_files_terms_are_read_without_building_its_questions(tmp_path: Path) -> None:
    path = write(tmp_path / "q.toml", BANK)
    parsed = load_files([path]).known_terms
    cached_bank = load_files([path])
    origin = cached_bank.entries[0].origin
    assert origin._built == {}  # from the cache: no question model built yet
    assert sorted(origin.terms()) == [
        "active pharmaceutical ingredient",
        "kabil",
        "khanij bidesh",
        "semiconductor fabs",
        "semiconductors",
        "textiles",
        "tourism",
    ]
    assert origin._built == {}
    assert "khanij bidesh" in cached_bank.known_terms and "khanij bidesh" in parsed
