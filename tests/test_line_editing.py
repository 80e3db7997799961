"""Answers typed on a terminal can be edited: arrows move, Ctrl-L redraws, Up recalls."""

from __future__ import annotations

import os
import pty
import subprocess
import time
from pathlib import Path

import pytest

from conftest import write
from logfiles import record_of
from test_installed import trustquiz_command

BANK = """
[[questions]]
id = "kabil"
kind = "text"
topic = "Indian programmes"
prompt = "Which joint venture secures overseas mineral assets for India?"
answer = "KABIL"

[[questions]]
id = "ree"
kind = "numeric"
topic = "China's dominance"
prompt = "China's share of rare earth processing?"
answer = "87%"
"""
LEFT, UP = b"\x1b[D", b"\x1b[A"

pytest.importorskip("readline")  # Windows has none: its console edits lines itself


class Terminal:
    """trustquiz practice in a pseudo-terminal, typed into like a keyboard."""

    def __init__(self, tmp_path: Path) -> None:
        bank = write(tmp_path / "bank" / "two.toml", BANK)
        self.home = tmp_path / "home"
        env = {
            **os.environ,
            "TRUSTQUIZ_HOME": str(self.home),
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "TERM": "xterm",
        }
        self.master, slave = pty.openpty()
        args = ("practice", "--no-builtin", "--bank", str(bank), "--id", "kabil", "--id", "ree")
        self.process = subprocess.Popen(
            [*trustquiz_command(), *args],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(slave)
        self.seen = b""

    def wait_for(self, marker: bytes, count: int = 1) -> None:
        deadline = time.monotonic() + 30
        while self.seen.count(marker) < count:
            assert time.monotonic() < deadline, self.seen
            self.seen += os.read(self.master, 4096)

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def finish(self) -> list[str]:
        self.wait_for(b"Session saved")
        assert self.process.stderr is not None
        errors = self.process.stderr.read()
        assert (self.process.wait(timeout=30), errors) == (0, b"")
        os.close(self.master)
        lines = (self.home / "reviews.jsonl").read_text(encoding="utf-8").splitlines()
        return [record_of(line)["response"] for line in lines]


def test_left_arrow_edits_the_answer_and_ctrl_l_redraws(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path)
    terminal.wait_for(b"Answer (")
    terminal.type(b"KBIL" + LEFT * 3 + b"A" + b"\x0c" + b"\r")  # typo fixed in place; Ctrl-L
    terminal.wait_for(b"Answer (", 2)
    terminal.type(b"8%" + LEFT + b"7\r")  # "87%" typed as "8%", then the 7 put before the %
    assert terminal.finish() == ["KABIL", "87%"]
    assert b"^L" not in terminal.seen and b"[D" not in terminal.seen.split(b"Answer (")[-1]


def test_up_arrow_recalls_an_earlier_answer(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path)
    terminal.wait_for(b"Answer (")
    terminal.type(b"?\r")  # the keys help, then Up brings back `?`, edited into an answer
    terminal.wait_for(b"Answer (", 2)
    terminal.type(UP + b"\x7fKABIL\r")
    terminal.wait_for(b"Answer (", 3)
    terminal.type(b"87%\r")
    assert terminal.finish() == ["KABIL", "87%"]
