"""The text kind: a short typed answer with accepted aliases, matched forgivingly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from trustquiz.kinds.base import (
    PROMPT_FIELD,
    AddField,
    Kind,
    NonEmpty,
    Problem,
    QuestionBase,
    as_given,
    prompt_text,
)

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade
    from trustquiz.kinds.presentation import Face, Presented
    from trustquiz.textmatch import KnownTerms


class TextQuestion(QuestionBase):
    """A short answer with accepted aliases."""

    kind: Literal["text"]
    prompt: str
    answer: NonEmpty
    accept: list[NonEmpty] = []  # noqa: RUF012 - pydantic copies a field's default
    # A longer answer holding the answer or an alias as whole words counts too.
    accept_containing: bool = False


def check(question: TextQuestion) -> list[Problem]:
    """Nothing beyond the model's own checks."""
    return []


def face(question: TextQuestion) -> Face:
    """Typed in."""
    return {"prompt": question.prompt, "hint": "a short answer"}


def grade(question: TextQuestion, presented: Presented, response: str, known: KnownTerms) -> Grade:
    """The answer or an alias, forgiving case, spelling and one typo in a long word; with
    `accept_containing`, also a longer answer that holds one (see `match_containing`)."""
    from trustquiz.kinds.grading import Grade
    from trustquiz.textmatch import match_containing, match_text

    accepted = [question.answer, *question.accept]
    right, note = match_text(response, accepted, known)
    if not right and question.accept_containing:
        right, containing_note = match_containing(response, accepted, known)
        note = containing_note or note
    return Grade(right, question.answer, note)


def terms(question: TextQuestion) -> list[str]:
    """The answer and its aliases."""
    return [question.answer, *question.accept]


KIND = Kind(
    name="text",
    model=TextQuestion,
    check=check,
    face=face,
    grade=grade,
    asked_text=prompt_text,
    add_fields=(
        PROMPT_FIELD,
        AddField("answer", "Answer", help="text: the answer."),
        AddField("accept", "Also accept", items="many", help="Another accepted text answer."),
    ),
    from_flags=as_given,
    terms=terms,
)
