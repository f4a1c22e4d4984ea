"""people(first, after, filter)."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import or_

from graphql_schema.context import Info
from graphql_schema.credentials.dataloaders import first_pages
from graphql_schema.lookahead import nested_arguments, page_size
from graphql_schema.pagination import Page, connection, fetch_page
from graphql_schema.people.types import Person, PersonConnection, PersonEdge, PersonFilter
from hrkit.model.people import normalize_email
from hrkit.store.repositories import Repositories
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
        # `credentials(first: N)` under the nodes: fetched with the page, in the same round trip.
        wanted = {
            limit
            for arguments in nested_arguments(info, ["edges", "node", "credentials"])
            if arguments.get("after") is None
            and (limit := page_size(arguments.get("first", 50))) is not None
        }

        def work(repos: Repositories) -> tuple[Page[Any], dict[int, dict[int, Page[Any]]]]:
            page = fetch_page(
                repos.session, repos.people.select(*where), [PersonRow.id], first=first, after=after
            )
            keys = [row.id for row in page.rows]
            return page, {limit: first_pages(repos, keys, limit) for limit in wanted if keys}

        page, prefetched = await info.context.run(work)
        result = connection(
            page, lambda row: [row.id], Person.from_row, PersonConnection, PersonEdge
        )
        for edge in result.edges:
            edge.node.prefetched = {
                limit: pages[edge.node.pk] for limit, pages in prefetched.items()
            }
        return result
