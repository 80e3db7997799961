"""Forgiving text comparison: case, accents, punctuation, British/American spelling, one typo."""

from __future__ import annotations

import re
import unicodedata

_SPELLING = [
    (re.compile(r"isation\b"), "ization"),
    (re.compile(r"is(e|ed|es|ing)\b"), r"iz\1"),
    (re.compile(r"(?<=\w{3})our\b"), "or"),
    (re.compile(r"(?<=\w{2})tre\b"), "ter"),
    (re.compile(r"\bprogramme"), "program"),
    (re.compile(r"\b(defen|licen|offen)ce\b"), r"\1se"),
    (re.compile(r"ogue\b"), "og"),
]
_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")


def normalise_text(text: str) -> str:
    """Fold case, accents, punctuation, spacing and British/American spelling."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():  # accents are combining marks, never ASCII
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"(?<=\d),(?=\d)", "", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
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


def match_text(response: str, accepted: list[str]) -> tuple[bool, str | None]:
    """Match a typed answer against accepted answers; return (right, note about a typo)."""
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
            return True, f"accepted with a typo: the spelling is '{original}'"
    return False, None
