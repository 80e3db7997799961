"""Sitting a paper: answers, marks and moves read one line at a time, against the clock.

The terminal (or a test double) comes in as `Desk`, the time as a clock function, and every
change is handed to `save` at once, so a killed mock loses nothing that was answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.presentation import Presented

Ending = Literal["submitted", "time", "paused", "interrupted"]
TIME_UP = "\x00time"  # what a desk's read returns when the time left ran out while waiting
KEYS = (
    ("a-d", "answer (then the next question); b? unsure, b?? a guess"),
    ("s", "leave it blank (clears an answer)"),
    ("m", "mark it for review (again to unmark)"),
    ("n / p", "next / previous question"),
    ("g 42", "go to question 42"),
    ("l", "the palette: answered, blank, marked"),
    ("submit", "end the paper and see the analysis"),
    ("q", "pause; `trustquiz mock --resume` continues"),
    ("h", "show these keys"),
)
_ANSWER = re.compile(r"^([a-z])\s*(\?{0,2})$")
_GOTO = re.compile(r"^g\s*(\d+)$")


@dataclass(frozen=True)
class Given:
    """An answer given: the letter, the confidence, and when."""

    letter: str
    confidence: Literal["sure", "unsure", "guess"]
    at: datetime


@dataclass
class Progress:
    """Where a sitting stands: everything a resumed mock needs besides the paper."""

    answers: dict[int, Given] = field(default_factory=dict)
    marked: set[int] = field(default_factory=set)
    seconds: dict[int, float] = field(default_factory=dict)
    current: int = 0
    elapsed: float = 0.0  # seconds of the time allowed already used

    def to_json(self) -> dict[str, Any]:
        """The progress as JSON values (for the in-progress file)."""
        return {
            "answers": {
                str(i): {"letter": g.letter, "confidence": g.confidence, "at": g.at.isoformat()}
                for i, g in sorted(self.answers.items())
            },
            "marked": sorted(self.marked),
            "seconds": {str(i): round(s, 3) for i, s in sorted(self.seconds.items())},
            "current": self.current,
            "elapsed": round(self.elapsed, 3),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Progress:
        """Read back what `to_json` wrote."""
        answers = {
            int(i): Given(g["letter"], g["confidence"], datetime.fromisoformat(g["at"]))
            for i, g in data["answers"].items()
        }
        seconds = {int(i): float(s) for i, s in data["seconds"].items()}
        return cls(answers, set(data["marked"]), seconds, data["current"], data["elapsed"])


class Desk(Protocol):
    """What a sitting needs from a terminal (or a test double)."""

    interactive: bool

    def show(
        self, question: Presented, number: int, total: int, progress: Progress, left: float
    ) -> None:
        """Show the header (number of total, time left, counts) and the question."""

    def read(self, left: float, prompt: str | None = None) -> str | None:
        """A line typed after `prompt` (None: the answer prompt); None at the end of input;
        TIME_UP when `left` seconds pass first."""

    def notice(self, text: str) -> None:
        """A one-line message."""

    def palette(self, questions: int, progress: Progress) -> None:
        """Every question's number and state: answered, blank, marked."""

    def keys(self, keys: tuple[tuple[str, str], ...]) -> None:
        """What can be typed."""


def parse_answer(line: str, options: int) -> tuple[str, Literal["sure", "unsure", "guess"]] | None:
    """`b` -> (b, sure), `b?` -> unsure, `b??` -> guess; None for anything else."""
    match = _ANSWER.match(line.strip().lower())
    if match is None or match.group(1) not in LETTERS[:options]:
        return None
    marks = len(match.group(2))
    return match.group(1), ("sure", "unsure", "guess")[marks]


@dataclass
class Sitting:
    """One sitting of a paper, from its first (or resumed) question to its end."""

    questions: list[Presented]
    limit: float  # seconds allowed for the whole paper
    desk: Desk
    clock: Callable[[], datetime]
    save: Callable[[Progress], None]
    progress: Progress = field(default_factory=Progress)
    _start: datetime = field(init=False)
    _last: datetime = field(init=False)
    _used: float = field(init=False)

    def run(self) -> Ending:
        """Sit the paper until it is submitted, the time is up, or it is paused."""
        self._start = self._last = self.clock()
        self._used = self.progress.elapsed
        self._show()
        while True:
            left = self.limit - self._used - (self.clock() - self._start).total_seconds()
            if left <= 0:
                return self._end("time")
            try:
                line = self.desk.read(left)
            except KeyboardInterrupt:
                return self._end("interrupted")
            self._tick()
            if line == TIME_UP or self.progress.elapsed >= self.limit:
                return self._end("time")
            if line is None:
                return self._end("submitted")
            ending = self._handle(line)
            if ending is not None:
                return self._end(ending)

    def _tick(self) -> None:
        """Charge the time since the last tick to the question on screen."""
        now = self.clock()
        spent = (now - self._last).total_seconds()
        current = self.progress.current
        self.progress.seconds[current] = self.progress.seconds.get(current, 0.0) + spent
        self.progress.elapsed = self._used + (now - self._start).total_seconds()
        self._last = now

    def _end(self, ending: Ending) -> Ending:
        self._tick()
        self.save(self.progress)
        if ending == "time":
            self.desk.notice("Time is up: the paper is submitted as it stands.")
        return ending

    def _show(self) -> None:
        index = self.progress.current
        left = self.limit - self.progress.elapsed
        self.desk.show(self.questions[index], index + 1, len(self.questions), self.progress, left)

    def _move(self, index: int) -> None:
        self.progress.current = index
        self.save(self.progress)
        self._show()

    def _next(self) -> Ending | None:
        """Move on after an answer or a blank; piped input submits after the last question."""
        if self.progress.current + 1 < len(self.questions):
            self._move(self.progress.current + 1)
        elif not self.desk.interactive:
            return "submitted"
        else:
            self.save(self.progress)
            self.desk.notice("That was the last question: `submit` to finish, `l` for the palette.")
        return None

    def _handle(self, line: str) -> Ending | None:
        command = line.strip().lower()
        index = self.progress.current
        question = self.questions[index]
        assert question.options is not None
        answer = parse_answer(command, len(question.options))
        if answer is not None:
            self.progress.answers[index] = Given(*answer, at=self.clock())
            return self._next()
        if command in ("s", "") and (command or not self.desk.interactive):
            self.progress.answers.pop(index, None)
            return self._next()
        if not self.desk.interactive:
            self.desk.notice(f"'{line.strip()}' is not an answer: a-d (b? b??), or s for blank.")
            return None
        return self._command(command, index)

    def _command(self, command: str, index: int) -> Ending | None:
        goto = _GOTO.match(command)
        if command == "":
            self._show()
        elif command == "m":
            self.progress.marked ^= {index}
            self.save(self.progress)
            marked = index in self.progress.marked
            self.desk.notice(f"Question {index + 1} " + ("marked" if marked else "unmarked") + ".")
        elif command == "n" and index + 1 < len(self.questions):
            self._move(index + 1)
        elif command == "p" and index > 0:
            self._move(index - 1)
        elif command in ("n", "p"):
            self.desk.notice("No question " + ("after" if command == "n" else "before") + " this.")
        elif goto:
            number = int(goto.group(1))
            if 1 <= number <= len(self.questions):
                self._move(number - 1)
            else:
                self.desk.notice(f"There is no question {number}: 1 to {len(self.questions)}.")
        elif command == "l":
            self.desk.palette(len(self.questions), self.progress)
        elif command == "submit":
            return self._submit()
        elif command == "q":
            return "paused"
        elif command in ("h", "?", "help"):
            self.desk.keys(KEYS)
        else:
            self.desk.notice(f"'{command}' is not a key here; h shows the keys.")
        return None

    def _submit(self) -> Ending | None:
        blank = len(self.questions) - len(self.progress.answers)
        marked = len(self.progress.marked)
        if not blank and not marked:
            return "submitted"
        left = self.limit - self.progress.elapsed
        counts = [f"{blank} blank"] * bool(blank) + [f"{marked} marked for review"] * bool(marked)
        reply = self.desk.read(left, f"{' and '.join(counts)}. Submit now? (y/N) ")
        if reply is not None and reply.strip().lower() in ("y", "yes"):
            return "submitted"
        self.desk.notice("Not submitted.")
        return None
