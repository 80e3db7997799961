"""A bank record's entries as columns, read a part at a time as entries are first needed."""

from __future__ import annotations

import marshal
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from typing import Any

from trustquiz.bank.entries import Entry, Origin


class Rows:
    """A bank's entries as the record keeps them: their ids, the other head fields as
    columns (read when an entry is first needed) and the run of rows each file made; all
    entries are made by one C-level pass over the columns.

    The columns come marshalled in two parts. Those whose values repeat (kind, topic, tags,
    source) come as each column's distinct values and every entry's number among them,
    packed (at 50,000 questions: 1.3 ms to read, where lists of every value took 9 ms,
    and a column's values are listed only when asked for). The others (each entry's own:
    line, hash, span...) come one blob a file's run, so that the few cards a start asks
    read only their runs'.
    """

    __slots__ = ("_blobs", "_coded", "_columns", "_ids", "_origins", "_parts", "_runs",
                 "_starts", "_values")  # fmt: skip

    def __init__(
        self,
        ids: list[str],
        blobs: tuple[bytes, Sequence[bytes]],
        runs: Sequence[tuple[Origin, int]],
    ) -> None:
        self._ids = ids
        self._blobs = blobs  # the repeated columns; the others, a blob a run
        self._coded: list[tuple[list[Any], array[int]]] | None = None
        self._values: dict[int, list[Any]] = {}  # a repeated column's values, once listed
        self._parts: list[list[list[Any]] | None] = [None] * len(blobs[1])
        self._columns: list[list[Any]] | None = None  # every column, once all are read
        self._runs = runs
        self._origins = [origin for origin, _ in runs]
        self._starts = [0]
        for _, count in runs:
            self._starts.append(self._starts[-1] + count)

    def __len__(self) -> int:
        return len(self._ids)

    def _repeated(self) -> list[tuple[list[Any], array[int]]]:
        """Each repeated column's distinct values and each entry's number among them."""
        if self._coded is None:
            self._coded = [
                (values, _numbers(packed)) for values, packed in marshal.loads(self._blobs[0])
            ]
        return self._coded

    def _listed(self, at: int) -> list[Any]:
        """The repeated column `at`, every entry's value."""
        column = self._values.get(at)
        if column is None:
            values, numbers = self._repeated()[at]
            column = self._values[at] = list(map(values.__getitem__, numbers))
        return column

    def _part(self, run: int) -> list[list[Any]]:
        """The other columns of run `run`."""
        part = self._parts[run]
        if part is None:
            part = self._parts[run] = marshal.loads(self._blobs[1][run])
        return part

    def _read(self) -> list[list[Any]]:
        if self._columns is None:
            runs = [self._part(run) for run in range(len(self._parts))]
            own = [list(chain.from_iterable(column)) for column in zip(*runs, strict=True)]
            repeated = len(self._repeated())
            if not runs:  # no entry: as many empty columns as the runs would have made
                own = [[] for _ in range(len(Entry._fields) - 2 - repeated)]
            self._columns = [*map(self._listed, range(repeated)), *own]
        return self._columns

    def entry(self, index: int) -> Entry:
        """The entry at this position in bank order."""
        run = bisect_right(self._starts, index) - 1
        at = index - self._starts[run]
        repeated = (values[numbers[index]] for values, numbers in self._repeated())
        own = (column[at] for column in self._part(run))
        return Entry._make([self._ids[index], *repeated, *own, self._origins[run]])

    def column(self, field: str) -> list[Any]:
        """One head field of every entry, in bank order (no entry is built for it); only the
        part of the columns holding it is read (`stats` needs neither lines nor hashes)."""
        if field == "id":
            return self._ids
        at = Entry._fields.index(field) - 1
        if at < len(self._repeated()):
            return self._listed(at)
        return self._read()[at]

    def value_of(self, field: str) -> Callable[[int], Any]:
        """One head field of the entry at a position, as a function: a repeated column's
        values are not listed for it."""
        at = Entry._fields.index(field) - 1
        if field == "id" or at >= len(self._repeated()):
            return self.column(field).__getitem__
        values, numbers = self._repeated()[at]

        def value(index: int) -> Any:
            return values[numbers[index]]

        return value

    def entries(self) -> list[Entry]:
        """Every entry, in bank order."""
        origins = chain.from_iterable(repeat(origin, count) for origin, count in self._runs)
        rows = zip(self._ids, *self._read(), origins, strict=True)
        return list(map(Entry._make, rows))


def coded(column: Sequence[Any]) -> tuple[list[Any], bytes]:
    """A column of repeating values as its distinct values and each value's number, packed."""
    number: dict[Any, int] = {}
    numbers = array("I", [number.setdefault(value, len(number)) for value in column])
    return list(number), numbers.tobytes()


def _numbers(packed: bytes) -> array[int]:
    numbers = array("I")
    numbers.frombytes(packed)
    return numbers
