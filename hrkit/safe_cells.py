"""Formula neutralisation for every CSV and XLSX cell the product writes.

A cell whose text begins with "=", "+", "-", "@", a tab or a carriage return may be run as a
formula by a spreadsheet program when the file is opened or the cell is edited (CSV injection).
Such text gets a leading apostrophe, which the programs show as text. Text that already starts
with an apostrophe is left alone, so neutralising twice changes nothing more, and a reader
cannot tell a neutralised "=1" from a value that was "'=1" in the first place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar, overload

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


@overload
def neutralise(value: str) -> str: ...


@overload
def neutralise(value: T) -> T: ...


def neutralise(value: object) -> object:
    """`value` with a leading "'" when it is text a spreadsheet could run as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """Every value of a row, neutralised."""
    return [neutralise(value) for value in values]
