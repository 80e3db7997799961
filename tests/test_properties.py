"""Property tests: the loader never crashes, and the store survives any sequence of events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SMALL_BANK
from trustquiz.api import open_store
from trustquiz.bank.parse import load_text
from trustquiz.scheduler import rating_for
from trustquiz.store.records import CorrectionRecord, ReviewRecord, SettingsRecord

VALID = SMALL_BANK.lstrip("\n")
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def effective_reviews(
    records: Iterable[ReviewRecord | CorrectionRecord | SettingsRecord],
) -> list[ReviewRecord]:
    """Reviews as they count, in log order: undone ones dropped, overridden ones made right.

    The rule the index applies a correction at a time, here over the whole log at once.
    """
    reviews: list[ReviewRecord] = []
    corrections: dict[str, CorrectionRecord] = {}
    for record in records:
        if isinstance(record, ReviewRecord):
            reviews.append(record)
        elif isinstance(record, CorrectionRecord) and (
            record.type == "undo" or record.review_id not in corrections
        ):
            # An undo wins over anything; of several overrides the first one counts.
            corrections[record.review_id] = record
    effective: list[ReviewRecord] = []
    for review in reviews:
        correction = corrections.get(review.review_id)
        if correction is None:
            effective.append(review)
        elif correction.type == "override":
            rating = correction.rating or review.rating
            effective.append(review.model_copy(update={"verdict": "right", "rating": rating}))
    return effective


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_loader_never_raises_on_arbitrary_text(text: str) -> None:
    result = load_text(Path("any.toml"), text)
    assert all(problem.path == Path("any.toml") for problem in result.problems)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.text(alphabet='[]{}="\\\n #,.abc1', max_size=4))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + len(piece) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


@settings(max_examples=300, deadline=None)
@given(mutated())
def test_loader_never_raises_on_mutated_files(text: str) -> None:
    result = load_text(Path("m.toml"), text)
    for problem in result.problems:
        assert problem.line is None or problem.line >= 1


Event = tuple[Literal["review", "undo", "override", "reload"], int, bool]
events = st.lists(
    st.tuples(
        st.sampled_from(["review", "review", "review", "undo", "override", "reload"]),
        st.integers(0, 3),
        st.booleans(),
    ),
    max_size=25,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events)
def test_store_survives_any_sequence_and_replay_agrees(
    tmp_path_factory: pytest.TempPathFactory, sequence: list[Event]
) -> None:
    home = tmp_path_factory.mktemp("store")
    store = open_store(home)
    last: ReviewRecord | None = None
    for n, (kind, card, right) in enumerate(sequence):
        when = T0 + timedelta(hours=n * 7)
        if kind == "review":
            last = ReviewRecord(
                review_id=f"r{n}", question_id=f"q{card}", time=when, response="x",
                verdict="right" if right else "wrong", rating=rating_for(right),
                session_id="s", day=when.date().isoformat(),
                learned=(prev := store.cards.get(f"q{card}")) is not None
                and prev.phase == "review",
            )  # fmt: skip
            store.append(last)
        elif kind in ("undo", "override") and last is not None:
            store.append(
                CorrectionRecord(
                    type=kind,
                    review_id=last.review_id,
                    question_id=last.question_id,
                    time=when,
                    session_id="s",
                    rating=rating_for(True),
                )
            )
            if kind == "undo":
                last = None
        elif kind == "reload":
            store.save()
            reopened = open_store(home)
            assert list(reopened.cards.items()) == list(store.cards.items())
            assert reopened.aggregates == store.aggregates
            store = reopened
    store.save()
    replayed = open_store(home, use_index=False)
    assert list(replayed.cards.items()) == list(store.cards.items())
    assert replayed.aggregates == store.aggregates
    assert replayed.review_rows() == store.review_rows()
    counted = effective_reviews(store.records())
    for card_id in {r.question_id for r in counted}:
        expected = [(r.review_id, r.verdict, r.rating) for r in counted if r.question_id == card_id]
        history = [(r.review_id, r.verdict, r.rating) for r in store.history(card_id)]
        assert history == expected
    assert sum(s.reviews for s in store.cards.values()) == sum(
        d[0] for d in store.aggregates.days.values()
    )
