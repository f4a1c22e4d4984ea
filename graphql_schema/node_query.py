"""node(id:): any object by its global id — within the caller's tenant and visibility only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from sqlalchemy.orm import selectinload

from graphql_schema.context import Info
from graphql_schema.credentials.dataloaders import credential_by_id
from graphql_schema.credentials.types import Achievement
from graphql_schema.issuers.types import Issuer
from graphql_schema.node import Node
from graphql_schema.people.dataloaders import person_by_id
from graphql_schema.roles.types import Role
from graphql_schema.skills.types import Skill
from hrkit.errors import ValidationError
from hrkit.model.ids import parse_global_id
from hrkit.store.repositories import Repositories
from hrkit.store.tables import Achievement as AchievementRow
from hrkit.store.tables import Role as RoleRow
from hrkit.store.tables import RoleRequirement


def _role(repos: Repositories, pk: int) -> Role | None:
    stmt = repos.roles.select(RoleRow.id == pk).options(
        selectinload(RoleRow.requirements).selectinload(RoleRequirement.skill)
    )
    row = repos.session.scalars(stmt).one_or_none()
    return Role.from_row(row) if row else None


def _achievement(repos: Repositories, pk: int) -> Achievement | None:
    row = repos.achievements.get(pk)
    return Achievement.from_row(row) if isinstance(row, AchievementRow) else None


_SIMPLE: dict[str, Callable[[Repositories, int], Any]] = {
    "Issuer": lambda repos, pk: (row := repos.issuers.get(pk)) and Issuer.from_row(row),
    "Skill": lambda repos, pk: (row := repos.skills.get(pk)) and Skill.from_row(row),
    "Role": _role,
    "Achievement": _achievement,
}


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by id; missing and invisible objects are null.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        try:
            type_name, pk = parse_global_id(id)
        except ValidationError:
            return None
        if type_name == "Person":
            return await person_by_id(info).load(pk)
        if type_name == "Credential":
            return await credential_by_id(info).load(pk)
        fetch = _SIMPLE.get(type_name)
        if fetch is None:
            return None
        return await info.context.run(lambda repos: fetch(repos, pk))  # type: ignore[no-any-return]
