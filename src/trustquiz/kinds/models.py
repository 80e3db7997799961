"""pydantic models of question files: the kinds, a file's defaults and the sources they cite."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
LETTERS = "abcd"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


NonEmpty = Annotated[str, Field(min_length=1)]


class QuestionBase(_Strict):
    """Fields every question kind shares."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=120)]
    topic: NonEmpty
    tags: tuple[str, ...] = ()
    explanation: str = ""
    source: str | None = None
    difficulty: Literal["easy", "medium", "hard"] | None = None

    @field_validator("prompt", check_fields=False)
    @classmethod
    def _prompt_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


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


class TrueFalseQuestion(QuestionBase):
    """A single claim, true or false."""

    kind: Literal["truefalse"]
    prompt: str
    answer: bool


class NumericQuestion(QuestionBase):
    """A quantity with a unit, written the way Indian sources write it."""

    kind: Literal["numeric"]
    prompt: str
    answer: NonEmpty
    tolerance: str | None = None


class TextQuestion(QuestionBase):
    """A short answer with accepted aliases."""

    kind: Literal["text"]
    prompt: str
    answer: NonEmpty
    accept: list[NonEmpty] = []


class Statement(_Strict):
    """One numbered statement and whether it is correct."""

    text: NonEmpty
    correct: bool
    why: str = ""


class StatementsQuestion(QuestionBase):
    """ "Consider the following statements": asked as "which" or "how many" are correct."""

    kind: Literal["statements"]
    prompt: str = "Consider the following statements:"
    ask: Literal["which", "how-many"]
    statements: Annotated[list[Statement], Field(min_length=2, max_length=4)]


class Pair(_Strict):
    """One row of a matching question and whether it is correctly matched."""

    left: NonEmpty
    right: NonEmpty
    correct: bool
    why: str = ""


class PairsQuestion(QuestionBase):
    """ "Consider the following pairs": how many are correctly matched."""

    kind: Literal["pairs"]
    prompt: str = "Consider the following pairs:"
    headers: tuple[NonEmpty, NonEmpty] | None = None
    pairs: Annotated[list[Pair], Field(min_length=3, max_length=4)]


AssertionAnswer = Literal["explains", "does-not-explain", "only-1", "only-2"]


class AssertionQuestion(QuestionBase):
    """Statement-I and Statement-II with the four standard options."""

    kind: Literal["assertion"]
    prompt: str = "Consider the following statements:"
    statement1: NonEmpty
    statement2: NonEmpty
    answer: AssertionAnswer


GAP = re.compile(r"\{\{(.*?)\}\}")


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


Question = Annotated[
    McqQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | TextQuestion
    | StatementsQuestion
    | PairsQuestion
    | AssertionQuestion
    | ClozeQuestion,
    Field(discriminator="kind"),
]
KIND_MODELS: dict[str, type[QuestionBase]] = {
    "mcq": McqQuestion,
    "truefalse": TrueFalseQuestion,
    "numeric": NumericQuestion,
    "text": TextQuestion,
    "statements": StatementsQuestion,
    "pairs": PairsQuestion,
    "assertion": AssertionQuestion,
    "cloze": ClozeQuestion,
}
KINDS = tuple(KIND_MODELS)


class Defaults(_Strict):
    """A file's `[defaults]` table."""

    topic: NonEmpty | None = None
    source: NonEmpty | None = None
    tags: tuple[str, ...] = ()


class Source(_Strict):
    """A source document that questions cite."""

    title: NonEmpty
    publisher: NonEmpty
    date: date
    url: str | None = None
    file: str | None = None
