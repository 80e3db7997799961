"""Ending a paper: mark it, record its answers as reviews, append it to `mocks.jsonl`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trustquiz import clock, mockfile
from trustquiz.kinds.base import LETTERS
from trustquiz.kinds.grading import grade_choice
from trustquiz.kinds.presentation import Presented
from trustquiz.mock.marking import MARKINGS, Analysis, Outcome, advice, analyse
from trustquiz.mock.sitting import Progress
from trustquiz.reviewing import new_review
from trustquiz.store.progress import ProgressStore

_MARKS = {"sure": "", "unsure": "?", "guess": "??"}


def outcomes(questions: list[Presented], progress: Progress) -> list[Outcome]:
    """Each question's right letter, the answer given (None for a blank) and time spent."""
    found = []
    for index, question in enumerate(questions):
        assert question.correct is not None
        given = progress.answers.get(index)
        found.append(
            Outcome(
                card_id=question.card.card_id,
                topic=question.card.topic,
                answer=LETTERS[question.correct],
                response=given.letter if given else None,
                confidence=given.confidence if given else None,
                seconds=progress.seconds.get(index, 0.0),
            )
        )
    return found


def record_reviews(
    store: ProgressStore, paper_id: str, questions: list[Presented], progress: Progress
) -> None:
    """Every answer of the paper as a review marked with the mock's id; blanks are not."""
    for index, given in sorted(progress.answers.items()):
        presented = questions[index]
        verdict = grade_choice(presented, given.letter)
        review = new_review(
            presented.card,
            store,
            when=given.at,
            response=given.letter + _MARKS[given.confidence],
            correct=verdict.correct,
            confidence=None if given.confidence == "sure" else given.confidence,
            session_id=paper_id,
            duration_ms=int(progress.seconds.get(index, 0.0) * 1000),
            shown=presented.order,
            missed=list(verdict.missed) or None,
            mock=paper_id,
        )
        store.append(review)
    store.save()


def submit(
    home: Path,
    store: ProgressStore,
    paper: dict[str, Any],
    questions: list[Presented],
    progress: Progress,
    *,
    timed_out: bool,
) -> tuple[Analysis, str]:
    """Mark the paper, record it, and say from the whole record whether guessing pays."""
    marking = MARKINGS[paper["marking"]]
    analysis = analyse(outcomes(questions, progress), marking)
    done = {p.get("id") for p in mockfile.history(home)[0]}
    if paper["id"] not in done:  # a paper resumed after a crash mid-submit is recorded once
        record_reviews(store, paper["id"], questions, progress)
        summary = analysis.to_json()
        record = {
            "id": paper["id"],
            "seed": paper["seed"],
            "started": paper["started"],
            "finished": clock.now().isoformat(),
            "minutes": paper["minutes"],
            "timed_out": timed_out,
            "attempted": summary["right"] + summary["wrong"],
            **summary,
        }
        mockfile.finish(home, record)
    else:
        mockfile.finish_again(home)
    return analysis, advice(store.aggregates.confidence, marking)
