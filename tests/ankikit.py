"""A small Anki collection made with Anki's own API (the `anki` package), for import tests."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

anki_collection = pytest.importorskip("anki.collection")

# 2026-11-01 03:00 UTC and a day, in Anki's revlog ids (milliseconds since the epoch).
T0 = 1_793_502_000_000
DAY = 86_400_000


@dataclass
class Made:
    """The notes of the made collection by role, and the revlog rows written."""

    basic: Any
    reversed: Any
    cloze: Any
    vocab: Any
    revlog: list[tuple[int, int, int, int]] = field(default_factory=list)  # id, cid, ease, ms
    card_ids: dict[str, int] = field(default_factory=dict)  # the reviewed cards, by role


def new_collection(folder: Path) -> Any:
    """An empty Anki collection in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return anki_collection.Collection(str(folder / "collection.anki2"))


def vocab_notetype(col: Any) -> Any:
    """A note type trustquiz does not import (fields Term and Definition)."""
    models = col.models
    notetype = models.new("Vocab")
    for name in ("Term", "Definition"):
        models.add_field(notetype, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Term}}", "{{Definition}}"
    models.add_template(notetype, template)
    models.add(notetype)
    return models.by_name("Vocab")


def fill(col: Any) -> Made:
    """Basic, reversed, Cloze and Vocab notes in two subdecks, with a review history."""
    polity = col.decks.id("UPSC::Polity")
    economy = col.decks.id("UPSC::Economy")
    basic = col.new_note(col.models.by_name("Basic"))
    basic["Front"] = "Which article abolishes <b>untouchability</b>?"
    basic["Back"] = "Article&nbsp;17 <img src='a17.png'>"
    basic.tags = ["polity", "fundamental-rights"]
    col.add_note(basic, polity)
    both = col.new_note(col.models.by_name("Basic (and reversed card)"))
    both["Front"], both["Back"] = "Repo rate is set by", "RBI"
    both.tags = ["economy"]
    col.add_note(both, economy)
    cloze = col.new_note(col.models.by_name("Cloze"))
    cloze["Text"] = "The {{c2::Finance Commission::body}} is set up under Article {{c1::280}}."
    cloze["Back Extra"] = "Every five years."
    col.add_note(cloze, polity)
    vocab = col.new_note(vocab_notetype(col))
    vocab["Term"], vocab["Definition"] = "Sine die", "Without a day fixed"
    col.add_note(vocab, polity)
    made = Made(basic, both, cloze, vocab)
    made.card_ids = {
        "basic": basic.cards()[0].id,
        "reversed": both.cards()[1].id,
        "cloze-c2": cloze.cards()[1].id,  # cloze number 2: the first gap of the sentence
        "vocab": vocab.cards()[0].id,
    }
    eases = {"basic": [3, 1, 3, 4], "reversed": [2, 3], "cloze-c2": [3], "vocab": [3]}
    for role, cid in made.card_ids.items():
        for day, ease in enumerate(eases[role]):
            rid = T0 + day * DAY + cid % 1000
            ms = 4000 + 1000 * ease
            col.db.execute(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                " VALUES (?, ?, -1, ?, 1, 0, 2500, ?, 1)",
                rid,
                cid,
                ease,
                ms,
            )
            made.revlog.append((rid, cid, ease, ms))
    return made


def export_package(col: Any, out: Path, *, colpkg: bool, legacy: bool) -> Path:
    """Export with Anki's own exporter: a deck package or the whole collection."""
    if colpkg:
        col.export_collection_package(str(out), include_media=True, legacy=legacy)
        col.reopen()
    else:
        options = anki_collection.ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=legacy
        )
        col.export_anki_package(out_path=str(out), options=options, limit=None)
    return out


def as_anki2(package: Path, out: Path) -> Path:
    """An Anki 2.0-style package: the schema-11 collection Anki wrote, as `collection.anki2`
    alone (Anki no longer writes this layout; the database inside is Anki's own)."""
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(out, "w") as target:
        target.writestr("collection.anki2", source.read("collection.anki21"))
        target.writestr("media", "{}")
    return out
