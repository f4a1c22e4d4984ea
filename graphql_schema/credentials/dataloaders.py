"""Credential loaders: a page of credentials for many holders in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from strawberry.dataloader import DataLoader

from graphql_schema.context import Context, Info
from graphql_schema.credentials.types import (
    Credential,
    CredentialConnection,
    CredentialEdge,
    VerificationCheck,
    credential_rows,
)
from graphql_schema.pagination import Page, check_first, connection, fetch_page
from hrkit.store.repositories import Repositories
from hrkit.store.tables import Credential as CredentialRow
from hrkit.store.tables import VerificationCheck as CheckRow


def credential_node(ctx: Context) -> Any:
    shared: dict[Any, Any] = ctx.loaders.setdefault("shared-objects", {})
    return lambda row: Credential.from_values(row, ctx.now, shared)


def credential_key(row: Any) -> list[Any]:
    return [row[0]]  # the id (CREDENTIAL_COLUMNS order; by position, as it is per row)


def visible_rows(repos: Repositories, *where: Any) -> Any:
    """credential_rows narrowed to the caller's tenant and visibility."""
    return credential_rows(*repos.credentials.scope_filter(), *where)


def credential_by_id(info: Info) -> DataLoader[int, Credential | None]:
    """CredentialByIdLoader: credentials by primary key; invisible ones load as None."""
    return info.context.loader("CredentialByIdLoader", _credential_by_id)


def _credential_by_id(ctx: Context) -> DataLoader[int, Credential | None]:
    node = credential_node(ctx)

    def work(repos: Repositories, keys: list[int]) -> dict[int, Any]:
        rows = repos.session.execute(visible_rows(repos, CredentialRow.id.in_(keys)))
        return {row.id: row for row in rows}

    async def load(keys: list[int]) -> list[Credential | None]:
        rows = await ctx.run(lambda repos: work(repos, keys))
        return [node(rows[k]) if k in rows else None for k in keys]

    return DataLoader(load_fn=load)


def document_of(info: Info) -> DataLoader[int, str]:
    """DocumentByCredentialLoader: the raw documents, read only when a client asks for them."""
    return info.context.loader("DocumentByCredentialLoader", _document_of)


def _document_of(ctx: Context) -> DataLoader[int, str]:
    def work(repos: Repositories, keys: list[int]) -> dict[int, str]:
        stmt = repos.credentials.select(CredentialRow.id.in_(keys)).with_only_columns(
            CredentialRow.id, CredentialRow.raw
        )
        return {row[0]: row[1] for row in repos.session.execute(stmt)}

    async def load(keys: list[int]) -> list[str]:
        found = await ctx.run(lambda repos: work(repos, keys))
        return [found.get(k, "") for k in keys]

    return DataLoader(load_fn=load)


def checks_of(info: Info) -> DataLoader[int, list[VerificationCheck]]:
    """ChecksByCredentialLoader: the stored checks of credentials, in their order."""
    return info.context.loader("ChecksByCredentialLoader", _checks_of)


def _checks_of(ctx: Context) -> DataLoader[int, list[VerificationCheck]]:
    def work(repos: Repositories, keys: list[int]) -> dict[int, list[VerificationCheck]]:
        visible = repos.credentials.select(CredentialRow.id.in_(keys)).with_only_columns(
            CredentialRow.id
        )
        stmt = (
            select(CheckRow)
            .where(CheckRow.tenant_id == repos.scope.tenant_id, CheckRow.credential_id.in_(visible))
            .order_by(CheckRow.credential_id, CheckRow.position)
        )
        found: dict[int, list[VerificationCheck]] = defaultdict(list)
        for row in repos.session.scalars(stmt):
            found[row.credential_id].append(VerificationCheck.from_row(row))
        return found

    async def load(keys: list[int]) -> list[list[VerificationCheck]]:
        found = await ctx.run(lambda repos: work(repos, keys))
        return [found.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


async def credentials_of(
    info: Info, holder_pk: int, first: int | None, after: str | None
) -> CredentialConnection:
    """Person.credentials: batched across holders for a first page, direct after a cursor."""
    ctx = info.context
    limit = check_first(first)
    if after is not None:
        page = await ctx.run(
            lambda repos: fetch_page(
                repos.session,
                visible_rows(repos, CredentialRow.holder_id == holder_pk),
                [CredentialRow.id],
                first=limit,
                after=after,
                entities=False,
            )
        )
        return page_connection(ctx, page)
    loader: DataLoader[int, Page[Any]] = ctx.loader(
        f"CredentialsByHolderLoader:{limit}", lambda c: _first_pages(c, limit)
    )
    return page_connection(ctx, await loader.load(holder_pk))


def page_connection(ctx: Context, page: Page[Any]) -> CredentialConnection:
    return connection(
        page, credential_key, credential_node(ctx), CredentialConnection, CredentialEdge
    )


def _first_pages(ctx: Context, limit: int) -> DataLoader[int, Page[Any]]:
    """CredentialsByHolderLoader: the first `limit` credentials of many holders at once."""

    async def load(keys: list[int]) -> list[Page[Any]]:
        pages = await ctx.run(lambda repos: first_pages(repos, keys, limit))
        return [pages[k] for k in keys]

    return DataLoader(load_fn=load)


def first_pages(repos: Repositories, keys: list[int], limit: int) -> dict[int, Page[Any]]:
    """The first `limit` credentials of each holder in `keys`: a window function picks them, so
    the query count does not grow with the number of holders."""
    scoped = repos.credentials.select(CredentialRow.holder_id.in_(keys))
    ranked = scoped.with_only_columns(
        CredentialRow.id,
        func.row_number()
        .over(partition_by=CredentialRow.holder_id, order_by=CredentialRow.id)
        .label("rank"),
    ).subquery()
    ids = select(ranked.c.id).where(ranked.c.rank <= limit + 1)
    rows = repos.session.execute(
        credential_rows(CredentialRow.id.in_(ids)).order_by(
            CredentialRow.holder_id, CredentialRow.id
        )
    )
    counts = dict(
        repos.session.execute(
            scoped.with_only_columns(CredentialRow.holder_id, func.count()).group_by(
                CredentialRow.holder_id
            )
        ).all()
    )
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row[1]].append(row)  # the holder's id
    return {
        key: Page(grouped[key][:limit], len(grouped[key]) > limit, int(counts.get(key, 0)), False)
        for key in keys
    }
