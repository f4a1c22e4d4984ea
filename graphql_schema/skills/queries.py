"""skills(first, after, search)."""

from __future__ import annotations

import strawberry

from graphql_schema.context import Info
from graphql_schema.pagination import connection, fetch_page
from graphql_schema.skills.types import Skill, SkillConnection, SkillEdge
from hrkit.store.repositories import Repositories
from hrkit.store.tables import Skill as SkillRow


@strawberry.type
class SkillsQuery:
    @strawberry.field(description="The tenant's skill taxonomy; `search` matches name or uri.")
    async def skills(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        search: str | None = None,
    ) -> SkillConnection:
        def work(repos: Repositories) -> object:
            where = [repos.skills.search(search)] if search else []
            stmt = repos.skills.select(*where)
            return fetch_page(repos.session, stmt, [SkillRow.id], first=first, after=after)

        page = await info.context.run(work)
        return connection(  # type: ignore[arg-type]
            page, lambda row: [row.id], Skill.from_row, SkillConnection, SkillEdge
        )
