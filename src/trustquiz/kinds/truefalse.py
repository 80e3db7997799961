"""The truefalse kind: a single claim, answered a/b, t/f, true/false or yes/no."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from trustquiz.errors import TrustquizError
from trustquiz.kinds.base import PROMPT_FIELD, AddField, Kind, Problem, QuestionBase, prompt_text

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade
    from trustquiz.kinds.presentation import Face, Presented
    from trustquiz.textmatch import KnownTerms

_TRUE_WORDS = ("t", "true", "yes", "y")
_FALSE_WORDS = ("f", "false", "no", "n")


class TrueFalseQuestion(QuestionBase):
    """A single claim, true or false."""

    kind: Literal["truefalse"]
    prompt: str
    answer: bool


def check(question: TrueFalseQuestion) -> list[Problem]:
    """Nothing beyond the model's own checks."""
    return []


def face(question: TrueFalseQuestion) -> Face:
    """The claim and its truth: shown with two options, True then False."""
    return {"prompt": question.prompt, "answer": question.answer}


def grade(
    question: TrueFalseQuestion, presented: Presented, response: str, known: KnownTerms
) -> Grade:
    """A letter or an option's text, or a word for true or false (t, yes, n, ...)."""
    from trustquiz.kinds.grading import grade_choice
    from trustquiz.textmatch import normalise_text

    word = normalise_text(response)
    if word in _TRUE_WORDS:
        response = "a"
    elif word in _FALSE_WORDS:
        response = "b"
    return grade_choice(presented, response)


def from_flags(flags: dict[str, Any]) -> dict[str, Any]:
    """`--answer` is true or false (t or f)."""
    if isinstance(flags.get("answer"), str):
        word = flags["answer"].strip().lower()
        if word not in ("true", "false", "t", "f"):
            raise TrustquizError("a truefalse answer is true or false")
        flags["answer"] = word in ("true", "t")
    return flags


KIND = Kind(
    name="truefalse",
    model=TrueFalseQuestion,
    check=check,
    face=face,
    grade=grade,
    asked_text=prompt_text,
    add_fields=(
        PROMPT_FIELD,
        AddField("answer", "True or false", default="true", help="truefalse: true or false."),
    ),
    from_flags=from_flags,
)
