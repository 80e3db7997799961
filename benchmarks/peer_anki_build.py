"""The Anki side of peer_anki.py: builds the equivalent collection, and the Anki process it times.

The collection has one Basic note per trustquiz card (front: the question as trustquiz asks
it, back: its answer), every logged review as a revlog row (same card, time, rating and
duration), FSRS switched on through the deck-options call so Anki computes its own memory
states and due dates, then Anki's Check Database. Needs `anki` (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

LETTERS = "abcdefghij"
GAP = re.compile(r"\{\{(.*?)\}\}")
ASSERTION_ANSWERS = {
    "explains": "Both statements are correct and Statement-II explains Statement-I",
    "does-not-explain": "Both statements are correct but Statement-II does not explain Statement-I",
    "only-1": "Statement-I is correct but Statement-II is incorrect",
    "only-2": "Statement-I is incorrect but Statement-II is correct",
}
# Anki's revlog review kinds and the card type/queue of a card in review.
LEARN, REVIEW, RELEARN, CARD_REVIEW = 0, 1, 2, 2
DAY_MS = 86_400_000
# A fresh Anki process: open the collection, then either make the Statistics screen's call
# (`stats DAYS SEARCH`) or show cards as the reviewer does, answering one per line read from
# stdin; on quitting it prints how long each answer to next question took inside it.
ANKI_WORKER = """
import json, sys, time
from anki.collection import Collection
col = Collection(sys.argv[1])
if sys.argv[2] == "stats":
    col._backend.graphs(search=sys.argv[4], days=int(sys.argv[3]))
    col.close()
    raise SystemExit
from anki.cards import Card
from anki.scheduler.v3 import CardAnswer
def show():
    queued = col.sched.get_queued_cards()
    if not queued.cards:
        raise SystemExit("the queue is empty")
    card = Card(col, backend_card=queued.cards[0].card)
    card.start_timer()
    sys.stdout.write(card.question() + "\\nAnswer (\\n")
    sys.stdout.flush()
    return card, queued.cards[0].states
card, states = show()
inner = []
for line in sys.stdin:
    if line.startswith("q"):
        break
    started = time.perf_counter()
    card.answer()
    rating = [CardAnswer.AGAIN, CardAnswer.HARD, CardAnswer.GOOD, CardAnswer.EASY][int(line) - 1]
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))
    card, states = show()
    inner.append(time.perf_counter() - started)
col.close()
print("in-process", json.dumps(inner))
"""


def card_text(question: dict[str, Any], gap: int | None) -> tuple[str, str]:
    """The front (as trustquiz asks the question) and back (its answer) of one card."""
    kind = question["kind"]
    if kind == "cloze":
        gaps = GAP.findall(question["text"])
        number = iter(range(1, len(gaps) + 1))
        front = GAP.sub(
            lambda m: "_____" if next(number) == (gap or 1) else m.group(1).split("|")[0],
            question["text"],
        )
        return front, gaps[(gap or 1) - 1].split("|")[0]
    lines = [question["prompt"]]
    if kind == "mcq":
        lines += [f"{LETTERS[i]}) {text}" for i, text in enumerate(question["options"])]
        back = question["options"][LETTERS.index(question["answer"])]
    elif kind == "truefalse":
        lines += ["a) True", "b) False"]
        back = "True" if question["answer"] else "False"
    elif kind == "statements":
        items = question["statements"]
        lines += [f"{i}. {s['text']}" for i, s in enumerate(items, 1)]
        back = ", ".join(str(i) for i, s in enumerate(items, 1) if s["correct"]) or "None"
    elif kind == "pairs":
        items = question["pairs"]
        lines += [f"{i}. {p['left']} : {p['right']}" for i, p in enumerate(items, 1)]
        back = ", ".join(str(i) for i, p in enumerate(items, 1) if p["correct"]) or "None"
    elif kind == "assertion":
        lines += [f"Statement-I: {question['statement1']}"]
        lines += [f"Statement-II: {question['statement2']}"]
        back = ASSERTION_ANSWERS.get(question["answer"], str(question["answer"]))
    else:  # numeric, text
        back = str(question["answer"])
    return "<br>".join(lines), back


@dataclass(frozen=True)
class Review:
    """One logged answer, as the revlog needs it."""

    card_id: str
    millis: int
    rating: int
    duration_ms: int


def read_log(home: Path) -> Iterator[Review]:
    """Every answer in trustquiz's review log (reviews.jsonl), in the log's order."""
    with (home / "reviews.jsonl").open(encoding="utf-8") as log:
        for line in log:
            record = json.loads(line)
            if "type" not in record and "a" in record:  # an answer's compact line
                fields = (record["q"], record["at"], record.get("g"), record.get("ms"))
            elif record.get("type") == "review":  # an answer's long line (older versions)
                fields = tuple(
                    record.get(k) for k in ("question_id", "time", "rating", "duration_ms")
                )
            else:
                continue
            card_id, time, rating, duration_ms = fields
            if rating is None:
                continue
            when = datetime.fromisoformat(time.replace("Z", "+00:00"))
            yield Review(card_id, int(when.timestamp() * 1000), int(rating), int(duration_ms or 0))


Last = dict[int, tuple[int, int, int, int]]


def revlog_rows(reviews: list[Review], cids: dict[str, int]) -> tuple[list[list[int]], Last]:
    """Revlog rows (id, cid, usn, ease, ivl, lastIvl, factor, time, type) and each card's last
    review (millis, ivl, reps, lapses). A card's first answer is a learning step, one after
    a lapse a relearning step; `ivl` is the days until the card's next answer in the log."""
    by_card: dict[str, list[Review]] = {}
    for review in reviews:
        by_card.setdefault(review.card_id, []).append(review)
    rows: list[list[int]] = []
    last: Last = {}
    used: set[int] = set()
    for card_id, answers in by_card.items():
        cid = cids[card_id]
        answers.sort(key=lambda r: r.millis)
        last_ivl = lapses = 0
        for n, review in enumerate(answers):
            kind = LEARN if n == 0 else RELEARN if answers[n - 1].rating == 1 else REVIEW
            following = answers[n + 1].millis if n + 1 < len(answers) else None
            ivl = max(1, (following - review.millis) // DAY_MS) if following else max(1, last_ivl)
            lapses += kind == REVIEW and review.rating == 1
            stamp = review.millis
            while stamp in used:  # revlog ids are unique milliseconds
                stamp += 1
            used.add(stamp)
            factor = 0 if kind == LEARN else 2500
            rows.append([stamp, cid, -1, review.rating, ivl, last_ivl, factor,
                         min(review.duration_ms, 60_000), kind])  # fmt: skip
            last_ivl = ivl
        last[cid] = (answers[-1].millis, last_ivl, len(answers), lapses)
    return rows, last


def build_collection(bank_dir: Path, home: Path, path: Path) -> dict[str, int]:
    """Build the Anki collection at `path` for the workload; return what went in."""
    from anki.collection import AddNoteRequest, Collection
    from anki.decks import DeckId, UpdateDeckConfigs, UpdateDeckConfigsMode

    from trustquiz import load_bank

    cards = load_bank([bank_dir], builtin=False).cards()
    reviews = list(read_log(home))
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    col = Collection(str(path))
    db = col.db
    assert db is not None
    try:
        first = min((r.millis for r in reviews), default=0) // 1000
        start = datetime.fromtimestamp(first).replace(hour=4, minute=0, second=0) - timedelta(1)
        col.crt = int(start.timestamp())  # the collection began the day before the first answer
        basic = col.models.by_name("Basic")
        assert basic is not None
        deck = DeckId(1)  # Default
        requests = []
        for card in cards:
            note = col.new_note(basic)
            note["Front"], note["Back"] = card_text(card.question.model_dump(mode="json"), card.gap)
            requests.append(AddNoteRequest(note=note, deck_id=deck))
        col.add_notes(requests)
        by_note = {int(nid): int(cid) for nid, cid in db.all("select nid, id from cards")}
        cids = {c.card_id: by_note[int(r.note.id)] for c, r in zip(cards, requests, strict=True)}
        rows, last = revlog_rows(reviews, cids)
        crt_day = int(col.crt) // 86_400
        scheduled = [[CARD_REVIEW, CARD_REVIEW, millis // DAY_MS - crt_day + ivl, ivl, reps,
                      lapses, millis // 1000, cid]
                     for cid, (millis, ivl, reps, lapses) in last.items()]  # fmt: skip

        def write_history() -> None:
            db.executemany("insert into revlog values (?,?,?,?,?,?,?,?,?)", rows)
            db.executemany(
                "update cards set type=?, queue=?, due=?, ivl=?, factor=2500, reps=?,"
                " lapses=?, left=0, mod=?, usn=-1 where id=?",
                scheduled,
            )

        db.transact(write_history)  # one transaction: each statement alone would commit
        # Switch FSRS on as the deck options screen does; Anki then computes every card's
        # memory state from its revlog and reschedules it by that state.
        current = col.decks.get_deck_configs_for_update(deck)
        preset = current.current_deck.config_id
        col.decks.update_deck_configs(
            UpdateDeckConfigs(
                target_deck_id=deck,
                configs=[c.config for c in current.all_config if c.config.id == preset],
                mode=UpdateDeckConfigsMode.UPDATE_DECK_CONFIGS_MODE_NORMAL,
                card_state_customizer=current.card_state_customizer,
                limits=current.current_deck.limits,
                new_cards_ignore_review_limit=current.new_cards_ignore_review_limit,
                apply_all_parent_limits=current.apply_all_parent_limits,
                fsrs=True,
                fsrs_reschedule=True,
            )
        )
        col.fix_integrity()  # Tools > Check Database
        return {
            "notes": int(col.note_count()),
            "cards": int(col.card_count()),
            "revlog": int(db.scalar("select count() from revlog where ease > 0")),
            "rescheduled": int(db.scalar("select count() from revlog where ease = 0")),
            "memory_states": len(col.find_cards("prop:s>0")),  # cards with an FSRS stability
        }
    finally:
        col.close()


def main() -> None:
    """`python peer_anki_build.py FOLDER`: build FOLDER/anki/ from FOLDER/bank and FOLDER/home."""
    folder = Path(sys.argv[1])
    counts = build_collection(
        folder / "bank", folder / "home", folder / "anki" / "collection.anki2"
    )
    (folder / "anki" / "built.json").write_text(json.dumps(counts))


if __name__ == "__main__":
    main()
