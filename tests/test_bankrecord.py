"""The bank record: one file that loads a whole unchanged bank, and a miss on any doubt."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from conftest import SMALL_BANK, write
from trustquiz.bank import cache as bankcache
from trustquiz.bank import parse as parse_module
from trustquiz.bank import record as bankrecord
from trustquiz.bank.collection import Bank
from trustquiz.bank.entries import CardRef, Entry
from trustquiz.bank.loader import load_bank

SOURCES = """
[sources.doc]
title = "A document"
publisher = "Someone"
date = 2025-02-15
"""

CLOZE = """
[defaults]
topic = "t"
source = "dco"

[[questions]]
id = "mission"
kind = "cloze"
source = "doc"
text = "The mission has {{₹16,300 crore}} over {{seven|7}} years."

[[questions]]
id = "kabil"
kind = "truefalse"
prompt = "A repeated id, and an unknown source"
answer = true

[[questions]]
id = "lost"
kind = "truefalse"
prompt = "Left out: its source is the default, which is not defined"
answer = true

[[questions]]
id = "after"
kind = "truefalse"
source = "doc"
prompt = "Claim"
answer = true
"""


@pytest.fixture
def bank_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(bankcache, "RACY_NS", 0)  # as if cached long after the last edit
    folder = tmp_path / "bank"
    write(folder / "a.toml", SMALL_BANK)
    write(folder / "b.toml", CLOZE)
    write(folder / "sources.toml", SOURCES)
    return folder


def load(folder: Path) -> Bank:
    return load_bank([folder], builtin=False, strict=False)


def shown(card: CardRef | None) -> tuple[Any, ...] | None:
    """A card as the learner and the scheduler see it (its entry's origin aside)."""
    if card is None:
        return None
    return card.card_id, card.gap, fields(card.entry), card.question


def fields(entry: Entry) -> tuple[Any, ...]:
    """An entry's fields and path, its tags as a list (a parsed file's are a tuple)."""
    return (*entry[:3], list(entry.tags), *entry[4:-3], entry.path)


def seen(bank: Bank) -> tuple[Any, ...]:
    """All that a loaded bank shows, down to each card's question (but where in the cache
    its question is kept, which a freshly parsed file has not)."""
    cards = [shown(card) for card in bank.cards()]
    entries = [fields(entry) for entry in bank.entries]
    problems = [(str(p), p.severity, p.question_id) for p in bank.problems]
    return cards, entries, problems, bank.source_data, bank.files, bank.sources


def only_the_record(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> object:
        raise AssertionError("loaded file by file although the record is current")

    monkeypatch.setattr(bankcache, "lookup", refuse)
    monkeypatch.setattr(parse_module, "_parse_toml", refuse)


def test_an_unchanged_bank_loads_from_its_record_as_it_loaded_file_by_file(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = load(bank_dir)  # parsed: each file's cache entry written
    cached = load(bank_dir)  # from the entries: the record written
    a, b = bank_dir / "a.toml", bank_dir / "b.toml"
    assert [str(p) for p in parsed.problems] == [
        f"{a}:11: duplicate id 'kabil': also at {b}:11",
        f"{b}:11: duplicate id 'kabil': also at {a}:11",
        f"{b}:3: question 'lost': unknown source 'dco' (did you mean 'doc'?);"
        " sources are defined in a sources.toml beside the question files",
    ]
    only_the_record(monkeypatch)
    recorded = load(bank_dir)
    assert seen(recorded) == seen(cached) == seen(parsed)
    assert [e[-3:-1] for e in recorded.entries] == [e[-3:-1] for e in cached.entries]
    assert [c.card_id for c in recorded.cards()][-3:] == ["mission#1", "mission#2", "after"]


def test_a_card_is_found_without_building_the_others(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(bank_dir)
    expected = load(bank_dir)
    only_the_record(monkeypatch)
    bank = load(bank_dir)
    assert bank.card_ids() == [c.card_id for c in expected.cards()]
    assert shown(bank.card("mission#2")) == shown(expected.card("mission#2"))
    assert bank.card("mission") is None
    assert [c.card_id for c in bank.cards_for("mission")] == ["mission#1", "mission#2"]
    assert bank.cards_for("missio") == [] and bank.suggest("missio") == "mission#2"
    assert bank.cards_for("kabil#1") == []
    assert shown(bank.card("kabil")) == shown(expected.card("kabil"))
    assert bank.card("kabil").question.answer == "KABIL"  # type: ignore[union-attr]


def test_questions_are_made_again_when_the_files_entries_are_gone(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(bank_dir)
    expected = seen(load(bank_dir))
    bank = load(bank_dir)
    for entry in (bank_dir.parent / "cache").glob("*.json"):
        entry.unlink()  # the record stays: its questions come from the unchanged files
    assert seen(bank) == expected
    assert "khanij bidesh india limited" in bank.known_terms


def test_a_changed_file_is_read_again_and_the_record_made_anew(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(bank_dir)
    load(bank_dir)
    edited = SMALL_BANK.replace('answer = "KABIL"', 'answer = "KABAL"')
    write(bank_dir / "a.toml", edited)
    changed = load(bank_dir)
    assert changed.card("kabil").question.answer == "KABAL"  # type: ignore[union-attr]
    load(bank_dir)  # every file from its entry again: the record is written
    only_the_record(monkeypatch)
    assert seen(load(bank_dir)) == seen(changed)


def test_a_removed_file_is_dropped_and_an_added_one_loaded(bank_dir: Path) -> None:
    load(bank_dir)
    load(bank_dir)
    (bank_dir / "b.toml").unlink()
    assert "mission#1" not in load(bank_dir).card_ids()
    write(bank_dir / "c.toml", CLOZE.replace('source = "dco"', ""))
    assert load(bank_dir).card_ids()[-4:] == ["mission#1", "mission#2", "lost", "after"]


def test_an_edit_the_file_times_cannot_show_is_caught_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose times are too recent to be trusted is never taken from the record."""
    folder = tmp_path / "bank"
    path = write(folder / "a.toml", SMALL_BANK)
    now = time.time_ns()
    signature = [len(SMALL_BANK), now, now, 1]  # the same size, times and inode throughout
    monkeypatch.setattr(bankcache, "file_signature", lambda p: signature)
    monkeypatch.setattr(bankcache, "signature_of", lambda info: signature)
    load(folder)
    load(folder)
    write(path, SMALL_BANK.replace('answer = "KABIL"', 'answer = "KABAL"'))
    kabil = load(folder).card("kabil")
    assert kabil is not None and kabil.question.answer == "KABAL"  # type: ignore[attr-defined]


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_record_is_just_a_miss(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | None
) -> None:
    load(bank_dir)
    expected = seen(load(bank_dir))
    (record,) = (bank_dir.parent / "cache").glob("bank-*.marshal")
    content = record.read_bytes()
    record.write_bytes(content[: len(content) // 2] if damage is None else damage)
    assert seen(load(bank_dir)) == expected


def test_another_version_or_set_of_files_is_a_miss(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(bank_dir)
    load(bank_dir)
    files = sorted(bank_dir.glob("*.toml"))
    assert bankrecord.read([bank_dir], files) is not None
    assert bankrecord.read([bank_dir], files[:-1]) is None
    monkeypatch.setattr(bankcache, "current", lambda signature, head: True)
    assert bankrecord.read([bank_dir], files[::-1]) is None  # the same files, in another order
    assert bankrecord.read([bank_dir / "a.toml"], files) is None  # other roots: no record
    monkeypatch.setattr(bankrecord, "__version__", "0.0.0")
    assert bankrecord.read([bank_dir], files) is None


def test_no_record_while_a_file_is_not_cached(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(bank_dir)  # parsed, not from the cache: nothing to record yet
    assert not list((bank_dir.parent / "cache").glob("bank-*.marshal"))
    monkeypatch.setenv("TRUSTQUIZ_CACHE", "off")
    load(bank_dir)
    load(bank_dir)
    assert not list((bank_dir.parent / "cache").glob("bank-*.marshal"))
