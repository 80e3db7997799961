"""Anki notes as trustquiz questions: HTML to text, clozes to gaps, ids from the note's guid."""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from trustquiz.bank.anki import Note

ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
SOUND = re.compile(r"\[sound:([^\]]+)\]")
EXPORTED = ("trustquiz", "trustquiz Cloze")  # the note types `trustquiz export` writes
_BREAKS = {"br", "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class Converted:
    """What a set of notes becomes: question fields with where each came from, which trustquiz
    card each Anki card is, and the notes skipped by note type."""

    questions: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    cards: dict[int, str] = field(default_factory=dict)  # Anki card id -> trustquiz card id
    skipped: Counter[str] = field(default_factory=Counter)
    returning: int = 0  # notes `trustquiz export` made: their reviews go to their questions


class _Text(HTMLParser):
    """Collects the text of an HTML fragment, with line breaks for block tags and the
    file names of images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append("\n")
        if tag == "img":
            self.media += [value for name, value in attrs if name == "src" and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(fragment: str, media: list[str] | None = None) -> str:
    """The text of an HTML field: tags dropped, entities decoded, spaces tidied, one line per
    block; image and sound file names are added to `media`."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    found = parser.media + SOUND.findall(text)
    text = SOUND.sub("", text)
    if media is not None:
        media += [name for name in found if name not in media]
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def escape_text(text: str) -> str:
    """Plain text as HTML for an Anki field (line breaks kept)."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def note_id(guid: str) -> str:
    """A trustquiz id that stays the same for the same Anki note, whatever its wording."""
    return "anki-" + hashlib.sha1(guid.encode()).hexdigest()[:12]


def topic_of(deck: str, topic: str | None) -> str:
    """`--topic`, else the last part of the deck name."""
    return topic or deck.split("::")[-1].strip() or "Default"


def _explained(extra: str, media: list[str], hints: list[str]) -> str:
    parts = [extra] if extra else []
    if hints:
        parts.append("Hints in Anki: " + "; ".join(hints) + ".")
    if media:
        parts.append("Media in the Anki note (not imported): " + ", ".join(media) + ".")
    return "\n".join(parts)


def convert(notes: list[Note], topic: str | None = None) -> Converted:
    """Turn Basic-like notes into text questions (one per card) and Cloze notes into cloze
    questions; count the rest by note type."""
    converted = Converted()
    for note in notes:
        if note.notetype.kind == "other" or not note.cards:
            converted.skipped[note.notetype.name] += 1
            continue
        qid = note.fields.get("Id", "")
        if note.notetype.name in EXPORTED and qid:
            # A question of ours that went to Anki: its reviews come home to it.
            converted.returning += 1
            for card in note.cards:
                suffix = f"#{card.ord + 1}" if note.notetype.kind == "cloze" else ""
                converted.cards[card.id] = qid + suffix
            continue
        where = f"note {note.guid!r} (note id {note.id}, deck '{note.cards[0].deck}')"
        common: dict[str, Any] = {"tags": list(note.tags) or None}
        if note.notetype.kind == "cloze":
            fields, gap_of = cloze_question(
                note_id(note.guid),
                topic_of(note.cards[0].deck, topic),
                note.fields.get("Text", ""),
                note.fields.get("Back Extra", ""),
            )
            converted.questions.append(({**fields, **common}, where))
            for card in note.cards:
                if card.ord + 1 in gap_of:
                    converted.cards[card.id] = f"{fields['id']}#{gap_of[card.ord + 1]}"
            continue
        for card in note.cards:
            if card.ord > 1:
                continue
            media: list[str] = []
            front = plain_text(note.fields.get("Front", ""), media)
            back = plain_text(note.fields.get("Back", ""), media)
            prompt, answer = (front, back) if card.ord == 0 else (back, front)
            qid = note_id(note.guid) + ("-r" if card.ord == 1 else "")
            fields = {
                "id": qid,
                "kind": "text",
                "topic": topic_of(card.deck, topic),
                "prompt": prompt,
                "answer": answer,
                "explanation": _explained("", media, []) or None,
            }
            side = " (reversed card)" if card.ord == 1 else ""
            converted.questions.append(({**fields, **common}, where + side))
            converted.cards[card.id] = qid
    return converted


def cloze_question(
    qid: str, topic: str, source: str, extra_html: str = ""
) -> tuple[dict[str, Any], dict[int, int]]:
    """A cloze question's fields from an Anki cloze text, and the trustquiz gap (from 1) of
    each Anki cloze number: the first gap made from it."""
    media: list[str] = []
    hints: list[str] = []
    gap_of: dict[int, int] = {}
    gaps: list[str] = []

    def gap(match: re.Match[str]) -> str:
        number = int(match.group(1))
        gap_of.setdefault(number, len(gaps) + 1)
        answer = plain_text(match.group(2), media).replace("\n", " ")
        gaps.append(answer)
        if match.group(3):
            hints.append(plain_text(match.group(3)))
        # `{{`, `}}` and `|` mean something inside a trustquiz gap.
        answer = answer.replace("{", "(").replace("}", ")").replace("|", "/")
        return "\x00" + html.escape(answer, quote=False) + "\x01"

    marked = ANKI_CLOZE.sub(gap, source)
    text = plain_text(marked, media).replace("\x00", "{{").replace("\x01", "}}")
    extra = plain_text(extra_html, media)
    fields = {
        "id": qid,
        "kind": "cloze",
        "topic": topic,
        "text": text,
        "explanation": _explained(extra, media, hints) or None,
    }
    return fields, gap_of
