"""Refitting the memory model to the log: when it is due, on what part of the log, kept how."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trustquiz.store.progress import ProgressStore

if TYPE_CHECKING:
    from trustquiz.fitting import Fit

REFIT_EVERY = 500  # practice refits the memory model once the log has grown by this many
# A fit reads the whole histories of the cards answered most recently, up to about this
# many reviews. On a generated log of 1,000,000, fsrs-rs fitted those in 0.7 s and the
# whole log in 23 s (a busy machine), to the same held-out log loss (0.444 and 0.445);
# `optimize` then peaks at 265 MB rather than 829 MB.
FIT_REVIEWS = 100_000

Rating = tuple[str, int, int]  # card id, microseconds since 1970, rating


def refit_due(store: ProgressStore) -> bool:
    """Whether the log has grown by REFIT_EVERY reviews since the last fit (or since it
    began) and could be long enough to fit: read from two counts, never from the reviews.

    A fit learns from the reviews after a card's first; with fewer than the fitter's
    minimum of those it cannot be done, and is not tried.
    """
    from trustquiz.fitting import MIN_REVIEWS

    reviews = store.review_count()
    if reviews - store.settings.fitted_reviews < REFIT_EVERY:
        return False
    return reviews - len(store.cards.seen_ids()) >= MIN_REVIEWS


def recent_histories(ratings: Sequence[Rating], limit: int = FIT_REVIEWS) -> list[Rating]:
    """The ratings of the cards answered most recently, each card's whole history, until
    they hold `limit` reviews or more (all of them when the log is that short)."""
    if len(ratings) <= limit:
        return list(ratings)
    counts = Counter(card for card, _, _ in ratings)
    chosen: set[str] = set()
    total = 0
    for card, _, _ in reversed(ratings):
        if card not in chosen:
            chosen.add(card)
            total += counts[card]
            if total >= limit:
                break
    return [rating for rating in ratings if rating[0] in chosen]


def fit_log(ratings: Sequence[Rating], day_start: int) -> Fit:
    """Fit FSRS-6 parameters to the recent histories among `ratings` (`recent_histories`).

    Raises:
        NotEnoughReviewsError: when they are too few to fit.
    """
    from datetime import timedelta

    from trustquiz.fitting import Review, fit_parameters
    from trustquiz.store.schema import EPOCH

    reviews = [
        Review(card, EPOCH + timedelta(microseconds=at), rating)
        for card, at, rating in recent_histories(ratings)
    ]
    return fit_parameters(reviews, day_start)


def keep(store: ProgressStore, fit: Fit, reviews: int) -> tuple[float, ...]:
    """Record the fitted parameters in the log (a settings line, for a log of `reviews`
    reviews); they apply to the answers given after it. Returns the parameters kept."""
    from trustquiz import clock
    from trustquiz.store.records import SettingsRecord

    rounded = tuple(round(value, 4) for value in fit.parameters)
    changes: dict[str, object] = {"parameters": list(rounded), "fitted_reviews": reviews}
    store.append(SettingsRecord(type="settings", time=clock.now(), changes=changes))
    store.save()
    return rounded


def fit_and_keep(store: ProgressStore) -> tuple[Fit, tuple[float, ...]]:
    """Fit FSRS-6 parameters to the store's log (its recent histories) and keep them.

    The fit runs in a thread (fsrs-rs lets go of the interpreter while it works), so
    Ctrl-C stops the wait at once: KeyboardInterrupt, and nothing is written.

    Raises:
        NotEnoughReviewsError: when the log is too short to fit.
        KeyboardInterrupt: when interrupted before the parameters were kept.
    """
    reviews = store.review_count()
    ratings = store.ratings()
    day_start = store.settings.day_start
    outcome: list[Fit | BaseException] = []

    def work() -> None:
        try:
            outcome.append(fit_log(ratings, day_start))
        except Exception as exc:  # handed to the waiting thread
            outcome.append(exc)

    worker = threading.Thread(target=work, name="trustquiz-fit", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
    fit = outcome[0]
    if isinstance(fit, BaseException):
        raise fit
    return fit, keep(store, fit, reviews)
