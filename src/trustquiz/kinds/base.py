"""What every question kind shares: the base model, and the parts a kind module declares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from trustquiz.errors import TrustquizError
from trustquiz.kinds.presentation import LETTERS as LETTERS

if TYPE_CHECKING:
    from trustquiz.kinds.grading import Grade
    from trustquiz.kinds.presentation import Face, Presented
    from trustquiz.textmatch import KnownTerms

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


class Strict(BaseModel):
    """A table of a question file: unknown keys are errors, and a loaded model is frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


NonEmpty = Annotated[str, Field(min_length=1)]


class QuestionBase(Strict):
    """Fields every question kind shares."""

    if TYPE_CHECKING:
        # Each kind declares its own `kind: Literal[...]`, the union's discriminator.
        kind: str

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=120)]
    topic: NonEmpty
    tags: tuple[str, ...] = ()
    explanation: str = ""
    source: str | None = None
    difficulty: Literal["easy", "medium", "hard"] | None = None
    # Questions that share a fact share a group and are not asked on the same day.
    group: Annotated[str, Field(min_length=1, max_length=120)] | None = None

    @field_validator("prompt", check_fields=False)
    @classmethod
    def _prompt_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    def gap_count(self) -> int:
        """How many gap cards the question makes (0: the question is one card)."""
        return 0


# The static type of any loaded question; at run time it is one of the registered models.
Question = QuestionBase
Q = TypeVar("Q", bound=QuestionBase)
# A problem that pydantic's per-field checks cannot see: (the key it is about, message).
Problem = tuple[str, str]


@dataclass(frozen=True)
class AddField:
    """One field of a kind that `trustquiz add` takes, stored under `key`.

    `items` says how it is read: one answer, one per option letter a-d, a list ended by an
    empty line, such a list of `+correct` / `-incorrect` items, or a `switch`: an on/off
    flag that is never asked (its kind's `from_flags` reads it). The same declaration makes
    the command-line option: `flag` (default `--key`), `help` and `metavar`; a list is a
    repeatable option.
    """

    key: str
    label: str
    default: str | None = None
    items: Literal["one", "lettered", "many", "marked", "switch"] = "one"
    flag: str | None = None
    help: str = ""
    metavar: str = "TEXT"

    @property
    def asked(self) -> bool:
        """Whether interactive `add` asks for it (a switch is a flag only)."""
        return self.items != "switch"

    @property
    def option(self) -> str:
        """The command-line option, e.g. `--option` for the mcq's options."""
        return self.flag or f"--{self.key.replace('_', '-')}"


PROMPT_FIELD = AddField("prompt", "Question", help="The question (or lead-in).")


class _Prompted(Protocol):
    @property
    def prompt(self) -> str: ...


def prompt_text(question: _Prompted) -> str:
    """The asked text of a kind whose question is its prompt alone."""
    return question.prompt


def no_terms(question: QuestionBase) -> list[str]:
    """For kinds whose answers are no terms (a number, a letter, true or false)."""
    return []


def no_breakdown(question: QuestionBase, order: list[int] | None) -> list[tuple[bool, str]]:
    """For kinds the exam does not judge statement by statement: nothing to break down."""
    return []


@dataclass(frozen=True)
class Kind(Generic[Q]):
    """Everything trustquiz knows about one question kind; each kind module makes one.

    Attributes:
        name: the `kind = "..."` of the question files.
        model: the pydantic model of its table.
        check: problems across fields, after the model validated (empty when fine).
        face: what of a question its cards are shown from, as plain JSON values (kept in
            the bank cache); `presentation.SHOW` shows a card from it.
        grade: a typed response to a presented card, `(question, presented, response,
            known)`; `known` holds the terms a typed answer may be besides the right one.
        asked_text: everything the learner reads when it is asked (for the lint).
        add_fields: what interactive `add` asks, in order.
        from_flags: its fields from `add`'s flag-style values (those given, by flag name):
            converts the ones it reads differently (a flag it does not know stays, and
            the model rejects it by name).
        terms: the terms it teaches (answers, aliases, options), which a typo of another
            question's answer must not be taken for.
        breakdown: per statement or pair in the order shown (the presented card's `order`
            for a kind that shuffles its items), (correct?, a line on it) for the feedback.
    """

    name: str
    model: type[Q]
    check: Callable[[Q], list[Problem]]
    face: Callable[[Q], Face]
    grade: Callable[[Q, Presented, str, KnownTerms], Grade]
    asked_text: Callable[[Q], str]
    add_fields: tuple[AddField, ...]
    from_flags: Callable[[dict[str, Any]], dict[str, Any]]
    breakdown: Callable[[Q, list[int] | None], list[tuple[bool, str]]] = no_breakdown
    terms: Callable[[Q], list[str]] = no_terms


def as_given(flags: dict[str, Any]) -> dict[str, Any]:
    """For kinds whose flags are their fields as typed."""
    return flags


def marked_items(items: list[str], flag: str) -> list[tuple[bool, str]]:
    """`+text` is a correct statement or pair, `-text` an incorrect one.

    Raises:
        TrustquizError: for an item that starts with neither.
    """
    marked = []
    for item in items:
        sign, rest = item[:1], item[1:].strip()
        if sign not in "+-" or not rest:
            raise TrustquizError(f"start each {flag} with + (correct) or - (incorrect): {item!r}")
        marked.append((sign == "+", rest))
    return marked
