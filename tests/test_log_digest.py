"""The digest of the log an index records: kept as answers are appended, the same as read."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from indexfiles import query
from logfiles import answer
from trustquiz.api import open_store
from trustquiz.store.digest import LogEnds, log_digest


def _bytes(size: int, seed: int) -> bytes:
    return bytes((seed + 31 * i) % 251 for i in range(size))


@given(st.integers(0, 9000), st.lists(st.integers(1, 5000), max_size=6), st.integers(0, 250))
def test_ends_kept_while_appending_give_the_digest_read_from_the_file(
    before: int, appends: list[int], seed: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "reviews.jsonl"
        log.write_bytes(_bytes(before, seed))
        ends = LogEnds()
        assert ends.digest(log, before) == log_digest(log, before)
        size = before
        for n, length in enumerate(appends):
            data = _bytes(length, seed + n + 1)
            with log.open("ab") as handle:
                handle.write(data)
            ends.appended(size, data)
            size += length
            assert ends.digest(log, size) == log_digest(log, size)


def test_ends_appended_elsewhere_than_their_end_are_read_again(tmp_path: Path) -> None:
    log = tmp_path / "reviews.jsonl"
    log.write_bytes(b"a" * 5000 + b"b" * 3000)
    ends = LogEnds()
    ends.digest(log, 5000)
    ends.appended(4000, b"c" * 10)  # not at 5000: what the file holds is not known
    assert ends.digest(log, 5010) == log_digest(log, 5010)
    assert ends.digest(log, 0) == log_digest(log, 0) == ""


def test_answers_appended_leave_the_digest_of_the_log_in_the_index(home: Path) -> None:
    store = open_store(home)
    for n in range(120):  # past the 4 KiB read at each end
        when = datetime(2026, 11, 1, 9, tzinfo=timezone.utc) + timedelta(hours=n)
        store.append(answer(n, f"q{n % 3}", when), commit_later=n % 2 == 0)
    store.close()
    log = home / "reviews.jsonl"
    recorded = {row[0]: row[1] for row in query(home, "SELECT key, value FROM meta")}
    assert recorded["log_bytes"] == log.stat().st_size
    assert recorded["log_digest"] == log_digest(log, log.stat().st_size)
    assert open_store(home).notices == []  # the index is taken as it is, not rebuilt
