"""The quick drawing of practice screens without colour writes what rich's own drawing writes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import NOW, write
from trustquiz.bank.loader import Bank, load_bank
from trustquiz.kinds.grading import grade
from trustquiz.kinds.presentation import present
from trustquiz.session import keys_for
from trustquiz.view.console import make_console
from trustquiz.view.practice import TerminalUI

# Text that wraps oddly: wide characters, a word longer than any line, runs of spaces,
# trailing spaces, tabs, newlines, control and bidi characters, rich markup.
PROMPT = (
    r"Which\tone?  Two  spaces,   three,\nand a new line; "
    + "中文字符的问题很长很长很长很长很长很长很长很长很长很长 trailing   "
)
LONG_WORD = (
    "Supercalifragilisticexpialidocious-antidisestablishmentarianism-floccinaucinihilipilification"
)
SECOND = "A second paragraph  with  spaces  that  goes on long enough to wrap at 80 columns."
STATEMENT = "bold and a statement long enough that it has to wrap under its number"
AWKWARD = rf"""
[[questions]]
id = "awkward-mcq"
kind = "mcq"
topic = "[bold]Topic[/] \u001b[31m with a title long enough to be cut short at narrow widths ok"
prompt = "{PROMPT}"
options = [
  "{LONG_WORD}",
  "[red]B[/red] \u202eevil",
  "C\rD   ",
  "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k",
]
answer = "a"
shuffle = false
explanation = "Bell \u0007 and [blink]markup[/blink].\n\n{SECOND}"

[[questions]]
id = "awkward-statements"
kind = "statements"
topic = "t"
ask = "which"
statements = [
  {{ text = "\u001b[1m{STATEMENT}", correct = true, why = "[i]why[/i] {"中文" * 14}" }},
  {{ text = "plain", correct = false, why = "because\tof a tab" }},
]
explanation = "Fine."
"""


def _screens(bank: Bank, width: int, plain: bool) -> list[str]:
    console = make_console(width=width)
    console.file = output = io.StringIO()
    ui = TerminalUI(console, bank, io.StringIO(""))
    assert ui.plain  # a StringIO is no terminal
    ui.plain = plain
    screens = []
    for number, card in enumerate(bank.cards(), start=1):
        presented = present(card, seed=f"s|{number}")
        ui.show_question(presented, number, 99, changed=number % 3 == 0, again=number % 4 == 0)
        ui.show_keys(keys_for(presented))
        for answer in ("a", "b", "16300 crore"):
            verdict = grade(presented, answer, bank.known_terms)
            if not verdict.unreadable:
                ui.show_feedback(presented, verdict, None, NOW)
        ui.show_notice("Skipped; it stays as it was.")
        ui.flush()
        screens.append(output.getvalue())
        output.seek(0)
        output.truncate()
    return screens


@pytest.mark.parametrize("width", [20, 33, 60, 80, 131])
def test_plain_screens_are_rich_screens(width: int, small_bank: Path, tmp_path: Path) -> None:
    awkward = write(tmp_path / "awkward.toml", AWKWARD)
    bank = load_bank([small_bank, awkward], builtin=True)
    quick, slow = _screens(bank, width, True), _screens(bank, width, False)
    assert len(quick) > 100  # the built-in bank: every kind of question
    assert quick == slow
    assert "中文" in "".join(quick) and "\x1b" not in "".join(quick)
