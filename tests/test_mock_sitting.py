"""Sitting a mock with a scripted desk and clock: moves, marks, the time-out, resuming."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import NOW
from mockbank import known_bank
from trustquiz import clock as clock_module
from trustquiz import commands
from trustquiz.bank.loader import load_bank
from trustquiz.commands.mock import Options
from trustquiz.kinds.presentation import Presented
from trustquiz.mock.paper import build
from trustquiz.mock.sitting import TIME_UP, Ending, Given, Progress, Sitting


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


class ScriptedDesk:
    """Lines from a list, each taking `pace` seconds of the clock to type."""

    def __init__(self, lines: list[str], clock: Clock, pace: float, interactive: bool) -> None:
        self.lines, self.clock, self.pace = lines, clock, pace
        self.interactive = interactive
        self.shown: list[int] = []
        self.notices: list[str] = []
        self.palettes = 0

    def show(
        self, question: Presented, number: int, total: int, progress: Progress, left: float
    ) -> None:
        self.shown.append(number)

    def read(self, left: float, prompt: str | None = None) -> str | None:
        if prompt is not None:
            self.notices.append(prompt)
        if self.pace > left:
            self.clock.now += timedelta(seconds=left)
            return TIME_UP
        self.clock.now += timedelta(seconds=self.pace)
        return self.lines.pop(0) if self.lines else None

    def notice(self, text: str) -> None:
        self.notices.append(text)

    def palette(self, questions: int, progress: Progress) -> None:
        self.palettes += 1

    def keys(self, keys: tuple[tuple[str, str], ...]) -> None:
        self.notices.append("keys")


def paper(tmp_path: Path, count: int = 5) -> list[Presented]:
    bank = load_bank([known_bank(tmp_path, alpha=count, beta=0)], builtin=False)
    return build(bank, [f"alpha-{n}" for n in range(1, count + 1)], "seed")


def sit(
    questions: list[Presented],
    lines: list[str],
    *,
    pace: float = 10,
    limit: float = 600,
    interactive: bool = True,
    progress: Progress | None = None,
) -> tuple[Ending, Progress, ScriptedDesk, list[dict[str, object]]]:
    clock = Clock()
    desk = ScriptedDesk(lines, clock, pace, interactive)
    saved: list[dict[str, object]] = []
    sitting = Sitting(
        questions, limit, desk, clock, lambda p: saved.append(p.to_json()), progress or Progress()
    )
    ending = sitting.run()
    return ending, sitting.progress, desk, saved


def letters(progress: Progress) -> dict[int, str]:
    return {i: g.letter + {"sure": "", "unsure": "?", "guess": "??"}[g.confidence]
            for i, g in progress.answers.items()}  # fmt: skip


def test_answer_mark_jump_and_submit(tmp_path: Path) -> None:
    lines = ["a", "m", "b?", "g 5", "c??", "p", "s", "l", "submit", "n", "submit", "y"]
    ending, progress, desk, saved = sit(paper(tmp_path), lines)
    assert ending == "submitted"
    assert letters(progress) == {0: "a", 1: "b?", 4: "c??"}
    assert progress.marked == {1}
    assert desk.shown == [1, 2, 3, 5, 4, 5]
    assert desk.notices == [
        "Question 2 marked.",
        "That was the last question: `submit` to finish, `l` for the palette.",
        "2 blank and 1 marked for review. Submit now? (y/N) ",
        "Not submitted.",
        "2 blank and 1 marked for review. Submit now? (y/N) ",
    ]
    assert desk.palettes == 1
    # Every change is saved at once: the last save has every answer and mark.
    assert saved[-1]["answers"] == progress.to_json()["answers"]
    assert saved[-1]["marked"] == [1]
    # Time on screen is charged to the question shown: 10 s a line.
    assert progress.seconds == {0: 10, 1: 20, 2: 10, 4: 70, 3: 10}
    assert progress.elapsed == 120


def test_time_out_submits_with_the_answers_given_in_time(tmp_path: Path) -> None:
    ending, progress, desk, _ = sit(paper(tmp_path), ["a", "b", "c", "d"], pace=25, limit=60)
    assert ending == "time"
    assert letters(progress) == {0: "a", 1: "b"}  # the third came after the bell
    assert desk.notices == ["Time is up: the paper is submitted as it stands."]
    assert progress.elapsed == 60


def test_a_resumed_sitting_keeps_its_answers_and_its_time_used(tmp_path: Path) -> None:
    given = Progress(
        answers={0: Given("b", "unsure", NOW)}, marked={0}, seconds={0: 30.0}, current=1,
        elapsed=30.0,
    )  # fmt: skip
    restored = Progress.from_json(json.loads(json.dumps(given.to_json())))
    assert restored == given
    ending, progress, desk, _ = sit(
        paper(tmp_path), ["a", "a"], pace=20, limit=60, interactive=False, progress=restored
    )
    assert ending == "time"
    assert letters(progress) == {0: "b?", 1: "a"}
    assert desk.shown == [2, 3]


def test_piped_lines_answer_in_order_and_retry_an_unreadable_one(tmp_path: Path) -> None:
    lines = ["a", "e", "b", "", "s", "a??"]
    ending, progress, desk, _ = sit(paper(tmp_path), lines, interactive=False)
    assert ending == "submitted"
    assert letters(progress) == {0: "a", 1: "b", 4: "a??"}
    assert desk.notices == ["'e' is not an answer: a-d (b? b??), or s for blank."]


class TimedInput(io.StringIO):
    """Standard input whose every line takes `pace` seconds of the injected clock."""

    def __init__(self, text: str, clock: Clock, pace: float) -> None:
        super().__init__(text)
        self.clock, self.pace = clock, pace

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.clock.now += timedelta(seconds=self.pace)
        return super().readline()


def test_the_command_submits_and_records_when_time_runs_out(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = Clock()
    monkeypatch.setattr(clock_module, "now", clock)
    monkeypatch.setattr(sys, "stdin", TimedInput("a\nb\na\na\na\n", clock, pace=25))
    options = Options(
        bank=(known_bank(tmp_path),), no_builtin=True, questions=5, minutes=1, seed="t",
        as_json=True,
    )  # fmt: skip
    assert commands.execute("mock", options) == 0
    data = json.loads(capsys.readouterr().out)
    assert [item["response"] for item in data["items"]] == ["a", "b", None, None, None]
    assert (data["score"], data["blank"]) == (1.33, 3)
    papers = [json.loads(line) for line in (home / "mocks.jsonl").read_text().splitlines()]
    assert papers[0]["timed_out"] is True
    reviews = (home / "reviews.jsonl").read_text().splitlines()
    assert len(reviews) == 2
