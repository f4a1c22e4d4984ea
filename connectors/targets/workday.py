"""Workday: an EIB-style workbook for the Manage Certifications web service.

The columns are the leaf fields of `Manage_Certifications_Request` (bsvc v41.0) that hrkit can
fill, named as in the product contract, one row per credential on one sheet:

    Employee_ID, Certification_ID, Certification_Name, Issuer, Certification_Number,
    Issued_Date, Expiration_Date

Decisions (the format notes are silent on them):

* Layout: one header row (row 1), data from row 2, sheet "Manage Certifications". The
  multi-row header and `Spreadsheet Key` column of a Workday-generated EIB template belong to
  the tenant's own template; its loader maps these named columns into it.
* Employee_ID is `Role_Reference` of type Employee_ID: the person's external id, else the
  e-mail (which Workday rejects with a message naming the person; see `common`).
* Certification_ID is `HRKIT-<credential db id>`: stable for a credential, so a later row for
  the same credential (a renewal, an end) updates the same achievement instead of adding one.
* Certification_Number carries the credential's own id (the VC/assertion `id`).
* An "end" row is the same row with Expiration_Date set to the end date: the request has no
  delete flag among the documented fields, and an expired certification keeps its history.
* Dates are text `YYYY-MM-DD` as the field notes ask, not Excel date serials.
* Every cell is text, neutralised (`hrkit.safe_cells`) and stripped of the control characters
  XLSX cannot hold; no cell is ever a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, WriteOnlyCell

from connectors.targets.common import (
    achievement_label,
    credential_number,
    employee_key,
    iso_date,
    issuer_label,
    nonempty,
    stops_on,
)
from hrkit.ports import ExportRow
from hrkit.safe_cells import neutralise

FILE_NAME = "workday_certifications.xlsx"
SHEET = "Manage Certifications"
COLUMNS = (
    "Employee_ID",
    "Certification_ID",
    "Certification_Name",
    "Issuer",
    "Certification_Number",
    "Issued_Date",
    "Expiration_Date",
)


def certification_id(row: ExportRow) -> str:
    return f"HRKIT-{row.credential_id}"


def record(row: ExportRow) -> tuple[str, ...]:
    """One credential's cells, in `COLUMNS` order (not yet neutralised)."""
    return (
        employee_key(row),
        certification_id(row),
        achievement_label(row),
        issuer_label(row),
        credential_number(row),
        iso_date(row.issued_on),
        iso_date(stops_on(row)),
    )


def cells(sheet: Any, values: Iterable[str]) -> list[Any]:
    """Cell texts an XLSX can hold, neutralised, each stored as text.

    openpyxl stores a plain string as text unless it starts with "=" (a formula; neutralised
    text never does) or is an error code such as "#N/A": only those get a cell object typed
    as text, since building a cell per value would slow a million rows down threefold.
    """
    texts = [neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)) for value in values]
    return [_text_cell(sheet, text) if text in ERROR_CODES else text for text in texts]


def _text_cell(sheet: Any, text: str) -> Any:
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


class WorkdayTarget:
    """Manage Certifications rows in `workday_certifications.xlsx`."""

    name: ClassVar[str] = "workday"
    kind: ClassVar[Literal["target"]] = "target"

    def write(self, rows: Iterable[ExportRow], out_dir: Path) -> list[Path]:
        stream = nonempty(rows)
        if stream is None:
            return []
        # Write-only mode streams rows to a temporary file: memory stays flat however many.
        book = Workbook(write_only=True)
        sheet = book.create_sheet(SHEET)
        sheet.append(cells(sheet, COLUMNS))
        for row in stream:
            sheet.append(cells(sheet, record(row)))
        path = out_dir / FILE_NAME
        book.save(path)
        return [path]
