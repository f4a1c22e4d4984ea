"""Formula neutralisation: dangerous text gets an apostrophe, everything else passes through."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrkit.safe_cells import DANGEROUS, neutralise, safe_row

CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    st.binary(),
    st.decimals(allow_nan=False),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x.example","y")', '\'=HYPERLINK("http://x.example","y")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("=", "'="),
        ("", ""),
        ("Ada Lovelace", "Ada Lovelace"),
        (" =1", " =1"),
        ("a=b", "a=b"),
        ("'=1", "'=1"),
        ("\n=1", "\n=1"),
        ("Zoë Ångström", "Zoë Ångström"),
    ],
)
def test_neutralise_examples(value: str, expected: str) -> None:
    assert neutralise(value) == expected


@given(st.text())
def test_text_never_starts_with_a_dangerous_character(value: str) -> None:
    result = neutralise(value)
    assert isinstance(result, str)
    assert not result.startswith(DANGEROUS)
    # Nothing is lost: the original is the result, or the result without its apostrophe.
    assert result in (value, "'" + value)


@given(st.text())
def test_neutralising_twice_changes_nothing_more(value: str) -> None:
    once = neutralise(value)
    assert neutralise(once) == once


@given(CELLS)
def test_values_that_are_not_text_pass_through_untouched(value: object) -> None:
    assert neutralise(value) is value


def test_safe_row_neutralises_each_value_and_keeps_the_rest() -> None:
    day = datetime.date(2024, 5, 1)
    row = ["=1+1", 3, None, day, "-x", "ok", Decimal("1.5"), -4]
    assert safe_row(row) == ["'=1+1", 3, None, day, "'-x", "ok", Decimal("1.5"), -4]
    assert safe_row(iter(())) == []
