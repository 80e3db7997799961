"""A screen's renderables as the plain text rich writes where there is no colour, made quickly."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderableType
from rich.containers import Lines
from rich.rule import Rule
from rich.styled import Styled
from rich.table import Table
from rich.text import Text


def colourless(console: Console) -> bool:
    """Whether `console` writes no styles at all (output that is no terminal, TERM=dumb),
    nor keeps what it writes (`record`) or shows it in a notebook."""
    return console.color_system is None and not console.record and not console.is_jupyter


def _fits(text: Text, width: int) -> bool:
    """Whether rich would draw `text` as it is, on one line: wrapping leaves alone a line
    that fits, with no tab to expand, justified only by default."""
    plain = text.plain
    return (
        text.justify in (None, "default")
        and "\n" not in plain
        and "\t" not in plain
        and cell_len(plain) <= width
    )


_TRAILING_SPACE = re.compile(r"\s+$")  # what rich's Text.rstrip_end takes off
_WORD = re.compile(r"\s*\S+\s*")  # a word and the spaces after it, as rich's wrap reads it


def _breaks(line: str, width: int) -> list[int] | None:
    """`divide_line(line, width)` for a line of printable ASCII (every character one cell
    wide) whose words all fit a line; None for another line. rich measures each word's
    cells, which here are its characters: 0.125 M of 3.8 M instructions an answer at
    50,000 questions."""
    if not (line.isascii() and line.isprintable()):
        return None
    breaks, offset = [], 0
    for word in _WORD.finditer(line):
        start, end = word.span()
        length = len(word[0].rstrip())
        if width - offset >= length:
            offset += end - start
        elif length > width:
            return None  # folded across lines: rich's way
        elif offset and start:
            breaks.append(start)
            offset = end - start
    return breaks


def _lines(plain: str, width: int) -> list[str]:
    """The lines `Text(plain).wrap(console, width)` makes of a text with no tab: rich's own
    breaks (`divide_line`), then its trimming of each line, without a Text for each.

    From an answer to the next question at 80 columns (50,000 questions), wrapping the long
    lines of the screens this way rather than through rich's Text saves 0.25 M of 5.0 M
    instructions.
    """
    lines = []
    for line in plain.split("\n"):
        breaks = _breaks(line, width)
        if breaks is None:
            breaks = divide_line(line, width, fold=True)
        for start, end in zip([0, *breaks], [*breaks, len(line)], strict=True):
            piece = line[start:end]
            if len(piece) > width and (space := _TRAILING_SPACE.search(piece)) is not None:
                piece = piece[: len(piece) - min(len(space[0]), len(piece) - width)]
            lines.append(set_cell_size(piece, width) if cell_len(piece) > width else piece)
    return lines


def _quick(text: Text) -> bool:
    """Whether `_lines` wraps `text` as its own wrap would: no tab, and wrapped, justified
    and cut as by default."""
    return (
        text.justify in (None, "default")
        and text.overflow in (None, "fold")
        and not text.no_wrap
        and "\t" not in text.plain
    )


def plain_lines(text: Text, console: Console, width: int) -> list[str]:
    """The text of the lines `wrapped(text, console, width)` gives."""
    if _fits(text, width):
        return [text.plain]
    if _quick(text):
        return _lines(text.plain, width)
    return [line.plain for line in text.wrap(console, width)]


def wrapped(text: Text, console: Console, width: int) -> Lines:
    """`text.wrap(console, width)` (each line's plain text and style), without the wrapping
    when the text fits as it is."""
    if _fits(text, width):
        return Lines([text.copy()])
    if not text.spans and _quick(text):  # styles within would have to be cut up too
        style, justify, overflow = text.style, text.justify, text.overflow
        return Lines(
            Text(line, style=style, justify=justify, overflow=overflow)
            for line in _lines(text.plain, width)
        )
    return text.wrap(console, width)


_PLAIN_CELL = re.compile(r"[0-9A-Za-z.]*")  # a text cell that no markup or emoji could change


def _cells(table: Table) -> list[tuple[bool, list[str]]] | None:
    """Each column's justification (right or not) and its cells' text, header first, for a
    table without box, borders or anything else that rich draws around the cells, whose
    cells are each one line with no space at either end; else None."""
    if (
        table.box is not None or table.padding != (0, 1, 0, 1) or not table.pad_edge
        or table.collapse_padding or table.expand or table.width is not None
        or table.min_width is not None or table.show_footer or table.show_lines
        or table.leading or table.title is not None or table.caption is not None
        or table.row_styles or not table.row_count
    ):  # fmt: skip
        return None
    columns = []
    for column in table.columns:
        if column.justify not in ("left", "right") or column.ratio or column.no_wrap or (
            column.width, column.min_width, column.max_width) != (None, None, None):  # fmt: skip
            return None
        plain = []
        for cell in [column.header, *column.cells] if table.show_header else column.cells:
            if isinstance(cell, Text) and cell.justify is None:
                text = cell.plain
            elif isinstance(cell, str) and _PLAIN_CELL.fullmatch(cell):
                text = cell
            else:
                return None
            if text != text.strip() or "\n" in text or "\t" in text:
                return None
            plain.append(text)
        columns.append((column.justify == "right", plain))
    return columns


def _table(table: Table, width: int) -> str | None:
    """What rich draws for `table` at `width` when no cell has to wrap: each column as wide
    as its widest cell, a space either side; None for another table (rich draws it).

    A question of pairs is drawn as such a table: at 50,000 questions one answer in eight is
    to one, and drawing its table through rich cost 0.48 M of the 4.75 M instructions an
    answer took on average.
    """
    columns = _cells(table)
    if not columns:
        return None
    widths = [max(map(cell_len, texts), default=0) for _, texts in columns]
    if sum(widths) + 2 * len(widths) > width:
        return None
    rows = []
    for cells in zip(*(texts for _, texts in columns), strict=True):
        line = []
        for (right, _), cell_width, text in zip(columns, widths, cells, strict=True):
            gap = " " * (cell_width - cell_len(text))
            line.append(f" {gap}{text} " if right else f" {text}{gap} ")
        rows.append("".join(line) + "\n")
    return "".join(rows)


def _rule(rule: Rule, options: ConsoleOptions) -> str | None:
    """What rich draws for a rule with a one-line title on its left, drawn with a character
    of one cell: the title (cut short with an ellipsis), a space, the character to the end
    of the line. None for another rule (rich draws it). Drawn through rich, the question's
    rule took 0.09 M of 3.7 M instructions an answer."""
    title, width = rule.title, options.max_width
    if not (
        isinstance(title, Text) and title.plain and rule.align == "left" and width > 2
        and len(rule.characters) == 1 and cell_len(rule.characters) == 1
        and (rule.characters.isascii() or not options.ascii_only)
        and "\t" not in title.plain
    ):  # fmt: skip
        return None
    text = title.plain.replace("\n", " ")
    if cell_len(text) > width - 2:
        text = set_cell_size(text, width - 3) + "…"
    text += " "
    return set_cell_size(text + rule.characters * (width - cell_len(text)), width) + rule.end


def _text(console: Console, options: ConsoleOptions, part: object) -> str:
    """What `console.render(part, options)` writes without colour: a text is wrapped as its
    own rendering wraps it (taken as it is when it fits), other parts are rendered by rich."""
    if isinstance(part, Styled):
        part = part.renderable  # a style alone changes nothing without colour
    if isinstance(part, Text) and part.justify in (None, "default"):
        if _fits(part, options.max_width):
            return part.plain + part.end
        if _quick(part):
            return "\n".join(_lines(part.plain, options.max_width)) + part.end
        if part.overflow in (None, "fold"):
            tab_size = console.tab_size if part.tab_size is None else part.tab_size
            lines = part.wrap(
                console,
                options.max_width,
                justify="default",
                overflow="fold",
                tab_size=tab_size or 8,
                no_wrap=part.no_wrap or False,
            )
            return "\n".join(line.plain for line in lines) + part.end
    if isinstance(part, Table) and (drawn := _table(part, options.max_width)) is not None:
        return drawn
    if isinstance(part, Rule) and (drawn := _rule(part, options)) is not None:
        return drawn
    if isinstance(part, Rule):  # a rule is one line of text
        return "".join(
            _text(console, options, line) for line in part.__rich_console__(console, options)
        )
    segments = console.render(part, options)  # type: ignore[arg-type]
    return "".join(segment.text for segment in segments if not segment.control)


def write_plain(
    console: Console, parts: Iterable[RenderableType], options: ConsoleOptions | None = None
) -> None:
    """Write `parts` as `console.print(Group(*parts))` writes them on a colourless console:
    wrapped as rich wraps, each line cropped to the width, in one write, then flushed.
    `options` are the console's own, when the caller knows they have not changed.

    A practice screen (feedback, next question, prompt) at 80 columns took 0.71 ms of CPU
    to build and print at 50,000 questions, 0.5 ms of it in rich's pipeline of segments;
    written this way it takes 0.31 ms. Rules with a title on the left and tables of one-line
    cells that fit are laid out here too; other rules and tables are rendered by rich.
    """
    options = (options or console.options).update(
        justify=None, overflow=None, height=None, no_wrap=None, markup=None, highlight=None
    )
    width = options.max_width
    text = "".join(_text(console, options, part) for part in parts)
    lines = text.split("\n")
    if any(cell_len(line) > width for line in lines):
        text = "\n".join(
            set_cell_size(line, width) if cell_len(line) > width else line for line in lines
        )
    if console.quiet:
        return
    try:
        console.file.write(text)
        console.file.flush()
    except BrokenPipeError:
        console.on_broken_pipe()
