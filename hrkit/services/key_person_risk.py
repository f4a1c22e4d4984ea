"""Key-person risk of a tenant's open roles (PRODUCT.md §8), over the employees a scope sees.

hr_admin and hris see the whole company; a manager sees the risk within their team (a skill
two people elsewhere hold is still a risk for a team that depends on one). Candidates never
count: a skill only an applicant holds is not held by the company.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from hrkit.model.enums import PersonKind
from hrkit.services.fit import role_spec
from hrkit.skills.fit import RoleSet
from hrkit.skills.levels import load_levels
from hrkit.skills.risk import MINIMUM_HOLDERS, key_person_risks
from hrkit.store.repositories import Repositories
from hrkit.store.scope import Scope
from hrkit.store.tables import Role, RoleRequirement
from hrkit.store.types import utcnow


@dataclass(frozen=True)
class RiskRow:
    """A requirement of an open role held at its level by fewer than two visible employees."""

    role: Role
    requirement: RoleRequirement  # with its skill loaded
    holders: tuple[int, ...]  # person ids, ascending

    @property
    def key(self) -> tuple[str, str]:
        """Where the row sits in the list (a cursor): role title, then skill uri."""
        return (self.role.title, self.requirement.skill.uri)


def role_risks(
    session: Session,
    scope: Scope,
    *,
    now: datetime | None = None,
    role_id: int | None = None,
    minimum: int = MINIMUM_HOLDERS,
) -> list[RiskRow]:
    """Every at-risk requirement of the open roles (or of open role `role_id`), by role title
    then skill uri."""
    repos = Repositories(session, scope)
    where = [Role.open.is_(True)] if role_id is None else [Role.open.is_(True), Role.id == role_id]
    ids = [role.id for role in repos.roles.find(*where)]
    roles = [r for r in repos.roles.with_requirements(ids).values() if r.requirements]
    if not roles:
        return []
    employees = [p.id for p in repos.people.identities(PersonKind.EMPLOYEE)]
    levels, _ = load_levels(repos, employees, now=now or utcnow())
    role_set = RoleSet.of([role_spec(role) for role in roles])
    # RoleSet.of keeps each role's requirements in order: index i is the i-th of them all.
    requirements = [(role, r) for role in roles for r in role.requirements]
    rows = []
    for risk in key_person_risks(levels, role_set, minimum=minimum):
        role, requirement = requirements[risk.index]
        rows.append(RiskRow(role, requirement, risk.holders))
    return sorted(rows, key=lambda row: row.key)
