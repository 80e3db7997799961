"""The planner's inputs from the bank and the store: card snapshots, pace, memory, settings.

No pydantic and no fsrs: `stats` plans ahead with these and stays light.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timezone, tzinfo
from typing import Any, cast

from trustquiz.bank.entries import CardRef
from trustquiz.bank.loader import Bank
from trustquiz.memory import DEFAULT_PARAMETERS, MemoryModel
from trustquiz.pace import Answer, Pace, Stage, pace_from_answers
from trustquiz.planner import CardSnapshot, Plan, PlanSettings, day_bounds, plan_day
from trustquiz.store.progress import ProgressStore
from trustquiz.store.state import CardState, Settings

PACE_ANSWERS = 2000  # the latest timed answers the pace is read from
REFIT_EVERY = 500  # stats suggests `optimize` once the log has grown by this many reviews
UNLIMITED_MINUTES = 100_000.0  # `--new N` asks for N new cards whatever the minutes


def local_zone() -> tzinfo:
    """The learner's time zone (the system's), as a fixed offset for today."""
    return datetime.now(timezone.utc).astimezone().tzinfo or timezone.utc


def group_of(card: CardRef) -> str | None:
    """The card's sibling group: the question's `group` key for every card of it, else the
    gaps of one cloze share their question's id."""
    if card.entry.group is not None:
        return card.entry.group
    return card.entry.id if card.gap is not None else None


def snapshots(cards: Sequence[CardRef], states: Mapping[str, CardState]) -> list[CardSnapshot]:
    """What the planner needs of each card, in the order given (bank order)."""
    result = []
    for card in cards:
        state = states.get(card.card_id)
        kind, group = card.entry.kind, group_of(card)
        if state is None or state.stability is None:
            result.append(CardSnapshot(card.card_id, kind, group))
            continue
        # Positional: tens of thousands are made at each start, and replace() is slow.
        snapshot = CardSnapshot(
            card.card_id,
            kind,
            group,
            state.stability,
            state.difficulty,
            state.last_review,
            state.due,
            state.first_review,
        )
        result.append(snapshot)
    return result


def learner_pace(bank: Bank, store: ProgressStore) -> Pace:
    """The learner's pace from the log's latest timed answers."""
    answers = []
    for card_id, stage, milliseconds in store.answer_times(PACE_ANSWERS):
        card = bank.card(card_id)
        if card is not None:
            answers.append(Answer(card.entry.kind, cast(Stage, stage), milliseconds / 1000))
    return pace_from_answers(answers)


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
    cards: Sequence[CardRef],
    new: int | None = None,
    day: Mapping[str, CardState] | None = None,
) -> Plan:
    """Today's plan over `cards`, whose order breaks ties (so new cards are taken in it);
    `new` overrides the new-card budget and lifts the minutes limit. `day`, when given, is
    `store.cards.for_today` for the day of `now`, read once by the caller."""
    settings = plan_settings(store.settings)
    today, start, end = day_bounds(now, settings)
    spent = store.seconds_since(start)
    if new is None and settings.exam_date is not None and today < settings.exam_date:
        snaps = snapshots(cards, store.cards.everything())  # exam mode weighs every card
    else:
        # Outside exam mode a seen card plays a part only if it is due today or was answered
        # today: the states of those alone are read, and the other seen cards left out.
        states = store.cards.for_today(start, end) if day is None else day
        seen = store.cards.seen_ids()
        snaps = snapshots(
            [c for c in cards if c.card_id in states or c.card_id not in seen], states
        )
    if new is not None:
        seen_today = sum(1 for c in snaps if c.first_review and c.first_review >= start)
        settings = replace(
            settings, daily_minutes=UNLIMITED_MINUTES, new_per_day=new + seen_today, exam_date=None
        )
    return plan_day(
        snaps, settings, learner_pace(bank, store), memory_model(store.settings), now, spent
    )


def header(plan: Plan, cards: Sequence[CardRef], seen: Container[str], now: datetime) -> str:
    """What the session header says is planned: due, new, about how many minutes.

    `cards` are the ones the session asks (the plan, or its first cards with `--limit`).
    """
    due = sum(1 for card in cards if card.card_id in seen)
    share = len(cards) / len(plan.card_ids) if plan.card_ids else 0.0
    minutes = max(1, round(plan.minutes * share))
    line = f"Planned: {due} due, {len(cards) - due} new, about {minutes} minutes."
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
    reviews = store.review_count()
    figures: dict[str, Any] = {
        "model": "fitted" if settings.parameters else "default",
        "refit_suggested": reviews - settings.fitted_reviews >= REFIT_EVERY,
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
