"""Row visibility of API callers, as SQL: the contract's role table in one module.

| | hr_admin | recruiter | manager | hris |
| employees | all | none | themselves and their reports, transitively | all |
| candidates | all | all | none | none |
| credentials | of visible people, for every role |
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import aliased

from hrkit.auth.principal import Principal
from hrkit.model.enums import PersonKind
from hrkit.model.people import normalize_email
from hrkit.store.tables import Person


def visible_people(principal: Principal, tenant_id: int) -> Any:
    """A condition on `Person` true for exactly the people `principal` may see."""
    clauses = []
    if principal.sees_all(PersonKind.EMPLOYEE):
        clauses.append(Person.kind == PersonKind.EMPLOYEE)
    elif principal.manager_email:
        clauses.append(
            and_(
                Person.kind == PersonKind.EMPLOYEE,
                Person.id.in_(select(team(principal.manager_email, tenant_id).c.id)),
            )
        )
    if principal.sees_all(PersonKind.CANDIDATE):
        clauses.append(Person.kind == PersonKind.CANDIDATE)
    return or_(*clauses) if clauses else false()


def team(manager_email: str, tenant_id: int) -> Any:
    """A recursive CTE of the manager (by email) and everyone reporting to them, transitively.

    UNION (not UNION ALL) drops rows already seen, so a cycle in the manager tree ends the
    recursion instead of looping.
    """
    root = (
        select(Person.id)
        .where(
            Person.tenant_id == tenant_id,
            Person.email == normalize_email(manager_email),
            Person.kind == PersonKind.EMPLOYEE,
        )
        .cte("team", recursive=True)
    )
    report = aliased(Person)
    return root.union(
        select(report.id).where(report.tenant_id == tenant_id, report.manager_id == root.c.id)
    )
