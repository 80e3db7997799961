"""Write a large, realistic bank and data directory for benchmarks.

    python benchmarks/generate.py --questions 50000 --reviews 1000000 --out /tmp/big

writes OUT/bank/ (TOML files of every kind, spread over hundreds of files and topics) and
OUT/home/ (reviews.jsonl with REVIEWS answers spread over two years, in the lines trustquiz
writes for answers, and the index index.sqlite3 folded from it by trustquiz's own store).
The log ends as a long-time learner's does: practice has refitted the memory model as it
grew (every 500 reviews), so its last line is the settings line of a fit to the whole log,
made by trustquiz's own fit a second after the last answer, with every card rescheduled by
it, and a benchmark session does not begin with a refit. The same arguments always give the
same files.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from trustquiz.api import load_bank, open_store
from trustquiz.bank.authoring import render_question
from trustquiz.clock import ENV_VAR as NOW_VAR
from trustquiz.scheduler import rating_for
from trustquiz.store.lines import answer_id, encode
from trustquiz.store.records import Confidence, ReviewRecord

WORDS = [
    "mineral",
    "lithium",
    "cobalt",
    "nickel",
    "graphite",
    "rare",
    "earth",
    "policy",
    "mission",
    "budget",
    "crore",
    "export",
    "import",
    "treaty",
    "summit",
    "minister",
    "agreement",
    "processing",
    "refining",
    "supply",
    "chain",
    "reserve",
    "deposit",
    "satellite",
    "monsoon",
    "tariff",
    "subsidy",
    "scheme",
    "programme",
    "reform",
    "census",
    "wetland",
    "tiger",
    "corridor",
    "river",
    "basin",
    "plateau",
    "coast",
    "strait",
    "glacier",
    "volcano",
    "ordinance",
    "article",
    "amendment",
    "tribunal",
    "commission",
    "index",
]
KINDS = ("mcq", "truefalse", "numeric", "text", "statements", "pairs", "assertion", "cloze")
PER_FILE = 150
TOPICS = 300
START = datetime(2024, 11, 1, 6, tzinfo=timezone.utc)
SPAN = timedelta(days=730)


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def question(rng: random.Random, number: int) -> dict[str, object]:
    kind = KINDS[number % len(KINDS)]
    fields: dict[str, object] = {
        "id": f"q{number:06d}",
        "kind": kind,
        "topic": f"Topic {number % TOPICS:03d}",
        "tags": [rng.choice(WORDS), rng.choice(WORDS)],
        "explanation": sentence(rng, 14) + ".",
        "source": "bench",
    }
    unique = f"(item {number})"
    if kind == "mcq":
        fields.update(
            prompt=f"{sentence(rng, 9)} {unique}?",
            answer=rng.choice("abcd"),
            options=[sentence(rng, 3) + f" {i}" for i in range(4)],
        )
    elif kind == "truefalse":
        fields.update(prompt=f"{sentence(rng, 10)} {unique}.", answer=rng.random() < 0.5)
    elif kind == "numeric":
        fields.update(
            prompt=f"{sentence(rng, 8)} {unique}?",
            answer=f"₹{rng.randint(1, 99):,},{rng.randint(100, 999)} crore",
        )
    elif kind == "text":
        fields.update(prompt=f"{sentence(rng, 8)} {unique}?", answer=sentence(rng, 2))
    elif kind == "statements":
        fields.update(ask=rng.choice(["which", "how-many"]), statements=[
            {"text": f"{sentence(rng, 8)} {unique}-{i}.", "correct": i == 0 or rng.random() < 0.5}
            for i in range(3)
        ])  # fmt: skip
    elif kind == "pairs":
        fields.update(pairs=[
            {"left": f"{sentence(rng, 2)} {unique}-{i}", "right": sentence(rng, 3),
             "correct": i == 0 or rng.random() < 0.5}
            for i in range(3)
        ])  # fmt: skip
    elif kind == "assertion":
        fields.update(
            statement1=f"{sentence(rng, 9)} {unique}.",
            statement2=sentence(rng, 9) + ".",
            answer=rng.choice(["explains", "does-not-explain", "only-1", "only-2"]),
        )
    else:
        fields.update(
            text=f"{sentence(rng, 6)} {{{{{rng.choice(WORDS)}}}}} {sentence(rng, 4)} {unique}."
        )
    return fields


def write_bank(out: Path, count: int, rng: random.Random) -> list[str]:
    bank = out / "bank"
    bank.mkdir(parents=True, exist_ok=True)
    (bank / "sources.toml").write_text(
        '[sources.bench]\ntitle = "Benchmark notes"\npublisher = "generate.py"\ndate = 2026-01-01\n'
    )
    card_ids: list[str] = []
    for start in range(0, count, PER_FILE):
        blocks = []
        for number in range(start, min(count, start + PER_FILE)):
            fields = question(rng, number)
            blocks.append(render_question(fields))
            card_ids.append(f"{fields['id']}#1" if fields["kind"] == "cloze" else str(fields["id"]))
        (bank / f"notes-{start // PER_FILE:04d}.toml").write_text(
            "\n".join(blocks), encoding="utf-8"
        )
    return card_ids


def content_hashes(out: Path) -> dict[str, str]:
    """Each card's content hash, as trustquiz computes it and keeps it with every answer."""
    was = os.environ.get("TRUSTQUIZ_CACHE")
    os.environ["TRUSTQUIZ_CACHE"] = "off"  # no cache written outside OUT
    try:
        bank = load_bank([out / "bank"], builtin=False)
    finally:
        if was is None:
            del os.environ["TRUSTQUIZ_CACHE"]
        else:
            os.environ["TRUSTQUIZ_CACHE"] = was
    return {card.card_id: card.entry.content_hash for card in bank.cards()}


def write_home(out: Path, card_ids: list[str], reviews: int, rng: random.Random) -> None:
    """The log as trustquiz writes it: compact lines, times in whole milliseconds, each
    answer known by its question and time, its question's content hash on its first answer."""
    home = out / "home"
    home.mkdir(parents=True, exist_ok=True)
    seen = card_ids[: max(1, int(len(card_ids) * 0.8))]
    hashes = content_hashes(out)
    step = SPAN / max(reviews, 1)
    session = ""
    last: dict[str, str | None] = {}  # each card's hash on its latest line: left out if the same
    with (home / "reviews.jsonl").open("wb") as log:
        for n in range(reviews):
            when = START + step * n + timedelta(milliseconds=rng.randrange(1000))
            when = when.replace(microsecond=when.microsecond - when.microsecond % 1000)
            right = rng.random() < 0.85
            confidence: Confidence | None = rng.choice([None, None, None, "unsure", "guess"])
            if n % 40 == 0:
                # As long as a practice session's id (drawn as when it was longer).
                session = f"{rng.getrandbits(48) >> 16:08x}"
            card_id = rng.choice(seen)
            rng.getrandbits(64)  # once a random answer id: drawn still, for the same answers
            record = ReviewRecord(
                review_id=answer_id(card_id, when), question_id=card_id, time=when,
                response="x", verdict="right" if right else "wrong", confidence=confidence,
                rating=rating_for(right, confidence), duration_ms=rng.randint(2000, 30000),
                session_id=session, content_hash=hashes[card_id], day=when.date().isoformat(),
                learned=rng.random() < 0.7,
            )  # fmt: skip
            log.write(encode(record, last.get(card_id)))
            last[card_id] = record.content_hash
    open_store(home).rebuild()  # fold the whole log with trustquiz's own store


def keep_fit(home: Path) -> None:
    """Fit the memory model to the log and keep it, as practice would have, dated one second
    after the last answer. A log too short to fit is left as it is."""
    from trustquiz.fitting import NotEnoughReviewsError
    from trustquiz.refit import fit_and_keep
    from trustquiz.store.schema import EPOCH

    store = open_store(home)
    ratings = store.ratings()
    if not ratings:
        return
    last = max(at for _, at, _ in ratings)
    os.environ[NOW_VAR] = (EPOCH + timedelta(microseconds=last, seconds=1)).isoformat()
    try:
        fit_and_keep(store)
        store.refold()  # and every card rescheduled with it, as practice does
    except NotEnoughReviewsError:
        pass
    finally:
        del os.environ[NOW_VAR]
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, required=True)
    parser.add_argument("--reviews", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = random.Random(f"{args.questions}/{args.reviews}")
    started = time.monotonic()
    card_ids = write_bank(args.out, args.questions, rng)
    write_home(args.out, card_ids, args.reviews, rng)
    keep_fit(args.out / "home")
    print(
        f"{args.questions} questions, {args.reviews} reviews in {args.out}"
        f" ({time.monotonic() - started:.0f} s)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
