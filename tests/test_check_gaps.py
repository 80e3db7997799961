"""`check` reports every duplicate, points at the right key, hints at pasted quotes and Python
booleans, and mentions detached history in plain text too."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import SMALL_BANK, run, write
from trustquiz.bank.loader import load_files

GOOD = '[[questions]]\nid = "{id}"\nkind = "text"\ntopic = "t"\nprompt = "p"\nanswer = "a"\n\n'
BROKEN = '[[questions]]\nid = "{id}"\nkind = "text"\ntopic = "t"\nprompt = "p"\nanswr = "a"\n\n'


def problems(*paths: Path) -> list[str]:
    return [str(p) for p in load_files(paths).problems]


def test_a_duplicate_is_reported_whatever_else_is_wrong_with_either_copy(tmp_path: Path) -> None:
    first = write(tmp_path / "a.toml", GOOD.format(id="x") + BROKEN.format(id="y"))
    second = write(tmp_path / "b.toml", BROKEN.format(id="x") + GOOD.format(id="y"))
    expected = [
        f"{first}:13: question 'y': unknown key 'answr' (did you mean 'answer'?)",
        f"{first}:8: question 'y': missing key 'answer' for a text question",
        f"{second}:6: question 'x': unknown key 'answr' (did you mean 'answer'?)",
        f"{second}:1: question 'x': missing key 'answer' for a text question",
        f"{first}:1: duplicate id 'x': also at {second}:1",
        f"{second}:1: duplicate id 'x': also at {first}:1",
        f"{first}:8: duplicate id 'y': also at {second}:8",
        f"{second}:8: duplicate id 'y': also at {first}:8",
    ]
    assert sorted(problems(first, second)) == sorted(expected)
    # Read back from the bank cache, the left-out copies still claim their ids.
    assert sorted(problems(first, second)) == sorted(expected)
    both_broken = write(tmp_path / "c.toml", BROKEN.format(id="z") + BROKEN.format(id="z"))
    assert [p for p in problems(both_broken) if ": duplicate id" in p] == [
        f"{both_broken}:1: duplicate id 'z': also at {both_broken}:8",
        f"{both_broken}:8: duplicate id 'z': also at {both_broken}:1",
    ]


NUMERIC = (
    '[[questions]]\nid = "n"\nkind = "numeric"\ntopic = "t"\nprompt = "p"\nanswer = "70%"\n'
    "tolerance = {tolerance}\n"
)


def test_a_bad_tolerance_is_reported_at_its_own_key(tmp_path: Path) -> None:
    path = write(tmp_path / "n.toml", NUMERIC.format(tolerance='"about two"'))
    assert problems(path) == [
        f"{path}:7: question 'n': tolerance 'about two': cannot read 'two' as a number"
        " (write 'N%' for a share of the answer, or an amount in its unit)"
    ]
    path = write(tmp_path / "n.toml", NUMERIC.format(tolerance='"$2"'))
    assert problems(path) == [
        f"{path}:7: question 'n': tolerance '$2' is not in the answer's unit (write 'N%' for a"
        " share of the answer, or an amount in its unit)"
    ]
    bad_answer = write(tmp_path / "a.toml", NUMERIC.format(tolerance='"2"').replace("70%", "lots"))
    assert problems(bad_answer) == [f"{bad_answer}:6: question 'n': cannot read 'lots' as a number"]


def test_curly_quotes_and_python_booleans_get_a_hint(tmp_path: Path) -> None:
    curly = write(tmp_path / "c.toml", '[[questions]]\nid = "a"\nprompt = \u201cWhat?\u201d\n')
    assert problems(curly) == [
        f"{curly}:3: TOML syntax error: Invalid value (column 10); the line has curly quotes"
        " (\u201c \u201d \u2018 \u2019, as Word and WhatsApp write them): type straight ones,"
        " \" or '"
    ]
    single = write(tmp_path / "s.toml", "[[questions]]\nid = \u2018a\u2019\n")
    assert problems(single)[0].endswith("type straight ones, \" or '")
    python = write(
        tmp_path / "p.toml",
        '[[questions]]\nid = "a"\nkind = "truefalse"\nanswer = True\n',
    )
    assert problems(python) == [
        f"{python}:4: TOML syntax error: Invalid value (column 10); write true in lowercase,"
        " as TOML does, not True"
    ]
    inline = write(
        tmp_path / "i.toml",
        '[[questions]]\nstatements = [{ text = "a", correct = False }]\n',
    )
    assert problems(inline)[0].endswith("write false in lowercase, as TOML does, not False")


def test_plain_check_mentions_detached_history(runner: CliRunner, tmp_path: Path) -> None:
    bank = write(tmp_path / "b.toml", SMALL_BANK)
    args = ("--no-builtin", "--bank", str(bank))
    run(runner, "practice", *args, "--id", "kabil", input="KABIL\n")
    run(runner, "practice", *args, "--id", "ree-share", input="a\n")
    assert run(runner, "check", *args).stdout == "ok: 4 questions in 1 files\n"
    bank.write_text(SMALL_BANK.split('[[questions]]\nid = "kabil"')[0])
    result = run(runner, "check", *args)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "ok: 1 questions in 1 files",
        "note: detached history: your progress has 2 ids no longer in the bank: 'kabil'"
        " (1 review), 'ree-share' (1 review); the reviews stay in the log, and come back if a"
        " question takes that id again (give a renamed question its old id back)",
    ]
    # Files checked alone are not the bank: nothing is said about the rest of the progress.
    assert "detached" not in run(runner, "check", "--no-builtin", str(bank)).stdout


def test_a_long_detached_list_names_five_and_counts_the_rest() -> None:
    from trustquiz.commands.check import Orphan, detached_note

    note = detached_note([Orphan(f"q{n}", n) for n in range(1, 8)])
    assert note.startswith(
        "note: detached history: your progress has 7 ids no longer in the bank: 'q1' (1"
        " review), 'q2' (2 reviews), 'q3' (3 reviews), 'q4' (4 reviews), 'q5' (5 reviews)"
        " and 2 more (all in check --json); "
    )
