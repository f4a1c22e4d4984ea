"""SAP SuccessFactors: "Import Extended User Information", `certificates` background rows.

The file follows the template sample in the format notes exactly:

    ^UserId,certificates,startDate,endDate,description,licencenumber
    10000,certificates,07/11/2017,07/11/2018,Driving Licences,1234567

Decisions:

* One header line, the one above; one data line per credential. Column 2 is always
  `certificates` (the background element the row belongs to).
* Dates are `MM/DD/YYYY`, as in the sample, not ISO: this import reads US-style dates.
* UTF-8 without a byte-order mark (a BOM would become part of `^UserId`), lines end in LF as
  in the sample, commas and quotes quoted by the CSV rules.
* UserId is the external id, else the e-mail (see `common`).
* startDate = issue date; endDate = expiry, or the end date on an "end" row;
  description = the achievement's name; licencenumber = the credential's own id.
* Caution: depending on the instance's settings, a background import may replace a user's
  existing entries of the element with the file's. Instances that do so should sync with
  `--full`, so that every certificate of a user arrives together.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from connectors.targets.common import (
    CsvFileTarget,
    achievement_label,
    credential_number,
    employee_key,
    iso_date,
    stops_on,
)
from hrkit.ports import ExportRow

FILE_NAME = "successfactors_certificates.csv"
ELEMENT = "certificates"
COLUMNS = ("^UserId", ELEMENT, "startDate", "endDate", "description", "licencenumber")


def us_date(value: datetime | None) -> str:
    """`MM/DD/YYYY` of `value` in UTC; "" for None."""
    iso = iso_date(value)
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{month}/{day}/{year}"


def record(row: ExportRow) -> tuple[str, ...]:
    """One credential's cells, in `COLUMNS` order (not yet neutralised)."""
    return (
        employee_key(row),
        ELEMENT,
        us_date(row.issued_on),
        us_date(stops_on(row)),
        achievement_label(row),
        credential_number(row),
    )


class SuccessFactorsTarget(CsvFileTarget):
    """`certificates` background rows in `successfactors_certificates.csv`."""

    name: ClassVar[str] = "successfactors"
    file_name: ClassVar[str] = FILE_NAME
    columns: ClassVar[tuple[str, ...]] = COLUMNS
    lineterminator: ClassVar[str] = "\n"
    record = staticmethod(record)
