"""`trustquiz import` of decks made and exported by Anki itself, with their review history."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ankikit import Made, as_anki2, export_package, fill, new_collection
from conftest import run
from trustquiz import api
from trustquiz.bank.parse import load_text
from trustquiz.scheduler import apply_review
from trustquiz.store.records import ReviewRecord
from trustquiz.store.state import Settings


def qid(note: Any, reverse: bool = False) -> str:
    """The id trustquiz gives an Anki note: from its guid."""
    return "anki-" + hashlib.sha1(note.guid.encode()).hexdigest()[:12] + ("-r" if reverse else "")


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> tuple[Made, dict[str, Path]]:
    """One collection, exported by Anki in each format."""
    folder = tmp_path_factory.mktemp("anki")
    col = new_collection(folder / "col")
    made = fill(col)
    packages = {
        "apkg": export_package(col, folder / "current.apkg", colpkg=False, legacy=False),
        "apkg-legacy": export_package(col, folder / "legacy.apkg", colpkg=False, legacy=True),
        "colpkg": export_package(col, folder / "current.colpkg", colpkg=True, legacy=False),
        "colpkg-legacy": export_package(col, folder / "legacy.colpkg", colpkg=True, legacy=True),
    }
    packages["anki2"] = as_anki2(packages["apkg-legacy"], folder / "anki2.apkg")
    col.close()
    return made, packages


FORMATS = ["apkg", "apkg-legacy", "colpkg", "colpkg-legacy", "anki2"]


def questions(home: Path) -> dict[str, Any]:
    path = home / "questions" / "upsc.toml"
    loaded = load_text(path, path.read_text(encoding="utf-8"))
    assert loaded.problems == []
    return {entry.id: entry.question for entry in loaded.entries}


@pytest.mark.parametrize("fmt", FORMATS)
def test_notes_become_questions(
    deck: tuple[Made, dict[str, Path]], fmt: str, home: Path, runner: CliRunner
) -> None:
    made, packages = deck
    result = run(runner, "import", str(packages[fmt]))
    assert result.exit_code == 0, result.output
    assert "4 new, 0 updated, 0 unchanged question(s)" in result.output
    assert "skipped: 1 note(s) of note type 'Vocab' (not Basic or Cloze)" in result.output
    found = questions(home)
    assert sorted(found) == sorted(
        [qid(made.basic), qid(made.reversed), qid(made.reversed, True), qid(made.cloze)]
    )
    basic = found[qid(made.basic)]
    assert (basic.kind, basic.topic, basic.tags) == (
        "text",
        "Polity",
        ("fundamental-rights", "polity"),
    )
    assert (basic.prompt, basic.answer) == ("Which article abolishes untouchability?", "Article 17")
    assert basic.explanation == "Media in the Anki note (not imported): a17.png."
    back = found[qid(made.reversed, True)]
    assert (back.prompt, back.answer, back.topic) == ("RBI", "Repo rate is set by", "Economy")
    cloze = found[qid(made.cloze)]
    assert cloze.text == "The {{Finance Commission}} is set up under Article {{280}}."
    assert cloze.explanation == "Every five years.\nHints in Anki: body."


@pytest.mark.parametrize("fmt", FORMATS)
def test_history_comes_along_and_replays(
    deck: tuple[Made, dict[str, Path]], fmt: str, home: Path, runner: CliRunner
) -> None:
    made, packages = deck
    result = run(runner, "import", str(packages[fmt]))
    assert "7 review(s) of history added to the log; 0 imported before" in result.output
    store = api.open_store(home)
    reviews = list(store.reviews())
    cards = {
        made.card_ids["basic"]: qid(made.basic),
        made.card_ids["reversed"]: qid(made.reversed, True),
        made.card_ids["cloze-c2"]: qid(made.cloze) + "#1",
    }
    expected = [(rid, cid, ease, ms) for rid, cid, ease, ms in made.revlog if cid in cards]
    assert [
        (r.question_id, r.time, r.verdict, r.confidence, r.rating, r.duration_ms, r.imported)
        for r in reviews
    ] == [
        (
            cards[cid],
            datetime.fromtimestamp(rid / 1000, tz=timezone.utc),
            "wrong" if ease == 1 else "right",
            "unsure" if ease == 2 else None,
            ease,
            ms,
            packages[fmt].name,
        )
        for rid, cid, ease, ms in sorted(expected)
    ]
    assert [r.review_id for r in reviews] == [
        f"anki-{rid}-{cid}" for rid, cid, *_ in sorted(expected)
    ]
    for card_id in cards.values():
        state = None
        for review in (r for r in reviews if r.question_id == card_id):
            state = apply_review(state, review, Settings())
        assert store.cards[card_id] == state
    assert store.cards[qid(made.basic)].reviews == 4
    assert store.cards[qid(made.basic)].phase == "review"


def test_reimport_adds_nothing_twice(
    deck: tuple[Made, dict[str, Path]], home: Path, runner: CliRunner
) -> None:
    _, packages = deck
    run(runner, "import", str(packages["apkg"]))
    log = (home / "reviews.jsonl").read_bytes()
    qfile = (home / "questions" / "upsc.toml").read_bytes()
    for fmt in FORMATS:
        again = run(runner, "import", str(packages[fmt]))
        assert again.exit_code == 0
        assert "0 new, 0 updated, 4 unchanged question(s)" in again.output
        assert "0 review(s) of history added to the log; 7 imported before" in again.output
    assert (home / "reviews.jsonl").read_bytes() == log
    assert (home / "questions" / "upsc.toml").read_bytes() == qfile


def test_an_edited_note_is_updated_and_keeps_its_progress(
    tmp_path: Path, home: Path, runner: CliRunner
) -> None:
    col = new_collection(tmp_path / "col")
    made = fill(col)
    first = export_package(col, tmp_path / "one.apkg", colpkg=False, legacy=False)
    run(runner, "import", str(first))
    before = api.open_store(home).cards[qid(made.basic)]
    made.basic["Back"] = "Article 17 of the Constitution"
    col.update_note(made.basic)
    second = export_package(col, tmp_path / "two.apkg", colpkg=False, legacy=False)
    col.close()
    result = run(runner, "import", str(second))
    assert "0 new, 1 updated, 3 unchanged question(s)" in result.output
    assert questions(home)[qid(made.basic)].answer == "Article 17 of the Constitution"
    assert api.open_store(home).cards[qid(made.basic)] == before


def test_dry_run_writes_nothing(
    deck: tuple[Made, dict[str, Path]], home: Path, runner: CliRunner
) -> None:
    made, packages = deck
    result = run(runner, "import", "--dry-run", str(packages["apkg"]))
    assert result.exit_code == 0
    assert "4 new, 0 updated, 0 unchanged question(s) would be in" in result.output
    assert f"  new: {qid(made.cloze)}" in result.output
    assert "7 review(s) of history would be added to the log" in result.output
    assert not (home / "questions").exists()
    assert not (home / "reviews.jsonl").exists()


def test_topic_option_and_a_hand_written_file_is_never_overwritten(
    deck: tuple[Made, dict[str, Path]], home: Path, runner: CliRunner
) -> None:
    _, packages = deck
    mine = home / "questions" / "upsc.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text("# my own questions\n", encoding="utf-8")
    refused = run(runner, "import", str(packages["apkg"]))
    assert refused.exit_code == 1
    assert f"{mine} exists and was not written by `trustquiz import`" in refused.output
    assert mine.read_text(encoding="utf-8") == "# my own questions\n"
    out = home / "questions" / "from-anki.toml"
    done = run(runner, "import", "--topic", "Anki", "--file", str(out), str(packages["apkg"]))
    assert done.exit_code == 0
    loaded = load_text(out, out.read_text(encoding="utf-8"))
    assert {entry.topic for entry in loaded.entries} == {"Anki"}


def test_reviews_are_a_review_record_field() -> None:
    assert ReviewRecord.model_fields["imported"].default is None


def test_a_note_that_makes_no_question_is_named_and_nothing_is_written(
    tmp_path: Path, home: Path, runner: CliRunner
) -> None:
    col = new_collection(tmp_path / "col")
    made = fill(col)
    made.reversed["Back"] = "<img src='rbi.png'>"  # an answer that is only a picture
    col.update_note(made.reversed)
    package = export_package(col, tmp_path / "deck.apkg", colpkg=False, legacy=False)
    guid, nid = made.reversed.guid, made.reversed.id
    col.close()
    result = run(runner, "import", str(package))
    assert result.exit_code == 1
    assert "error: nothing was imported; fix these in the source (2 problem(s)):\n" in (
        result.output
    )
    assert f"error: note {guid!r} (note id {nid}, deck 'UPSC::Economy'): " in result.output
    assert f"error: note {guid!r} (note id {nid}, deck 'UPSC::Economy') (reversed card): " in (
        result.output
    )
    assert not (home / "questions").exists()
    assert not (home / "reviews.jsonl").exists()


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_imported_reviews_say_whether_their_card_was_learned(
    deck: tuple[Made, dict[str, Path]],
    batch: int,
    home: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trustquiz.commands import importing

    monkeypatch.setattr(importing, "BATCH", batch)
    _, packages = deck
    assert run(runner, "import", str(packages["apkg"])).exit_code == 0
    reviews = list(api.open_store(home).reviews())
    states: dict[str, Any] = {}
    expected = []
    for review in reviews:
        previous = states.get(review.question_id)
        expected.append(previous is not None and previous.phase == "review")
        states[review.question_id] = apply_review(previous, review, Settings())
    assert [r.learned for r in reviews] == expected
    assert len(reviews) == 7
