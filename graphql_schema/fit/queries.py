"""roleFit(roleId, first, after, kind) and keyPersonRisks(roleId, first, after).

Both rank or list computed rows, so their cursors are the row's place in the order, not a
database key: (score, email) for roleFit, (role title, skill uri) for keyPersonRisks. The
engine runs off the event loop (`ctx.run`); people load through PersonByIdLoader, and the
role, its skills and the recommended achievements come with the computation, so the statement
count does not grow with `first`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

import strawberry
from graphql import GraphQLError

from graphql_schema.context import Info
from graphql_schema.credentials.types import Achievement
from graphql_schema.enums import PersonKind
from graphql_schema.fit.types import (
    KeyPersonRisk,
    KeyPersonRiskConnection,
    KeyPersonRiskEdge,
    RoleFit,
    RoleFitConnection,
    RoleFitEdge,
    SkillGap,
)
from graphql_schema.ids import local_id
from graphql_schema.lookahead import nested_arguments
from graphql_schema.pagination import PageInfo, check_first, decode_cursor, encode_cursor
from graphql_schema.people.dataloaders import person_by_id
from graphql_schema.permissions import require
from graphql_schema.roles.types import Role
from graphql_schema.skills.types import Skill
from hrkit.model.access import AccessRole
from hrkit.services.fit import FitRow, RoleFitResult, RoleNotFoundError, role_fit
from hrkit.services.key_person_risk import RiskRow, role_risks
from hrkit.skills.fit import Gap
from hrkit.store.repositories import Repositories
from hrkit.store.tables import Achievement as AchievementRow

ROLE_FIT = require(AccessRole.HR_ADMIN, AccessRole.RECRUITER, AccessRole.MANAGER, AccessRole.HRIS)
RISKS = require(AccessRole.HR_ADMIN, AccessRole.HRIS, AccessRole.MANAGER)


def _cursor(after: str | None, types: tuple[type, type]) -> tuple[Any, str] | None:
    if after is None:
        return None
    first, second = decode_cursor(after, 2)
    if isinstance(first, bool) or not isinstance(first, types) or not isinstance(second, str):
        raise GraphQLError("invalid cursor", extensions={"code": "INVALID_CURSOR"})
    return first, second


def _page_info(keys: Sequence[Sequence[Any]], has_next: bool, after: str | None) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=encode_cursor(keys[0]) if keys else None,
        end_cursor=encode_cursor(keys[-1]) if keys else None,
    )


@strawberry.type
class FitQuery:
    @strawberry.field(
        description="The people you may see ranked by fit for a role: score descending, then "
        "email (a recruiter ranks candidates, a manager their team).",
        permission_classes=[ROLE_FIT],
    )
    async def role_fit(
        self,
        info: Info,
        role_id: strawberry.ID,
        first: int | None = 50,
        after: str | None = None,
        kind: PersonKind | None = None,
    ) -> RoleFitConnection:
        ctx = info.context
        limit = check_first(first)
        cursor = _cursor(after, (int, float))
        pk = local_id(role_id, "Role")
        if pk is None:
            raise RoleNotFoundError("no role with this id")
        recommend = any(
            nested_arguments(info, ["edges", "node", name])
            for name in ("recommendations", "uncoverableGaps")
        )

        def work(repos: Repositories) -> tuple[RoleFitResult, dict[int, Achievement]]:
            result = role_fit(
                repos.session,
                repos.scope,
                role_id=pk,
                kind=kind,
                now=ctx.now,
                top=limit,
                after=cursor,
                recommend=recommend,
            )
            achievements: dict[int, Achievement] = {}
            if recommend:
                wanted = {a for row in result.rows if row.cover for a in row.cover.achievement_ids}
                # One statement even for an empty set: the count stays the same for any page.
                rows = repos.achievements.find(AchievementRow.id.in_(sorted(wanted)))
                achievements = {row.id: Achievement.from_row(row) for row in rows}
            return result, achievements

        result, achievements = await ctx.run(work)
        people = await person_by_id(info).load_many([row.person_id for row in result.rows])
        role = Role.from_row(result.role)
        skills = {r.skill_id: Skill.from_row(r.skill) for r in result.role.requirements}
        edges = [
            RoleFitEdge(key=list(row.key), node=_fit(row, person, role, skills, achievements))
            for row, person in zip(result.rows, people, strict=True)
            if person is not None
        ]
        return RoleFitConnection(
            edges=edges,
            page_info=_page_info([e.key for e in edges], result.has_more, after),
            total_count=result.total,
        )

    @strawberry.field(
        description="Skills open roles require that fewer than two of the employees you may see "
        "hold at the required level (a manager: within their team); by role title, then skill.",
        permission_classes=[RISKS],
    )
    async def key_person_risks(
        self,
        info: Info,
        role_id: strawberry.ID | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> KeyPersonRiskConnection:
        ctx = info.context
        limit = check_first(first)
        cursor = _cursor(after, (str, str))
        pk = None if role_id is None else local_id(role_id, "Role")
        if role_id is not None and pk is None:
            raise RoleNotFoundError("no role with this id")

        def work(repos: Repositories) -> list[RiskRow]:
            return role_risks(repos.session, repos.scope, now=ctx.now, role_id=pk)

        rows = await ctx.run(work)
        start = 0 if cursor is None else bisect.bisect_right(rows, cursor, key=lambda r: r.key)
        window = rows[start : start + limit]
        roles: dict[int, Role] = {}
        edges = []
        for row in window:
            role = roles.get(row.role.id) or roles.setdefault(row.role.id, Role.from_row(row.role))
            node = KeyPersonRisk(
                role=role,
                skill=Skill.from_row(row.requirement.skill),
                required=row.requirement.level,
                holder_count=len(row.holders),
                holder_pks=list(row.holders),
            )
            edges.append(KeyPersonRiskEdge(key=list(row.key), node=node))
        return KeyPersonRiskConnection(
            edges=edges,
            page_info=_page_info([e.key for e in edges], start + limit < len(rows), after),
            total_count=len(rows),
        )


def _fit(
    row: FitRow,
    person: Any,
    role: Role,
    skills: dict[int, Skill],
    achievements: dict[int, Achievement],
) -> RoleFit:
    def gap(g: Gap) -> SkillGap:
        return SkillGap(
            skill=skills[g.skill_id],
            required=g.required,
            held=g.held,
            essential=g.essential,
            weight=g.weight,
        )

    cover = row.cover
    return RoleFit(
        person=person,
        role=role,
        score=row.score,
        ready=row.ready,
        gaps=[gap(g) for g in row.gaps],
        recommendations=[
            achievements[a] for a in (cover.achievement_ids if cover else ()) if a in achievements
        ],
        uncoverable_gaps=[
            gap(g) for g in row.gaps if g.essential and cover and g.skill_id in cover.uncoverable
        ],
    )
