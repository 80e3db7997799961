"""practice refits the memory model after its summary; Ctrl-C skips it; the check is cheap."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import trustquiz
from conftest import run, write
from logfiles import log_records
from trustquiz.memory import DEFAULT_PARAMETERS
from trustquiz.refit import recent_histories, refit_due
from trustquiz.store import refold
from trustquiz.store.progress import ProgressStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

NOW = "2026-11-22T09:00:00+00:00"
REFITTED = (
    "Your memory model was refitted to 5824 of your reviews, and every card rescheduled as if"
    " it had been from your first answer: due by this time tomorrow now 217 (`trustquiz"
    " optimize` shows the fit)."
)


def _generated(tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    import generate

    rng = random.Random("300/8000")
    card_ids = generate.write_bank(tmp_path, 300, rng)
    generate.write_home(tmp_path, card_ids, 8000, rng)
    home = tmp_path / "home"
    return home, ("practice", "--home", str(home), "--no-builtin", "--bank", str(tmp_path / "bank"))


def _interrupted_once(
    script: str,
    marker: Path,
    args: tuple[str, ...],
    env: dict[str, str],
    what: str,
    answers: bytes | None = None,
) -> tuple[int, str, bytes]:
    """Run trustquiz `args` through `script`, typing `answers` if any, send SIGINT once the
    script has made `marker` (`what` has begun), and return its exit code, output and errors."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(marker), *args],
        stdin=subprocess.PIPE if answers is not None else None,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    if answers is not None:
        assert process.stdin is not None
        process.stdin.write(answers)
        process.stdin.flush()
    deadline = time.monotonic() + 60
    while not marker.exists():
        if time.monotonic() > deadline or process.poll() is not None:
            pytest.fail(f"the {what} never began")
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    out, errors = process.communicate(timeout=10)
    return process.returncode, out.decode(), errors


def test_practice_refits_after_the_summary_once_the_log_has_grown(tmp_path: Path) -> None:
    home, practice = _generated(tmp_path)
    result = run(CliRunner(), *practice, input="q\n", env={"TRUSTQUIZ_NOW": NOW, "COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        "No answers this time; nothing was recorded.\nDue by this time tomorrow: 179.\n"
        f"Next due: overdue by 109 days.\n{REFITTED}\n"
    )
    assert result.stderr == ""  # no spinner when stderr is not a terminal
    last = log_records(home / "reviews.jsonl")[-1]
    assert last["type"] == "settings" and last["changes"]["fitted_reviews"] == 8000
    fitted = last["changes"]["parameters"]
    assert len(fitted) == 21 and fitted != [round(w, 4) for w in DEFAULT_PARAMETERS]
    store = trustquiz.open_store(home)
    assert store.settings.parameters == tuple(fitted)
    assert store.folded_with == tuple(fitted)  # rescheduled already
    store.close()
    # Until the log grows by another 500 reviews, the model stays as fitted.
    result = run(CliRunner(), *practice, input="q\n", env={"TRUSTQUIZ_NOW": NOW})
    assert "refitted" not in result.stdout
    assert len(log_records(home / "reviews.jsonl")) == 8001


def test_a_session_ended_by_ctrl_c_does_not_refit(tmp_path: Path) -> None:
    home, practice = _generated(tmp_path)
    env = {**os.environ, "TRUSTQUIZ_NOW": NOW, "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "trustquiz", *practice],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    seen = b""
    while b"Answer (" not in seen:
        seen += os.read(process.stdout.fileno(), 4096)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"No answers this time; nothing was recorded." in out and b"refit" not in out
    assert len(log_records(home / "reviews.jsonl")) == 8000


# practice in a real process, its fit made to last (it waits on a pipe that never answers):
# the test knows the refit has begun when the fit opens the marker file.
SLOW_FIT = """
import os, sys
import trustquiz.refit
marker = sys.argv[1]
def fit_log(ratings, day_start):
    open(marker, "w").close()
    os.read(os.pipe()[0], 1)
trustquiz.refit.fit_log = fit_log
from trustquiz.launch import main
sys.argv = ["trustquiz", *sys.argv[2:]]
sys.exit(main())
"""


def test_ctrl_c_during_the_refit_skips_it_and_ends_the_session_as_usual(tmp_path: Path) -> None:
    home, practice = _generated(tmp_path)
    marker = tmp_path / "fitting"
    env = {**os.environ, "TRUSTQUIZ_NOW": NOW, "NO_COLOR": "1", "COLUMNS": "200"}
    code, text, errors = _interrupted_once(SLOW_FIT, marker, practice, env, "refit", b"q\n")
    assert (code, errors) == (0, b"")
    assert text.endswith(
        "No answers this time; nothing was recorded.\nDue by this time tomorrow: 179.\n"
        "Next due: overdue by 109 days.\n"
        "Refit skipped: your memory model stays as it was until a later session.\n"
    )
    assert len(log_records(home / "reviews.jsonl")) == 8000  # nothing appended


# practice in a real process, its rescheduling made to last: once it has replayed a first
# stretch of reviews it opens the marker file and waits on a pipe that never answers.
SLOW_REFOLD = """
import os, sys
import trustquiz.store.refold as refold
marker = sys.argv[1]
refold._STEP = 1000
original = refold.refold
def slow(index, fold, parameters, advance):
    def stuck(done, total):
        open(marker, "w").close()
        os.read(os.pipe()[0], 1)
    original(index, fold, parameters, stuck)
refold.refold = slow
from trustquiz.launch import main
sys.argv = ["trustquiz", *sys.argv[2:]]
sys.exit(main())
"""


def test_ctrl_c_while_rescheduling_keeps_the_fit_and_the_next_open_reschedules(
    tmp_path: Path,
) -> None:
    home, practice = _generated(tmp_path)
    marker = tmp_path / "refolding"
    env = {**os.environ, "TRUSTQUIZ_NOW": NOW, "NO_COLOR": "1", "COLUMNS": "200"}
    code, text, errors = _interrupted_once(
        SLOW_REFOLD, marker, practice, env, "rescheduling", b"q\n"
    )
    assert (code, errors) == (0, b"")
    assert text.endswith(
        "Next due: overdue by 109 days.\nYour memory model was refitted to 5824 of your"
        " reviews; your cards are rescheduled with it the next time trustquiz reads your"
        " progress.\n"
    )
    last = log_records(home / "reviews.jsonl")[-1]
    fitted = tuple(last["changes"]["parameters"])
    from trustquiz.store.index import Index
    from trustquiz.store.schema import connect

    on_disk = Index(connect(home / "index.sqlite3"))
    assert refold.folded_with(on_disk) is None  # the replay was rolled back whole
    on_disk.close()
    stats = run(CliRunner(), "stats", "--home", str(home), "--json", env={"TRUSTQUIZ_NOW": NOW})
    assert stats.stderr == f"note: {refold.RESCHEDULED}\n"
    store = trustquiz.open_store(home)
    assert store.folded_with == fitted
    rebuilt = trustquiz.open_store(home, use_index=False)
    assert list(store.cards.items()) == list(rebuilt.cards.items())
    store.close()
    rebuilt.close()


def _no_ratings(store: ProgressStore) -> list[tuple[str, int, int]]:
    raise AssertionError("the check read the reviews")


def test_whether_a_refit_is_due_is_read_from_counts_alone(
    small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    monkeypatch.setattr(ProgressStore, "ratings", _no_ratings)
    bank = trustquiz.load_bank([small_bank], builtin=False)
    store = trustquiz.open_store(home)
    start = trustquiz.now()
    for n in range(599):
        if n == 499:
            assert refit_due(store) is False  # 499 answers: the log has not grown by 500
        at = start + timedelta(minutes=n)
        trustquiz.record(bank, store, "kabil", correct=True, now=at)
    assert refit_due(store) is True  # 598 answers after the card's first: 200 are needed
    store.close()


def test_a_log_whose_answers_are_mostly_first_answers_is_not_fitted(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    monkeypatch.setattr(ProgressStore, "ratings", _no_ratings)
    questions = "".join(
        f'[[questions]]\nid = "q{n}"\nkind = "text"\ntopic = "T"\nprompt = "Say {n}."\n'
        f'answer = "{n}"\n\n'
        for n in range(400)
    )
    bank = trustquiz.load_bank([write(tmp_path / "many.toml", questions)], builtin=False)
    store = trustquiz.open_store(home)
    for n in [*range(400), *range(199)]:  # 599 answers, 199 of them after a card's first
        trustquiz.record(bank, store, f"q{n}", correct=True, now=trustquiz.now())
    assert refit_due(store) is False
    trustquiz.record(bank, store, "q0", correct=True, now=trustquiz.now())
    assert refit_due(store) is True
    store.close()


def test_a_fit_reads_the_whole_histories_of_the_cards_answered_last() -> None:
    ratings = [("a", 1, 3), ("b", 2, 3), ("a", 3, 1), ("c", 4, 3), ("b", 5, 3), ("c", 6, 3)]
    assert recent_histories(ratings, 6) == ratings
    assert recent_histories(ratings, 2) == [("c", 4, 3), ("c", 6, 3)]
    assert recent_histories(ratings, 3) == [
        ("b", 2, 3), ("c", 4, 3), ("b", 5, 3), ("c", 6, 3)
    ]  # fmt: skip
    assert recent_histories(ratings, 5) == ratings


def test_stats_says_the_next_session_refits_the_model(tmp_path: Path) -> None:
    home, _ = _generated(tmp_path)
    env = {"TRUSTQUIZ_NOW": NOW, "COLUMNS": "200"}
    config = run(CliRunner(), "config", "--home", str(home), "exam_date", "2027-01-15", env=env)
    assert config.exit_code == 0, config.stderr
    stats = ("stats", "--home", str(home), "--no-builtin", "--bank", str(tmp_path / "bank"))
    result = run(CliRunner(), *stats, env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        "Your log has grown by 500 reviews since the last fit: your next practice session"
        " refits the memory model as it ends (`trustquiz optimize` does it now).\n"
    )
    run(CliRunner(), "optimize", "--home", str(home), env=env)
    assert "refits" not in run(CliRunner(), *stats, env=env).stdout


def test_ctrl_c_while_optimize_reschedules_still_shows_the_fit(tmp_path: Path) -> None:
    home, _ = _generated(tmp_path)
    marker = tmp_path / "refolding"
    env = {**os.environ, "TRUSTQUIZ_NOW": NOW, "NO_COLOR": "1"}
    args = ("optimize", "--home", str(home))
    code, text, errors = _interrupted_once(SLOW_REFOLD, marker, args, env, "rescheduling")
    assert (code, errors) == (0, b"")
    assert text.endswith(
        "The fitted memory model is kept in your log; your cards are rescheduled with\n"
        "it the next time trustquiz reads your progress (Ctrl-C stopped it here).\n"
    )
    from trustquiz.store.index import Index
    from trustquiz.store.schema import connect

    on_disk = Index(connect(home / "index.sqlite3"))
    assert refold.folded_with(on_disk) is None  # rolled back whole
    on_disk.close()
    store = trustquiz.open_store(home)
    assert store.folded_with == tuple(
        log_records(home / "reviews.jsonl")[-1]["changes"]["parameters"]
    )
    store.close()
