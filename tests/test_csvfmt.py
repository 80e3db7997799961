"""CSV import and export: trustquiz's columns round-trip the shipped bank; Anki's text dialect."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import run
from trustquiz import paths
from trustquiz.bank.ankinotes import SOUND
from trustquiz.bank.csvfmt import read_csv, write_csv
from trustquiz.bank.importfile import comparable
from trustquiz.bank.loader import load_bank
from trustquiz.bank.parse import load_text
from trustquiz.kinds.text import TextQuestion


def test_csv_round_trips_the_shipped_bank(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    out = tmp_path / "bank.csv"
    shipped = {e.id: e.question for e in load_bank().entries}
    result = run(runner, "export", "--format", "csv", "--out", str(out))
    assert result.output == f"Wrote {len(shipped)} question(s) to {out} (csv)\n"
    sources = paths.builtin_bank_dir() / "sources.toml"
    imported = run(runner, "import", "--no-builtin", "--bank", str(sources), str(out))
    assert imported.exit_code == 0, imported.output
    assert f"{len(shipped)} new, 0 updated, 0 unchanged" in imported.output
    path = home / "questions" / "bank.toml"
    back = {e.id: e.question for e in load_text(path, path.read_text(encoding="utf-8")).entries}
    assert back == shipped


def test_a_plain_question_needs_no_more_column() -> None:
    question = TextQuestion(
        id="kabil", kind="text", topic="Programmes", prompt="Which JV?", answer="KABIL",
        tags=("india", "psu"), explanation="Three PSUs, one \"JV\",\nsecond line.",
    )  # fmt: skip
    text = write_csv([question])
    assert text == (
        "id,kind,topic,prompt,answer,options,explanation,tags,source,more\r\n"
        'kabil,text,Programmes,Which JV?,KABIL,,"Three PSUs, one ""JV"",\nsecond line.",'
        "india psu,,\r\n"
    )


any_character = st.characters(codec="utf-8")
cell_text = st.text(any_character, min_size=1).filter(lambda s: s.strip() != "")


@settings(max_examples=150, deadline=None)
@given(
    prompt=cell_text,
    answer=cell_text,
    explanation=st.text(any_character),
)
def test_any_cell_text_survives_a_round_trip(prompt: str, answer: str, explanation: str) -> None:
    import tempfile

    question = TextQuestion(
        id="q", kind="text", topic="T", prompt=prompt, answer=answer, explanation=explanation
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.csv"
        path.write_bytes(write_csv([question]).encode("utf-8"))
        [(fields, where)] = read_csv(path)
    assert where == f"{path}:row 2"
    assert comparable(fields) == question.model_dump(mode="json", exclude_defaults=True)


def tidy(cell: str) -> str:
    lines = (" ".join(line.split()) for line in cell.replace("\xa0", " ").split("\n"))
    return "\n".join(line for line in lines if line)


def spoken(cell: str) -> str:
    """A cell without its `[sound:...]` tags: an imported note keeps their files' names as
    media, not as text."""
    return SOUND.sub("", cell)


anki_cell = st.text(st.characters(codec="utf-8", exclude_characters="&{#\x00"))


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(anki_cell, anki_cell), min_size=1, max_size=5).filter(
        lambda rows: all(spoken(front).strip() for front, _ in rows)
    ),
    separator=st.sampled_from([("Comma", ","), ("Semicolon", ";"), ("Tab", "\t"), ("Pipe", "|")]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_anki_text_rows_read_with_any_separator(
    rows: list[tuple[str, str]], separator: tuple[str, str], quoting: Literal[0, 1]
) -> None:
    import tempfile

    out = io.StringIO(newline="")
    out.write(f"#separator:{separator[0]}\n#html:false\n#deck:UPSC::Polity\n")
    csv.writer(out, delimiter=separator[1], quoting=quoting, lineterminator="\r\n").writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.txt"
        path.write_bytes(out.getvalue().encode("utf-8"))
        found = read_csv(path)
    assert [(f["prompt"], f["answer"], f["topic"]) for f, _ in found] == [
        (tidy(spoken(front)), tidy(spoken(back)), "Polity") for front, back in rows
    ]


def test_anki_dialect_with_headers_tags_and_clozes(tmp_path: Path) -> None:
    path = tmp_path / "deck.txt"
    path.write_text(
        "#separator:tab\n#html:true\n#tags:upsc\n#columns:Front\tBack\tTags\n#tags column:3\n"
        "Capital of <b>India</b>?\tNew&nbsp;Delhi\tgeo cities\n"
        "{{c1::Lithium}} is in EV batteries\t\tminerals\n",
        encoding="utf-8",
    )
    [(basic, first), (cloze, second)] = read_csv(path, topic="Geography")
    assert (first, second) == (f"{path}:row 6", f"{path}:row 7")
    assert basic["prompt"] == "Capital of India?" and basic["answer"] == "New Delhi"
    assert basic["tags"] == ["upsc", "geo", "cities"] and basic["topic"] == "Geography"
    assert cloze["kind"] == "cloze" and cloze["text"] == "{{Lithium}} is in EV batteries"
    assert cloze["tags"] == ["upsc", "minerals"]


def test_a_bad_row_is_named_and_nothing_is_written(
    tmp_path: Path, home: Path, runner: CliRunner
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "id,kind,topic,prompt,answer,options\n"
        "ok,text,T,Fine?,yes,\n"
        'bad,mcq,T,Three options?,a,"one\ntwo\nthree"\n',
        encoding="utf-8",
    )
    result = run(runner, "import", "--no-builtin", str(path))
    assert result.exit_code == 1
    assert "error: nothing was imported; fix these in the source (1 problem(s)):" in result.output
    assert f"error: {path}:row 3: " in result.output and "options" in result.output
    assert not (home / "questions").exists()


def test_an_unknown_source_is_named_by_row(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,kind,topic,prompt,answer,source\nq,text,T,Fine?,yes,nowhere\n", "utf-8")
    result = run(runner, "import", str(path))
    assert result.exit_code == 1
    assert f"error: {path}:row 2: unknown source 'nowhere' (known: " in result.output
    assert not (home / "questions").exists()


def test_anki_columns_are_found_by_name(tmp_path: Path) -> None:
    path = tmp_path / "deck.txt"
    path.write_text(
        "#separator:Semicolon\n#columns:Tags;Back;Front\nupsc;New Delhi;Capital of India?\n",
        encoding="utf-8",
    )
    [(fields, _)] = read_csv(path)
    assert (fields["prompt"], fields["answer"], fields["tags"]) == (
        "Capital of India?",
        "New Delhi",
        ["upsc"],
    )
