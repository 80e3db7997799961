"""Choosing what to ask, and the loop that asks it, with a scripted UI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import NOW, write
from indexfiles import covered_lines
from trustquiz.api import open_store
from trustquiz.bank.loader import load_bank
from trustquiz.errors import TrustquizError
from trustquiz.kinds.grading import Grade
from trustquiz.kinds.presentation import Presented
from trustquiz.selection import Selection, select_cards
from trustquiz.session import Session
from trustquiz.store.state import CardState


class ScriptedUI:
    """Answers from a list; records what was shown."""

    def __init__(self, answers: list[str], interrupt_after: int | None = None) -> None:
        self.answers = answers
        self.shown: list[str] = []
        self.verdicts: list[bool] = []
        self.interrupt_after = interrupt_after
        self.notices: list[str] = []

    def show_question(
        self, presented: Presented, number: int, total: int, changed: bool, again: bool = False
    ) -> None:
        self.shown.append(presented.card.card_id)

    def read_answer(self, presented: Presented, waiting: Callable[[], None]) -> str | None:
        waiting()
        if self.interrupt_after is not None and len(self.verdicts) == self.interrupt_after:
            raise KeyboardInterrupt
        return self.answers.pop(0) if self.answers else None

    def show_feedback(
        self, presented: Presented, verdict: Grade, state: CardState | None, now: datetime
    ) -> None:
        self.verdicts.append(verdict.correct)

    def show_notice(self, text: str) -> None:
        self.notices.append(text)

    def show_keys(self, keys: tuple[tuple[str, str], ...]) -> None:
        self.notices.append("keys")


def many_topics(tmp_path: Path) -> Path:
    blocks = []
    for topic in ("A", "B"):
        for n in range(3):
            blocks.append(
                f'[[questions]]\nid = "{topic.lower()}{n}"\nkind = "truefalse"\n'
                f'topic = "{topic}"\nprompt = "Claim {topic}{n}"\nanswer = true\n'
            )
    return write(tmp_path / "many.toml", "\n".join(blocks))


def test_new_cards_interleave_topics_and_respect_limits(tmp_path: Path, home: Path) -> None:
    bank = load_bank([many_topics(tmp_path)], builtin=False)
    store = open_store(home)
    chosen = select_cards(bank, store, NOW, Selection())
    assert [c.card_id for c in chosen] == ["a0", "b0", "a1", "b1", "a2", "b2"]
    assert len(select_cards(bank, store, NOW, Selection(limit=2))) == 2
    assert len(select_cards(bank, store, NOW, Selection(new=3))) == 3
    assert [c.card_id for c in select_cards(bank, store, NOW, Selection(topics=["b"]))] == [
        "b0",
        "b1",
        "b2",
    ]


def test_due_first_most_overdue_first(tmp_path: Path, home: Path) -> None:
    bank = load_bank([many_topics(tmp_path)], builtin=False)
    store = open_store(home)
    times = {"a0": NOW, "b0": NOW + timedelta(hours=1)}
    ui = ScriptedUI(["b", "a"])  # a0 wrong (due in a day), b0 right an hour later (in two)
    Session(bank, store, ui, lambda: times["b0" if ui.verdicts else "a0"]).run(
        select_cards(bank, store, NOW, Selection(limit=2))
    )
    later = NOW + timedelta(days=3)
    chosen = select_cards(bank, store, later, Selection(new=1))
    assert [c.card_id for c in chosen] == ["a0", "b0", "a1"]


def test_interrupt_keeps_every_answer(tmp_path: Path, home: Path) -> None:
    bank = load_bank([many_topics(tmp_path)], builtin=False)
    store = open_store(home)
    ui = ScriptedUI(["a", "a", "a"], interrupt_after=2)
    summary = Session(bank, store, ui, lambda: NOW).run(select_cards(bank, store, NOW, Selection()))
    assert (summary.answered, summary.right, summary.interrupted) == (2, 2, True)
    assert open_store(home).cards.keys() == {"a0", "b0"}
    assert covered_lines(home) == 2


class CoverageUI(ScriptedUI):
    """Notes how many lines the index has committed before and after `waiting` each time."""

    def __init__(self, answers: list[str], home: Path) -> None:
        super().__init__(answers)
        self.home = home
        self.covered: list[tuple[int, int]] = []

    def lines(self) -> int:
        return covered_lines(self.home) if (self.home / "index.sqlite3").exists() else 0

    def read_answer(self, presented: Presented, waiting: Callable[[], None]) -> str | None:
        before = self.lines()
        waiting()
        self.covered.append((before, self.lines()))
        return self.answers.pop(0) if self.answers else None


def test_an_answer_is_committed_to_the_index_once_the_next_question_waits(
    tmp_path: Path, home: Path
) -> None:
    bank = load_bank([many_topics(tmp_path)], builtin=False)
    store = open_store(home)
    ui = CoverageUI(["a", "a", "a"], home)
    Session(bank, store, ui, lambda: NOW).run(select_cards(bank, store, NOW, Selection()))
    # Each answer is in the log before the next question is drawn, in the index only after.
    assert ui.covered == [(0, 0), (0, 1), (1, 2), (2, 3)]
    assert len((home / "reviews.jsonl").read_text().splitlines()) == 3
    # A second writer is not kept waiting: the lock was let go.
    again = open_store(home)
    assert again.cards.keys() == {"a0", "b0", "a1"}
    store.close()


def test_changed_question_is_flagged(tmp_path: Path, home: Path) -> None:
    path = many_topics(tmp_path)
    bank = load_bank([path], builtin=False)
    store = open_store(home)
    Session(bank, store, ScriptedUI(["a"]), lambda: NOW).run([bank.cards()[0]])
    path.write_text(path.read_text().replace("Claim A0", "Claim A0, reworded"))
    edited = load_bank([path], builtin=False)
    flags: list[bool] = []

    class Spy(ScriptedUI):
        def show_question(
            self, presented: Presented, n: int, t: int, changed: bool, again: bool = False
        ) -> None:
            flags.append(changed)

    Session(edited, store, Spy(["a", "a"]), lambda: NOW).run(edited.cards()[:2])
    assert flags == [True, False]


def test_unknown_id_suggests_the_closest(tmp_path: Path, home: Path) -> None:
    bank = load_bank([many_topics(tmp_path)], builtin=False)
    with pytest.raises(
        TrustquizError, match="no question with id 'a00' \\(did you mean 'a0'\\?\\)"
    ):
        select_cards(bank, open_store(home), NOW, Selection(ids=["a00"]))
