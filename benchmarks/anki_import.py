"""Time `trustquiz import` of a large Anki deck with a review history, made by Anki itself.

    python benchmarks/anki_import.py --notes 3000 --reviews-per-card 6 --out /tmp/ankibench

builds a collection with the `anki` package (the test extra): Basic and Cloze notes over ten
subdecks, each card with a review history in the revlog; exports it with Anki's exporter;
then times a first import, a dry run and a re-import into a fresh data directory. The same
arguments always give the same deck.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DAY_MS = 86_400_000
START_MS = 1_730_000_000_000


def build(out: Path, notes: int, per_card: int) -> Path:
    """The exported deck (made once; kept for later runs)."""
    package = out / f"deck-{notes}-{per_card}.apkg"
    if package.exists():
        return package
    from anki.collection import Collection, ExportAnkiPackageOptions

    out.mkdir(parents=True, exist_ok=True)
    col: Any = Collection(str(out / f"collection-{notes}-{per_card}.anki2"))
    chance = random.Random(7)
    basic, cloze = col.models.by_name("Basic"), col.models.by_name("Cloze")
    decks = [col.decks.id(f"UPSC::Part {n}") for n in range(10)]
    cards: list[int] = []
    for n in range(notes):
        if n % 6 == 5:
            note = col.new_note(cloze)
            note["Text"] = f"Fact {n}: {{{{c1::alpha {n}}}}} and {{{{c2::beta {n}}}}}"
        else:
            note = col.new_note(basic)
            note["Front"], note["Back"] = f"Question <b>{n}</b> on minerals?", f"Answer {n}"
        note.tags = [f"t{n % 17}"]
        col.add_note(note, decks[n % 10])
        cards += [card.id for card in note.cards()]
    rows: list[tuple[int, int, int, int]] = []
    for cid in cards:
        when = START_MS + chance.randrange(10 * DAY_MS)
        for _ in range(per_card):
            when += chance.randrange(1, 20) * DAY_MS
            ease = chance.choice([1, 2, 3, 3, 3, 4])
            rows.append((when + len(rows) % 1000, cid, ease, chance.randrange(2000, 20000)))
    col.db.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
        " VALUES (?, ?, -1, ?, 1, 0, 2500, ?, 1)",
        rows,
    )
    options = ExportAnkiPackageOptions(
        with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
    )
    col.export_anki_package(out_path=str(package), options=options, limit=None)
    col.close()
    return package


def timed(home: Path, *args: str) -> float:
    """Seconds one `trustquiz import` takes, as a fresh process."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trustquiz", "import", "--home", str(home), *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    """Build the deck if needed and print the three timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--reviews-per-card", type=int, default=6)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ankibench"))
    options = parser.parse_args()
    package = build(options.out, options.notes, options.reviews_per_card)
    home = options.out / f"home-{time.time_ns()}"
    print(f"dry run:     {timed(home, '--dry-run', str(package)):.2f} s")
    print(f"import:      {timed(home, str(package)):.2f} s")
    print(f"re-import:   {timed(home, str(package)):.2f} s")


if __name__ == "__main__":
    main()
