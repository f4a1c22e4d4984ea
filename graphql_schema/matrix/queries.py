"""skillMatrix(roleId, managerId) and skillMatrixManagers: who may see which matrix.

The roles table (PRODUCT.md §6): hr_admin and hris see every matrix, a recruiter the
candidates' (a team is refused with FORBIDDEN), a manager their own team's — the default when
they name no manager, and a managerId outside their team reads as NOT_FOUND. Failures are
GraphQL errors with the service's codes in `extensions.code`: NOT_FOUND, FORBIDDEN, BAD_INPUT.
The statement count does not grow with the team: people, skills and levels load in batches.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_schema.context import Info
from graphql_schema.ids import local_id
from graphql_schema.matrix.types import SkillMatrix
from graphql_schema.people.types import Person
from graphql_schema.roles.types import Role
from graphql_schema.skills.types import Skill
from hrkit.errors import NotFoundError
from hrkit.model.enums import PersonKind as DomainPersonKind
from hrkit.services.matrix import MatrixRows, skill_matrix
from hrkit.store.repositories import Repositories

# A manager picker longer than this is no picker; the CLI takes any manager by email.
MAX_MANAGERS = 2000


def matrix_pks(role_id: str | None, manager_id: str | None) -> tuple[int | None, int | None]:
    """The primary keys of the global ids; an id of another type or garbage is NOT_FOUND."""
    return _pk(role_id, "Role", "role not found"), _pk(manager_id, "Person", "manager not found")


def matrix_in_scope(
    repos: Repositories, now: datetime, role_pk: int | None, manager_pk: int | None
) -> MatrixRows:
    """The service's matrix as the caller's scope sees it (the query's and the download's).

    The people's kind follows from the caller: employees, or candidates for a recruiter (the
    contract's signature has no `kind`; `hrkit matrix --kind` has).
    """
    return skill_matrix(repos.session, repos.scope, role_id=role_pk, manager_id=manager_pk, now=now)


def _pk(value: str | None, type_name: str, missing: str) -> int | None:
    if value is None:
        return None
    pk = local_id(value, type_name)
    if pk is None:
        raise NotFoundError(missing)
    return pk


def _objects(found: MatrixRows) -> SkillMatrix:
    """The matrix with its people, skills and role as API objects (from the rows it read)."""
    matrix, people, skills, role = found.matrix, found.people, found.skills, found.role
    boss = matrix.manager
    manager = people.get(boss.id) if boss is not None else None
    return SkillMatrix(
        people=[Person.from_row(people[p.id]) for p in matrix.people],
        skills=[Skill.from_row(skills[s.id]) for s in matrix.skills],
        levels=matrix.levels.tolist(),
        required=[s.required for s in matrix.skills],
        essential=[s.essential for s in matrix.skills],
        weights=[s.weight for s in matrix.skills],
        fit=None if matrix.fit is None else matrix.fit.tolist(),
        gap_counts=matrix.gap_counts.tolist(),
        role=Role.from_row(role) if role is not None else None,
        manager=Person.from_row(manager) if manager is not None else None,
        kind=DomainPersonKind(matrix.kind),
    )


@strawberry.type
class MatrixQuery:
    @strawberry.field(
        description=(
            "People by skills: levels against a role, within a manager's team, or both (at "
            "least one). Without a manager: every employee the caller sees (the candidates for "
            "a recruiter); a manager's default is their own team."
        )
    )
    async def skill_matrix(
        self,
        info: Info,
        role_id: strawberry.ID | None = None,
        manager_id: strawberry.ID | None = None,
    ) -> SkillMatrix:
        role_pk, manager_pk = matrix_pks(role_id, manager_id)
        now = info.context.now

        def work(repos: Repositories) -> SkillMatrix:
            return _objects(matrix_in_scope(repos, now, role_pk, manager_pk))

        return await info.context.run(work)

    @strawberry.field(
        description="Employees the caller sees who have reports: the teams a matrix can cover."
    )
    async def skill_matrix_managers(self, info: Info) -> list[Person]:
        rows = await info.context.run(lambda repos: repos.people.managers(limit=MAX_MANAGERS))
        return [Person.from_row(row) for row in rows]
