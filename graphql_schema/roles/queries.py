"""roles(first, after, open)."""

from __future__ import annotations

import strawberry
from sqlalchemy.orm import selectinload

from graphql_schema.context import Info
from graphql_schema.pagination import connection, fetch_page
from graphql_schema.roles.types import Role, RoleConnection, RoleEdge
from hrkit.store.repositories import Repositories
from hrkit.store.tables import Role as RoleRow
from hrkit.store.tables import RoleRequirement


@strawberry.type
class RolesQuery:
    @strawberry.field(description="The tenant's roles with their skill requirements.")
    async def roles(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        open: bool | None = None,
    ) -> RoleConnection:
        def work(repos: Repositories) -> object:
            where = [] if open is None else [RoleRow.open.is_(open)]
            stmt = repos.roles.select(*where).options(
                selectinload(RoleRow.requirements).selectinload(RoleRequirement.skill)
            )
            return fetch_page(repos.session, stmt, [RoleRow.id], first=first, after=after)

        page = await info.context.run(work)
        return connection(  # type: ignore[arg-type]
            page, lambda row: [row.id], Role.from_row, RoleConnection, RoleEdge
        )
