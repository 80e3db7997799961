"""Card states read from the index as asked for: the same answers as reading them all."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexfiles import query
from logfiles import answer
from trustquiz.api import open_store
from trustquiz.bank.loader import load_bank
from trustquiz.planner import day_bounds, plan_day
from trustquiz.planning import learner_pace, memory_model, plan_settings, plan_today, snapshots
from trustquiz.store.records import CorrectionRecord, ReviewRecord, SettingsRecord

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def review(n: int, question: str, hours: float, right: bool = True) -> ReviewRecord:
    return answer(n, question, T0 + timedelta(hours=hours), right)


def test_a_reopened_store_reads_no_state_until_one_is_asked_for(home: Path) -> None:
    store = open_store(home)
    for n, question in enumerate(["q1", "q2", "q3"]):
        store.append(review(n, question, n))
    reopened = open_store(home)
    assert not reopened.cards.loaded
    assert reopened.cards["q2"] == store.cards["q2"]
    assert "q9" not in reopened.cards and reopened.cards.get("q9") is None
    assert sorted(reopened.cards.seen_ids()) == ["q1", "q2", "q3"]
    assert not reopened.cards.loaded  # lookups and ids read single rows and one column
    assert list(reopened.cards) == ["q1", "q2", "q3"]  # iterating reads them all
    assert reopened.cards.loaded


def test_answers_and_undos_before_a_full_read_are_laid_over_the_index(home: Path) -> None:
    store = open_store(home)
    store.append(review(0, "q1", 0))
    store.append(review(1, "q2", 1))
    reopened = open_store(home)
    reopened.append(review(2, "q3", 2))
    reopened.append(
        CorrectionRecord(type="undo", review_id="r0", question_id="q1", time=T0, session_id="s")
    )
    assert not reopened.cards.loaded
    assert sorted(reopened.cards.seen_ids()) == ["q2", "q3"]
    assert "q1" not in reopened.cards
    assert dict(reopened.cards) == dict(open_store(home, use_index=False).cards)


def _bank(folder: Path) -> Path:
    text = "".join(
        f'[[questions]]\nid = "q{n}"\nkind = "{"text" if n % 2 else "truefalse"}"\n'
        f'topic = "T{n % 3}"\n'
        + (f'prompt = "Q{n}?"\nanswer = "a{n}"\n' if n % 2 else f'prompt = "C{n}"\nanswer = true\n')
        + ('group = "g"\n' if n in (2, 3) else "")
        + 'explanation = "e"\n\n'
        for n in range(8)
    )
    text += '[[questions]]\nid = "z"\nkind = "cloze"\ntopic = "T0"\n'
    text += 'text = "{{One}} and {{two}}."\nexplanation = "e"\n'
    path = folder / "bank.toml"
    path.write_text(text, encoding="utf-8")
    return path


CARD_IDS = [f"q{n}" for n in range(8)] + ["z#1", "z#2"]


@settings(max_examples=40, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.sampled_from(CARD_IDS), st.floats(0, 24 * 30), st.booleans()),
        min_size=1,
        max_size=30,
    ),
    later=st.floats(0, 24 * 40),
    minutes=st.sampled_from([0.5, 1.0, 3.0, 20.0]),
    first=st.sampled_from([512, 1, 2]),
)
def test_the_indexed_plan_is_the_planners_plan_over_every_card(
    answers: list[tuple[str, float, bool]], later: float, minutes: float, first: int
) -> None:
    """The index ranks the due cards and reads only what the minutes hold: the plan is the
    one the pure planner makes from every card's state."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        bank = load_bank([_bank(Path(folder))], builtin=False)
        store = open_store(home)
        change = {"daily_minutes": minutes, "learning_steps": False}
        store.append(SettingsRecord(type="settings", time=T0, changes=change))
        for n, (card, hours, right) in enumerate(sorted(answers, key=lambda a: a[1])):
            store.append(review(n, card, hours, right))
        now = T0 + timedelta(hours=24 * 30 + later)
        reopened = open_store(home)
        seen = reopened.cards.seen_ids()
        unseen = [card for card in bank.cards() if card.card_id not in seen]
        with patch("trustquiz.store.index._FIRST", first):  # the bounded sort, then the rest
            got = plan_today(bank, reopened, now, unseen)
        assert not reopened.cards.loaded  # no state was read beyond today's and the due ones
        settings = plan_settings(reopened.settings)
        spent = reopened.seconds_since(day_bounds(now, settings)[1])
        pace, model = learner_pace(bank, reopened), memory_model(reopened.settings)
        ordered = unseen + [card for card in bank.cards() if card.card_id in seen]
        snaps = snapshots(ordered, reopened.cards.everything())
        assert got == plan_day(snaps, settings, pace, model, now, spent)


def test_a_damaged_state_met_while_ranking_is_repaired_and_the_ranking_goes_on(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = load_bank([_bank(tmp_path)], builtin=False)
    store = open_store(home)
    for n in range(6):
        store.append(review(n, f"q{n}", n, right=n % 2 == 0))
    now = T0 + timedelta(days=60)
    seen = store.cards.seen_ids()
    unseen = [card for card in bank.cards() if card.card_id not in seen]
    expected = plan_today(bank, store, now, unseen)
    _, start, end = day_bounds(now, plan_settings(store.settings))
    fourth = [state.card_id for state in store.due_ranked(start, end, now)][3]
    store.close()
    query(home, "UPDATE cards SET last_review = 'soon' WHERE card_id = ?", fourth)
    with patch("trustquiz.store.index._FIRST", 2):  # read after three cards are given
        assert plan_today(bank, open_store(home), now, unseen) == expected
    assert capsys.readouterr().err.startswith("note: the index could not be read (a card state")
    assert ("soon",) not in query(home, "SELECT last_review FROM cards")


def test_seen_ids_are_read_whole_whatever_characters_the_ids_hold(home: Path) -> None:
    # The ids are read as one text of lines; an id with a line break in it is read row by row.
    store = open_store(home)
    for n, question in enumerate(["q2", "q10", "q1"]):
        store.append(review(n, question, n))
    assert sorted(open_store(home).cards.seen_ids()) == ["q1", "q10", "q2"]
    store.append(review(3, "odd\nid", 3))
    store.append(review(4, "q0", 4))
    seen = open_store(home).cards.seen_ids()
    assert sorted(seen) == ["odd\nid", "q0", "q1", "q10", "q2"]
