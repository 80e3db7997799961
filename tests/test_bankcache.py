"""The validated-bank cache: used while a file is unchanged, harmless when wrong."""

from __future__ import annotations

import json
import os
import time
import zlib
from pathlib import Path

import pytest

from conftest import SMALL_BANK, write
from trustquiz.bank import cache as bankcache
from trustquiz.bank import parse as parse_module
from trustquiz.bank.loader import load_files
from trustquiz.errors import QuestionFileError


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, text: str) -> object:
        raise AssertionError(f"{path} was parsed although it is cached")

    monkeypatch.setattr(parse_module, "_parse_toml", refuse)


def test_an_unchanged_file_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    fresh = load_files([path])
    no_parsing(monkeypatch)
    cached = load_files([path])
    assert [e.question for e in cached.entries] == [e.question for e in fresh.entries]
    # The cache keeps what the bank uses: each entry's line, hash and its `source` key's line.
    assert [(e.line, e.content_hash, e.source_line) for e in cached.entries] == [
        (e.line, e.content_hash, e.source_line) for e in fresh.entries
    ]


def test_problems_are_cached_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "bad.toml", '[[questions]]\nid = "x"\nkind = "text"\n')
    first = [str(p) for p in load_files([path]).problems]
    no_parsing(monkeypatch)
    assert [str(p) for p in load_files([path]).problems] == first


def test_an_edit_of_the_same_size_is_a_miss(tmp_path: Path) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    load_files([path])
    edited = SMALL_BANK.replace('answer = "KABIL"', 'answer = "KABAL"')
    assert len(edited) == len(SMALL_BANK)
    path.write_text(edited.lstrip("\n"), encoding="utf-8")
    kabil = next(e for e in load_files([path]).entries if e.question.id == "kabil")
    assert kabil.question.answer == "KABAL"  # type: ignore[attr-defined]


def test_cache_off_damaged_or_unwritable_is_harmless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    monkeypatch.setenv("TRUSTQUIZ_CACHE", "off")
    assert len(load_files([path]).entries) == 4
    cache = tmp_path / "cache"
    monkeypatch.setenv("TRUSTQUIZ_CACHE", str(cache))
    load_files([path])
    for item in cache.iterdir():
        item.write_text("{damaged")
    assert len(load_files([path]).entries) == 4
    blocked = write(tmp_path / "a-file", "not a folder")
    monkeypatch.setenv("TRUSTQUIZ_CACHE", str(blocked))
    assert len(load_files([path]).entries) == 4


def test_a_bank_reached_through_a_symlink_shares_the_cache_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "real" / "b.toml", SMALL_BANK)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    load_files([path])
    no_parsing(monkeypatch)
    through_link = load_files([tmp_path / "link" / "b.toml"])
    assert [e.path for e in through_link.entries] == [tmp_path / "link" / "b.toml"] * 4
    assert len(load_files([path]).entries) == 4


def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes) -> str:
        raise AssertionError("the question file was read and hashed")

    monkeypatch.setattr(bankcache, "digest", refuse)


def test_a_file_unchanged_since_well_before_it_was_cached_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    monkeypatch.setattr(bankcache, "RACY_NS", 0)  # as if cached long after the last edit
    fresh = load_files([path])
    no_parsing(monkeypatch)
    no_reading(monkeypatch)
    assert [e.id for e in load_files([path]).entries] == [e.id for e in fresh.entries]


def test_a_touched_file_is_checked_by_content_once_then_trusted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    monkeypatch.setattr(bankcache, "RACY_NS", 0)
    load_files([path])
    os.utime(path, ns=(time.time_ns(), time.time_ns() - 10**12))  # new times, same bytes
    no_parsing(monkeypatch)
    assert len(load_files([path]).entries) == 4  # hashed: the same bytes, so no parsing
    no_reading(monkeypatch)
    assert len(load_files([path]).entries) == 4  # the new times were recorded


def test_an_edit_the_file_times_cannot_show_is_caught_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file system whose times are too coarse to tell two writes apart: the signature is the
    # same before and after the edit. The entry was written moments after the file
    # changed, so the file is checked by content.
    path = write(tmp_path / "b.toml", SMALL_BANK)
    now = time.time_ns()
    monkeypatch.setattr(bankcache, "file_signature", lambda p: [len(SMALL_BANK), now, now, 1])
    load_files([path])
    path.write_text(SMALL_BANK.replace('answer = "KABIL"', 'answer = "KABAL"'), "utf-8")
    kabil = next(e for e in load_files([path]).entries if e.id == "kabil")
    assert kabil.question.answer == "KABAL"  # type: ignore[attr-defined]


def test_a_cache_row_of_the_wrong_length_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    load_files([path])
    (entry,) = (tmp_path / "cache").iterdir()
    line, _, rest = entry.read_bytes().partition(b"\n")
    first = json.loads(line)
    size = first["sizes"][0]
    data = json.loads(zlib.decompress(rest[:size]))
    data["entries"][0] = data["entries"][0][:-1]
    rows = zlib.compress(json.dumps(data).encode())
    first["sizes"][0] = len(rows)
    entry.write_bytes(json.dumps(first).encode() + b"\n" + rows + rest[size:])
    reloaded = load_files([path])  # parsed afresh, not built from the short row
    assert [e.id for e in reloaded.entries] == ["ncmm-outlay", "kabil", "api-rank", "ree-share"]
    assert reloaded.entries[0].question.id == "ncmm-outlay"


def test_a_file_changed_moments_ago_is_checked_by_content_without_rewriting_its_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    load_files([path])  # cached moments after the file was written: its times prove nothing
    writes: list[Path] = []
    monkeypatch.setattr(bankcache, "_write", lambda target, content: writes.append(target))
    no_parsing(monkeypatch)
    assert len(load_files([path]).entries) == 4  # the same bytes, so no parsing
    assert len(load_files([path]).entries) == 4
    assert writes == []  # the entry is not rewritten while the times are still too new


def test_questions_are_read_from_the_cache_only_when_one_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    fresh = load_files([path])
    (entry,) = (tmp_path / "cache").iterdir()
    whole = entry.read_bytes()
    first, _, rest = whole.partition(b"\n")
    rows = rest[: json.loads(first)["sizes"][0]]
    entry.write_bytes(first + b"\n" + rows)  # the questions' JSON and the terms taken away
    no_parsing(monkeypatch)
    cached = load_files([path])  # loading (all stats needs) does not read it
    entry.write_bytes(whole)
    assert [e.question for e in cached.entries] == [e.question for e in fresh.entries]


def test_a_cache_entry_removed_after_loading_is_made_again_from_the_unchanged_file(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    fresh = load_files([path])
    cached = load_files([path])
    for item in (tmp_path / "cache").iterdir():
        item.unlink()
    assert [e.question for e in cached.entries] == [e.question for e in fresh.entries]


def test_a_question_file_changed_after_loading_is_an_error_not_a_wrong_question(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    load_files([path])
    cached = load_files([path])
    path.write_text(SMALL_BANK.replace("KABIL", "KABAL"), "utf-8")
    load_files([path])  # another command re-caches the new content meanwhile
    kabil = next(e for e in cached.entries if e.id == "kabil")
    with pytest.raises(QuestionFileError) as raised:
        kabil.question  # noqa: B018
    assert str(raised.value) == f"{path}: changed since this command started; run the command again"


def test_an_entry_is_a_short_first_line_then_rows_questions_and_terms_compressed(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "b.toml", SMALL_BANK)
    fresh = load_files([path])
    (entry,) = (tmp_path / "cache").iterdir()
    line, _, rest = entry.read_bytes().partition(b"\n")
    first = json.loads(line)
    assert sorted(first) == ["file", "key", "sizes"]
    parts, at = [], 0
    for size in first["sizes"]:
        parts.append(zlib.decompress(rest[at : at + size]))
        at += size
    assert at == len(rest)
    rows, questions, terms = parts
    assert [row[0] for row in json.loads(rows)["entries"]] == [e.id for e in fresh.entries]
    # Each question's JSON, then its face (what its cards are shown from), a line each.
    lines = questions.decode().splitlines()
    assert lines[0::2] == [e.question.model_dump_json() for e in fresh.entries]
    assert [json.loads(line) for line in lines[1::2]] == [
        {"prompt": "Outlay of the National Critical Minerals Mission?",
         "hint": "a number, with its unit"},
        {"prompt": "Which joint venture secures overseas mineral assets for India?",
         "hint": "a short answer"},
        {"prompt": "India's rank among API makers?",
         "options": ["First", "Second", "Third", "Fourth"], "answer": 1, "shuffle": False},
        {"prompt": "China controls about 70% of global REE production.", "answer": True},
    ]  # fmt: skip
    assert json.loads(terms) == fresh.entries[0].origin.terms()
