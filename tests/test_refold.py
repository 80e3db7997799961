"""Fitted parameters reschedule every card: the index's states are its history replayed."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_properties import effective_reviews
from trustquiz.api import open_store
from trustquiz.errors import ProgressError
from trustquiz.memory import DEFAULT_PARAMETERS
from trustquiz.scheduler import apply_review, rating_for
from trustquiz.store import refold
from trustquiz.store.index import Index
from trustquiz.store.progress import ProgressStore
from trustquiz.store.records import CorrectionRecord, ReviewRecord, SettingsRecord
from trustquiz.store.schema import connect
from trustquiz.store.state import CardState, Settings

T0 = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)


def fitted(seed: int) -> list[float]:
    """Parameters such as a fit gives: the defaults, each moved a little within FSRS's bounds."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS as LOW
    from fsrs.scheduler import UPPER_BOUNDS_PARAMETERS as HIGH

    rng = random.Random(seed)
    moved = (w * rng.uniform(0.7, 1.3) for w in DEFAULT_PARAMETERS)
    return [round(min(high, max(low, w)), 4) for w, low, high in zip(moved, LOW, HIGH, strict=True)]


def replayed(store: ProgressStore) -> dict[str, CardState]:
    """Each card's counted reviews folded from the log, each under the settings its line was
    given under, with the parameters of the log's last settings: what the states must be."""
    records = list(store.records())
    current, under = Settings(), {}
    for record in records:
        if isinstance(record, SettingsRecord):
            current = current.updated(record.changes)
        elif isinstance(record, ReviewRecord):
            under[record.review_id] = current
    states: dict[str, CardState] = {}
    for review in effective_reviews(records):
        given_under = replace(under[review.review_id], parameters=current.parameters)
        states[review.question_id] = apply_review(
            states.get(review.question_id), review, given_under
        )
    return states


Kind = Literal["review", "undo", "override", "params", "params-killed", "retention", "reload"]
events = st.lists(
    st.tuples(
        st.sampled_from(
            ["review"] * 4 + ["undo", "override", "params", "params-killed", "retention", "reload"]
        ),
        st.integers(0, 3),
        st.booleans(),
    ),
    max_size=30,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events)
def test_the_kept_index_is_the_log_replayed_with_the_latest_parameters(
    tmp_path_factory: pytest.TempPathFactory, sequence: list[tuple[Kind, int, bool]]
) -> None:
    home = tmp_path_factory.mktemp("store")
    store = open_store(home)
    last: ReviewRecord | None = None
    for n, (kind, card, right) in enumerate(sequence):
        when = T0 + timedelta(hours=n * 11)
        if kind == "review":
            last = ReviewRecord(
                review_id=f"r{n}", question_id=f"q{card}", time=when, response="x",
                verdict="right" if right else "wrong", rating=rating_for(right),
                session_id="s", day=when.date().isoformat(), duration_ms=4000,
            )  # fmt: skip
            store.append(last)
        elif kind in ("undo", "override") and last is not None:
            correction = CorrectionRecord(
                type=kind, review_id=last.review_id, question_id=last.question_id,
                time=when, session_id="s", rating=rating_for(True),
            )  # fmt: skip
            store.append(correction)
            last = None if kind == "undo" else last
        elif kind in ("params", "params-killed", "retention"):
            changes: dict[str, object] = (
                {"desired_retention": 0.8 if right else 0.93}
                if kind == "retention"
                else {"parameters": fitted(n), "fitted_reviews": n}
            )
            store.append(SettingsRecord(type="settings", time=when, changes=changes))
            if kind == "params":
                assert store.refold() is True  # as practice and optimize do after a fit
            else:  # stopped before the refold: the next open makes it
                store.save()
                store.close()
                store = open_store(home)
        elif kind == "reload":
            store.save()
            store.close()
            store = open_store(home)
    store.save()
    expected = replayed(store)
    assert store.cards.everything() == expected
    rebuilt = open_store(home, use_index=False)
    assert list(rebuilt.cards.items()) == list(store.cards.items())
    assert rebuilt.folded_with == store.settings.parameters
    store.close()
    rebuilt.close()


def _log_with_two_fits(home: Path) -> ProgressStore:
    store = open_store(home)
    for n in range(12):
        when = T0 + timedelta(days=n)
        if n in (5, 9):
            changes: dict[str, object] = {"parameters": fitted(n), "fitted_reviews": n}
            store.append(SettingsRecord(type="settings", time=when, changes=changes))
            store.refold()
        review = ReviewRecord(
            review_id=f"r{n}", question_id=f"q{n % 3}", time=when, response="x",
            verdict="right" if n % 4 else "wrong", rating=rating_for(bool(n % 4)),
            session_id="s", day=when.date().isoformat(),
        )  # fmt: skip
        store.append(review)
    store.save()
    return store


def test_a_rebuild_replays_once_however_many_fits_the_log_holds(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _log_with_two_fits(home).close()
    calls: list[tuple[float, ...] | None] = []
    original = refold.refold

    def counted(index, fold, parameters, advance):  # type: ignore[no-untyped-def]
        calls.append(parameters)
        original(index, fold, parameters, advance)

    monkeypatch.setattr(refold, "refold", counted)
    rebuilt = open_store(home, use_index=False)
    assert calls == [tuple(fitted(9))]
    assert rebuilt.cards.everything() == replayed(rebuilt)
    rebuilt.close()


def test_fitted_parameters_move_states_and_due_dates_of_cards_answered_before(
    home: Path,
) -> None:
    store = _log_with_two_fits(home)
    first = next(r for r in store.records() if isinstance(r, ReviewRecord))
    assert (first.question_id, first.verdict) == ("q0", "wrong")
    # r0 was answered under the default parameters; its card's first stability is now the
    # fitted Again stability, and every card's due date follows its recomputed stability.
    assert apply_review(None, first, Settings()).stability == DEFAULT_PARAMETERS[0]
    history = [r for r in store.records() if isinstance(r, ReviewRecord)]
    fresh = apply_review(None, first, Settings(parameters=tuple(fitted(9))))
    assert fresh.stability == fitted(9)[0]
    under_defaults: dict[str, CardState] = {}
    for review in history:
        under_defaults[review.question_id] = apply_review(
            under_defaults.get(review.question_id), review, Settings()
        )
    states = store.cards.everything()
    assert states == replayed(store)
    for card_id in ("q0", "q1", "q2"):
        assert states[card_id].stability != under_defaults[card_id].stability
        assert states[card_id].due != under_defaults[card_id].due
    store.close()


def test_a_refold_stopped_leaves_the_index_as_it_was_and_the_next_open_makes_it(
    home: Path,
) -> None:
    store = _log_with_two_fits(home)
    before = store.cards.everything()
    when = T0 + timedelta(days=30)
    changes: dict[str, object] = {"parameters": fitted(30), "fitted_reviews": 12}
    store.append(SettingsRecord(type="settings", time=when, changes=changes))

    def stop(done: int, total: int | None) -> None:
        raise KeyboardInterrupt

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(refold, "_STEP", 1)
        with pytest.raises(KeyboardInterrupt):
            store.refold(stop)
    store.close()
    store = open_store(home, readonly=True, use_index=False)
    assert store.folded_with == tuple(fitted(30))
    store.close()
    on_disk = Index(connect(home / "index.sqlite3"))
    assert refold.folded_with(on_disk) == tuple(fitted(9))
    assert on_disk.cards() == before
    on_disk.close()
    reopened = open_store(home)
    assert reopened.folded_with == tuple(fitted(30))
    assert reopened.cards.everything() == replayed(reopened)
    reopened.close()


def test_a_session_open_while_another_process_reschedules_folds_onto_the_new_states(
    home: Path,
) -> None:
    ours = _log_with_two_fits(home)
    assert ours.cards.everything()["q0"].reviews == 4  # every state read, and kept in memory
    theirs = open_store(home)
    when = T0 + timedelta(days=40)
    changes: dict[str, object] = {"parameters": fitted(40), "fitted_reviews": 12}
    theirs.append(SettingsRecord(type="settings", time=when, changes=changes))
    assert theirs.refold() is True
    theirs.close()
    review = ReviewRecord(
        review_id="r40", question_id="q0", time=when + timedelta(hours=1), response="x",
        verdict="right", rating=3, session_id="s", day=when.date().isoformat(),
    )  # fmt: skip
    ours.append(review)
    ours.save()
    assert ours.cards.everything() == replayed(ours)
    ours.close()
    reopened = open_store(home, use_index=False)
    assert reopened.cards.everything() == replayed(reopened)
    reopened.close()


def test_an_index_that_cannot_be_written_is_a_clear_error_and_left_as_it_was(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _log_with_two_fits(home)
    before = store.cards.everything()
    changes: dict[str, object] = {"parameters": fitted(50), "fitted_reviews": 12}
    store.append(SettingsRecord(type="settings", time=T0 + timedelta(days=50), changes=changes))

    def full(self: Index, states: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Index, "put_cards", full)
    with pytest.raises(ProgressError) as raised:
        store.refold()
    assert str(raised.value) == (
        "your cards were not rescheduled: index.sqlite3 could not be updated (database or disk"
        " is full); trustquiz tries again the next time it reads your progress"
    )
    assert store.folded_with == tuple(fitted(9))
    assert store.cards.everything() == before
    monkeypatch.undo()
    assert store.refold() is True
    assert store.cards.everything() == replayed(store)
    store.close()
