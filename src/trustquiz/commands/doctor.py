"""`trustquiz doctor`: check the progress files, and rebuild or repair them when asked."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from trustquiz import checkup
from trustquiz.bank.loader import load_bank
from trustquiz.commands import EXIT_ERROR, EXIT_OK
from trustquiz.commands import options as o
from trustquiz.commands.loading import data_dir
from trustquiz.safetext import visible


@dataclass(frozen=True)
class Options:
    """What `trustquiz doctor` accepts."""

    home: Annotated[Path | None, o.HOME] = None
    bank: Annotated[tuple[Path, ...], o.BANK] = ()
    no_builtin: Annotated[bool, o.NO_BUILTIN] = False
    rebuild: Annotated[bool, o.Opt("--rebuild", "Rebuild the index from the review log.")] = False
    repair_log: Annotated[
        bool,
        o.Opt("--repair-log", "Set the log aside and keep its readable lines (then rebuild)."),
    ] = False


@dataclass(frozen=True)
class Result:
    """What was repaired (in order), then what the check found."""

    repairs: list[str]
    findings: list[checkup.Finding]

    @property
    def exit_code(self) -> int:
        """1 when a finding needs action."""
        return EXIT_ERROR if any(f.severity == "error" for f in self.findings) else EXIT_OK


def run(options: Options) -> Result:
    """Repair when asked, then examine the progress files against the log and the bank."""
    data = data_dir(options.home)
    # The bank first: when it cannot be loaded, the error comes before any repair is made.
    loaded = load_bank(options.bank, builtin=not options.no_builtin, home=data, strict=False)
    repairs: list[str] = []
    if options.repair_log:
        repairs = checkup.repair_log(data)
    elif options.rebuild:
        repairs = [checkup.rebuild(data)]
    return Result(repairs, checkup.examine(data, loaded))


def render(result: Result, options: Options) -> None:
    """One line per repair and finding, and `ok: ...` when nothing needs action."""
    for line in result.repairs:
        sys.stdout.write(visible(line) + "\n")
    for finding in result.findings:
        sys.stdout.write(visible(f"{finding.severity}: {finding.message}") + "\n")
    if not result.exit_code:
        sys.stdout.write("ok: the progress files are consistent\n")
