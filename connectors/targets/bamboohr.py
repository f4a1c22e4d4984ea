"""BambooHR: a CSV for a "Certifications" custom table, one row per credential.

Columns: Employee #, Date, Certification, Issuer, Expiration, Credential ID, Status,
Verification URL. BambooHR custom tables are defined per account, so the table needs these
fields (Date and Expiration as date fields, the others as text); its spreadsheet import maps
the CSV's columns onto them by name.

Decisions:

* Employee # is the external id, else the e-mail (see `common`).
* Date = issue date; Expiration = expiry, or the end date on an "end" row; `YYYY-MM-DD`.
* Credential ID = the credential's own id.
* Status = "Active" for a verified credential; an "end" row says why it ended: "Revoked",
  "Expired", "Suspended", or "Inactive" for any other loss of verification.
* Verification URL = the credential's id when it is an https URL (an Open Badges hosted
  assertion or a VC published at its id), else empty: a `urn:uuid:` or `did:` id opens
  nothing, and hrkit has no public page per credential to point at.
* UTF-8 without BOM, CRLF line ends (RFC 4180), every cell neutralised.
"""

from __future__ import annotations

from typing import ClassVar

from connectors.targets.common import (
    CsvFileTarget,
    achievement_label,
    credential_number,
    employee_key,
    https_url,
    iso_date,
    issuer_label,
    status_label,
    stops_on,
)
from hrkit.ports import ExportRow

FILE_NAME = "bamboohr_certifications.csv"
COLUMNS = (
    "Employee #",
    "Date",
    "Certification",
    "Issuer",
    "Expiration",
    "Credential ID",
    "Status",
    "Verification URL",
)


def record(row: ExportRow) -> tuple[str, ...]:
    """One credential's cells, in `COLUMNS` order (not yet neutralised)."""
    return (
        employee_key(row),
        iso_date(row.issued_on),
        achievement_label(row),
        issuer_label(row),
        iso_date(stops_on(row)),
        credential_number(row),
        status_label(row),
        https_url(row.credential_uri),
    )


class BambooHRTarget(CsvFileTarget):
    """Rows of a "Certifications" custom table in `bamboohr_certifications.csv`."""

    name: ClassVar[str] = "bamboohr"
    file_name: ClassVar[str] = FILE_NAME
    columns: ClassVar[tuple[str, ...]] = COLUMNS
    record = staticmethod(record)
