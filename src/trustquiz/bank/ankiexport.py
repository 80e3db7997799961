"""Writing the bank as an Anki package: a deck per topic, a note per question, shown as here.

The front shows a question the way practice shows it (statements numbered with the exam's
options, pairs as a table, Statement-I/II with the four standard options); the back has the
answer, the reasons statement by statement, the explanation and the source. Cloze questions
become Anki Cloze notes. Note guids come from the question ids, so exporting again updates
the same notes in Anki instead of adding copies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from trustquiz.bank.ankinotes import escape_text
from trustquiz.bank.entries import CardRef
from trustquiz.bank.filemodels import Source
from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.cloze import GAP
from trustquiz.kinds.presentation import Presented, present
from trustquiz.kinds.registry import kind_of

DECK_PREFIX = "trustquiz::"
# Fixed ids: Anki knows a note type by its id, so every export uses the same two.
BASIC_MODEL_ID = 1607392319
CLOZE_MODEL_ID = 1607392320
SEED = "export"
CSS = (
    ".card { font-family: sans-serif; font-size: 18px; text-align: left; }\n"
    "table.pairs td { padding: 2px 10px; } .wrong { color: #b00; } .right { color: #070; }\n"
)


def deck_id(topic: str) -> int:
    """A deck id that stays the same for the same topic."""
    return (1 << 30) + int(hashlib.sha1(topic.encode()).hexdigest()[:7], 16)


def anki_tag(tag: str) -> str:
    """Anki tags cannot hold spaces."""
    return "_".join(tag.split())


def front_html(presented: Presented) -> str:
    """A card's front: the prompt, numbered items or the pairs table, the ask, the options."""
    parts = [f"<div>{escape_text(presented.prompt)}</div>"]
    if presented.items:
        items = "".join(f"<li>{escape_text(item)}</li>" for item in presented.items)
        parts.append(f"<ol>{items}</ol>" if presented.numbered else f"<ul>{items}</ul>")
    if presented.table:
        head = ""
        if presented.headers:
            left, right = presented.headers
            head = f"<tr><th></th><th>{escape_text(left)}</th><th>{escape_text(right)}</th></tr>"
        rows = "".join(
            f"<tr><td>{n}.</td><td>{escape_text(a)}</td><td>{escape_text(b)}</td></tr>"
            for n, (a, b) in enumerate(presented.table, start=1)
        )
        parts.append(f'<table class="pairs">{head}{rows}</table>')
    if presented.ask:
        parts.append(f"<div>{escape_text(presented.ask)}</div>")
    if presented.options:
        options = "".join(
            f"<div>({letter}) {escape_text(text)}</div>"
            for letter, text in zip(LETTERS, presented.options, strict=False)
        )
        parts.append(f"<div>{options}</div>")
    return "".join(parts)


def right_answer(presented: Presented) -> str:
    """The answer as practice gives it: the letter and option, or the accepted text."""
    question = presented.card.question
    if presented.options and presented.correct is not None:
        return f"({LETTERS[presented.correct]}) {presented.options[presented.correct]}"
    if presented.accepted:
        return presented.accepted[0]
    answer = getattr(question, "answer", "")
    if isinstance(answer, bool):
        return "True" if answer else "False"
    return str(answer)


def back_html(presented: Presented, sources: dict[str, Source]) -> str:
    """A card's back: the answer, the reasons item by item, the explanation, the source."""
    question = presented.card.question
    parts = [f"<div><b>Answer: {escape_text(right_answer(presented))}</b></div>"]
    reasons = kind_of(question).breakdown(question, presented.order)
    if reasons:
        lines = "".join(
            f'<li class="{"right" if correct else "wrong"}">{escape_text(line)}</li>'
            for correct, line in reasons
        )
        parts.append(f"<ol>{lines}</ol>")
    if question.explanation.strip():
        parts.append(f"<div>{escape_text(question.explanation.strip())}</div>")
    source = sources.get(question.source or "")
    if source is not None:
        line = f"Source: {source.title} ({source.publisher}, {source.date})"
        parts.append(f"<div><i>{escape_text(line)}</i></div>")
    return "".join(parts)


def cloze_text(text: str) -> str:
    """trustquiz gaps as Anki clozes: the n-th gap becomes `{{cn::answer}}`."""
    counter = iter(range(1, 1000))
    pieces = GAP.split(text)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            answer = piece.split("|")[0].strip()
            out.append(f"{{{{c{next(counter)}::{escape_text(answer)}}}}}")
        else:
            out.append(escape_text(piece))
    return "".join(out)


def write_apkg(
    path: Path, cards: Iterable[CardRef], sources: dict[str, Source], now: datetime
) -> int:
    """Write the questions of `cards` to an .apkg; return the number of notes.

    `now` stamps the notes: Anki's importer updates a note it has only from a later stamp.
    """
    import genanki

    basic = genanki.Model(
        BASIC_MODEL_ID,
        "trustquiz",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Id"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=CSS,
    )
    cloze = genanki.Model(
        CLOZE_MODEL_ID,
        "trustquiz Cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": "Id"}],
        templates=[
            {"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Back Extra}}"}
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )
    decks: dict[str, Any] = {}
    done: set[str] = set()
    for card in cards:
        question = card.question
        if question.id in done:
            continue  # a cloze's gaps are one note
        done.add(question.id)
        deck = decks.get(question.topic)
        if deck is None:
            deck = genanki.Deck(deck_id(question.topic), DECK_PREFIX + question.topic)
            decks[question.topic] = deck
        presented = present(card, seed=SEED)
        if question.kind == "cloze":
            fields = [cloze_text(str(getattr(question, "text", ""))), "", question.id]
            fields[1] = back_html(presented, sources).split("</div>", 1)[1]
            model = cloze
        else:
            fields = [front_html(presented), back_html(presented, sources), question.id]
            model = basic
        deck.add_note(
            genanki.Note(
                model=model,
                fields=fields,
                tags=[anki_tag(tag) for tag in question.tags],
                guid=genanki.guid_for("trustquiz", question.id),
            )
        )
    genanki.Package(list(decks.values())).write_to_file(str(path), timestamp=now.timestamp())
    return len(done)
