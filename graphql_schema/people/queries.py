"""people(first, after, filter)."""

from __future__ import annotations

import strawberry
from sqlalchemy import or_

from graphql_schema.context import Info
from graphql_schema.pagination import connection, fetch_page
from graphql_schema.people.types import Person, PersonConnection, PersonEdge, PersonFilter
from hrkit.model.people import normalize_email
from hrkit.store.tables import Person as PersonRow


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="The people the caller may see, in creation order.")
    async def people(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: PersonFilter | None = None,
    ) -> PersonConnection:
        where = []
        if filter is not None:
            if filter.kind is not None:
                where.append(PersonRow.kind == filter.kind)
            if filter.email:
                where.append(PersonRow.email == normalize_email(filter.email))
            if filter.search:
                pattern = f"%{filter.search.lower()}%"
                where.append(or_(PersonRow.name.ilike(pattern), PersonRow.email.like(pattern)))
        page = await info.context.run(
            lambda repos: fetch_page(
                repos.session, repos.people.select(*where), [PersonRow.id], first=first, after=after
            )
        )
        return connection(page, lambda row: [row.id], Person.from_row, PersonConnection, PersonEdge)
