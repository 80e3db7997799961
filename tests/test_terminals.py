"""Any terminal: encodings that cannot show `₹` or `✓`, and widths that make no sense."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import write
from test_installed import trustquiz_command
from trustquiz.streams import ascii_for

NARROW_ENCODINGS = {
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "LANG=C": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}


def _trustquiz(args: list[str], env: dict[str, str], answers: bytes = b"") -> tuple[int, str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL")}
    done = subprocess.run(
        [*trustquiz_command(), *args],
        input=answers,
        capture_output=True,
        env={**base, "NO_COLOR": "1", **env},
        timeout=60,
    )
    encoding = env.get("PYTHONIOENCODING", "ascii" if "LANG" in env else "utf-8")
    return done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding)


@pytest.mark.parametrize("name", NARROW_ENCODINGS)
def test_practice_on_a_narrow_encoding_shows_every_feedback_before_the_next_question(
    name: str, small_bank: Path
) -> None:
    env = NARROW_ENCODINGS[name]
    answers = b"16300 crore\nc\nb\n"  # right, then two wrong answers
    args = ["practice", "--no-builtin", "--bank", str(small_bank)]
    status, out, errors = _trustquiz(args, env, answers)
    assert (status, errors) == (0, "")
    asked = out.split("\nQuestion ")[1:]
    assert [chunk.split(" of ")[0] for chunk in asked[:4]] == ["1", "2", "3", "4"]
    for chunk in asked[:3]:  # each answer's feedback comes before the next question
        assert "\nv Right. " in chunk or "\nx Wrong. The answer is " in chunk, chunk
    assert "Rs 16,300 crore" in out  # no ₹ in Latin-1 or ASCII
    assert "Session saved: 3 answered" in out


@pytest.mark.parametrize("name", NARROW_ENCODINGS)
@pytest.mark.parametrize("args", [["stats"], ["list"], ["check"], ["doctor"]], ids=" ".join)
def test_reports_on_a_narrow_encoding_degrade_to_what_it_can_show(
    name: str, args: list[str]
) -> None:
    status, out, errors = _trustquiz(args, NARROW_ENCODINGS[name])
    assert (status, errors) == (0, "")
    assert out.strip()


def test_the_ascii_spellings_of_the_characters_trustquiz_prints() -> None:
    assert [ascii_for(char) for char in "₹✓✗·—é█▁─┼\u0915"] == [
        "Rs ", "v", "x", "-", "--", "e", "#", "_", "-", "+", "?",
    ]  # fmt: skip


@pytest.mark.parametrize("columns", ["0", "1", "5", "-3", "abc", " ", "10000000"])
def test_an_unusable_columns_falls_back_to_80(columns: str, small_bank: Path) -> None:
    args = ["practice", "--no-builtin", "--bank", str(small_bank), "--limit", "1"]
    status, out, errors = _trustquiz(args, {"COLUMNS": columns}, b"16300 crore\n")
    assert (status, errors) == (0, "")
    title = next(line for line in out.splitlines() if line.startswith("Question 1 of 1"))
    assert len(title) == 80
    assert "Outlay of the National Critical Minerals Mission?" in out
    assert "✓ Right. ₹16,300 crore" in out


def test_a_usable_columns_is_kept(small_bank: Path) -> None:
    args = ["practice", "--no-builtin", "--bank", str(small_bank), "--limit", "1"]
    status, out, _ = _trustquiz(args, {"COLUMNS": "40"}, b"q\n")
    title = next(line for line in out.splitlines() if line.startswith("Question 1 of 1"))
    assert (status, len(title)) == (0, 40)


@pytest.mark.parametrize("args", [["list", "--json"], ["stats", "--json"]], ids=" ".join)
def test_json_on_a_narrow_encoding_is_escaped_not_respelled(
    args: list[str], tmp_path: Path
) -> None:
    bank = write(tmp_path / "bank.toml", RUPEE_BANK)
    command = [*args, "--no-builtin", "--bank", str(bank)]
    status, wide, _ = _trustquiz(command, {})
    assert status == 0 and "₹ and trade" in wide
    status, narrow, errors = _trustquiz(command, NARROW_ENCODINGS["ascii"])
    assert (status, errors) == (0, "")
    assert "\\u20b9 and trade" in narrow
    assert json.loads(narrow) == json.loads(wide)


RUPEE_BANK = """
[[questions]]
id = "rupee"
kind = "truefalse"
topic = "₹ and trade"
prompt = "The rupee sign is ₹."
answer = true
"""
