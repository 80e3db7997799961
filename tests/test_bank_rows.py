"""The record's repeated columns: distinct values and each entry's number among them."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from trustquiz.bank.rows import _numbers, coded

VALUES = st.one_of(
    st.none(), st.text(max_size=4), st.tuples(st.text(max_size=3), st.text(max_size=3))
)


@given(st.lists(VALUES, max_size=60))
def test_a_column_is_its_values_numbered(column: list[Any]) -> None:
    values, packed = coded(column)
    numbers = _numbers(packed)
    assert [values[n] for n in numbers] == column
    assert len(values) == len(set(column))  # each distinct value kept once
    assert list(dict.fromkeys(numbers)) == list(range(len(values)))  # numbered as first met
