"""The registered question kinds: each is a module of this package, named by one line here.

A kind module is imported the first time its kind is needed, so a command that only counts
cards (stats on a cached bank) loads neither the kinds nor pydantic.
"""

from __future__ import annotations

import importlib
from functools import cache, reduce
from operator import or_
from typing import TYPE_CHECKING, Annotated, Any, cast

if TYPE_CHECKING:
    from trustquiz.kinds.base import Kind, QuestionBase

# In the order the JSON Schema and `trustquiz add` list them.
KINDS: tuple[str, ...] = (
    "mcq",
    "truefalse",
    "numeric",
    "text",
    "statements",
    "pairs",
    "assertion",
    "cloze",
)


@cache
def kind(name: str) -> Kind[Any]:
    """The kind called `name` (its module's `KIND`).

    Raises:
        KeyError: for a name that is not registered.
    """
    if name not in KINDS:
        raise KeyError(name)
    module = importlib.import_module(f"trustquiz.kinds.{name}")
    return cast("Kind[Any]", module.KIND)


def kind_of(question: QuestionBase) -> Kind[Any]:
    """The kind of a loaded question."""
    return kind(question.kind)


def models() -> dict[str, type[QuestionBase]]:
    """Each kind's pydantic model, by kind name."""
    return {name: kind(name).model for name in KINDS}


@cache
def question_union() -> Any:
    """The pydantic type of any question: the union of the models, told apart by `kind`."""
    from pydantic import Field

    return Annotated[reduce(or_, models().values()), Field(discriminator="kind")]
