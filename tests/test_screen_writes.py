"""A practice screen (feedback, the next question, its prompt) reaches the output in one write."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import NOW
from trustquiz.api import open_store
from trustquiz.bank.loader import load_bank
from trustquiz.session import Session
from trustquiz.view.console import make_console
from trustquiz.view.practice import TerminalUI


class Output(io.StringIO):
    """The console's file: what each write() call wrote."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


class Answers(io.StringIO):
    """Answers read one line at a time; notes how many writes came before each read."""

    def __init__(self, text: str, output: Output) -> None:
        super().__init__(text)
        self.output = output
        self.writes_before: list[int] = []

    def readline(self, size: int | None = -1, /) -> str:  # type: ignore[override]
        self.writes_before.append(len(self.output.writes))
        return super().readline(-1 if size is None else size)


def test_each_screen_is_one_write(small_bank: Path, home: Path) -> None:
    bank = load_bank([small_bank], builtin=False)
    output = Output()
    console = make_console(width=60)
    console.file = output
    answers = Answers("70%\nKABIL\n", output)
    ui = TerminalUI(console, bank, answers)
    cards = [card for card in bank.cards() if card.card_id in ("ncmm-outlay", "kabil")]
    with ui:
        Session(bank, open_store(home), ui, lambda: NOW).run(cards)
    assert answers.writes_before == [1, 2, 3]  # before each read, one write more
    first, second, third, last = output.writes
    assert first.startswith("\nQuestion 1 of 2") and first.endswith("quit): ")
    assert "Wrong." in second and "Question 2 of 2" in second and second.endswith("quit): ")
    assert "Right." in third and "Question 1 of 2 (again)" in third and third.endswith("quit): ")
    assert last == "\n"  # the end of input, written as the session ends


def test_with_no_terminal_the_screen_width_is_worked_out_once(
    small_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    console = make_console()  # no width given: rich asks the streams, then COLUMNS
    console.file = io.StringIO()
    bank = load_bank([small_bank])
    monkeypatch.setattr("os.isatty", lambda fd: fd == 2)  # stderr is a terminal
    TerminalUI(console, bank, io.StringIO(""))
    monkeypatch.setenv("COLUMNS", "70")
    assert console.width == 70  # a terminal's size can change: asked again
    monkeypatch.setattr("os.isatty", lambda fd: False)
    TerminalUI(console, bank, io.StringIO(""))
    monkeypatch.setenv("COLUMNS", "90")
    assert console.width == 70  # no terminal: the width found when the session began
