"""A personal memory model: FSRS-6 parameters fitted to the learner's own review log.

fsrs-rs (the `fsrs-rs-python` package) does the fitting, without torch; it is imported only
when a fit is asked for. The log is split by card: about one card in five is held out, and
log loss and RMSE are measured on it before (default parameters) and after the fit.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from trustquiz.errors import TrustquizError
from trustquiz.memory import DEFAULT_PARAMETERS

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

MIN_REVIEWS = 200  # reviews a day or more after the previous one, in the training part
HELD_OUT = 5  # one card in this many is held out


class NotEnoughReviewsError(TrustquizError):
    """The log is too short to fit a memory model to."""


@dataclass(frozen=True)
class Review:
    """One answer from the log: which card, when, and its FSRS rating (1-4)."""

    card_id: str
    time: datetime
    rating: int


@dataclass(frozen=True)
class Fit:
    """Fitted parameters and how well each set predicts the held-out reviews."""

    parameters: tuple[float, ...]
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
    reviews: int  # long-term reviews used for training


def _items(reviews: Sequence[Review], day_start: int) -> dict[str, list[tuple[FSRSItem, bool]]]:
    """Per card, one fsrs-rs item per review after the first (its history up to it).

    Each item says whether its last review came a day or more after the one before.
    """
    from fsrs_rs_python import FSRSItem, FSRSReview

    by_card: dict[str, list[Review]] = {}
    for review in reviews:
        by_card.setdefault(review.card_id, []).append(review)
    shift = timedelta(hours=day_start)
    items: dict[str, list[tuple[FSRSItem, bool]]] = {}
    for card_id, history in by_card.items():
        history.sort(key=lambda r: r.time)
        days = [(r.time - shift).date().toordinal() for r in history]
        steps = [
            FSRSReview(r.rating, days[i] - days[i - 1] if i else 0) for i, r in enumerate(history)
        ]
        items[card_id] = [
            (FSRSItem(steps[: k + 1]), days[k] > days[k - 1]) for k in range(1, len(steps))
        ]
    return items


def _held_out(card_id: str) -> bool:
    return zlib.crc32(card_id.encode()) % HELD_OUT == 0


def fit_parameters(reviews: Sequence[Review], day_start: int = 4) -> Fit:
    """Fit FSRS-6 parameters to a review log.

    Args:
        reviews: the log's answers, in any order.
        day_start: the hour (UTC here) at which the learner's day starts.

    Returns:
        The fitted parameters, with log loss and RMSE on the held-out cards before and after.

    Raises:
        NotEnoughReviewsError: when the log has too few reviews spaced a day or more apart.
    """
    from fsrs_rs_python import FSRS

    items = _items(reviews, day_start)
    # fsrs-rs learns from, and predicts, reviews a day or more after the previous one.
    train = [
        item for card, its in items.items() if not _held_out(card) for item, long in its if long
    ]
    test = [item for card, its in items.items() if _held_out(card) for item, long in its if long]
    spaced = len(train)
    if spaced < MIN_REVIEWS or not test:
        raise NotEnoughReviewsError(
            f"the review log is too short to fit a memory model: {spaced} reviews a day or "
            f"more after the previous one, {MIN_REVIEWS} needed; the default model stays"
        )
    fitted = tuple(FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(train))
    before = FSRS(list(DEFAULT_PARAMETERS)).evaluate(test)
    after = FSRS(list(fitted)).evaluate(test)
    return Fit(fitted, before.log_loss, after.log_loss, before.rmse_bins, after.rmse_bins, spaced)
