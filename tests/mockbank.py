"""A bank of known answers for the mock tests: every question's right option is `a`."""

from __future__ import annotations

from pathlib import Path

from conftest import write


def known_bank(folder: Path, alpha: int = 6, beta: int = 4) -> Path:
    """`alpha` mcq questions of topic Alpha and `beta` of Beta, none shuffled, all answered a;
    plus questions a mock must leave out (truefalse, text, a source comparison)."""
    parts = []
    for topic, count in (("Alpha", alpha), ("Beta", beta)):
        for n in range(1, count + 1):
            parts.append(
                f"""
[[questions]]
id = "{topic.lower()}-{n}"
kind = "mcq"
topic = "{topic}"
prompt = "{topic} question {n}?"
options = ["Right {n}", "Wrong {n}b", "Wrong {n}c", "Wrong {n}d"]
answer = "a"
shuffle = false
explanation = "Because {n}."
"""
            )
    parts.append(
        """
[[questions]]
id = "left-out-tf"
kind = "truefalse"
topic = "Alpha"
prompt = "Left out."
answer = true

[[questions]]
id = "left-out-comparison"
kind = "mcq"
topic = "Alpha"
tags = ["source-comparison"]
prompt = "What does one page say against the other?"
options = ["A", "B", "C", "D"]
answer = "a"
"""
    )
    return write(folder / "known.toml", "".join(parts))
