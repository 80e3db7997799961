"""A mock paper: which questions, in what order, and their options fixed for the paper."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from trustquiz.bank.entries import CardRef
from trustquiz.bank.loader import Bank
from trustquiz.errors import TrustquizError
from trustquiz.kinds.numeric import NumericQuestion
from trustquiz.kinds.presentation import Presented, choice_hint, present
from trustquiz.mock.figures import Figures, numeric_options, parse_figures
from trustquiz.store.state import CardState

ELIGIBLE = ("mcq", "statements", "pairs", "assertion", "numeric")
# Such questions ask what one page says against another, not a fact the exam could ask.
LEFT_OUT_TAG = "source-comparison"
MINUTES_PER_100 = 120
FULL_PAPER = 100
WEAK_ACCURACY = 0.8


@dataclass(frozen=True)
class Paper:
    """The questions of one mock, as they are shown (option order fixed for the paper)."""

    id: str
    seed: str
    marking: str
    minutes: int
    questions: list[Presented]


def default_minutes(questions: int) -> int:
    """120 minutes per 100 questions, at least one minute."""
    return max(1, round(MINUTES_PER_100 * questions / FULL_PAPER))


def eligible(bank: Bank, topics: Sequence[str] = ()) -> list[CardRef]:
    """The cards a mock may ask: choice kinds and numeric, of the topics asked for."""
    wanted = {t.casefold() for t in topics}
    return [
        card
        for card in bank.cards()
        if card.entry.kind in ELIGIBLE
        and LEFT_OUT_TAG not in card.tags
        and (not wanted or card.topic.casefold() in wanted)
    ]


def _priority(state: CardState | None, now: datetime) -> int:
    """0 for due or weak cards, 1 for new ones, 2 for cards recalled well."""
    if state is None:
        return 1
    weak = state.lapses > 0 or (state.reviews and state.correct / state.reviews < WEAK_ACCURACY)
    return 0 if weak or state.due <= now else 2


def _quotas(sizes: dict[str, int], count: int) -> dict[str, int]:
    """Seats per topic in proportion to its eligible questions (largest remainders)."""
    total = sum(sizes.values())
    exact = {topic: count * size / total for topic, size in sizes.items()}
    seats = {topic: int(share) for topic, share in exact.items()}
    by_remainder = sorted(sizes, key=lambda t: (seats[t] - exact[t], t))
    for topic in by_remainder[: count - sum(seats.values())]:
        seats[topic] += 1
    return seats


def draw(
    cards: Sequence[CardRef],
    count: int,
    seed: str,
    states: Mapping[str, CardState] | None = None,
    now: datetime | None = None,
) -> list[CardRef]:
    """`count` cards with topics in proportion, due and weak ones first, no two siblings.

    Without `states` the draw depends on the bank and the seed alone, so a seed names the
    same paper for anyone with the same bank.
    """
    rng = random.Random(seed)
    by_topic: dict[str, list[CardRef]] = {}
    for card in cards:
        by_topic.setdefault(card.topic, []).append(card)
    for topic in sorted(by_topic):
        group = by_topic[topic]
        rng.shuffle(group)
        if states is not None and now is not None:
            group.sort(key=lambda c: _priority(states.get(c.card_id), now))
    seats = _quotas({t: len(g) for t, g in by_topic.items()}, min(count, len(cards)))
    chosen: list[CardRef] = []
    seen: set[str] = set()
    for topic in sorted(by_topic):
        picked = 0
        for card in by_topic[topic]:
            # Gap cards of one question are siblings: one of them at most.
            if picked == seats[topic] or card.entry.id in seen:
                continue
            chosen.append(card)
            seen.add(card.entry.id)
            picked += 1
    rng.shuffle(chosen)
    return chosen


def presented(card: CardRef, seed: str, figures: Figures) -> Presented:
    """A card as the paper shows it: a numeric one as four figures in ascending order."""
    question = card.question
    if not isinstance(question, NumericQuestion):
        return present(card, seed=seed)
    options, right = numeric_options(
        question.answer, question.tolerance, figures, f"{seed}|{card.card_id}"
    )
    return Presented(card, question.prompt, choice_hint(options), options, right)


def bank_figures(bank: Bank) -> list[str]:
    """The answers of every numeric question in the bank: the pool of numeric distractors."""
    questions = (card.question for card in bank.cards() if card.entry.kind == "numeric")
    return [q.answer for q in questions if isinstance(q, NumericQuestion)]


def build(bank: Bank, ids: Sequence[str], seed: str) -> list[Presented]:
    """The paper's questions from their ids, as they were shown when it was drawn.

    Raises:
        TrustquizError: when a question of the paper is no longer in the bank.
    """
    ids = list(ids)
    if any(card.entry.kind == "numeric" for i in ids if (card := bank.card(i)) is not None):
        figures = parse_figures(bank_figures(bank))
    else:
        figures = {}
    shown = []
    for card_id in ids:
        card = bank.card(card_id)
        if card is None:
            raise TrustquizError(f"question '{card_id}' of this mock is no longer in the bank")
        shown.append(presented(card, seed, figures))
    return shown
