"""`trustquiz schema`: the JSON Schema of question files, for editors."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import ClassVar

from trustquiz.bank.schema import schema_text


@dataclass(frozen=True)
class Options:
    """`trustquiz schema` takes no options."""


@dataclass(frozen=True)
class Result:
    """The schema as the text of a JSON file."""

    text: str
    exit_code: ClassVar[int] = 0  # these results never fail: errors are raised


def run(options: Options) -> Result:
    """The schema of every question kind."""
    return Result(schema_text())


def render(result: Result, options: Options) -> None:
    """Print the schema as it is written to a file."""
    sys.stdout.write(result.text)
