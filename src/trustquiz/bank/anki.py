"""Reading Anki packages (.apkg, .colpkg): notes, note types, decks, cards and review log.

A package is a zip holding one SQLite collection: `collection.anki21b` (zstd-compressed,
schema 18, current Anki), `collection.anki21` (Anki 2.1's schema 11) or `collection.anki2`
(Anki 2.0; current Anki also writes a stub of that name beside the newer file). The newest
one present is read. Only the standard library's sqlite3 and the `zstandard` package are
used: Anki itself is not needed to read a deck.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from trustquiz.errors import TrustquizError

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
NoteKind = Literal["basic", "cloze", "other"]
# Largest collection we agree to unpack: a zip bomb must not fill the disk.
MAX_COLLECTION_BYTES = 4 << 30


@dataclass(frozen=True)
class Notetype:
    """A note type: its name, what trustquiz makes of it and its field names in order."""

    name: str
    kind: NoteKind
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    """One Anki card: its id, ordinal (template, or cloze number - 1) and deck name."""

    id: int
    ord: int
    deck: str


@dataclass(frozen=True)
class Note:
    """One Anki note with its cards."""

    id: int
    guid: str
    notetype: Notetype
    fields: dict[str, str]
    tags: tuple[str, ...]
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Review:
    """A row of Anki's revlog: when (ms since the epoch, also its id), which card, which
    button (1 Again, 2 Hard, 3 Good, 4 Easy; 0 for a manual reschedule), how long it took."""

    id: int
    card_id: int
    ease: int
    duration_ms: int


@dataclass
class Package:
    """What a package holds, as trustquiz reads it."""

    path: Path
    notes: list[Note] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


def read_package(path: Path) -> Package:
    """Read the notes, cards and review log of an .apkg or .colpkg file.

    Raises:
        TrustquizError: naming the file, for anything that is not a readable Anki package.
    """
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise TrustquizError(f"{path}: no such file") from None
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise TrustquizError(f"{path}: not an Anki package (not a readable zip: {exc})") from None
    with archive, tempfile.TemporaryDirectory(prefix="trustquiz-anki-") as scratch:
        names = set(archive.namelist())
        name = next((n for n in COLLECTIONS if n in names), None)
        if name is None:
            raise TrustquizError(
                f"{path}: not an Anki package (no collection.anki21b, collection.anki21"
                " or collection.anki2 inside)"
            )
        database = Path(scratch) / "collection.db"
        try:
            data = archive.read(name)
            if name.endswith("b"):
                data = _decompress(data)
        except (OSError, zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise TrustquizError(f"{path}: damaged Anki package ({name}: {exc})") from None
        database.write_bytes(data)
        try:
            return _read_collection(path, database)
        # A damaged database can also hand back rows of the wrong shape or type.
        except (sqlite3.DatabaseError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise TrustquizError(
                f"{path}: damaged Anki package ({name} is not a readable collection: {exc})"
            ) from None


def _decompress(data: bytes) -> bytes:
    import zstandard

    try:
        return zstandard.ZstdDecompressor().decompress(data, max_output_size=MAX_COLLECTION_BYTES)
    except zstandard.ZstdError as exc:
        raise ValueError(f"cannot decompress: {exc}") from None


def _read_collection(path: Path, database: Path) -> Package:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "notes" not in tables or "cards" not in tables:
            raise sqlite3.DatabaseError("no notes or cards table")
        if "notetypes" in tables:
            notetypes, decks = _schema18(connection)
        else:
            notetypes, decks = _schema11(connection)
        return Package(path, _notes(connection, notetypes, decks), _reviews(connection))
    finally:
        connection.close()


def _kind(cloze: bool, fields: tuple[str, ...]) -> NoteKind:
    if cloze:
        return "cloze" if "Text" in fields else "other"  # Image Occlusion is a cloze type too
    return "basic" if fields[:2] == ("Front", "Back") else "other"


def _schema18(connection: sqlite3.Connection) -> tuple[dict[int, Notetype], dict[int, str]]:
    """Note types and decks of a schema 18 collection (tables of their own)."""
    names: dict[int, list[str]] = {}
    for ntid, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        names.setdefault(ntid, []).append(name)
    notetypes = {}
    for ntid, name, config in connection.execute("SELECT id, name, config FROM notetypes"):
        # The config is a protobuf message whose field 1 is the kind, 1 for cloze; a default
        # (normal) kind is left out of the encoding, so a cloze type's config starts so.
        cloze = bytes(config or b"").startswith(b"\x08\x01")
        fields = tuple(names.get(ntid, ()))
        notetypes[ntid] = Notetype(name, _kind(cloze, fields), fields)
    decks = {
        did: name.replace("\x1f", "::")
        for did, name in connection.execute("SELECT id, name FROM decks")
    }
    return notetypes, decks


def _schema11(connection: sqlite3.Connection) -> tuple[dict[int, Notetype], dict[int, str]]:
    """Note types and decks of a schema 11 collection (JSON in the `col` row)."""
    row = connection.execute("SELECT models, decks FROM col").fetchone()
    if row is None:
        raise sqlite3.DatabaseError("no col row")
    try:
        models, deck_table = json.loads(row[0] or "{}"), json.loads(row[1] or "{}")
    except json.JSONDecodeError as exc:
        raise sqlite3.DatabaseError(f"unreadable note types or decks: {exc}") from None
    notetypes = {}
    for model in models.values():
        fields = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
        cloze = model.get("type") == 1
        notetypes[int(model["id"])] = Notetype(model["name"], _kind(cloze, fields), fields)
    decks = {int(deck["id"]): deck["name"] for deck in deck_table.values()}
    return notetypes, decks


def _notes(
    connection: sqlite3.Connection, notetypes: dict[int, Notetype], decks: dict[int, str]
) -> list[Note]:
    cards: dict[int, list[Card]] = {}
    for cid, nid, did, odid, ordinal in connection.execute(
        "SELECT id, nid, did, odid, ord FROM cards ORDER BY nid, ord"
    ):
        # A card in a filtered deck keeps its home deck in odid.
        deck = decks.get(odid or did, "Default")
        cards.setdefault(nid, []).append(Card(cid, ordinal, deck))
    notes = []
    for nid, guid, mid, tags, flds in connection.execute(
        "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
    ):
        notetype = notetypes.get(mid) or Notetype(f"note type {mid}", "other", ())
        values = flds.split("\x1f")
        names = notetype.fields or tuple(f"Field {n}" for n in range(1, len(values) + 1))
        notes.append(
            Note(
                nid,
                guid,
                notetype,
                dict(zip(names, values, strict=False)),
                tuple(tags.split()),
                tuple(cards.get(nid, ())),
            )
        )
    return notes


def _reviews(connection: sqlite3.Connection) -> list[Review]:
    return [
        Review(rid, cid, ease, max(duration, 0))
        for rid, cid, ease, duration in connection.execute(
            "SELECT id, cid, ease, time FROM revlog ORDER BY id"
        )
    ]
