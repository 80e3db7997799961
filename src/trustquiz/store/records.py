"""pydantic models of the review log's lines: answers, corrections and settings changes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Verdict = Literal["right", "wrong"]
Confidence = Literal["sure", "unsure", "guess"]


class ReviewRecord(_Strict):
    """One answer, as a line of the review log."""

    type: Literal["review"] = "review"
    review_id: NonEmpty
    question_id: NonEmpty
    time: AwareDatetime
    response: str
    verdict: Verdict
    confidence: Confidence | None = None
    rating: Annotated[int, Field(ge=1, le=4)]
    duration_ms: Annotated[int, Field(ge=0)] | None = None
    session_id: str
    content_hash: str | None = None
    shown: list[int] | None = None
    missed: list[int] | None = None
    cram: bool = False
    day: str | None = None
    learned: bool = False
    mock: str | None = None  # the id of the mock paper this answer was given in
    imported: str | None = None  # the file an imported review came from (`trustquiz import`)


class CorrectionRecord(_Strict):
    """A later word on an earlier review: `undo` takes it back, `override` counts it as right.

    The log stays append-only: the review line is kept and this line amends it.
    """

    type: Literal["undo", "override"]
    review_id: NonEmpty
    question_id: NonEmpty
    time: AwareDatetime
    session_id: str
    rating: Annotated[int, Field(ge=1, le=4)] | None = None


class SettingsRecord(_Strict):
    """A change of settings (`trustquiz config`), kept in the log so a rebuild keeps it."""

    type: Literal["settings"]
    time: AwareDatetime
    changes: dict[str, object]


LogRecord = Annotated[ReviewRecord | CorrectionRecord | SettingsRecord, Field(discriminator="type")]
