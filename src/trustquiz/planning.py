"""The planner's inputs from the bank and the store: card snapshots, pace, memory, settings.

No pydantic and no fsrs: `stats` plans ahead with these and stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timezone, tzinfo
from typing import Any, cast

from trustquiz.bank.entries import CardRef
from trustquiz.bank.loader import Bank
from trustquiz.kinds.registry import KINDS
from trustquiz.memory import DEFAULT_PARAMETERS, MemoryModel
from trustquiz.pace import Answer, Pace, Stage, pace_from_answers
from trustquiz.planner import (
    CardSnapshot,
    Plan,
    PlanSettings,
    day_bounds,
    plan_day,
    plan_normal_day,
)
from trustquiz.refit import refit_due
from trustquiz.store.progress import ProgressStore
from trustquiz.store.state import CardState, Settings

PACE_ANSWERS = 2000  # the latest timed answers the pace is read from


def local_zone() -> tzinfo:
    """The learner's time zone (the system's), as a fixed offset for today."""
    return datetime.now(timezone.utc).astimezone().tzinfo or timezone.utc


def group_of(card: CardRef) -> str | None:
    """The card's sibling group: the question's `group` key for every card of it, else the
    gaps of one cloze share their question's id."""
    if card.entry.group is not None:
        return card.entry.group
    return card.entry.id if card.gap is not None else None


def snapshot(card: CardRef, state: CardState | None) -> CardSnapshot:
    """What the planner needs of one card."""
    kind, group = card.entry.kind, group_of(card)
    if state is None or state.stability is None:
        return CardSnapshot(card.card_id, kind, group)
    # Positional: tens of thousands are made at each start, and replace() is slow.
    return CardSnapshot(
        card.card_id,
        kind,
        group,
        state.stability,
        state.difficulty,
        state.last_review,
        state.due,
        state.first_review,
    )


def snapshots(cards: Sequence[CardRef], states: Mapping[str, CardState]) -> list[CardSnapshot]:
    """What the planner needs of each card, in the order given (bank order)."""
    get = states.get
    return [snapshot(card, get(card.card_id)) for card in cards]


def learner_pace(bank: Bank, store: ProgressStore) -> Pace:
    """The learner's pace from the log's latest timed answers."""
    timed = store.answer_times(PACE_ANSWERS)
    kinds = bank.heads([card_id for card_id, _, _ in timed], "kind")
    return pace_from_answers(
        Answer(kind, cast(Stage, stage), milliseconds / 1000)
        for kind, (_, stage, milliseconds) in zip(kinds, timed, strict=True)
        if kind is not None
    )


def memory_model(settings: Settings) -> MemoryModel:
    """The fitted memory model when `optimize` has run, else FSRS-6's defaults."""
    return MemoryModel(settings.parameters or DEFAULT_PARAMETERS)


def plan_settings(settings: Settings, tz: tzinfo | None = None) -> PlanSettings:
    """The planner's view of the learner's settings."""
    return PlanSettings(
        daily_minutes=settings.daily_minutes,
        day_start=settings.day_start,
        exam_date=settings.exam_date,
        desired_retention=settings.desired_retention,
        new_per_day=settings.new_per_day,
        tz=tz or local_zone(),
    )


def plan_today(
    bank: Bank,
    store: ProgressStore,
    now: datetime,
    unseen: Iterable[CardRef],
    match: Callable[[CardRef], bool] | None = None,
    new: int | None = None,
    answered: Mapping[str, CardState] | None = None,
) -> Plan:
    """Today's plan over the bank's cards that `match` keeps (None: all of them).

    `unseen` are the never-answered ones in the order they are introduced. `new` asks
    for that many new cards whatever the minutes (reviews keep to them). `answered` are
    the states of the cards answered since the day began, when the caller has read them.
    """
    settings = plan_settings(store.settings)
    today, start, end = day_bounds(now, settings)
    spent = store.seconds_since(start)
    pace, model = learner_pace(bank, store), memory_model(store.settings)
    if new is None and settings.exam_date is not None and today < settings.exam_date:
        # Exam mode weighs every card against every other: all states are read. The order
        # of the cards breaks ties: new cards as they are introduced, then the seen ones.
        seen = store.cards.seen_ids()
        chosen = [c for c in bank.cards() if c.card_id in seen and (match is None or match(c))]
        snaps = snapshots([*unseen, *chosen], store.cards.everything())
        return plan_day(snaps, settings, pace, model, now, spent)

    def wanted(card_id: str) -> CardRef | None:
        card = bank.card(card_id)
        return card if card is not None and (match is None or match(card)) else None

    # Outside exam mode the index hands over the due cards in rank order, and only as many
    # are read as the minutes can hold; of the other seen cards only today's are read.
    if answered is None:
        answered = store.answered_since(start)
    busy = {
        group
        for card_id, state in answered.items()
        if (card := wanted(card_id)) is not None and (group := group_of(card))
        and state.last_review is not None and state.last_review >= start
    }  # fmt: skip
    new_seen = sum(
        1
        for card_id, state in answered.items()
        if wanted(card_id) is not None
        and state.first_review is not None and state.first_review >= start
    )  # fmt: skip
    ranked = (
        snapshot(card, state)
        for state in store.due_ranked(start, end, now)
        if (card := wanted(state.card_id)) is not None
    )
    fresh = (snapshot(card, None) for card in unseen)
    kinds = set(KINDS)  # the due cards' kinds are among these
    if new is not None:
        settings = replace(settings, new_per_day=new + new_seen, exam_date=None)
    return plan_normal_day(
        ranked, fresh, kinds, busy, new_seen, settings, pace, model, now, spent, new is not None
    )


def header(plan: Plan, cards: Sequence[CardRef], seen: Container[str], now: datetime) -> str:
    """What the session header says is planned: due, new, about how many minutes.

    `cards` are the ones the session asks (the plan, or its first cards with `--limit`).
    """
    due = sum(1 for card in cards if card.card_id in seen)
    share = len(cards) / len(plan.card_ids) if plan.card_ids else 0.0
    minutes = max(1, round(plan.minutes * share))
    unit = "minute" if minutes == 1 else "minutes"
    line = f"Planned: {due} due, {len(cards) - due} new, about {minutes} {unit}."
    if plan.mode == "after-exam":
        line += " The exam date has passed: reviews are scheduled as usual."
    return line


def exam_outlook(
    bank: Bank, cards: Sequence[CardRef], store: ProgressStore, now: datetime, exam: date
) -> dict[str, Any]:
    """The `stats` exam section's plan figures (see README, `exam`): the memory model's
    prediction with no more study, and a forward run of the plan at the daily minutes and
    at ten minutes less and more."""
    from trustquiz.examplan import CHANGE_MINUTES, outlook
    from trustquiz.forecast import predicted_recall

    settings = store.settings
    model = memory_model(settings)
    snaps = snapshots(cards, store.cards)
    planned = replace(plan_settings(settings), exam_date=exam)
    figures: dict[str, Any] = {
        "model": "fitted" if settings.parameters else "default",
        "refit_suggested": refit_due(store),
        "model_recall": predicted_recall(snaps, exam, model, planned.tz),
        "daily_minutes": settings.daily_minutes,
        "change_minutes": CHANGE_MINUTES,
        "plan": [],
    }
    if not snaps or day_bounds(now, planned)[0] >= exam:
        return figures
    for outcome in outlook(snaps, planned, learner_pace(bank, store), model, now):
        figures["plan"].append({
            "minutes": outcome.minutes,
            "predicted_recall": round(outcome.predicted_recall, 4),
            "unseen_share": round(outcome.unseen / outcome.sampled, 4),
            "whole_bank": outcome.unseen == 0,
        })  # fmt: skip
    return figures
