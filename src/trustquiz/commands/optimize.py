"""`trustquiz optimize`: fit the memory model to the learner's own log, and keep it."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Annotated, ClassVar

from trustquiz import api
from trustquiz.commands import options as o
from trustquiz.commands.loading import data_dir
from trustquiz.errors import TrustquizError
from trustquiz.store.progress import ProgressStore
from trustquiz.view.progress import progress


@dataclass(frozen=True)
class Options:
    """What `trustquiz optimize` accepts."""

    home: Annotated[Path | None, o.HOME] = None
    as_json: Annotated[bool, o.JSON] = False


@dataclass(frozen=True)
class Result:
    """How well the default and the fitted parameters predict the held-out reviews."""

    reviews: int
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
    parameters: list[float]
    rescheduled: bool = True  # False: Ctrl-C stopped it (the next open does it)
    exit_code: ClassVar[int] = 0  # too short a log is raised as an error


def fit_and_keep(store: ProgressStore) -> Result:
    """Fit and record the parameters (`refit.fit_and_keep`), with the fit's figures.

    Raises:
        NotEnoughReviewsError: when the log is too short to fit.
    """
    from trustquiz.refit import fit_and_keep as fit_and_record

    fit, kept = fit_and_record(store)
    return Result(
        fit.reviews, fit.log_loss_before, fit.log_loss_after, fit.rmse_before, fit.rmse_after,
        list(kept),
    )  # fmt: skip


def run(options: Options) -> Result:
    """Fit and record the parameters, and reschedule every card with them; too short a log
    is a clear error (exit 1)."""
    from trustquiz.fitting import NotEnoughReviewsError

    store = api.open_store(data_dir(options.home))
    try:
        with progress("Fitting the memory model", sys.stderr, counted=False):
            result = fit_and_keep(store)
    except NotEnoughReviewsError as exc:
        raise TrustquizError(str(exc)) from None
    # Stopped here, the parameters are kept all the same: the next open reschedules.
    with progress("Rescheduling your cards with it", sys.stderr) as advance:
        try:
            store.refold(advance)
        except KeyboardInterrupt:
            return replace(result, rescheduled=False)
    return result


def render(result: Result, options: Options) -> None:
    """The fit's figures, before and after, on the held-out part of the log."""
    if options.as_json:
        sys.stdout.write(json.dumps(asdict(result), indent=2) + "\n")
        return
    sys.stdout.write(
        f"Fitted to {result.reviews} reviews; measured on the held-out fifth of the cards:\n"
        f"  log loss  {result.log_loss_before:.4f} -> {result.log_loss_after:.4f}\n"
        f"  RMSE      {result.rmse_before:.4f} -> {result.rmse_after:.4f}\n"
    )
    if result.rescheduled:
        sys.stdout.write(
            "The fitted memory model is kept in your log, and every card was rescheduled\n"
            "with it as if from your first answer; plans and exam predictions use it.\n"
        )
    else:
        sys.stdout.write(
            "The fitted memory model is kept in your log; your cards are rescheduled with\n"
            "it the next time trustquiz reads your progress (Ctrl-C stopped it here).\n"
        )
