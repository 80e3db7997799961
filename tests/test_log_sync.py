"""A session's answers are fsynced in the background, every one of them before it ends."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

from conftest import NOW
from test_append_many import RECORDS
from test_session import ScriptedUI, many_topics
from trustquiz.api import open_store
from trustquiz.bank.loader import load_bank
from trustquiz.errors import ProgressError
from trustquiz.session import Session


class SlowDisk:
    """os.fsync that takes `seconds`, noting the thread and the file's size each time."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.calls: list[tuple[bool, int]] = []  # (on the main thread, size when called)
        self.finished = 0
        self.real = os.fsync

    def __call__(self, fd: int) -> None:
        self.calls.append(
            (threading.current_thread() is threading.main_thread(), os.fstat(fd).st_size)
        )
        time.sleep(self.seconds)
        self.real(fd)
        self.finished += 1


def test_a_session_fsyncs_off_the_main_thread_and_waits_for_the_last_one(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = load_bank([many_topics(tmp_path)], builtin=False)
    store = open_store(home)
    disk = SlowDisk(0.2)
    monkeypatch.setattr(os, "fsync", disk)
    summary = Session(bank, store, ScriptedUI(["a", "b", "a"]), lambda: NOW).run(bank.cards()[:3])
    assert disk.finished == len(disk.calls)  # run() returned after the last fsync ended
    assert summary.answered == 3
    assert disk.calls and not any(main for main, _ in disk.calls)
    # The last fsync came after the last line was written: it covers the whole log.
    assert disk.calls[-1][1] == (home / "reviews.jsonl").stat().st_size


def test_a_failed_background_fsync_is_reported_and_the_line_kept(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(home)

    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    store.append(RECORDS[0], sync_later=True)
    with pytest.raises(ProgressError) as caught:
        store.save()
    assert str(caught.value) == (
        "the answer to 'q0' may not be saved\n"
        f"cannot flush {home / 'reviews.jsonl'}: Input/output error"
    )
    assert (home / "reviews.jsonl").read_text(encoding="utf-8").count('"r":"r0"') == 1
    store.save()  # reported once


def test_a_failed_background_fsync_stops_the_next_append(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(home)
    failed = threading.Event()

    def broken(fd: int) -> None:
        failed.set()
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    store.append(RECORDS[0], sync_later=True)
    failed.wait(5)
    time.sleep(0.05)  # the worker notes the failure
    with pytest.raises(ProgressError, match=r"^the answer to 'q0' may not be saved\n"):
        store.append(RECORDS[1], sync_later=True)
    lines = (home / "reviews.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1  # the next answer was not written


def test_without_a_thread_the_line_is_fsynced_at_once(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(home)
    disk = SlowDisk(0)
    monkeypatch.setattr(os, "fsync", disk)

    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    store.append(RECORDS[0], sync_later=True)
    assert disk.finished == 1 and disk.calls == [(True, (home / "reviews.jsonl").stat().st_size)]
    store.save()
