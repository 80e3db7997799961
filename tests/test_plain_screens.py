"""The quick drawing of practice screens without colour writes what rich's own drawing writes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich._wrap import divide_line
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.styled import Styled
from rich.table import Table
from rich.text import Text

from conftest import NOW, write
from trustquiz.bank.loader import Bank, load_bank
from trustquiz.kinds.grading import grade
from trustquiz.kinds.presentation import present
from trustquiz.session import keys_for
from trustquiz.view.console import make_console
from trustquiz.view.plain import _breaks, wrapped, write_plain
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


def _odd_parts() -> list[RenderableType]:
    """Parts that take every path: cropped, justified, unwrapped, styled, ruled, tabled."""
    table = Table("", "left", "right", box=None)
    table.add_row("1.", "a cell long enough to fold in a narrow table", "中文中文中文中文")
    return [
        Text("x" * 50, overflow="ignore"),
        Text("a short line", justify="right"),
        Text("centred words that wrap over more than one line", justify="center"),
        Text("full justified words that wrap over more than one line", justify="full"),
        Text("no wrap but longer than any line here", no_wrap=True),
        Text("ellipsis for a long line that does not fit", overflow="ellipsis"),
        Styled(Text("styled\ttext with a tab in it, long enough to wrap"), "yellow"),
        Rule(Text("a rule with a title longer than the line is wide"), align="left"),
        table,
        Text("the end", end=""),
    ]


@pytest.mark.parametrize("width", [20, 27, 80])
def test_every_kind_of_part_is_written_as_rich_writes_it(width: int) -> None:
    quick, slow = make_console(width=width), make_console(width=width)
    quick.file, slow.file = io.StringIO(), io.StringIO()
    write_plain(quick, _odd_parts())
    slow.print(Group(*_odd_parts()))
    assert quick.file.getvalue() == slow.file.getvalue()


# Spaces of every kind (a no-break space, a wide ideographic one), line breaks, wide
# characters, and words longer than a line.
PIECES = [" ", "   ", "\n", "\u00a0", "\u3000", "a", "word", "中文", "-", "a-long-hyphenated-word"]
WRAPPED_TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@given(WRAPPED_TEXT, st.integers(1, 40))
def test_a_text_is_wrapped_into_the_lines_rich_wraps_it_into(text: str, width: int) -> None:
    console = make_console(width=80)
    ours = wrapped(Text(text, style="dim"), console, width)
    theirs = Text(text, style="dim").wrap(console, width)
    assert [(line.plain, line.style) for line in ours] == [
        (line.plain, line.style) for line in theirs
    ]


ASCII_LINE = st.lists(st.sampled_from([" ", "   ", "a", "word", "x.", "a-long-hyphenated-word"]))


@given(ASCII_LINE.map("".join), st.integers(1, 30))
def test_a_line_of_ascii_breaks_where_rich_breaks_it(line: str, width: int) -> None:
    breaks = _breaks(line, width)
    assert breaks is None or breaks == divide_line(line, width, fold=True)
    if all(len(word.rstrip()) <= width for word in re.findall(r"\s*\S+\s*", line)):
        assert breaks is not None  # only a word longer than a line is left to rich


@given(WRAPPED_TEXT, st.integers(20, 40))
def test_a_text_is_written_as_rich_writes_it(text: str, width: int) -> None:
    quick, slow = make_console(width=width), make_console(width=width)
    quick.file, slow.file = io.StringIO(), io.StringIO()
    write_plain(quick, [Text(text)])
    slow.print(Text(text))
    assert quick.file.getvalue() == slow.file.getvalue()


CELLS = st.lists(st.sampled_from(["a", "word", "中文", " ", "-", "[b]", "\n"]), max_size=8).map(
    "".join
)


@given(
    st.lists(st.tuples(CELLS, CELLS), min_size=1, max_size=4),
    st.none() | st.tuples(CELLS, CELLS),
    st.integers(20, 60),
)
def test_a_table_of_pairs_is_written_as_rich_writes_it(
    rows: list[tuple[str, str]], headers: tuple[str, str] | None, width: int
) -> None:
    def table() -> Table:
        drawn = Table(show_header=headers is not None, box=None, padding=(0, 1))
        drawn.add_column("", justify="right")
        drawn.add_column(Text((headers or ("", ""))[0]), overflow="fold")
        drawn.add_column(Text((headers or ("", ""))[1]), overflow="fold")
        for number, (a, b) in enumerate(rows, start=1):
            drawn.add_row(f"{number**3}.", Text(a), Text(b))  # 1., 8., 27.: right-justified
        return drawn

    quick, slow = make_console(width=width), make_console(width=width)
    quick.file, slow.file = io.StringIO(), io.StringIO()
    write_plain(quick, [table()])
    slow.print(table())
    assert quick.file.getvalue() == slow.file.getvalue()


@given(WRAPPED_TEXT, st.integers(20, 40), st.sampled_from(["─", "=", "中"]))
def test_a_rule_with_a_title_is_written_as_rich_writes_it(
    title: str, width: int, characters: str
) -> None:
    quick, slow = make_console(width=width), make_console(width=width)
    quick.file, slow.file = io.StringIO(), io.StringIO()
    write_plain(quick, [Rule(Text(title), characters=characters, align="left")])
    slow.print(Rule(Text(title), characters=characters, align="left"))
    assert quick.file.getvalue() == slow.file.getvalue()
