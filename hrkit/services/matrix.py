"""The skill-gap matrix of a team and/or a role, as the caller's scope lets them see it.

Who is in it: with a manager, the manager's team (themselves and every employee reporting to
them, transitively); without one, every person of one kind the caller sees — employees, or
candidates for a caller who sees candidates only (a recruiter). A caller who is a manager and
names no manager gets their own team. The matrix of a whole company is refused above
`MAX_PEOPLE`: narrow it to a team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from hrkit.errors import NotFoundError, PermissionDeniedError, ValidationError
from hrkit.model.enums import PersonKind
from hrkit.skills.levels import load_levels
from hrkit.skills.matrix import Matrix, MatrixPerson, MatrixSkill, role_matrix, team_matrix
from hrkit.store.repositories import Repositories
from hrkit.store.scope import Scope
from hrkit.store.tables import Person, Role, Skill

# A matrix is for reading: 10,000 rows is already more than anyone reads; beyond it, use teams.
MAX_PEOPLE = 10_000


class MatrixInputError(ValidationError):
    """The matrix was asked for with arguments that cannot make one."""

    code = "BAD_INPUT"


@dataclass(frozen=True)
class MatrixRows:
    """The matrix and the rows it was made from (for an API answering with objects)."""

    matrix: Matrix
    people: dict[int, Person]
    skills: dict[int, Skill]
    role: Role | None


def skill_matrix(
    session: Session,
    scope: Scope,
    *,
    role_title: str | None = None,
    role_id: int | None = None,
    manager_email: str | None = None,
    manager_id: int | None = None,
    kind: PersonKind | None = None,
    now: datetime,
) -> MatrixRows:
    """The matrix for a role, a manager's team, or a role within a team (at least one), with
    the people, skill and role rows it read (callers render them without reading again).

    Raises NotFoundError for a role or manager that does not exist or is not visible,
    PermissionDeniedError when a caller who sees no employees names a manager, and
    MatrixInputError when nothing is named, a team is asked for as candidates, or the matrix
    would hold more than MAX_PEOPLE people.
    """
    repos = Repositories(session, scope)
    principal = scope.principal
    named_manager = manager_email is not None or manager_id is not None
    if named_manager and principal is not None and not _sees_employees(scope):
        raise PermissionDeniedError("forbidden: your roles show candidates only, not teams")
    if (
        not named_manager
        and principal is not None
        and principal.manager_email
        and not principal.sees_all(PersonKind.EMPLOYEE)
        and kind is not PersonKind.CANDIDATE
    ):
        manager_email = principal.manager_email  # a manager's matrix is their team's
    has_role = role_title is not None or role_id is not None
    if not has_role and manager_email is None and manager_id is None:
        raise MatrixInputError("name a role, a manager, or both")
    role = _role(repos, role_title, role_id) if has_role else None
    manager = _manager(repos, manager_email, manager_id)
    if manager is not None:
        if kind is PersonKind.CANDIDATE:
            raise MatrixInputError("a manager's team is employees: leave out the candidate kind")
        # One more than the cap: enough to tell a matrix that is too large, without reading it.
        rows = repos.people.team_members(manager.email, limit=MAX_PEOPLE + 1)
        kind = PersonKind.EMPLOYEE
    else:
        kind = kind or _default_kind(scope)
        rows = repos.people.find(Person.kind == kind, order_by=[Person.id], limit=MAX_PEOPLE + 1)
    if len(rows) > MAX_PEOPLE:
        raise MatrixInputError(
            f"the matrix would hold more than {MAX_PEOPLE:,} people: narrow it to a manager's team"
        )
    people = [_person(row) for row in rows]
    levels, _ = load_levels(repos, [p.id for p in people], now=now)
    boss = _person(manager) if manager is not None else None
    by_id = {row.id: row for row in rows}
    if role is not None:
        requirements = [
            MatrixSkill(
                r.skill_id, r.skill.uri, r.skill.name, r.level, r.essential, float(r.weight)
            )
            for r in role.requirements
        ]
        matrix = role_matrix(
            people,
            requirements,
            levels,
            role=role.title,
            role_id=role.id,
            manager=boss,
            kind=kind.value,
        )
        return MatrixRows(matrix, by_id, {r.skill_id: r.skill for r in role.requirements}, role)
    named = repos.skills.get_many(int(i) for i in levels.skill_ids)
    matrix = team_matrix(
        people,
        {i: (s.uri, s.name) for i, s in named.items()},
        levels,
        manager=boss,
        kind=kind.value,
    )
    return MatrixRows(matrix, by_id, named, None)


def _sees_employees(scope: Scope) -> bool:
    principal = scope.principal
    return (
        principal is None
        or principal.sees_all(PersonKind.EMPLOYEE)
        or bool(principal.manager_email)
    )


def _default_kind(scope: Scope) -> PersonKind:
    """Employees, unless the caller sees candidates only."""
    return PersonKind.EMPLOYEE if _sees_employees(scope) else PersonKind.CANDIDATE


def _role(repos: Repositories, title: str | None, role_id: int | None) -> Role:
    if role_id is not None:
        found = repos.roles.with_requirements([role_id]).get(role_id)
        if found is None:
            raise NotFoundError("role not found")
        return found
    assert title is not None
    wanted = " ".join(title.split())  # titles are stored with single spaces (services.roles)
    role = repos.roles.by_titles([wanted]).get(wanted)
    if role is None:
        raise NotFoundError(f"unknown role {title!r}")
    return role


def _manager(repos: Repositories, email: str | None, manager_id: int | None) -> Person | None:
    if manager_id is not None:
        found = repos.people.get(manager_id)
        if found is None or found.kind is not PersonKind.EMPLOYEE:
            raise NotFoundError("manager not found")
        return found
    if email is None:
        return None
    found = repos.people.by_email(email)
    if found is None or found.kind is not PersonKind.EMPLOYEE:
        raise NotFoundError(f"unknown manager {email!r} (no employee with that email)")
    return found


def _person(row: Person) -> MatrixPerson:
    return MatrixPerson(row.id, row.email, row.name, row.department, row.title)
