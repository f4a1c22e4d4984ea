"""Import roles from a roles file, an ESCO occupation-skill relations file or O*NET
Technology Skills: each role is replaced as a whole through `upsert_role`.

A role with any bad row (an unknown skill among them) is reported and not written; the other
roles are. A role whose stored state already equals the file's is not touched, so importing
the same file twice reports every role unchanged. A role keeps its stored `open` and
description unless the file has those columns.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hrkit.services.roles import RequirementInput, RoleInputError, upsert_role
from hrkit.skills.import_report import ImportReport
from hrkit.skills.role_files import RoleDraft, read_occupations, read_role_file
from hrkit.store.repositories.skills import RoleRepository, SkillRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Role

Wanted = dict[str, tuple[int, bool, float]]  # skill uri → level, essential, weight


def import_roles(
    session: Session,
    scope: Scope,
    data: bytes,
    filename: str,
    occupations: tuple[bytes, str] | None = None,
) -> ImportReport:
    """Create or replace the roles of a file; `occupations` (bytes, filename) names the
    occupations of relations files that give codes only (ESCO occupations, O*NET
    Occupation Data). Raises SpreadsheetError when a file cannot be read as one."""
    titles = read_occupations(*occupations) if occupations else None
    parsed = read_role_file(data, filename, titles)
    report = ImportReport(filename, parsed.format, parsed.rows)
    report.errors.extend(parsed.errors)
    drafts = list(parsed.roles.values())
    _check_skills(session, scope, drafts)
    good = [d for d in drafts if not d.errors]
    stored = RoleRepository(session, scope).by_titles([d.title for d in good])
    for draft in drafts:
        outcome = None if draft.errors else _apply(session, scope, draft, stored.get(draft.title))
        if outcome is None:
            report.errors.extend(draft.errors)
            report.invalid += 1
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
    report.invalid += len({e.row for e in parsed.errors})
    report.errors.sort(key=lambda e: e.row)
    return report


def _apply(session: Session, scope: Scope, draft: RoleDraft, held: Role | None) -> str | None:
    """Bring one role to the draft: "created", "updated", "unchanged", or None (refused)."""
    open = draft.open if draft.open is not None else (held.open if held else True)
    description = draft.description if draft.has_description or not held else held.description
    requirements = [
        RequirementInput(r.skill_uri, r.level, r.essential, r.weight)
        for r in draft.requirements.values()
    ]
    if held is not None:
        wanted = {r.skill_uri: (r.level, r.essential, r.effective_weight) for r in requirements}
        if (held.open, held.description, _state(held)) == (open, description, wanted):
            return "unchanged"
    try:
        # upsert_role checks everything before it writes: a refusal leaves the role as it was.
        upsert_role(
            session,
            scope,
            draft.title,
            open=open,
            description=description,
            requirements=requirements,
        )
    except RoleInputError as error:
        draft.error(draft.row, error.code, str(error))
        return None
    return "created" if held is None else "updated"


def _check_skills(session: Session, scope: Scope, drafts: list[RoleDraft]) -> None:
    """Mark every requirement naming a skill the tenant's taxonomy lacks (one query)."""
    uris = {uri for d in drafts for uri in d.requirements}
    known = SkillRepository(session, scope).ids_by_uri(uris)
    for draft in drafts:
        for requirement in draft.requirements.values():
            if requirement.skill_uri not in known:
                draft.error(
                    requirement.row,
                    "UNKNOWN_SKILL",
                    f"unknown skill {requirement.skill_uri} (import the taxonomy that defines "
                    "it first: `hrkit skills import`)",
                )


def _state(role: Role) -> Wanted:
    return {r.skill.uri: (r.level, r.essential, r.weight) for r in role.requirements}
