"""Reading cell values: text as people typed it, dates in every form spreadsheets hold them.

Dates arrive as real date cells, as Excel serial numbers (a date column whose format was lost)
or as text. Text dates with slashes are ambiguous (03/04/2024): the column decides — a first
part over 12 anywhere in the column means day/month, a second part over 12 means month/day, and
a column that never says reads day/month (the international order; ISO 8601 text is always
unambiguous).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from hrkit.imports.readers import Cell

# Excel's 1900 date system counts from 1899-12-30 (its phantom 1900-02-29 included).
EXCEL_EPOCH = date(1899, 12, 30)
# Serials beyond 9999-12-31 are not dates; below 1 is the epoch's day 0.
MAX_SERIAL = 2_958_465

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_SLASHED = re.compile(
    r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(?:\s+[0-9:]+(?:\s*[ap]m)?)?$", re.I
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janvier", "januar", "enero"),
            ("feb", "february", "fevrier", "februar", "febrero"),
            ("mar", "march", "mars", "marz", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juillet", "juli", "julio"),
            ("aug", "august", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "oktober", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "decembre", "dezember", "diciembre"),
        ],
        start=1,
    )
    for name in names
}
_WORDS = re.compile(r"[a-z]+|\d+")


def shorten(value: str, limit: int = 80) -> str:
    """`value` as quoted in a message: a problem report must stay readable for any cell."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def text(cell: Cell) -> str | None:
    """The cell as text: trimmed, NFC; integral floats without ".0" (phone numbers, ids)."""
    if cell is None:
        return None
    if type(cell) is str:
        value = cell.strip()
        if not value.isascii():  # ASCII is already NFC; the check is cheaper than normalising
            value = unicodedata.normalize("NFC", value)
        return value or None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e16 else repr(cell)
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ") if cell.time() != time() else cell.date().isoformat()
    if isinstance(cell, (date, time)):
        return cell.isoformat()
    return str(cell)


def slash_order(cells: Iterable[Cell]) -> bool:
    """True when the column's slashed text dates read day first (see the module docstring)."""
    day_first = month_first = False
    for cell in cells:
        if not isinstance(cell, str):
            continue
        found = _SLASHED.match(cell.strip())
        if found:
            day_first |= int(found.group(1)) > 12
            month_first |= int(found.group(2)) > 12
    return day_first or not month_first


def to_date(cell: Cell, *, day_first: bool = True) -> date | None:
    """The date a cell holds; None for an empty cell; ValueError when it is not a date."""
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (bool, time, timedelta)):
        raise ValueError(f"{text(cell)!r} is not a date")
    if isinstance(cell, (int, float)):
        return _serial(cell)
    value = cell.strip()
    if not value:
        return None
    return _parse_text(value, day_first)


def _serial(number: float) -> date:
    if not 1 <= number <= MAX_SERIAL:
        raise ValueError(f"{text(number)!r} is not a date")
    return EXCEL_EPOCH + timedelta(days=int(number))


def _parse_text(value: str, day_first: bool) -> date:
    try:
        if found := _ISO.match(value) or _YMD.match(value):
            return date(int(found[1]), int(found[2]), int(found[3]))
        if found := _DOTTED.match(value):
            return date(_year(found[3]), int(found[2]), int(found[1]))
        if found := _SLASHED.match(value):
            first, second = int(found[1]), int(found[2])
            day, month = (first, second) if day_first else (second, first)
            return date(_year(found[3]), month, day)
        if value.isdigit():
            return _serial(int(value))
        return _worded(value)
    except ValueError:
        raise ValueError(f"{shorten(value)!r} is not a date") from None


def _worded(value: str) -> date:
    """ "5 March 2024", "March 5, 2024", "5-Mar-24", "Mar 2024" (the first of the month)."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", value.casefold()) if not unicodedata.combining(c)
    )
    parts = _WORDS.findall(folded)
    months = [p for p in parts if not p.isdigit()]
    numbers = [p for p in parts if p.isdigit()]
    if len(months) != 1 or months[0] not in _MONTHS or not 1 <= len(numbers) <= 2:
        raise ValueError(value)
    month = _MONTHS[months[0]]
    if len(numbers) == 1:
        return date(_year(numbers[0]), month, 1)
    # The four-digit number is the year; otherwise the day comes first ("5 Mar 24", "Mar 5 24").
    year_at = 0 if len(numbers[0]) == 4 else 1
    return date(_year(numbers[year_at]), month, int(numbers[1 - year_at]))


def _year(digits: str) -> int:
    """Two-digit years are this century's up to 69, the last century's from 70 (as Excel)."""
    year = int(digits)
    if len(digits) == 2:
        return 2000 + year if year < 70 else 1900 + year
    return year
