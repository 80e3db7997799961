"""`trustquiz practice`: choose the session's cards, ask them, and sum up what was done."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from trustquiz import clock
from trustquiz.collector import collector_paused
from trustquiz.commands import EXIT_INTERRUPTED, EXIT_OK
from trustquiz.commands import options as o
from trustquiz.commands.loading import open_all
from trustquiz.errors import TrustquizError
from trustquiz.planning import header
from trustquiz.refit import fit_and_keep, refit_due
from trustquiz.selection import Selection, matcher, select_planned
from trustquiz.session import Session
from trustquiz.tally import Summary
from trustquiz.topics import resolve_topics
from trustquiz.view.console import make_console
from trustquiz.view.practice import TerminalUI

if TYPE_CHECKING:
    from trustquiz.store.progress import ProgressStore


@dataclass(frozen=True)
class Options:
    """What `trustquiz practice` accepts."""

    home: Annotated[Path | None, o.HOME] = None
    bank: Annotated[tuple[Path, ...], o.BANK] = ()
    no_builtin: Annotated[bool, o.NO_BUILTIN] = False
    ids: Annotated[
        tuple[str, ...],
        o.Opt("--id", "Practise just this question, due or not (repeatable).", "ID"),
    ] = ()
    topic: Annotated[tuple[str, ...], o.TOPICS] = ()
    tag: Annotated[tuple[str, ...], o.TAGS] = ()
    limit: Annotated[int | None, o.Opt("--limit", "Ask at most N questions.", "N", 1)] = None
    new: Annotated[
        int | None,
        o.Opt("--new", "Introduce at most N new questions (default: today's budget).", "N", 0),
    ] = None
    wrong: Annotated[
        bool, o.Opt("--wrong", "Re-quiz what you got wrong or guessed in the last 7 days.")
    ] = False
    cram: Annotated[
        bool, o.Opt("--cram", "Ignore the schedule; right answers do not postpone cards.")
    ] = False


@dataclass(frozen=True)
class Result:
    """A finished session, or (summary None) the reasons there was nothing to ask."""

    summary: Summary | None
    now: datetime  # when the session ended, or when nothing was found
    next_due: datetime | None
    due_tomorrow: int
    new_left: int  # questions never answered, for the nothing-to-do advice
    stopped_by: int | None = None  # SIGTERM or SIGHUP, when one ended the session
    # The store whose memory model is refitted once the summary is shown (see `refit`).
    refit: ProgressStore | None = None

    @property
    def exit_code(self) -> int:
        """128 + the signal that stopped the session: 130 Ctrl-C, 129 SIGHUP, 143 SIGTERM."""
        if self.stopped_by is not None:
            return 128 + self.stopped_by
        interrupted = self.summary is not None and self.summary.interrupted
        return EXIT_INTERRUPTED if interrupted else EXIT_OK


@contextmanager
def stopped_like_ctrl_c(ui: TerminalUI) -> Iterator[None]:
    """While in effect, SIGTERM and SIGHUP end the session as Ctrl-C does.

    The signal is noted on the UI, which stops at its next wait for an answer, or at once
    if it is waiting: the session then ends as after Ctrl-C, answers saved and summed up.
    An answer being graded and saved is never cut short. A signal the process was started
    ignoring (`nohup` ignores SIGHUP) stays ignored.
    """

    def stop(signum: int, frame: object) -> None:
        if ui.stop_requested is None:
            ui.stop_requested = signum
            if ui.reading:
                raise KeyboardInterrupt

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):  # Windows has no SIGHUP
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) == signal.SIG_IGN:
            continue
        try:
            previous[number] = signal.signal(number, stop)
        except ValueError:  # not the main thread: signals are left as they are
            break
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run(options: Options) -> Result:
    """Ask the chosen cards on the terminal; every answer is saved as it is given."""
    loaded, store = open_all(options.home, options.bank, options.no_builtin, readonly=False)
    now = clock.now()
    if options.wrong and options.cram:
        raise TrustquizError("choose one of --wrong and --cram")
    selection = Selection(
        ids=options.ids,
        topics=resolve_topics(loaded, options.topic),
        tags=options.tag,
        limit=options.limit,
        new=options.new,
        wrong=options.wrong,
        cram=options.cram,
    )
    with collector_paused():  # the plan reads tens of thousands of ids and states
        cards, plan = select_planned(loaded, store, now, selection)
    if not cards:
        # What comes next among the cards asked for (the topics and tags given), not others.
        from trustquiz.stats import next_due

        match = matcher(selection)
        mine = [card.card_id for card in loaded.cards() if match is None or match(card)]
        every = store.cards.everything()
        states = {i: every[i] for i in mine if i in every}
        return Result(None, now, next_due(states), 0, len(mine) - len(states))
    ui = TerminalUI(make_console(), loaded)
    if plan is not None:
        ui.show_notice(header(plan, cards, store.cards.seen_ids(), now))
    with stopped_like_ctrl_c(ui), ui:
        summary = Session(loaded, store, ui, clock.now, cram=options.cram).run(cards)
    end = clock.now()
    tomorrow = store.due_count(end + timedelta(days=1))
    # The memory model follows the log as it grows: refitted after a session that ended as
    # planned (not by Ctrl-C or a signal), it schedules the answers given from then on.
    stopped = summary.interrupted or ui.stop_requested is not None
    due = None if stopped or not refit_due(store) else store
    return Result(summary, end, store.next_due(), tomorrow, 0, ui.stop_requested, due)


def refit(store: ProgressStore, now: datetime) -> str | None:
    """Refit the memory model, with a spinner on stderr if it is a terminal, then recompute
    every card's schedule with it, with a bar; the line that says so, or that Ctrl-C
    skipped the fit (nothing written) or the recompute (made when trustquiz next opens the
    log), or None if the log is too short."""
    from trustquiz.fitting import NotEnoughReviewsError
    from trustquiz.view.progress import progress

    # Ctrl-C is caught inside the bar, so that the bar ends as it does after the work.
    with progress("Refitting your memory model to your reviews", sys.stderr, counted=False):
        try:
            fit, _ = fit_and_keep(store)
        except NotEnoughReviewsError:
            return None
        except KeyboardInterrupt:
            return "Refit skipped: your memory model stays as it was until a later session."
    refitted = f"Your memory model was refitted to {fit.reviews} of your reviews"
    with progress("Rescheduling your cards with it", sys.stderr) as advance:
        try:
            store.refold(advance)
        except KeyboardInterrupt:
            return (
                f"{refitted}; your cards are rescheduled with it the next time trustquiz"
                " reads your progress."
            )
        except TrustquizError as exc:
            return f"{refitted}; {exc}."
    tomorrow = store.due_count(now + timedelta(days=1))
    return (
        f"{refitted}, and every card rescheduled as if it had been from your first answer:"
        f" due by this time tomorrow now {tomorrow} (`trustquiz optimize` shows the fit)."
    )


def render(result: Result, options: Options) -> None:
    """The end-of-session lines, or what to do when nothing was due."""
    from trustquiz.view.summary import render_nothing_to_do, render_summary

    console = make_console()
    if result.summary is None:
        render_nothing_to_do(console, result.now, result.next_due, result.new_left)
    else:
        if result.stopped_by is not None:
            console.print()
            console.print(f"Stopped by {signal.Signals(result.stopped_by).name}.")
        render_summary(console, result.summary, result.now, result.next_due, result.due_tomorrow)
        line = None if result.refit is None else refit(result.refit, result.now)
        if line is not None:
            console.print(line)
