"""What the HRIS targets share: dates, the employee key, the credential number, CSV writing.

Decisions every target follows (each module's docstring adds its own):

* Employee key: `person_external_id`, else the e-mail address. No HRIS accepts an e-mail where
  it wants an employee number, so such a row fails to load, but with an error that names the
  person; an empty key would fail without saying who. Dropping the row would lose it silently.
* Dates: `YYYY-MM-DD` of the instant in UTC (naive datetimes are taken as UTC already).
* The date a certification stops: `ended_on` on an "end" row (its expiry when the engine gave
  none), the credential's `valid_until` otherwise; empty when the credential never expires.
* Credential number: the credential's own id (`credential_uri`). A credential without an id is
  named by the SHA-256 of its verbatim text as an RFC 6920 `ni:///sha-256;...` URI, which is
  stable across databases and re-exports.
* Every CSV cell goes through `hrkit.safe_cells` when it is written, never before.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Literal
from urllib.parse import urlsplit

from hrkit.model.enums import VerificationStatus
from hrkit.ports import ExportRow
from hrkit.safe_cells import safe_row

_END_LABELS = {
    VerificationStatus.REVOKED: "Revoked",
    VerificationStatus.EXPIRED: "Expired",
    VerificationStatus.SUSPENDED: "Suspended",
}


def nonempty(rows: Iterable[ExportRow]) -> Iterator[ExportRow] | None:
    """`rows` as an iterator, or None when there is no row (so no file gets created)."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return None
    return itertools.chain((first,), iterator)


def iso_date(value: datetime | None) -> str:
    """`YYYY-MM-DD` of `value` in UTC; "" for None."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.date().isoformat()


def employee_key(row: ExportRow) -> str:
    """The HRIS's employee number for the row's person: the external id, else the e-mail."""
    external = (row.person_external_id or "").strip()
    return external or row.person_email.strip()


def credential_number(row: ExportRow) -> str:
    """The credential's own id, or a content hash URI (RFC 6920) when it has none."""
    if row.credential_uri:
        return row.credential_uri
    digest = hashlib.sha256(row.raw.encode("utf-8")).digest()
    return "ni:///sha-256;" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def stops_on(row: ExportRow) -> datetime | None:
    """The date the certification stops being held: the end date of an "end" row, else expiry."""
    if row.action == "end":
        return row.ended_on or row.valid_until
    return row.valid_until


def status_label(row: ExportRow) -> str:
    """ "Active" for an upsert; "Revoked", "Expired", "Suspended" or "Inactive" for an end row."""
    if row.action != "end":
        return "Active"
    return _END_LABELS.get(row.status, "Inactive")


def achievement_label(row: ExportRow) -> str:
    return row.achievement_name or row.achievement_uri or ""


def issuer_label(row: ExportRow) -> str:
    return row.issuer_name or row.issuer_uri or ""


def https_url(value: str | None) -> str:
    """`value` when it is an https URL with a host, else ""."""
    if not value or any(ch.isspace() for ch in value):
        return ""
    parts = urlsplit(value)
    return value if parts.scheme.lower() == "https" and parts.netloc else ""


def write_csv(
    path: Path,
    header: Sequence[str],
    records: Iterable[Sequence[object]],
    *,
    lineterminator: str = "\r\n",
) -> Path:
    """Stream `records` under `header` into a UTF-8 CSV at `path`, every cell neutralised."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator=lineterminator)
        writer.writerow(safe_row(header))
        for record in records:
            writer.writerow(safe_row(record))
    return path


class CsvFileTarget:
    """A target that writes one CSV file: `columns` under a header, a `record` per credential."""

    kind: ClassVar[Literal["target"]] = "target"
    file_name: ClassVar[str]
    columns: ClassVar[tuple[str, ...]]
    lineterminator: ClassVar[str] = "\r\n"

    @staticmethod
    def record(row: ExportRow) -> tuple[str, ...]:
        """One credential's cells, in `columns` order (not yet neutralised)."""
        raise NotImplementedError

    def write(self, rows: Iterable[ExportRow], out_dir: Path) -> list[Path]:
        stream = nonempty(rows)
        if stream is None:
            return []
        records = (self.record(row) for row in stream)
        path = out_dir / self.file_name
        return [write_csv(path, self.columns, records, lineterminator=self.lineterminator)]
