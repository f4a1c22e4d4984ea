"""Import a taxonomy file (ESCO, O*NET or custom) into the tenant's skills, by uri.

One pass over the file, one batched read of the skills it names, one bulk insert and one
bulk update per set of changed columns: an ESCO download of ~14,000 skills takes seconds.
Importing the same file again changes nothing. Everything runs in the caller's transaction,
so a file that cannot be read at all leaves the stored taxonomy as it was.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from hrkit.skills.import_report import ImportReport
from hrkit.skills.records import Parsed, SkillRecord
from hrkit.skills.table import RowError
from hrkit.skills.taxonomy import read_taxonomy
from hrkit.store.repositories.skills import SkillRepository
from hrkit.store.scope import Scope

# What a new skill holds for the fields its file has no column for.
EMPTY: dict[str, Any] = {
    "code": None,
    "skill_type": None,
    "description": None,
    "alt_labels": [],
    "broader": [],
}


def import_skills(
    session: Session, scope: Scope, data: bytes, filename: str, framework: str | None = None
) -> ImportReport:
    """Create or update the skills of a taxonomy file; rows with problems are skipped.

    `framework` (esco, onet, custom) limits the layouts the file may have; None detects it.
    Raises SpreadsheetError (SkillFileError) when the file cannot be read as a taxonomy.
    """
    parsed = read_taxonomy(data, filename, framework)
    return store_skills(session, scope, parsed, filename)


def store_skills(session: Session, scope: Scope, parsed: Parsed, filename: str) -> ImportReport:
    """Bring the tenant's skills to the parsed records (only the fields the file gives)."""
    report = ImportReport(filename, parsed.format, parsed.rows, framework=parsed.framework)
    report.errors.extend(parsed.errors)
    repository = SkillRepository(session, scope)
    stored = repository.importable_by_uri(parsed.records.keys())
    created: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []
    for record in parsed.records.values():
        held = stored.get(record.uri)
        if held is None:
            if "name" not in record.fields:
                report.errors.append(_unknown(record))
                continue
            created.append({**EMPTY, "uri": record.uri, **record.fields})
            continue
        changed = {k: v for k, v in record.fields.items() if held[k] != v}
        if changed:
            updated.append({"id": held["id"], **changed})
        else:
            report.unchanged += 1
    repository.insert_many(created)
    repository.update_many(updated)
    report.created, report.updated = len(created), len(updated)
    report.invalid = len({e.row for e in report.errors})
    report.errors.sort(key=lambda e: e.row)
    return report


def _unknown(record: SkillRecord) -> RowError:
    return RowError(
        record.row,
        "UNKNOWN_SKILL",
        f"{record.uri} is not in the taxonomy and this file gives no label for it (import it "
        "from a file that does first)",
    )
