"""credentials(first, after, filter)."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select

from graphql_schema.context import Info
from graphql_schema.credentials.dataloaders import page_connection, visible_rows
from graphql_schema.credentials.types import CredentialConnection, CredentialFilter
from graphql_schema.ids import local_id
from graphql_schema.pagination import Page, fetch_page
from hrkit.store.repositories import Repositories
from hrkit.store.repositories.credentials import CredentialRepository
from hrkit.store.tables import Credential as CredentialRow
from hrkit.store.tables import Issuer as IssuerRow


@strawberry.type
class CredentialsQuery:
    @strawberry.field(description="Credentials of the people the caller may see.")
    async def credentials(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: CredentialFilter | None = None,
    ) -> CredentialConnection:
        ctx = info.context
        where = []
        if filter is not None:
            if filter.status:
                where.append(CredentialRepository.effective_status_in(filter.status, ctx.now))
            if filter.holder_id is not None:
                holder = local_id(filter.holder_id, "Person")
                where.append(CredentialRow.holder_id == (holder if holder is not None else -1))
            if filter.issuer_uri is not None and ctx.scope is not None:
                issuers = select(IssuerRow.id).where(
                    IssuerRow.tenant_id == ctx.scope.tenant_id, IssuerRow.uri == filter.issuer_uri
                )
                where.append(CredentialRow.issuer_id.in_(issuers))

        def work(repos: Repositories) -> Page[Any]:
            return fetch_page(
                repos.session,
                visible_rows(repos, *where),
                [CredentialRow.id],
                first=first,
                after=after,
                entities=False,
            )

        return page_connection(ctx, await ctx.run(work))
