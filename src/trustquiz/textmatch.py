"""Forgiving text comparison: case, accents, punctuation, British/American spelling, one typo
that is not itself another known term, and (where allowed) an answer within a longer one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

_SPELLING = [
    (re.compile(r"isation\b"), "ization"),
    (re.compile(r"is(e|ed|es|ing)\b"), r"iz\1"),
    (re.compile(r"(?<=\w{3})our\b"), "or"),
    (re.compile(r"(?<=\w{2})tre\b"), "ter"),
    (re.compile(r"\bprogramme"), "program"),
    (re.compile(r"\b(defen|licen|offen)ce\b"), r"\1se"),
    (re.compile(r"ogue\b"), "og"),
]
# Every place a spelling rule can apply: most texts have none, and one search is much
# cheaper than the seven substitutions (measured: 36 µs -> 8 µs for a three-word term, which
# counts when a large bank's terms are gathered).
_SPELLING_ANY = re.compile(r"(?:isation|is(?:e|ed|es|ing)|our|tre|ce|ogue)\b|\bprogramme")
_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Fold case, accents, punctuation, spacing and British/American spelling."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():  # accents are combining marks, never ASCII
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = text.replace("&", " and ")
    text = _DIGIT_COMMA.sub("", text)
    text = _PUNCTUATION.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if _SPELLING_ANY.search(text):
        for pattern, replacement in _SPELLING:
            text = pattern.sub(replacement, text)
    return _LEADING_ARTICLE.sub("", text)


def _within_one_edit(a: str, b: str) -> bool:
    """True when `a` becomes `b` by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


TYPO_MIN_LENGTH = 6
_TERMS_FILE = "data/known-terms.txt"


@cache
def builtin_terms() -> frozenset[str]:
    """The shipped list of known terms (the chemical elements, minerals, common exam terms),
    normalised; read on first use, so that only grading a typed answer pays for it."""
    text = resources.files("trustquiz").joinpath(_TERMS_FILE).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(normalise_text(line) for line in lines if line and not line.startswith("#"))


class KnownTerms:
    """Terms a typed answer may be, besides the accepted ones: the built-in list, plus the
    normalised terms `extra` yields (a bank's own answers and options), gathered the first
    time it is asked."""

    def __init__(self, extra: Callable[[], Iterable[str]] | None = None) -> None:
        self._extra = extra
        self._terms: frozenset[str] | None = None
        self._longest: int | None = None

    def _all(self) -> frozenset[str]:
        if self._terms is None:
            own = self._extra() if self._extra else ()
            self._terms = builtin_terms().union(own)
        return self._terms

    def __contains__(self, normalised: object) -> bool:
        return normalised in self._all()

    def longest(self) -> int:
        """The most words any term has."""
        if self._longest is None:
            self._longest = max((term.count(" ") + 1 for term in self._all()), default=1)
        return self._longest


BUILTIN_TERMS = KnownTerms()


def match_text(
    response: str, accepted: list[str], known: KnownTerms = BUILTIN_TERMS
) -> tuple[bool, str | None]:
    """Match a typed answer against accepted answers; return (right, note about a typo).

    A response one edit from an answer is a typo, unless it is itself another known term
    ("erbium" is not a misspelling of "terbium").
    """
    got = normalise_text(response)
    if not got:
        return False, None
    wanted = [normalise_text(a) for a in accepted]
    if got in wanted:
        return True, None
    for original, norm in zip(accepted, wanted, strict=True):
        if (
            len(norm) >= TYPO_MIN_LENGTH
            and re.findall(r"\d+", norm) == re.findall(r"\d+", got)
            and _within_one_edit(got, norm)
        ):
            if got in known:
                return (
                    False,
                    f"'{response.strip()}' is another term, not a misspelling of '{original}'",
                )
            return True, f"accepted with a typo: the spelling is '{original}'"
    return False, None


# Words that turn a containing answer around ("not the Ministry of Finance"); "n't" is
# normalised to a separate "t".
NEGATIONS = frozenset(
    {"not", "no", "never", "neither", "nor", "non", "without", "except", "excluding", "t"}
)


def _known_inside(words: list[str], known: KnownTerms, allowed: set[str]) -> str | None:
    """The first known term, other than `allowed`, that is a run of `words`."""
    longest = min(known.longest(), len(words))
    for size in range(longest, 0, -1):
        for start in range(len(words) - size + 1):
            run = " ".join(words[start : start + size])
            if run in known and run not in allowed:
                return run
    return None


def match_containing(
    response: str, accepted: list[str], known: KnownTerms = BUILTIN_TERMS
) -> tuple[bool, str | None]:
    """Accept a longer answer that holds an accepted one as whole words ("Ministry of
    Finance" for "Finance"), unless it holds a negation, or its other words name another
    known term; return (right, note).
    """
    words = normalise_text(response).split()
    negation = next((word for word in words if word in NEGATIONS), None)
    wanted = [normalise_text(a) for a in accepted]
    # Terms the accepted answers are made of are no other term ("rare earths" holds "rare").
    allowed = set(wanted) | {word for answer in wanted for word in answer.split()}
    for original, norm in zip(accepted, wanted, strict=True):
        key = norm.split()
        for start in range(len(words) - len(key) + 1):
            if not key or words[start : start + len(key)] != key:
                continue
            if negation is not None:
                shown = "n't" if negation == "t" else negation
                return False, f"it holds '{original}', but also '{shown}'"
            for part in (words[:start], words[start + len(key) :]):
                other = _known_inside(part, known, allowed) if part else None
                if other is not None:
                    return False, f"it holds '{original}', but also names '{other}'"
            return True, f"accepted: it holds the answer, '{original}'"
    return False, None
