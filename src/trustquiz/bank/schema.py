"""The JSON Schema of a question file, generated from the models, for editors to validate with."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from trustquiz.bank.filemodels import Defaults
from trustquiz.kinds import registry

SCHEMA_FILE = "trustquiz-questions.schema.json"
_FROM_DEFAULTS = {"topic"}


def _question_file() -> type[BaseModel]:
    """The model of a whole file, made at run time: its questions are of the registered kinds."""
    return create_model(
        "QuestionFile",
        __config__=ConfigDict(extra="forbid", title="trustquiz question file"),
        __doc__="A question file: an optional `[defaults]` table and `[[questions]]` tables.",
        defaults=(Defaults | None, None),
        questions=(list[registry.question_union()], ...),  # type: ignore[arg-type, misc]
    )


def _relax(node: Any) -> None:
    """A question may take its topic from `[defaults]`, so no question requires one."""
    if isinstance(node, dict):
        required = node.get("required")
        if isinstance(required, list) and "kind" in required:
            node["required"] = [key for key in required if key not in _FROM_DEFAULTS]
        for value in node.values():
            _relax(value)
    elif isinstance(node, list):
        for value in node:
            _relax(value)


def question_file_schema() -> dict[str, Any]:
    """The schema as a JSON-ready object."""
    schema = _question_file().model_json_schema()
    _relax(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text() -> str:
    """The schema as the text of the committed file (sorted keys, two-space indent)."""
    return json.dumps(question_file_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
