"""What a practice session did: answers, right ones, per topic, per question, lucky guesses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from trustquiz.bank.entries import CardRef


@dataclass
class Summary:
    """What a session did."""

    answered: int = 0
    right: int = 0
    lucky: int = 0
    skipped: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    per_topic: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    verdicts: dict[str, list[bool]] = field(default_factory=dict)  # per card id, in order

    def count(self, card: CardRef, correct: bool, sign: int = 1) -> None:
        """Add (or with sign -1 take back the last) answer to `card`."""
        topic = card.question.topic
        self.answered += sign
        self.right += sign * int(correct)
        self.per_topic[topic][0] += sign
        self.per_topic[topic][1] += sign * int(correct)
        tries = self.verdicts.setdefault(card.card_id, [])
        if sign > 0:
            tries.append(correct)
        elif tries:
            tries.pop()

    @property
    def questions(self) -> int:
        """How many different questions were answered."""
        return sum(1 for tries in self.verdicts.values() if tries)

    @property
    def wrong_ids(self) -> list[str]:
        """The ids of the questions answered wrong at least once, in the order asked."""
        return [card_id for card_id, tries in self.verdicts.items() if not all(tries)]
