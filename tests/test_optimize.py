"""`trustquiz optimize`: fits the memory model to a generated log, refuses a short one."""

from __future__ import annotations

import os
import random
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import trustquiz
from conftest import run
from logfiles import log_records
from trustquiz.memory import DEFAULT_PARAMETERS
from trustquiz.store.index import Index
from trustquiz.store.refold import folded_with
from trustquiz.store.schema import connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def test_optimize_fits_a_generated_log_and_keeps_the_parameters(tmp_path: Path) -> None:

    import generate

    rng = random.Random("300/8000")
    card_ids = generate.write_bank(tmp_path, 300, rng)
    generate.write_home(tmp_path, card_ids, 8000, rng)
    home = tmp_path / "home"
    result = run(CliRunner(), "optimize", "--home", str(home))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Fitted to 5824 reviews; measured on the held-out fifth of the cards:"
    loss = re.fullmatch(r"  log loss  (\d\.\d{4}) -> (\d\.\d{4})", lines[1])
    rmse = re.fullmatch(r"  RMSE      (\d\.\d{4}) -> (\d\.\d{4})", lines[2])
    assert loss and rmse
    assert float(loss[2]) < float(loss[1]) and float(rmse[2]) < float(rmse[1])
    last = log_records(home / "reviews.jsonl")[-1]
    assert last["type"] == "settings" and last["changes"]["fitted_reviews"] == 8000
    fitted = last["changes"]["parameters"]
    assert len(fitted) == 21 and fitted != [round(w, 4) for w in DEFAULT_PARAMETERS]
    on_disk = Index(connect(home / "index.sqlite3"))
    assert folded_with(on_disk) == tuple(fitted)  # every card rescheduled with them
    on_disk.close()
    (home / "index.sqlite3").unlink()  # a rebuild from the log keeps them
    assert trustquiz.open_store(home).settings.parameters == tuple(fitted)


def test_a_short_log_is_a_clear_error(small_bank: Path, home: Path) -> None:
    bank = trustquiz.load_bank([small_bank], builtin=False)
    store = trustquiz.open_store(home)
    trustquiz.record(bank, store, "kabil", correct=True, now=trustquiz.now())
    store.close()
    result = run(CliRunner(), "optimize")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the review log is too short to fit a memory model: 0 reviews a day or more"
        " after the previous one, 200 needed; the default model stays\n"
    )
    assert len((home / "reviews.jsonl").read_text().splitlines()) == 1


def test_practice_keeps_the_default_model_while_the_log_is_too_short(
    small_bank: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # 500 answers, written quickly
    bank = trustquiz.load_bank([small_bank], builtin=False)
    store = trustquiz.open_store(home)
    for _ in range(500):  # 500 answers, all on one day: none is a day after the previous
        trustquiz.record(bank, store, "kabil", correct=True, now=trustquiz.now())
    store.close()
    result = run(CliRunner(), "practice", "--no-builtin", "--bank", str(small_bank), input="q\n")
    assert result.exit_code == 0, result.stderr
    assert "refitted" not in result.stdout
    assert {line["type"] for line in log_records(home / "reviews.jsonl")} == {"review"}
    assert trustquiz.open_store(home).settings.parameters is None
