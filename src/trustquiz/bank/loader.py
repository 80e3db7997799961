"""Finds question files and loads them (from the cache, or parsed); problems name file and line."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence, Sized
from functools import partial
from pathlib import Path
from typing import Any

from trustquiz import paths
from trustquiz.bank import cache as bankcache
from trustquiz.bank import record as bankrecord
from trustquiz.bank.cache import Head
from trustquiz.bank.collection import Bank
from trustquiz.bank.entries import Entry, FileResult
from trustquiz.bank.reading import NOT_A_FOLDER, discover, read_bytes, regular
from trustquiz.errors import BankError, QuestionFileError, TrustquizError
from trustquiz.paths import SOURCES_FILE

__all__ = ["SOURCES_FILE", "Bank", "expand", "load_bank", "load_file", "load_files", "roots"]


def load_file(path: Path, keep: Callable[[Head], object] | None = None) -> FileResult:
    """Load one question file (or a `sources.toml`), collecting every problem in it.

    A file unchanged since it was last loaded comes from the cache (and `keep` is given what
    its entry records of it).
    """
    try:
        regular(path)  # before the cache, which reads a file whose times have changed
    except QuestionFileError as exc:
        return FileResult(problems=[exc])
    cached = bankcache.lookup(path, keep)
    if cached is not None:
        return cached
    try:
        signature = bankcache.file_signature(path)  # before reading: a later change shows as newer
    except OSError:
        signature = None  # read_bytes says why
    try:
        data = read_bytes(path)
    except QuestionFileError as exc:
        return FileResult(problems=[exc])
    from trustquiz.bank.parse import load_bytes

    result = load_bytes(path, data)
    if signature is not None:
        bankcache.remember(path, signature, bankcache.digest(data), result)
    return result


def roots(extra: Sequence[Path], builtin: bool, home: Path | None) -> list[Path]:
    roots: list[Path] = []
    if builtin:
        roots.append(paths.builtin_bank_dir())
    if home is not None and paths.user_questions_dir(home).exists():
        roots.append(paths.user_questions_dir(home))  # expand() says if it is not a folder
    return roots + list(extra)


def expand(roots: Iterable[Path]) -> tuple[list[Path], list[QuestionFileError]]:
    """The TOML files under `roots`, each once, and a problem for each root that is missing
    (or, for the data directory's `questions`, is not a folder)."""
    files: dict[Path, None] = {}
    problems: list[QuestionFileError] = []
    for root in roots:
        if not root.exists():
            problems.append(QuestionFileError(root, None, "no such file or folder"))
            continue
        if root.name == paths.QUESTIONS_FOLDER and not root.is_dir():
            problems.append(QuestionFileError(root, None, NOT_A_FOLDER))
            continue
        files.update(dict.fromkeys(discover(root)))
    return list(files), problems


def load_files(
    files: Iterable[Path],
    on_file: Callable[[int, int | None], None] | None = None,
    keep: Callable[[Path, Head], object] | None = None,
) -> Bank:
    """Load the given files into one bank, checking ids and sources across all of them.

    `on_file(done, total)` is called after each file (total None when `files` has no length),
    and `keep(path, head)` for each file that came from the cache.
    """
    total = len(files) if isinstance(files, Sized) else None
    loaded: list[Path] = []
    problems: list[QuestionFileError] = []
    seen: dict[str, Entry] = {}
    failed: dict[str, tuple[Path, int]] = {}  # ids of questions left out for a problem
    sources: dict[str, tuple[dict[str, Any], Path, int]] = {}
    for file in files:
        if on_file is not None and loaded:
            on_file(len(loaded), total)
        loaded.append(file)
        result = load_file(file, None if keep is None else partial(keep, file))
        problems.extend(result.problems)
        for name, (source, line) in result.sources.items():
            if name in sources and sources[name][0] != source:
                _, other_path, other_line = sources[name]
                problems.append(
                    QuestionFileError(
                        file, line, f"source '{name}' is also defined at {other_path}:{other_line}"
                    )
                )
            sources.setdefault(name, (source, file, line))
        # The usual case, no id met before, is settled by dict and set operations; the
        # loop that names duplicates only runs for a file that repeats an id. (Against
        # seen.keys(), not seen: with a plain dict isdisjoint walks all of it, every file.)
        fresh = {entry.id: entry for entry in result.entries}
        if (
            not result.failed
            and len(fresh) == len(result.entries)
            and fresh.keys().isdisjoint(seen.keys())
            and (not failed or fresh.keys().isdisjoint(failed.keys()))
        ):
            seen.update(fresh)
            continue
        _claim(file, result, seen, failed, problems)
    if on_file is not None:
        on_file(len(loaded), total)
    known = {name: value[0] for name, value in sources.items()}
    kept = list(seen.values())
    if not {entry.source for entry in kept} <= known.keys() | {None}:
        kept = _with_known_sources(kept, known, problems)
    return Bank(entries=kept, source_data=known, problems=problems, files=loaded)


def _claim(
    file: Path,
    result: FileResult,
    seen: dict[str, Entry],
    failed: dict[str, tuple[Path, int]],
    problems: list[QuestionFileError],
) -> None:
    """Record the ids of a file's questions, loaded or not, naming each one met before."""
    claims: list[tuple[int, str, Entry | None]] = [(e.line, e.id, e) for e in result.entries]
    claims += [(line, qid, None) for qid, line in result.failed]
    for line, qid, entry in sorted(claims, key=lambda claim: claim[0]):
        first = seen.get(qid)
        earlier = (first.path, first.line) if first is not None else failed.get(qid)
        if earlier is None or earlier == (file, line):
            if entry is not None:
                seen[qid] = entry
            else:
                failed[qid] = (file, line)
            continue
        if entry is not None and first is None:
            seen[qid] = entry  # the first copy that loads is the one kept
        problems.append(
            QuestionFileError(
                earlier[0], earlier[1], f"duplicate id '{qid}': also at {file}:{line}"
            )
        )
        problems.append(
            QuestionFileError(
                file, line, f"duplicate id '{qid}': also at {earlier[0]}:{earlier[1]}"
            )
        )


def _with_known_sources(
    entries: list[Entry], known: dict[str, Any], problems: list[QuestionFileError]
) -> list[Entry]:
    """The entries whose source is defined; a problem for each of the others."""
    kept: list[Entry] = []
    for entry in entries:
        cited = entry.source
        if cited is not None and cited not in known:
            close = difflib.get_close_matches(cited, list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                QuestionFileError(
                    entry.path,
                    entry.source_line or entry.line,
                    f"question '{entry.id}': unknown source '{cited}'{hint};"
                    f" sources are defined in a {SOURCES_FILE} beside the question files",
                    question_id=entry.id,
                )
            )
            continue
        kept.append(entry)
    return kept


def load_bank(
    extra: Sequence[Path] = (),
    *,
    builtin: bool = True,
    home: Path | None = None,
    strict: bool = True,
) -> Bank:
    """Load the shipped bank, the learner's own questions and any extra files or folders.

    Args:
        extra: more question files or folders (`--bank`).
        builtin: include the shipped bank.
        home: the data directory, whose `questions/` folder is loaded when present.
        strict: raise on any problem; otherwise skip bad files and keep `bank.problems`.

    Raises:
        BankError: when `strict` and any file has a problem.
        TrustquizError: when no questions could be loaded at all.
    """
    chosen = roots(extra, builtin, home)
    files, missing = expand(chosen)
    bank = bankrecord.read(chosen, files)
    if bank is None:
        heads: dict[Path, Head] = {}
        bank = load_files(files, keep=heads.__setitem__)
        bankrecord.write(chosen, files, bank, heads)
    bank.problems[:0] = missing
    if strict and bank.problems:
        raise BankError(bank.problems)
    if not bank.size() and not bank.problems:
        raise TrustquizError(
            "no questions found: the shipped bank is off and no --bank or"
            f" {paths.user_questions_dir(home or Path('$TRUSTQUIZ_HOME'))} files were given"
        )
    return bank
