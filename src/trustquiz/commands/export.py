"""`trustquiz export`: the bank as an Anki package (for phones), CSV or Aiken (Moodle)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar

from trustquiz import clock
from trustquiz.collector import collector_paused
from trustquiz.commands import options as o
from trustquiz.commands.loading import data_dir, load
from trustquiz.errors import TrustquizError
from trustquiz.store.progress import write_atomic
from trustquiz.topics import resolve_topics

FORMATS = {"apkg": "trustquiz.apkg", "csv": "trustquiz.csv", "aiken": "trustquiz-aiken.txt"}


@dataclass(frozen=True)
class Options:
    """What `trustquiz export` accepts."""

    format: Annotated[
        str | None, o.Opt("--format", "apkg (Anki, AnkiDroid), csv or aiken.", "apkg|csv|aiken")
    ] = None
    topics: Annotated[tuple[str, ...], o.TOPICS] = ()
    out: Annotated[
        Path | None, o.Opt("--out", "The file to write (default: trustquiz.<format>).", "PATH")
    ] = None
    home: Annotated[Path | None, o.HOME] = None
    bank: Annotated[tuple[Path, ...], o.BANK] = ()
    no_builtin: Annotated[bool, o.NO_BUILTIN] = False


@dataclass(frozen=True)
class Result:
    """The file written, how many questions it holds and how many the format cannot hold."""

    path: Path
    format: str
    written: int
    left_out: int
    exit_code: ClassVar[int] = 0


def run(options: Options) -> Result:
    """Write the chosen questions in the chosen format."""
    kind = (options.format or "").lower()
    if kind not in FORMATS:
        raise TrustquizError("give --format apkg, csv or aiken")
    with collector_paused():
        bank = load(data_dir(options.home), options.bank, options.no_builtin)
    wanted = {topic.casefold() for topic in resolve_topics(bank, options.topics)}
    cards = [c for c in bank.cards() if not wanted or c.topic.casefold() in wanted]
    if not cards:
        raise TrustquizError(f"no questions of topic {', '.join(options.topics)} to export")
    path = options.out or Path(FORMATS[kind])
    left_out = 0
    if kind == "apkg":
        from trustquiz.bank.ankiexport import write_apkg

        # genanki writes the file itself: into a temporary name, then moved into place.
        partial = path.with_name(path.name + ".partial")
        try:
            written = write_apkg(partial, cards, bank.sources, clock.now())
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise TrustquizError(f"cannot write {path}: {exc.strerror or exc}") from None
        return Result(path, kind, written, 0)
    if kind == "csv":
        from trustquiz.bank.csvfmt import write_csv

        questions = list({c.entry.id: c.question for c in cards}.values())
        text, written = write_csv(questions), len(questions)
    else:
        from trustquiz.bank.aiken import write_aiken

        text, written, left_out = write_aiken(cards)
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise TrustquizError(f"cannot write {path}: {exc.strerror or exc}") from None
    return Result(path, kind, written, left_out)


def render(result: Result, options: Options) -> None:
    """`Wrote N questions to PATH`, and what the format left out."""
    sys.stdout.write(f"Wrote {result.written} question(s) to {result.path} ({result.format})\n")
    if result.left_out:
        sys.stdout.write(
            f"  {result.left_out} card(s) left out: Aiken holds only four-option questions\n"
        )
