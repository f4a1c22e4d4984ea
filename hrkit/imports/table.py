"""Locating the table in a workbook: the first visible sheet with a header row naming an email."""

from __future__ import annotations

from dataclasses import dataclass

from hrkit.errors import SpreadsheetError
from hrkit.imports.aliases import FIELD_LABELS
from hrkit.imports.headers import (
    HEADER_SCAN_ROWS,
    HeaderRow,
    is_header,
    read_header,
)
from hrkit.imports.readers import Cell, Workbook
from hrkit.model.enums import PersonKind


@dataclass
class Table:
    sheet: str
    header: HeaderRow
    # (the spreadsheet's row number, its cells) of every non-empty row below the header.
    rows: list[tuple[int, list[Cell]]]


def read_table(workbook: Workbook, filename: str, kind: PersonKind) -> Table:
    """The data of the first sheet whose header (within its first 20 rows) names an email."""
    without_email: HeaderRow | None = None
    for sheet in workbook.sheet_names():
        rows = iter(workbook.rows(sheet))
        for position, (number, cells) in enumerate(rows):
            if position >= HEADER_SCAN_ROWS:
                break
            header = read_header(number, cells, kind)
            if not is_header(header):
                continue
            if not header.of("email"):
                without_email = without_email or header
                break
            return Table(sheet, header, list(rows))
    if without_email is not None:
        found = ", ".join(sorted(FIELD_LABELS[f] for f in without_email.fields()))
        raise SpreadsheetError(
            f"{filename}: the header in row {without_email.row} ({found}) has no email column; "
            "an email is required for every person",
            code="MISSING_EMAIL_COLUMN",
        )
    raise SpreadsheetError(
        f"{filename}: no header row found in the first {HEADER_SCAN_ROWS} rows of any sheet; "
        "the header needs at least two known columns such as Name and Email",
        code="NO_HEADER",
    )
