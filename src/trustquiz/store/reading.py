"""What the progress store reads from the log itself: every record, for doctor and import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from trustquiz.store.log import LogReader, Record

if TYPE_CHECKING:
    from trustquiz.store.records import ReviewRecord


class LogReading:
    """Reading the whole log (`ProgressStore` sets `log_path`)."""

    log_path: Path

    def records(self) -> Iterator[Record]:
        """Yield every line of the log, oldest first."""
        for record, _, _ in LogReader(self.log_path).read(0, 0):
            if record.type != "unusable":
                yield record

    def reviews(self) -> Iterator[ReviewRecord]:
        """Yield every review in the log, oldest first (corrections not applied)."""
        from trustquiz.store.records import ReviewRecord

        for record in self.records():
            if isinstance(record, ReviewRecord):
                yield record
