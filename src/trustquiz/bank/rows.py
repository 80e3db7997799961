"""A bank record's entries as columns, read a part at a time as entries are first needed."""

from __future__ import annotations

import marshal
from bisect import bisect_right
from collections.abc import Sequence
from itertools import chain, repeat
from typing import Any

from trustquiz.bank.entries import Entry, Origin


class Rows:
    """A bank's entries as the record keeps them: their ids, the other head fields as
    columns (read when an entry is first needed) and the run of rows each file made; all
    entries are made by one C-level pass over the columns.

    The columns come marshalled in two parts: those whose values repeat (kind, topic,
    tags, source) for every entry, and the others (each entry's own: line, hash, span...)
    one blob a file's run, so that the few cards a start asks read only their runs' (the
    whole part took 8 ms at 50,000 questions; a day's first question reads a fifth of it).
    """

    __slots__ = ("_blobs", "_columns", "_ids", "_origins", "_parts", "_runs", "_starts")

    def __init__(
        self,
        ids: list[str],
        blobs: tuple[bytes, Sequence[bytes]],
        runs: Sequence[tuple[Origin, int]],
    ) -> None:
        self._ids = ids
        self._blobs = blobs  # the repeated columns; the others, a blob a run
        self._parts: list[list[list[Any]] | None] = [None] * (1 + len(blobs[1]))
        self._columns: list[list[Any]] | None = None  # every column, once all are read
        self._runs = runs
        self._origins = [origin for origin, _ in runs]
        self._starts = [0]
        for _, count in runs:
            self._starts.append(self._starts[-1] + count)

    def __len__(self) -> int:
        return len(self._ids)

    def _part(self, number: int) -> list[list[Any]]:
        """The repeated columns (0), or the other columns of run `number - 1`."""
        part = self._parts[number]
        if part is None:
            blob = self._blobs[0] if number == 0 else self._blobs[1][number - 1]
            part = self._parts[number] = marshal.loads(blob)
        return part

    def _read(self) -> list[list[Any]]:
        if self._columns is None:
            runs = [self._part(number) for number in range(1, len(self._parts))]
            own = [list(chain.from_iterable(column)) for column in zip(*runs, strict=True)]
            if not runs:  # no entry: as many empty columns as the runs would have made
                own = [[] for _ in range(len(Entry._fields) - 2 - len(self._part(0)))]
            self._columns = [*self._part(0), *own]
        return self._columns

    def entry(self, index: int) -> Entry:
        """The entry at this position in bank order."""
        run = bisect_right(self._starts, index) - 1
        at = index - self._starts[run]
        repeated = (column[index] for column in self._part(0))
        own = (column[at] for column in self._part(run + 1))
        return Entry._make([self._ids[index], *repeated, *own, self._origins[run]])

    def column(self, field: str) -> list[Any]:
        """One head field of every entry, in bank order (no entry is built for it); only the
        part of the columns holding it is read (`stats` needs neither lines nor hashes)."""
        if field == "id":
            return self._ids
        at = Entry._fields.index(field) - 1
        repeated = self._part(0)
        if at < len(repeated):
            return repeated[at]
        return self._read()[at]

    def entries(self) -> list[Entry]:
        """Every entry, in bank order."""
        origins = chain.from_iterable(repeat(origin, count) for origin, count in self._runs)
        rows = zip(self._ids, *self._read(), origins, strict=True)
        return list(map(Entry._make, rows))
