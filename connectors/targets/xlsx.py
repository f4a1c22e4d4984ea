"""`xlsx`: the flat export (hrkit.sync.flat) as an Excel workbook, written in streaming mode.

Decisions:

* One sheet `Credentials` with a bold, frozen header row and an auto-filter; dates are real
  date-time cells (UTC, `yyyy-mm-dd hh:mm:ss`), ids and change numbers are numbers.
* An "end" row is the credential again with Action `end`, its new Status and `Ended On`.
* Text is neutralised (`hrkit.safe_cells`), so no cell is ever a formula; characters XML
  cannot carry (control characters) become U+FFFD.
* A sheet holds 1,048,576 rows: more credentials continue on `Credentials 2`, `Credentials 3`…,
  each with the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Literal

from hrkit.ports import ExportRow
from hrkit.safe_cells import neutralise
from hrkit.sync.flat import COLUMNS, DATE_COLUMNS, values

FILE_NAME = "xlsx.xlsx"
SHEET = "Credentials"
MAX_ROWS = 1_048_576
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
WIDTHS = {"Credential ID": 40, "Person Email": 32, "Person Name": 24, "Achievement Name": 32}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class XlsxTarget:
    """Every field of every exported credential in one .xlsx workbook."""

    name: ClassVar[str] = "xlsx"
    kind: ClassVar[Literal["target"]] = "target"
    needs_raw: ClassVar[bool] = False

    def write(self, rows: Iterable[ExportRow], out_dir: Path) -> list[Path]:
        from openpyxl import Workbook  # heavy: loaded only when a workbook is written
        from openpyxl.utils import get_column_letter

        book = Workbook(write_only=True)
        sheets: list[tuple[Any, int]] = []  # (sheet, rows in it, the header included)
        sheet: Any = None
        used = MAX_ROWS
        dates = {i for i, column in enumerate(COLUMNS) if column in DATE_COLUMNS}
        for row in rows:
            if used == MAX_ROWS:
                if sheet is not None:
                    sheets.append((sheet, used))
                sheet = _new_sheet(book, SHEET if not sheets else f"{SHEET} {len(sheets) + 1}")
                used = 1
            sheet.append(
                [_date(sheet, v) if i in dates else _cell(v) for i, v in enumerate(values(row))]
            )
            used += 1
        sheets.append((sheet, used) if sheet is not None else (_new_sheet(book, SHEET), 1))
        last = get_column_letter(len(COLUMNS))
        for each, count in sheets:  # written when the workbook is saved: the extent is known
            each.auto_filter.ref = f"A1:{last}{count}"
        path = out_dir / FILE_NAME
        book.save(path)
        return [path]


def _new_sheet(book: Any, title: str) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, 16)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    return sheet


def _cell(value: object) -> object:
    if isinstance(value, str):
        return _ILLEGAL.sub("\ufffd", neutralise(value))
    return value


def _date(sheet: Any, value: datetime | None) -> object:
    if value is None:
        return None
    from openpyxl.cell import WriteOnlyCell

    # Excel has no time zones: the cell holds the UTC wall time (see the docstring).
    cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
    cell.number_format = DATE_FORMAT
    return cell
