"""The flat export (the `csv` and `xlsx` targets): one row per credential, one column per field.

Every field of ExportRow but the raw document (a JWT or JSON-LD document does not belong in a
spreadsheet cell: XLSX caps cells at 32,767 characters) is a column. `Credential ID` is the
credential's own id (the VC / assertion `id`); `hrkit ID` is hrkit's, which every credential
has. Dates are UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from hrkit.ports import ExportRow

COLUMNS = (
    "Action",
    "Status",
    "Credential ID",
    "hrkit ID",
    "Change Seq",
    "Person Email",
    "Person Name",
    "Person External ID",
    "Achievement ID",
    "Achievement Name",
    "Achievement Kind",
    "Issuer ID",
    "Issuer Name",
    "Issued On",
    "Valid Until",
    "Ended On",
    "Format",
    "Skills",
)
DATE_COLUMNS = frozenset({"Issued On", "Valid Until", "Ended On"})


def values(row: ExportRow) -> tuple[Any, ...]:
    """The row's cells in COLUMNS order: text, ints, datetimes (aware, UTC) or None."""
    return (
        row.action,
        row.status.value,
        row.credential_uri,
        row.credential_id,
        row.change_seq,
        row.person_email,
        row.person_name,
        row.person_external_id,
        row.achievement_uri,
        row.achievement_name,
        row.achievement_kind,
        row.issuer_uri,
        row.issuer_name,
        row.issued_on,
        row.valid_until,
        row.ended_on,
        row.format,
        skills_text(row.skills) if row.skills else None,
    )


def skills_text(skills: Iterable[Any]) -> str:
    """`name (framework code)` of each skill, separated by `; `."""
    parts = []
    for skill in skills:
        name = skill.get("name") or skill.get("url") or skill.get("code") or ""
        code = " ".join(str(v) for v in (skill.get("framework"), skill.get("code")) if v)
        parts.append(f"{name} ({code})" if code else str(name))
    return "; ".join(parts)


def iso(value: datetime) -> str:
    """`2024-05-01T09:30:00Z` (seconds; sub-second parts are kept when present)."""
    text = value.isoformat()  # keyword arguments would make it half as fast again
    return text[:-6] + "Z" if text.endswith("+00:00") else text
