"""The mcq kind: one correct option of four, shown in a shuffled order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from trustquiz.kinds.base import (
    LETTERS,
    PROMPT_FIELD,
    AddField,
    Kind,
    NonEmpty,
    Problem,
    QuestionBase,
)

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade
    from trustquiz.kinds.presentation import Face, Presented
    from trustquiz.textmatch import KnownTerms


class McqQuestion(QuestionBase):
    """One correct option of four."""

    kind: Literal["mcq"]
    prompt: str
    options: Annotated[list[NonEmpty], Field(min_length=4, max_length=4)]
    answer: NonEmpty
    shuffle: bool = True

    @property
    def answer_index(self) -> int:
        """Index of the correct option in the file's order (the answer is a letter or a text)."""
        key = self.answer.strip()
        if len(key) == 1 and key.lower() in LETTERS:
            return LETTERS.index(key.lower())
        return self.options.index(key)


def check(question: McqQuestion) -> list[Problem]:
    """Distinct options, and an answer that names one of them."""
    problems: list[Problem] = []
    if len({o.strip() for o in question.options}) != len(question.options):
        problems.append(("options", "two options are the same"))
    answer = question.answer.strip()
    if len(answer) == 1 and answer.isalpha() and answer.lower() not in "abcd":
        problems.append(("answer", f"answer '{answer}' is out of range: the options are a-d"))
    else:
        try:
            question.answer_index  # noqa: B018 - raises when the answer matches no option
        except ValueError:
            problems.append(
                ("answer", f"answer {question.answer!r} is neither a letter a-d nor an option")
            )
    return problems


def face(question: McqQuestion) -> Face:
    """The options as written and the right one's index there: shown in an order drawn
    from the card and the attempt (unless `shuffle = false`)."""
    return {
        "prompt": question.prompt,
        "options": list(question.options),
        "answer": question.answer_index,
        "shuffle": question.shuffle,
    }


def grade(question: McqQuestion, presented: Presented, response: str, known: KnownTerms) -> Grade:
    """A letter or an option's text."""
    from trustquiz.kinds.grading import grade_choice

    return grade_choice(presented, response)


def asked_text(question: McqQuestion) -> str:
    """The prompt and the options."""
    return " ".join([question.prompt, *question.options])


def from_flags(flags: dict[str, Any]) -> dict[str, Any]:
    """`--prompt`, `--option` four times and `--answer` as they are; `--no-shuffle`."""
    if flags.pop("no_shuffle", False):
        flags["shuffle"] = False
    return flags


KIND = Kind(
    name="mcq",
    model=McqQuestion,
    check=check,
    face=face,
    grade=grade,
    asked_text=asked_text,
    add_fields=(
        PROMPT_FIELD,
        AddField(
            "options", "Option", items="lettered", flag="--option", help="An mcq option; give four."
        ),
        AddField("answer", "Correct option (a-d)", help="mcq: the letter of the right option."),
        AddField(
            "no_shuffle",
            "Keep the options in order",
            items="switch",
            help="mcq: keep the options in order.",
        ),
    ),
    from_flags=from_flags,
    terms=lambda question: list(question.options),
)
