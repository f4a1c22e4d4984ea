"""issuers(first, after)."""

from __future__ import annotations

import strawberry

from graphql_schema.context import Info
from graphql_schema.issuers.types import Issuer, IssuerConnection, IssuerEdge
from graphql_schema.pagination import connection, fetch_page
from hrkit.store.tables import Issuer as IssuerRow


@strawberry.type
class IssuersQuery:
    @strawberry.field(description="Issuers seen in the tenant's credentials or trust registry.")
    async def issuers(
        self, info: Info, first: int | None = 50, after: str | None = None
    ) -> IssuerConnection:
        page = await info.context.run(
            lambda repos: fetch_page(
                repos.session, repos.issuers.select(), [IssuerRow.id], first=first, after=after
            )
        )
        return connection(page, lambda row: [row.id], Issuer.from_row, IssuerConnection, IssuerEdge)
