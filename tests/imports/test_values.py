"""Cell values: text as typed, and dates from date cells, Excel serials and text."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from hrkit.imports.values import slash_order, text, to_date


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (None, None),
        ("  Zoë  ", "Zoë"),
        ("   ", None),
        ("Zoe\u0308", "Zoë"),  # decomposed input is stored composed
        (4155550100.0, "4155550100"),
        (12, "12"),
        (1.5, "1.5"),
        (True, "TRUE"),
        (datetime(2024, 3, 5), "2024-03-05"),
        (datetime(2024, 3, 5, 9, 30), "2024-03-05 09:30:00"),
    ],
)
def test_text(cell: object, expected: str | None) -> None:
    assert text(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime(2024, 3, 5, 12), date(2024, 3, 5)),
        (date(2024, 3, 5), date(2024, 3, 5)),
        (45356, date(2024, 3, 5)),  # an Excel serial
        (45356.75, date(2024, 3, 5)),
        ("45356", date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-03-05T10:00:00Z", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("05.03.2024", date(2024, 3, 5)),
        ("5 March 2024", date(2024, 3, 5)),
        ("March 5, 2024", date(2024, 3, 5)),
        ("5-Mar-24", date(2024, 3, 5)),
        ("Mar 2024", date(2024, 3, 1)),
        ("5 mars 2024", date(2024, 3, 5)),
        ("05/03/2024", date(2024, 3, 5)),  # day first unless the column says otherwise
        ("", None),
        (None, None),
    ],
)
def test_dates(cell: object, expected: date | None) -> None:
    assert to_date(cell) == expected  # type: ignore[arg-type]


def test_month_first_when_the_column_says_so() -> None:
    column = ["03/04/2024", "12/31/2023", None, 5]
    assert slash_order(column) is False
    assert to_date("03/04/2024", day_first=False) == date(2024, 3, 4)
    assert slash_order(["31/12/2023", "03/04/2024"]) is True
    assert slash_order(["03/04/2024"]) is True  # undecided: day first


@pytest.mark.parametrize("cell", ["soon", "31/31/2024", "2024-02-30", 0, -3, True, time(9), "1/2"])
def test_not_dates(cell: object) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        to_date(cell)  # type: ignore[arg-type]
