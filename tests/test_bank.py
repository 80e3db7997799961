"""Loading question files: every problem names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SMALL_BANK, write
from trustquiz.bank.lint import check_bank
from trustquiz.bank.loader import load_bank, load_files
from trustquiz.bank.tomlmap import scan
from trustquiz.errors import BankError
from trustquiz.kinds.mcq import McqQuestion


def problems(*files: Path) -> list[str]:
    return [str(p) for p in load_files(list(files)).problems]


def test_small_bank_loads_with_defaults_merged(small_bank: Path) -> None:
    bank = load_bank([small_bank], builtin=False)
    assert [c.card_id for c in bank.cards()] == ["ncmm-outlay", "kabil", "api-rank", "ree-share"]
    first = bank.entries[0]
    assert (first.question.topic, first.line, first.path) == ("Indian programmes", 4, small_bank)
    mcq = bank.card("api-rank")
    assert mcq is not None and isinstance(mcq.question, McqQuestion)
    assert mcq.question.answer_index == 1


def test_toml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.toml", '[[questions]]\nid = "x"\nkind = "text\n')
    assert problems(bad) == [
        f"{bad}:3: TOML syntax error: the line ends inside a string"
        " (a closing quote is missing) (column 13)"
    ]


def test_unknown_key_points_at_its_line_with_a_suggestion(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "typo.toml",
        """
        [[questions]]
        id = "a"
        kind = "text"
        topic = "t"
        promt = "What?"
        answer = "x"
        """,
    )
    assert problems(bad) == [
        f"{bad}:1: question 'a': missing key 'prompt' for a text question",
        f"{bad}:5: question 'a': unknown key 'promt' (did you mean 'prompt'?)",
    ]


def test_missing_answer_and_unknown_kind(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "two.toml",
        """
        [[questions]]
        id = "a"
        kind = "numeric"
        topic = "t"
        prompt = "How much?"

        [[questions]]
        id = "b"
        kind = "essay"
        topic = "t"
        prompt = "Discuss."
        """,
    )
    assert problems(bad) == [
        f"{bad}:1: question 'a': missing key 'answer' for a numeric question",
        f"{bad}:9: question 'b': unknown kind 'essay'"
        " (expected one of mcq, truefalse, numeric, text, statements, pairs, assertion, cloze)",
    ]


def test_semantic_checks_point_at_the_key(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "sem.toml",
        """
        [[questions]]
        id = "m"
        kind = "mcq"
        topic = "t"
        prompt = "Pick"
        options = ["w", "x", "y", "z"]
        answer = "v"

        [[questions]]
        id = "n"
        kind = "numeric"
        topic = "t"
        prompt = "How much?"
        answer = "lots"
        """,
    )
    assert problems(bad) == [
        f"{bad}:7: question 'm': answer 'v' is out of range: the options are a-d",
        f"{bad}:14: question 'n': cannot read 'lots' as a number",
    ]


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    one = write(tmp_path / "one.toml", SMALL_BANK)
    two = write(
        tmp_path / "two.toml",
        """
        # a comment line
        [[questions]]
        id = "kabil"
        kind = "truefalse"
        topic = "t"
        prompt = "KABIL is a joint venture."
        answer = true
        """,
    )
    assert problems(one, two) == [
        f"{one}:11: duplicate id 'kabil': also at {two}:2",
        f"{two}:2: duplicate id 'kabil': also at {one}:11",
    ]


def test_an_id_repeated_within_one_file_is_reported_and_the_first_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path / "twice.toml",
        """
        [[questions]]
        id = "same"
        kind = "truefalse"
        topic = "t"
        prompt = "First."
        answer = true

        [[questions]]
        id = "same"
        kind = "truefalse"
        topic = "t"
        prompt = "Second."
        answer = false
        """,
    )
    bank = load_files([path])
    assert [str(p) for p in bank.problems] == [
        f"{path}:1: duplicate id 'same': also at {path}:8",
        f"{path}:8: duplicate id 'same': also at {path}:1",
    ]
    assert [(e.id, e.line) for e in bank.entries] == [("same", 1)]


def test_unknown_source_and_defaults_line(tmp_path: Path) -> None:
    write(
        tmp_path / "sources.toml",
        """
        [sources.doc]
        title = "A document"
        publisher = "Someone"
        date = 2025-02-15
        """,
    )
    bad = write(
        tmp_path / "q.toml",
        """
        [defaults]
        topic = "t"
        source = "dco"

        [[questions]]
        id = "a"
        kind = "truefalse"
        prompt = "Claim"
        answer = true
        """,
    )
    bank = load_files([tmp_path / "sources.toml", bad])
    assert [str(p) for p in bank.problems] == [
        f"{bad}:3: question 'a': unknown source 'dco' (did you mean 'doc'?);"
        " sources are defined in a sources.toml beside the question files"
    ]


def test_not_utf8_and_empty_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[[questions]]\nid = "a"\nprompt = "Caf\xe9"\n')
    empty = write(tmp_path / "empty.toml", "")
    assert problems(latin, empty) == [
        f"{latin}:3: not UTF-8 text; save the file as UTF-8",
        f"{empty}:1: no questions: add a [[questions]] table",
    ]


def test_strict_load_raises_and_lenient_load_keeps_good_questions(
    tmp_path: Path, small_bank: Path
) -> None:
    bad = write(tmp_path / "bank" / "bad.toml", '[[questions]]\nid = "x"\n')
    with pytest.raises(BankError) as caught:
        load_bank([small_bank.parent], builtin=False)
    assert (
        str(caught.value) == f"{bad}:1: question 'x': missing key 'kind'"
        " (one of mcq, truefalse, numeric, text, statements,"
        " pairs, assertion, cloze)"
    )
    lenient = load_bank([small_bank.parent], builtin=False, strict=False)
    assert len(lenient.entries) == 4 and len(lenient.problems) == 1


def test_home_questions_and_missing_bank_path(tmp_path: Path, home: Path) -> None:
    write(home / "questions" / "mine.toml", SMALL_BANK)
    bank = load_bank(builtin=False, home=home)
    assert len(bank.entries) == 4
    checked = check_bank([tmp_path / "nope.toml"], builtin=False, home=home)
    assert [str(p) for p in checked.problems] == [
        f"{tmp_path / 'nope.toml'}: no such file or folder"
    ]


def test_content_hash_ignores_explanation_but_not_prompt(tmp_path: Path) -> None:
    base = write(tmp_path / "a" / "q.toml", SMALL_BANK)
    edited = write(
        tmp_path / "b" / "q.toml",
        SMALL_BANK.replace("Seven years", "Over seven years").replace("India's rank", "Rank"),
    )
    before = {e.question.id: e.content_hash for e in load_files([base]).entries}
    after = {e.question.id: e.content_hash for e in load_files([edited]).entries}
    assert before["ncmm-outlay"] == after["ncmm-outlay"]
    assert before["api-rank"] != after["api-rank"]


def test_scanner_ignores_headers_inside_multiline_strings() -> None:
    lines = scan(
        '[[questions]]\nprompt = """\n[[questions]]\nanswer = 1\n"""\nanswer = "x"\n'
        "[[questions]] # second\nid = 'b'\n"
    )
    assert [q.line for q in lines.questions] == [1, 7]
    assert lines.questions[0].keys == {"prompt": 2, "answer": 6}
