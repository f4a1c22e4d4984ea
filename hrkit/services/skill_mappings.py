"""Import mapping rules (`achievement, skill_uri, level`): credentials → skills at levels.

A rule is named by its achievement and skill: importing a rule again with another level
updates it, the same level leaves it unchanged. Rules the file does not name stay as they
are. Everything runs in the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hrkit.skills.import_report import ImportReport
from hrkit.skills.mapping_rules import read_rules
from hrkit.skills.table import RowError
from hrkit.store.repositories.skills import SkillMappingRepository, SkillRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import SkillMapping


def import_skill_mappings(
    session: Session, scope: Scope, data: bytes, filename: str
) -> ImportReport:
    """Create or update the rules of a mapping rules file; rows with problems are skipped
    (a skill uri the tenant's taxonomy lacks is one)."""
    parsed = read_rules(data, filename)
    report = ImportReport(filename, "mapping-rules", parsed.rows)
    report.errors.extend(parsed.errors)
    skills = SkillRepository(session, scope).ids_by_uri({r.skill_uri for r in parsed.rules})
    rules = SkillMappingRepository(session, scope)
    stored = rules.by_achievements({r.achievement for r in parsed.rules})
    for given in parsed.rules:
        skill_id = skills.get(given.skill_uri)
        if skill_id is None:
            report.errors.append(
                RowError(
                    given.row,
                    "UNKNOWN_SKILL",
                    f"unknown skill {given.skill_uri} (import the taxonomy that defines it "
                    "first: `hrkit skills import`)",
                )
            )
            continue
        held = stored.get((given.achievement, skill_id))
        if held is None:
            rules.add(
                SkillMapping(achievement=given.achievement, skill_id=skill_id, level=given.level)
            )
            report.created += 1
        elif held.level != given.level:
            held.level = given.level
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    report.invalid = len({e.row for e in report.errors})
    report.errors.sort(key=lambda e: e.row)
    return report
