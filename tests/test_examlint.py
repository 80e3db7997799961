"""`trustquiz check`'s exam-craft warnings, each with its exact text and line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import run, write
from trustquiz.bank.examlint import last_only_false, position_shares, publisher_names
from trustquiz.bank.lint import check_bank

SOURCES = """
[sources.notes-a]
title = "Daily notes"
publisher = "Alpha Academy (daily topics)"
date = 2025-02-15

[sources.record]
title = "A release"
publisher = "The White House and India's Ministry of External Affairs"
date = 2025-02-13
"""

BALANCED = [(True, False, True), (False, True, False), (True, False, False), (False, True, True)]


def statements(qid: str, truths: tuple[bool, ...], extra: str = "") -> str:
    items = ", ".join(
        f'{{ text = "{qid} statement {n}", correct = {str(t).lower()} }}'
        for n, t in enumerate(truths, 1)
    )
    return (
        f'[[questions]]\nid = "{qid}"\nkind = "statements"\ntopic = "T"\nask = "how-many"\n'
        f'explanation = "E."\n{extra}statements = [{items}]\n\n'
    )


def warnings_of(*paths: Path) -> list[str]:
    bank = check_bank(paths, builtin=False)
    assert bank.problems == []
    return [f"{w.location()}: warning: {w.message}" for w in bank.warnings]


BIASED = (
    "position 1 is true in 10 of 10 (100%); position 2 is true in 10 of 10 (100%); the last"
    " item is the only false one in 10 of the 10 with a false item (100%); keep each position"
    " true in at most 60% and vary which item is false, or set shuffle_items = true"
)


def test_a_file_with_enough_questions_is_judged_alone(tmp_path: Path) -> None:
    text = "".join(statements(f"q{n}", (True, True, False)) for n in range(10))
    path = write(tmp_path / "a.toml", text)
    assert warnings_of(path) == [
        f"{path}:1: warning: statement truth is position-biased in this file"
        f" (10 statements/pairs questions): {BIASED}"
    ]


def test_smaller_files_are_judged_together_as_the_bank(tmp_path: Path) -> None:
    first = write(
        tmp_path / "a.toml", "".join(statements(f"a{n}", (True, True, False)) for n in range(5))
    )
    second = write(
        tmp_path / "b.toml", "".join(statements(f"b{n}", (True, True, False)) for n in range(5))
    )
    assert warnings_of(first, second) == [
        f"{first}:1: warning: statement truth is position-biased in the bank"
        f" (10 statements/pairs questions): {BIASED}"
    ]
    # Nine questions are no pattern yet.
    assert (
        warnings_of(
            write(
                tmp_path / "c.toml",
                "".join(statements(f"c{n}", (True, True, False)) for n in range(9)),
            )
        )
        == []
    )


def test_a_biased_file_beside_a_balanced_rest(tmp_path: Path) -> None:
    biased = write(
        tmp_path / "a.toml", "".join(statements(f"a{n}", (True, True, False)) for n in range(10))
    )
    rest = [write(tmp_path / f"r{n}.toml", statements(f"r{n}", BALANCED[n % 4])) for n in range(12)]
    found = warnings_of(biased, *rest)
    assert [line.split(": warning: ")[1][:60] for line in found] == [
        "statement truth is position-biased in this file (10 statemen"
    ]
    skewed = [
        write(tmp_path / f"s{n}.toml", statements(f"s{n}", (True, False, True))) for n in range(10)
    ]
    assert warnings_of(biased, *skewed)[1] == (
        f"{skewed[0]}:1: warning: statement truth is position-biased in the rest of the bank"
        " (10 statements/pairs questions): position 1 is true in 10 of 10 (100%); position 3"
        " is true in 10 of 10 (100%); keep each position true in at most 60% and vary which"
        " item is false, or set shuffle_items = true"
    )


def test_balanced_statements_are_clean(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.toml", "".join(statements(f"q{n}", BALANCED[n % 4]) for n in range(12))
    )
    assert warnings_of(path) == []


def test_position_figures() -> None:
    truths = [[True, True, False], [True, False, True], [False, True], [True, True, True, False]]
    assert position_shares(truths) == {1: (3, 4), 2: (3, 4), 3: (2, 3), 4: (0, 1)}
    assert last_only_false(truths) == (2, 4)


NUMERIC = """
[[questions]]
id = "ree-share"
kind = "numeric"
topic = "T"
prompt = "China's share of rare earth production?"
answer = "70%"
tolerance = "2"
explanation = "E."

[[questions]]
id = "silicon-share"
kind = "numeric"
topic = "T"
prompt = "China's share of silicon processing?"
answer = "68%"
explanation = "E."

[[questions]]
id = "deposits"
kind = "numeric"
topic = "T"
prompt = "How many new deposits?"
answer = "69"
explanation = "E."
"""


def test_a_tolerance_that_admits_another_answer_of_the_same_unit(tmp_path: Path) -> None:
    path = write(tmp_path / "n.toml", NUMERIC)
    assert warnings_of(path) == [
        f"{path}:7: warning: question 'ree-share': tolerance '2' around 70% admits 68%, the"
        f" answer of 'silicon-share' ({path}:10); narrow it so the two facts stay apart"
    ]
    relative = write(tmp_path / "r.toml", NUMERIC.replace('tolerance = "2"', 'tolerance = "1%"'))
    assert warnings_of(relative) == []  # 1% of 70 is 0.7 points; 69 is a plain number


MCQ = """
[[questions]]
id = "long-key"
kind = "mcq"
topic = "T"
prompt = "Why does India join the MSP?"
options = [
  "Textiles",
  "To secure diversified and resilient supply chains of critical minerals",
  "Tourism",
  "To sell coal",
]
answer = "b"
explanation = "E."
"""


def test_an_mcq_whose_key_is_by_far_the_longest_option(tmp_path: Path) -> None:
    path = write(tmp_path / "m.toml", MCQ)
    assert warnings_of(path) == [
        f"{path}:6: warning: question 'long-key': the key is by far the longest option (70"
        " characters, the longest other 12): it can be picked unread; shorten it or lengthen"
        " the distractors"
    ]
    # 1.5 times the longest distractor, but not 20 characters longer: fine.
    short = write(
        tmp_path / "s.toml",
        MCQ.replace(
            "To secure diversified and resilient supply chains of critical minerals",
            "Supply chains now",
        ),
    )
    assert warnings_of(short) == []


NAMING = """
[[questions]]
id = "named"
kind = "truefalse"
topic = "T"
explanation = "E."
prompt = "According to Alpha Academy, the mission runs for seven years."
answer = true

[[questions]]
id = "compared"
kind = "truefalse"
topic = "T"
tags = ["source-comparison"]
explanation = "E."
prompt = "Alpha Academy and the White House give the same year."
answer = true

[[questions]]
id = "pairs-named"
kind = "pairs"
topic = "T"
explanation = "E."
pairs = [
  { left = "Gallium", right = "Chips", correct = true },
  { left = "Terbium", right = "Imaging, per the white house", correct = true },
  { left = "Cobalt", right = "Batteries", correct = false },
]
"""


def test_asked_text_naming_a_publisher(tmp_path: Path) -> None:
    write(tmp_path / "sources.toml", SOURCES)
    path = write(tmp_path / "q.toml", NAMING)
    assert warnings_of(tmp_path) == [
        f"{path}:6: warning: question 'named': the asked text names 'Alpha Academy', the"
        " publisher of a source; the exam never names one: drop it, or tag the question"
        " source-comparison or source-disagreement if it is about the sources",
        f"{path}:25: warning: question 'pairs-named': the asked text names 'White House', the"
        " publisher of a source; the exam never names one: drop it, or tag the question"
        " source-comparison or source-disagreement if it is about the sources",
    ]


def test_publisher_names() -> None:
    assert publisher_names("OptimizeIAS (DPN Topics)") == ["OptimizeIAS"]
    assert publisher_names("Target PT current-affairs notes") == ["Target PT"]
    assert publisher_names("The White House and India's Ministry of External Affairs") == [
        "White House",
        "Ministry of External Affairs",
    ]
    assert publisher_names("Ministry of Mines, Government of India (Union Cabinet)") == [
        "Ministry of Mines"
    ]
    assert publisher_names("my own notes") == []


def test_warnings_print_and_do_not_fail_check(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "m.toml", MCQ)
    result = run(runner, "check", "--no-builtin", str(path))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{path}:6: warning: question 'long-key': the key is by far the longest option (70"
        " characters, the longest other 12): it can be picked unread; shorten it or lengthen"
        " the distractors",
        "ok: 1 questions in 1 files (1 warnings)",
    ]
    report = json.loads(run(runner, "check", "--no-builtin", str(path), "--json").stdout)
    assert report["ok"] is True
    assert [(p["line"], p["id"], p["severity"]) for p in report["problems"]] == [
        (6, "long-key", "warning")
    ]


def test_the_shipped_bank_is_clean(runner: CliRunner) -> None:
    result = run(runner, "check")
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: ") and "warning" not in result.stdout
