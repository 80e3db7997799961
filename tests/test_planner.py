"""The day's plan: minutes, day boundaries, siblings, exam mode and the exam-day prediction."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustquiz.errors import TrustquizError
from trustquiz.fitting import NotEnoughReviewsError, Review, fit_parameters
from trustquiz.forecast import exam_moment, predicted_recall
from trustquiz.memory import AGAIN, DEFAULT_PARAMETERS, GOOD, MemoryModel
from trustquiz.pace import Answer, Pace, pace_from_answers
from trustquiz.planner import CardSnapshot, PlanError, PlanSettings, day_bounds, plan_day

NOW = datetime(2027, 3, 10, 6, 30, tzinfo=timezone.utc)
IST = timezone(timedelta(hours=5, minutes=30))
MODEL = MemoryModel()
PACE = Pace()


def seen(
    card_id: str,
    kind: str,
    stability: float,
    days_ago: float,
    due_in: float,
    group: str | None = None,
) -> CardSnapshot:
    last = NOW - timedelta(days=days_ago)
    return CardSnapshot(
        card_id,
        kind,
        group,
        stability,
        5.0,
        last,
        NOW + timedelta(days=due_in),
        last - timedelta(days=30),
    )


def new(card_id: str, kind: str = "mcq", group: str | None = None) -> CardSnapshot:
    return CardSnapshot(card_id, kind, group)


CARDS = [
    seen("a", "mcq", 2.0, 5, -3),
    seen("b", "mcq", 10.0, 10, -0.5),
    seen("c", "truefalse", 1.0, 4, -3, group="g1"),
    seen("d", "cloze", 3.0, 6, -3, group="g1"),
    new("e"),
    new("f", group="g2"),
    new("g", group="g2"),
    seen("h", "statements", 5.0, 1.5 / 24, 5, group="g3"),  # answered at 05:00 today
    new("i", group="g3"),
    seen("j", "mcq", 8.0, 2, 5),
]


def test_day_runs_from_day_start_in_local_time() -> None:
    settings = PlanSettings(day_start=4, tz=IST)
    # 22:00 UTC on the 9th is 03:30 on the 10th in India: still the 9th's study day.
    today, start, end = day_bounds(datetime(2027, 3, 9, 22, 0, tzinfo=timezone.utc), settings)
    assert today == date(2027, 3, 9)
    assert start == datetime(2027, 3, 8, 22, 30, tzinfo=timezone.utc)
    assert end == datetime(2027, 3, 9, 22, 30, tzinfo=timezone.utc)
    assert day_bounds(datetime(2027, 3, 9, 23, 0, tzinfo=timezone.utc), settings)[0] == date(
        2027, 3, 10
    )


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(PlanError, match="timezone-aware"):
        plan_day(CARDS, PlanSettings(), PACE, MODEL, datetime(2027, 3, 10, 6, 30))
    assert issubclass(PlanError, TrustquizError)


def test_normal_day_due_least_recalled_first_then_new_siblings_apart() -> None:
    plan = plan_day(CARDS, PlanSettings(daily_minutes=30), PACE, MODEL, NOW)
    assert plan.card_ids == ("c", "a", "b", "e", "f")
    assert (plan.mode, plan.planned_reviews, plan.planned_new) == ("normal", 3, 2)
    assert round(plan.seconds, 1) == 137.7


def test_minutes_budget_cuts_the_plan() -> None:
    plan = plan_day(CARDS, PlanSettings(daily_minutes=1.5), PACE, MODEL, NOW)
    assert plan.card_ids == ("c", "a", "b")
    assert plan.seconds <= 90
    spent = plan_day(CARDS, PlanSettings(daily_minutes=1.5), PACE, MODEL, NOW, spent_seconds=60)
    assert spent.card_ids == ("c",)


def test_new_cards_count_against_the_cap_per_day() -> None:
    today = replace(
        new("x"),
        stability=2.0,
        difficulty=5.0,
        first_review=NOW - timedelta(hours=1),
        last_review=NOW - timedelta(hours=1),
        due=NOW + timedelta(days=2),
    )
    plan = plan_day([*CARDS, today], PlanSettings(new_per_day=2), PACE, MODEL, NOW)
    assert plan.card_ids == ("c", "a", "b", "e")


def test_a_review_before_day_start_belongs_to_yesterday() -> None:
    before = replace(CARDS[7], last_review=datetime(2027, 3, 10, 3, 0, tzinfo=timezone.utc))
    cards = [*CARDS[:7], before, CARDS[8]]
    assert "i" in plan_day(cards, PlanSettings(), PACE, MODEL, NOW).card_ids
    assert "i" not in plan_day(CARDS, PlanSettings(), PACE, MODEL, NOW).card_ids


def _answer(card: CardSnapshot, at: datetime, rating: int) -> CardSnapshot:
    """The card after an answer at `at`, as the store would derive it."""
    if card.is_new:
        memory = MODEL.first(rating)
        first = at
    else:
        assert card.last_review is not None and card.stability and card.difficulty
        elapsed = (at - card.last_review).total_seconds() / 86400
        memory = MODEL.after(
            MODEL.first(GOOD).__class__(card.stability, card.difficulty), elapsed, rating
        )
        first = card.first_review or at
    due = at + timedelta(days=max(1.0, memory.stability))
    return replace(
        card,
        stability=memory.stability,
        difficulty=memory.difficulty,
        last_review=at,
        due=due,
        first_review=first,
    )


def _study(
    cards: list[CardSnapshot], settings: PlanSettings, days: int, rng: random.Random
) -> list[list[str]]:
    """Follow the plan for `days` days, answering right three times in four."""
    by_id = {c.card_id: c for c in cards}
    shown = []
    for day in range(days):
        at = NOW + timedelta(days=day)
        plan = plan_day(list(by_id.values()), settings, PACE, MODEL, at)
        shown.append(list(plan.card_ids))
        for n, card_id in enumerate(plan.card_ids):
            rating = GOOD if rng.random() < 0.75 else AGAIN
            by_id[card_id] = _answer(by_id[card_id], at + timedelta(minutes=n), rating)
    return shown


def test_exam_mode_shows_every_card_before_the_exam_and_keeps_siblings_apart() -> None:
    bank = [new(f"q{i:02d}", group=f"s{i // 2}" if i < 10 else None) for i in range(40)]
    exam = (NOW + timedelta(days=8)).date()
    settings = PlanSettings(daily_minutes=8, exam_date=exam)
    days = _study(bank, settings, 8, random.Random(1))
    assert {card_id for day in days for card_id in day} == {c.card_id for c in bank}
    for day in days:
        groups = [int(c[1:]) // 2 for c in day if int(c[1:]) < 10]
        assert len(groups) == len(set(groups))
    assert days[0] == ["q00", "q02", "q04", "q06", "q08", *(f"q{i}" for i in range(10, 18))]
    assert [len(day) for day in days][:3] == [13, 13, 13]


def test_exam_mode_ranks_new_and_due_together_by_gain_per_second() -> None:
    exam = (NOW + timedelta(days=2)).date()
    plan = plan_day(CARDS, PlanSettings(daily_minutes=30, exam_date=exam), PACE, MODEL, NOW)
    assert plan.mode == "exam"
    # Two days out, a first answer adds more exam-day recall per second than a review;
    # j, not due, is reviewed too: its exam-day recall gains from it.
    assert plan.card_ids == ("e", "f", "c", "a", "b", "j")


def test_after_the_exam_the_plan_is_the_normal_one() -> None:
    past = PlanSettings(daily_minutes=30, exam_date=date(2027, 3, 10))
    plan = plan_day(CARDS, past, PACE, MODEL, NOW)
    normal = plan_day(CARDS, PlanSettings(daily_minutes=30), PACE, MODEL, NOW)
    assert plan.mode == "after-exam"
    assert plan.card_ids == normal.card_ids


def test_pace_uses_own_medians_once_there_are_enough_answers() -> None:
    answers = [Answer("mcq", "review", 10.0 + i % 3) for i in range(12)]
    answers += [Answer("text", "new", 50.0), Answer("text", "new", 900.0)]
    pace = pace_from_answers(answers)
    assert pace.cost("mcq", "review") == 11.0
    assert pace.speed == pytest.approx(0.44)  # the median ratio to the 25-second default
    assert pace.cost("text", "new") == pytest.approx(20 * 1.4 * 0.44)
    assert pace_from_answers([]).cost("statements", "failed") == 72.0


def test_a_fitted_model_predicts_exam_recall_of_cards_seen_once() -> None:
    """Learners who forget single answers fast: the default model is far too hopeful."""
    w = list(DEFAULT_PARAMETERS)
    w[0:4] = [x * 0.15 for x in w[0:4]]
    w[20] = 0.45
    truth = MemoryModel(tuple(w))
    rng = random.Random(3)
    log: list[Review] = []
    once: list[CardSnapshot] = []
    for c in range(600):
        t = NOW + timedelta(days=rng.uniform(0, 40))
        rating = GOOD if rng.random() < 0.35 else AGAIN
        memory = truth.first(rating)
        log.append(Review(f"c{c}", t, rating))
        once.append(CardSnapshot(f"c{c}", "mcq", None, memory.stability, 5.0, t))
        for _ in range(rng.randint(1, 3)):
            gap = rng.choice([1, 2, 3, 5, 8, 13, 21])
            t += timedelta(days=gap)
            rating = GOOD if rng.random() < truth.recall(gap, memory.stability) else AGAIN
            memory = truth.after(memory, gap, rating)
            log.append(Review(f"c{c}", t, rating))
    fit = fit_parameters(log)
    assert fit.log_loss_after < fit.log_loss_before and fit.rmse_after < fit.rmse_before
    exam = (NOW + timedelta(days=100)).date()
    true = predicted_recall(once, exam, truth)
    fitted = MemoryModel(fit.parameters)
    # The population's own first-answer states, as each model would have set them.
    as_fitted = [
        replace(
            c,
            stability=fitted.first(
                GOOD if c.stability == truth.first(GOOD).stability else AGAIN
            ).stability,
        )
        for c in once
    ]
    as_default = [
        replace(
            c,
            stability=MODEL.first(
                GOOD if c.stability == truth.first(GOOD).stability else AGAIN
            ).stability,
        )
        for c in once
    ]
    assert round(true, 2) == 0.09
    assert abs(predicted_recall(as_fitted, exam, fitted) - true) < 0.08
    assert predicted_recall(as_default, exam, MODEL) - true > 0.3
    assert exam_moment(exam) == datetime(2027, 6, 18, 9, 30, tzinfo=timezone.utc)


def test_too_short_a_log_is_refused_with_a_reason() -> None:
    log = [Review("a", NOW + timedelta(days=d), GOOD) for d in range(5)]
    with pytest.raises(NotEnoughReviewsError) as caught:
        fit_parameters(log)
    assert str(caught.value) == (
        "the review log is too short to fit a memory model: 4 reviews a day or more after "
        "the previous one, 200 needed; the default model stays"
    )


def test_the_last_pass_puts_weak_cards_before_new_ones_when_time_is_short() -> None:
    exam = (NOW + timedelta(days=2)).date()
    plan = plan_day(CARDS, PlanSettings(daily_minutes=0.8, exam_date=exam), PACE, MODEL, NOW)
    assert plan.card_ids == ("c", "a")


def test_memory_updates_match_fsrs_rs_on_whole_days() -> None:
    from fsrs_rs_python import FSRS, MemoryState

    rs = FSRS(list(DEFAULT_PARAMETERS))
    start = MODEL.first(GOOD)
    assert round(start.stability, 4) == round(rs.next_states(None, 0.9, 0).good.memory.stability, 4)
    for days in (0, 3, 10):
        states = rs.next_states(MemoryState(5.0, 6.0), 0.9, days)
        for rating, expected in ((AGAIN, states.again), (GOOD, states.good)):
            ours = MODEL.after(MODEL.first(GOOD).__class__(5.0, 6.0), days, rating)
            assert round(ours.stability, 3) == round(expected.memory.stability, 3)
            assert round(ours.difficulty, 3) == round(expected.memory.difficulty, 3)


def test_a_review_just_short_of_a_day_later_on_another_day_is_not_same_day() -> None:
    memory = MODEL.first(GOOD)
    short = MODEL.after(memory, 0.99, GOOD)
    daily = MODEL.after(memory, 0.99, GOOD, same_day=False)
    assert short.stability == memory.stability
    assert round(daily.stability, 2) == 7.27


def _reference_reviews(cards: list[CardSnapshot], minutes: float) -> list[str]:
    """The normal day's reviews as first written: recall worked out for every due card."""
    budget, taken, chosen = minutes * 60, set(), []
    # Recall falls as elapsed days over stability grow; where two recalls round to the same
    # float but their ratios differ (stabilities 0.2 and 0.20000000000000004), the ratio
    # still tells which is less likely recalled.
    ranked = sorted(
        (
            MODEL.recall(days := (NOW - c.last_review).total_seconds() / 86400, c.stability),
            -days / c.stability,
            c.card_id,
            c,
        )
        for c in cards
        if c.due is not None and c.last_review is not None and c.stability is not None
    )
    for recall, _, card_id, card in ranked:
        cost = PACE.review_cost(card.kind, recall)
        if cost <= budget and not (card.group and card.group in taken):
            chosen.append(card_id)
            budget -= cost
            taken |= {card.group} if card.group else set()
    return chosen


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["mcq", "numeric", "cloze", "statements"]),
            st.floats(0.2, 200),
            st.floats(1, 400),
            st.sampled_from([None, "g1", "g2", "g3"]),
        ),
        max_size=60,
    ),
    st.floats(0.5, 30),
)
def test_reviews_ranked_by_overdue_ratio_match_ranking_by_recall(
    specs: list[tuple[str, float, float, str | None]], minutes: float
) -> None:
    cards = [
        seen(f"c{n:02d}", kind, stability, days_ago, -0.1, group)
        for n, (kind, stability, days_ago, group) in enumerate(specs)
    ]
    settings = PlanSettings(daily_minutes=minutes, new_per_day=0)
    plan = plan_day(cards, settings, PACE, MODEL, NOW)
    assert list(plan.card_ids) == _reference_reviews(cards, minutes)


def test_the_due_cards_that_do_not_fit_are_passed_over_only_so_many_in_a_row() -> None:
    from trustquiz.planner import FILL_PATIENCE
    from trustquiz.planparts import take

    read: list[str] = []

    def ranked(costs: list[float]) -> Iterator[tuple[CardSnapshot, float]]:
        for number, cost in enumerate(costs):
            read.append(f"c{number}")
            yield new(f"c{number}"), cost

    # 50 s: two cards of 20 s fit; then cards of 30 s do not, and a 5-s card comes too late.
    costs = [20.0, 20.0, *[30.0] * FILL_PATIENCE, 5.0, 5.0]
    chosen = take(ranked(costs), set(), 50.0, patience=FILL_PATIENCE)
    assert [card.card_id for card, _ in chosen] == ["c0", "c1"]
    assert len(read) == 2 + FILL_PATIENCE
    # One card fewer that does not fit, and the cheap one after it is still found.
    read.clear()
    chosen = take(ranked([*costs[:-3], 5.0]), set(), 50.0, patience=FILL_PATIENCE)
    assert [card.card_id for card, _ in chosen] == ["c0", "c1", f"c{FILL_PATIENCE + 1}"]
