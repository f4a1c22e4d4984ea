"""Rank people by fit for one role (PRODUCT.md §8): `hrkit fit` and GraphQL `roleFit`.

Everyone the scope sees (of a kind) is scored in one vectorised pass over L; the ranking is by
score descending, then email. Gaps, and recommendations when asked for, are worked out for the
rows returned only. Row visibility is the people repository's: a recruiter ranks candidates, a
manager their team, hr_admin everyone, hris the employees (the people they may see).

A role without requirements is refused (`EMPTY_ROLE`): every score would be 0.0 and the
ranking would say nothing.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy.orm import Session

from hrkit.errors import NotFoundError, ValidationError
from hrkit.model.enums import PersonKind
from hrkit.services.recommendations import catalogue
from hrkit.skills.cover import Cover
from hrkit.skills.fit import Gap, Requirement, RoleSet, RoleSpec, fit, gaps
from hrkit.skills.levels import load_levels
from hrkit.store.repositories import Repositories
from hrkit.store.scope import Scope
from hrkit.store.tables import Role
from hrkit.store.types import utcnow


class RoleNotFoundError(NotFoundError):
    code = "ROLE_NOT_FOUND"


class EmptyRoleError(ValidationError):
    code = "EMPTY_ROLE"


@dataclass(frozen=True)
class FitRow:
    """One person's fit for the role; `cover` only when recommendations were asked for."""

    person_id: int
    email: str
    name: str
    kind: PersonKind
    score: float
    ready: bool
    gaps: tuple[Gap, ...]
    cover: Cover | None = None

    @property
    def key(self) -> tuple[float, str]:
        """Where the row sits in the ranking (a cursor)."""
        return (self.score, self.email)


@dataclass(frozen=True)
class RoleFitResult:
    """A window of the ranking: `total` people ranked, `rows` the ones returned."""

    role: Role  # with its requirements and their skills loaded
    total: int
    rows: list[FitRow]
    has_more: bool


def role_fit(
    session: Session,
    scope: Scope,
    *,
    role_title: str | None = None,
    role_id: int | None = None,
    kind: PersonKind | None = None,
    now: datetime | None = None,
    top: int | None = None,
    after: tuple[float, str] | None = None,
    recommend: bool = False,
) -> RoleFitResult:
    """People the scope sees (of `kind`) ranked by fit for a role named by title or id.

    `top` keeps the first rows only; `after` (a row's `key`) starts after that row. Raises
    RoleNotFoundError for an unknown role and EmptyRoleError for one without requirements.
    """
    repos = Repositories(session, scope)
    role = find_role(repos, role_title=role_title, role_id=role_id)
    spec = role_spec(role)
    if not spec.requirements:
        raise EmptyRoleError(
            f"role {role.title!r} has no skill requirements to fit against "
            "(add some with `hrkit roles import` or upsertRole)"
        )
    # Python's order, not the database collation's: the same ranking on SQLite and PostgreSQL.
    people = sorted(repos.people.identities(kind), key=lambda p: p.email)
    taxonomy = repos.skills.taxonomy()  # read once for the levels and the recommendations
    levels, _ = load_levels(repos, [p.id for p in people], now=now or utcnow(), taxonomy=taxonomy)
    result = fit(levels, RoleSet.of([spec]))
    scores, ready = result.scores[:, 0], result.ready[:, 0]
    # People are in email order, so a stable sort by score keeps equal scores by email.
    order = np.argsort(-scores, kind="stable")
    start = 0
    if after is not None:
        wanted = (-after[0], after[1])
        start = bisect.bisect_right(order, wanted, key=lambda i: (-scores[i], people[i].email))
    end = len(order) if top is None else min(len(order), start + max(0, top))
    window = order[start:end]
    found = gaps(levels, spec, window)
    covers: list[Cover | None] = [None] * len(window)
    if recommend:
        essential = (r.skill_id for r in spec.requirements if r.essential)
        known = catalogue(repos, essential, taxonomy)
        covers = [known.cover({g.skill_id: g.required for g in f if g.essential}) for f in found]
    rows = [
        FitRow(
            person_id=people[i].id,
            email=people[i].email,
            name=people[i].name,
            kind=people[i].kind,
            score=float(scores[i]),
            ready=bool(ready[i]),
            gaps=tuple(row_gaps),
            cover=cover,
        )
        for i, row_gaps, cover in zip(window, found, covers, strict=True)
    ]
    return RoleFitResult(role, len(order), rows, end < len(order))


def find_role(
    repos: Repositories, *, role_title: str | None = None, role_id: int | None = None
) -> Role:
    """The role by id or by title (runs of spaces collapse, as `upsert_role` stores titles),
    with requirements and skills loaded."""
    found: Role | None = None
    if role_id is not None:
        found = repos.roles.with_requirements([role_id]).get(role_id)
    elif role_title is not None:
        by_title = repos.roles.by_title(" ".join(role_title.split()))
        if by_title is not None:
            found = repos.roles.with_requirements([by_title.id]).get(by_title.id)
    if found is None:
        shown = repr(role_title) if role_title is not None else "with this id"
        raise RoleNotFoundError(f"no role {shown} (`hrkit roles import` defines roles)")
    return found


def role_spec(role: Role) -> RoleSpec:
    """The engine's view of a stored role (requirements with their skills loaded)."""
    return RoleSpec(
        role.id,
        tuple(
            Requirement(r.skill_id, r.level, r.essential, r.weight, r.skill.uri)
            for r in role.requirements
        ),
    )
