"""`trustquiz export --format apkg` read back by Anki's own importer, and the Aiken export."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ankikit import anki_collection, export_package, new_collection
from conftest import run
from trustquiz import api
from trustquiz.bank.ankiexport import DECK_PREFIX, anki_tag
from trustquiz.bank.loader import load_bank


def import_into_anki(col: Any, package: Path) -> None:
    """Import a package with Anki's importer, updating notes it already has."""
    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(package),
        options=anki_collection.ImportAnkiPackageOptions(
            with_scheduling=False, merge_notetypes=True, update_notes=1, update_notetypes=1
        ),
    )
    col.import_anki_package(request)


def notes_by_id(col: Any) -> dict[str, Any]:
    return {col.get_note(nid)["Id"]: col.get_note(nid) for nid in col.find_notes("")}


@pytest.fixture(scope="module")
def shipped() -> Any:
    return load_bank()


def test_the_shipped_bank_shows_in_anki_as_it_does_here(
    shipped: Any, tmp_path: Path, runner: CliRunner
) -> None:
    package = tmp_path / "bank.apkg"
    result = run(runner, "export", "--format", "apkg", "--out", str(package))
    questions = {entry.id: entry.question for entry in shipped.entries}
    assert result.output == f"Wrote {len(questions)} question(s) to {package} (apkg)\n"
    col = new_collection(tmp_path / "anki")
    import_into_anki(col, package)
    notes = notes_by_id(col)
    assert sorted(notes) == sorted(questions)
    for qid, question in questions.items():
        note = notes[qid]
        assert note.tags == sorted(anki_tag(t) for t in question.tags), qid
        deck = col.decks.name(note.cards()[0].did)
        assert deck == DECK_PREFIX + question.topic
        assert (note.note_type()["type"] == 1) == (question.kind == "cloze")
        if question.kind == "cloze":
            assert len(note.cards()) == question.gap_count()
    cloze = next(q for q in questions.values() if q.kind == "cloze")
    assert f"{{{{c1::{escape(cloze.gaps[0][0], quote=False)}}}}}" in notes[cloze.id]["Text"]
    assert f"{{{{c2::{escape(cloze.gaps[1][0], quote=False)}}}}}" in notes[cloze.id]["Text"]
    statements = next(q for q in questions.values() if q.kind == "statements")
    front = notes[statements.id]["Front"]
    assert f"<ol><li>{escape(statements.statements[0].text, quote=False)}</li>" in front
    assert "<div>(a) " in front and "<div>(d) " in front
    assert notes[statements.id]["Back"].startswith("<div><b>Answer: (")
    pairs = next(q for q in questions.values() if q.kind == "pairs")
    row = f"<tr><td>1.</td><td>{escape(pairs.pairs[0].left, quote=False)}</td>"
    assert row in notes[pairs.id]["Front"]
    assertion = next(q for q in questions.values() if q.kind == "assertion")
    assert (
        f"<li>Statement-I: {escape(assertion.statement1, quote=False)}</li>"
        in notes[assertion.id]["Front"]
    )
    col.close()


def test_a_second_export_updates_the_same_notes(
    tmp_path: Path, runner: CliRunner, small_bank: Path, home: Path
) -> None:
    package = tmp_path / "small.apkg"
    run(runner, "export", "--no-builtin", "--bank", str(small_bank), "--format", "apkg",
        "--out", str(package))  # fmt: skip
    col = new_collection(tmp_path / "anki")
    import_into_anki(col, package)
    ids = sorted(e.id for e in load_bank([small_bank], builtin=False).entries)
    assert sorted(notes_by_id(col)) == ids
    text = small_bank.read_text(encoding="utf-8").replace("KABIL", "KABIL Ltd")
    small_bank.write_text(text, encoding="utf-8")
    later = {"TRUSTQUIZ_NOW": "2026-11-23T02:30:00+00:00"}
    run(runner, "export", "--no-builtin", "--bank", str(small_bank), "--format", "apkg",
        "--out", str(package), env=later)  # fmt: skip
    import_into_anki(col, package)
    notes = notes_by_id(col)
    assert sorted(notes) == ids
    assert "<b>Answer: KABIL Ltd</b>" in notes["kabil"]["Back"]
    col.close()


def test_aiken_holds_the_four_option_kinds(tmp_path: Path, runner: CliRunner) -> None:
    bank = tmp_path / "q.toml"
    bank.write_text(
        '[[questions]]\nid = "m"\nkind = "mcq"\ntopic = "T"\nprompt = "Capital of\\nIndia?"\n'
        'options = ["Delhi", "Mumbai", "Kolkata", "Chennai"]\nanswer = "a"\nshuffle = false\n\n'
        '[[questions]]\nid = "t"\nkind = "text"\ntopic = "T"\nprompt = "p"\nanswer = "x"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.txt"
    result = run(runner, "export", "--no-builtin", "--bank", str(bank), "--format", "aiken",
                 "--out", str(out))  # fmt: skip
    assert result.output == (
        f"Wrote 1 question(s) to {out} (aiken)\n"
        "  1 card(s) left out: Aiken holds only four-option questions\n"
    )
    assert out.read_text(encoding="utf-8") == (
        "Capital of India?\nA. Delhi\nB. Mumbai\nC. Kolkata\nD. Chennai\nANSWER: A\n"
    )


def test_export_needs_a_known_format(runner: CliRunner) -> None:
    result = run(runner, "export", "--format", "pdf")
    assert result.exit_code == 1
    assert "error: give --format apkg, csv or aiken" in result.output


def test_reviews_done_in_anki_come_home_to_their_questions(
    tmp_path: Path, runner: CliRunner, small_bank: Path, home: Path
) -> None:
    out = tmp_path / "small.apkg"
    run(runner, "export", "--no-builtin", "--bank", str(small_bank), "--format", "apkg",
        "--out", str(out))  # fmt: skip
    col = new_collection(tmp_path / "anki")
    import_into_anki(col, out)
    col.decks.select(col.decks.id(DECK_PREFIX + "Indian programmes"))
    answered = []
    for ease in (3, 1):  # answered with Anki's own scheduler: Good, then Again
        card = col.sched.getCard()
        card.start_timer()
        col.sched.answerCard(card, ease)
        answered.append((card.note()["Id"], ease))
    back = export_package(col, tmp_path / "phone.apkg", colpkg=False, legacy=False)
    col.close()
    result = run(runner, "import", "--no-builtin", "--bank", str(small_bank), str(back))
    assert result.exit_code == 0, result.output
    assert "0 new, 0 updated, 0 unchanged question(s)" in result.output
    assert "  4 note(s) came from `trustquiz export`: their reviews go to those questions\n" in (
        result.output
    )
    assert "2 review(s) of history added to the log; 0 imported before" in result.output
    assert not (home / "questions").exists()
    reviews = list(api.open_store(home).reviews())
    assert [(r.question_id, r.verdict) for r in reviews] == [
        (qid, "right" if ease > 1 else "wrong") for qid, ease in answered
    ]
