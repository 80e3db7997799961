"""The cloze kind: a sentence with `{{gaps}}`, each gap its own card (`{{seven|7}}`: aliases)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from trustquiz.kinds.base import AddField, Kind, NonEmpty, Problem, QuestionBase, as_given

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade
    from trustquiz.kinds.presentation import Face, Presented
    from trustquiz.textmatch import KnownTerms

GAP = re.compile(r"\{\{(.*?)\}\}")
BLANK = "_____"


class ClozeQuestion(QuestionBase):
    """A sentence with `{{gaps}}`; each gap is its own card. `{{seven|7}}` lists aliases."""

    kind: Literal["cloze"]
    text: NonEmpty

    @property
    def gaps(self) -> list[list[str]]:
        """The accepted answers of each gap, in order."""
        return [
            [alias.strip() for alias in match.group(1).split("|")]
            for match in GAP.finditer(self.text)
        ]

    def gap_count(self) -> int:
        """Each gap is a card."""
        return len(self.gaps)


def check(question: ClozeQuestion) -> list[Problem]:
    """At least one gap, and no empty gap or alias."""
    if not question.gaps:
        return [("text", "no gap: mark what to recall as {{...}}")]
    if any(not alias for gap in question.gaps for alias in gap):
        return [("text", "an empty gap or alias: write {{answer}} or {{answer|alias}}")]
    return []


def face(question: ClozeQuestion) -> Face:
    """For each gap's card, the sentence with that gap blanked and the others filled in,
    and the gap's accepted answers."""
    count = len(question.gaps)
    return {
        "sentences": [_sentence(question, gap) for gap in range(1, count + 1)],
        "gaps": question.gaps,
    }


def _sentence(question: ClozeQuestion, gap: int) -> str:
    counter = iter(range(1, len(question.gaps) + 1))

    def fill(match: re.Match[str]) -> str:
        number = next(counter)
        return BLANK if number == gap else match.group(1).split("|")[0].strip()

    return GAP.sub(fill, question.text)


def grade(question: ClozeQuestion, presented: Presented, response: str, known: KnownTerms) -> Grade:
    """Any alias of the gap, forgivingly; a figure also as a quantity in its unit."""
    from trustquiz.kinds.grading import Grade, compare_quantities
    from trustquiz.quantity import QuantityError, parse_quantity
    from trustquiz.textmatch import match_text

    accepted = presented.accepted
    right, note = match_text(response, accepted, known)
    if right:
        return Grade(True, accepted[0], note)
    try:
        parse_quantity(accepted[0])
    except QuantityError:
        return Grade(False, accepted[0], note)
    verdict = compare_quantities(accepted[0], None, response)
    # A gap is answered in words as often as in figures: a word there is wrong, not unreadable.
    return Grade(False, accepted[0], note) if verdict.unreadable else verdict


def asked_text(question: ClozeQuestion) -> str:
    """The sentence with each gap's first answer."""
    return GAP.sub(lambda m: m.group(1).split("|")[0], question.text)


KIND = Kind(
    name="cloze",
    model=ClozeQuestion,
    check=check,
    face=face,
    grade=grade,
    asked_text=asked_text,
    add_fields=(
        AddField("text", "Sentence with {{gaps}}", help="cloze: the sentence with {{gaps}}."),
    ),
    from_flags=as_given,
    terms=lambda question: [alias for gap in question.gaps for alias in gap],
)
