"""`trustquiz import`: Anki decks (with their review history) and CSV files into the bank."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ClassVar

from trustquiz import api, paths
from trustquiz.bank import importfile
from trustquiz.bank.anki import Review
from trustquiz.bank.authoring import slugify
from trustquiz.bank.loader import Bank, expand, load_files, roots
from trustquiz.collector import collector_paused
from trustquiz.commands import options as o
from trustquiz.commands.loading import data_dir
from trustquiz.errors import TrustquizError
from trustquiz.safetext import visible
from trustquiz.view.progress import progress

if TYPE_CHECKING:
    from trustquiz.store.log import Record
    from trustquiz.store.progress import ProgressStore
    from trustquiz.store.state import CardState

PACKAGES = (".apkg", ".colpkg")
TEXTS = (".csv", ".tsv", ".txt", ".tab")
SESSION = "anki-import"
BATCH = 1000  # reviews appended with one fsync


@dataclass(frozen=True)
class Options:
    """What `trustquiz import` accepts."""

    sources: Annotated[
        tuple[Path, ...], o.argument("The .apkg, .colpkg, .csv, .tsv or .txt file to import.")
    ] = ()
    topic: Annotated[
        str | None, o.Opt("--topic", "The topic of every question (default: the deck's name).", "T")
    ] = None
    file: Annotated[
        Path | None,
        o.Opt("--file", "Write the questions here (default: questions/<deck>.toml).", "OUT.toml"),
    ] = None
    dry_run: Annotated[bool, o.Opt("--dry-run", "Show what would be written; write nothing.")] = (
        False
    )
    home: Annotated[Path | None, o.HOME] = None
    bank: Annotated[tuple[Path, ...], o.BANK] = ()
    no_builtin: Annotated[bool, o.NO_BUILTIN] = False


@dataclass
class Result:
    """What the import did (or, with --dry-run, would do)."""

    source: Path
    plan: importfile.Plan
    skipped: Counter[str] = field(default_factory=Counter)
    returning: int = 0
    reviews_added: int = 0
    reviews_known: int = 0
    reviews_unmatched: int = 0
    dry_run: bool = False
    exit_code: ClassVar[int] = 0


def review_id(review: Review) -> str:
    """A review's id in the log, the same on every import of the same Anki review."""
    return f"anki-{review.id}-{review.card_id}"


def run(options: Options) -> Result:
    """Read the file, validate every question, write the new and changed ones, then the
    review history not imported before."""
    if len(options.sources) != 1:
        raise TrustquizError("give one file to import: trustquiz import DECK.apkg")
    source = options.sources[0]
    data = data_dir(options.home)
    suffix = source.suffix.lower()
    reviews: list[Review] = []
    cards: dict[int, str] = {}
    skipped: Counter[str] = Counter()
    returning = 0
    if suffix in PACKAGES:
        from trustquiz.bank.anki import read_package
        from trustquiz.bank.ankinotes import convert

        with progress("Reading the deck", sys.stderr, counted=False):
            package = read_package(source)
            converted = convert(package.notes, options.topic)
        questions, cards, skipped = converted.questions, converted.cards, converted.skipped
        returning = converted.returning
        reviews = [r for r in package.reviews if 1 <= r.ease <= 4 and r.card_id in cards]
        decks = {card.deck.split("::")[0] for note in package.notes for card in note.cards}
    elif suffix in TEXTS:
        from trustquiz.bank.csvfmt import read_csv

        if not source.is_file():
            raise TrustquizError(f"{source}: no such file")
        questions = read_csv(source, options.topic)
        decks = set()
    else:
        raise TrustquizError(
            f"{source}: cannot import a '{suffix or source.name}' file"
            " (.apkg, .colpkg, .csv, .tsv or .txt)"
        )
    if not questions and not returning:
        kept = "; ".join(f"{name}: {count}" for name, count in sorted(skipped.items()))
        raise TrustquizError(
            f"{source}: nothing to import (no Basic or Cloze notes or rows"
            + (f"; skipped note types: {kept})" if kept else ")")
        )
    name = decks.pop() if len(decks) == 1 else source.stem
    target = options.file or paths.user_questions_dir(data) / f"{slugify(name, words=8)}.toml"
    with collector_paused():
        bank = _bank(options.bank, not options.no_builtin, data)
        planned = importfile.plan(target, questions, bank, source.name)
    result = Result(source, planned, skipped, returning, dry_run=options.dry_run)
    store = api.open_store(data, readonly=options.dry_run)
    known = {r.review_id for r in store.reviews() if r.imported is not None}
    fresh = [r for r in reviews if review_id(r) not in known]
    result.reviews_known = len(reviews) - len(fresh)
    if options.dry_run:
        result.reviews_added = len(fresh)
        return result
    importfile.write(planned)
    if fresh:
        store.ensure_writable()
        extra = (
            options.bank
            if target.parent == paths.user_questions_dir(data)
            else (*options.bank, target)
        )
        bank = _bank(extra, not options.no_builtin, data)
        with progress("Adding the review history", sys.stderr) as advance:
            result.reviews_added, result.reviews_unmatched = _record(
                fresh, cards, bank, store, source.name, advance
            )
    return result


def _bank(extra: tuple[Path, ...], builtin: bool, home: Path) -> Bank:
    """The bank as it is (maybe empty: an import may bring the first questions)."""
    files, _ = expand(roots(extra, builtin, home))
    return load_files(files)


def _record(
    reviews: list[Review],
    cards: dict[int, str],
    bank: Bank,
    store: ProgressStore,
    source: str,
    advance: Callable[[int, int | None], None],
) -> tuple[int, int]:
    """Append the reviews to the log in time order, a batch at a time; (added, whose card is
    not in the bank)."""
    from trustquiz.reviewing import new_review
    from trustquiz.scheduler import apply_review

    added = unmatched = 0
    batch: list[Record] = []
    # The states the batch not yet appended leaves its cards in: whether each review finds
    # its card learned is what it would be were the reviews appended one at a time.
    pending: dict[str, CardState] = {}
    for done, review in enumerate(reviews):
        card = bank.card(cards[review.card_id])
        if card is None:
            unmatched += 1
            continue
        previous = pending.get(card.card_id) or store.cards.get(card.card_id)
        record = new_review(
            card,
            store,
            when=datetime.fromtimestamp(review.id / 1000, tz=timezone.utc),
            response="",
            correct=review.ease > 1,
            confidence="unsure" if review.ease == 2 else None,
            session_id=SESSION,
            duration_ms=review.duration_ms,
            imported=source,
        )
        # Anki's Easy is FSRS's Easy: kept, so the replayed state is the one Anki had.
        update: dict[str, object] = {
            "review_id": review_id(review),
            "learned": previous is not None and previous.phase == "review",
        }
        if review.ease == 4:
            update["rating"] = 4
        record = record.model_copy(update=update)
        pending[card.card_id] = apply_review(previous, record, store.settings)
        batch.append(record)
        if len(batch) >= BATCH:
            store.append_many(batch)
            added, batch, pending = added + len(batch), [], {}
            advance(done + 1, len(reviews))
    store.append_many(batch)
    advance(len(reviews), len(reviews))
    store.save()
    return added + len(batch), unmatched


def render(result: Result, options: Options) -> None:
    """What was (or would be) written, and what was left out."""
    plan = result.plan
    would = "would be " if result.dry_run else ""
    out = sys.stdout.write
    out(
        f"{result.source}: {len(plan.added)} new, {len(plan.updated)} updated,"
        f" {len(plan.unchanged)} unchanged question(s) {would}in {plan.path}\n"
    )
    if result.dry_run:
        for label, ids in (("new", plan.added), ("updated", plan.updated)):
            for qid in ids:
                out(f"  {label}: {qid}\n")
    for qid, where in plan.elsewhere:
        out(visible(f"  kept: '{qid}' is already in {where}; left as it is\n"))
    if result.returning:
        out(
            f"  {result.returning} note(s) came from `trustquiz export`:"
            " their reviews go to those questions\n"
        )
    for name, count in sorted(result.skipped.items()):
        out(visible(f"  skipped: {count} note(s) of note type '{name}' (not Basic or Cloze)\n"))
    if result.reviews_added or result.reviews_known:
        out(
            f"{result.reviews_added} review(s) of history {'would be ' if result.dry_run else ''}"
            f"added to the log; {result.reviews_known} imported before\n"
        )
    if result.reviews_unmatched:
        out(f"  {result.reviews_unmatched} review(s) left out: their card is not in the bank\n")
