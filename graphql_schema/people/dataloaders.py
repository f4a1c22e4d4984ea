"""People loaders (one per request, batching every lookup of a resolver pass)."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from graphql_schema.context import Context, Info
from graphql_schema.people.types import Person


def person_by_id(info: Info) -> DataLoader[int, Person | None]:
    """PersonByIdLoader: people by primary key; invisible ones load as None."""
    return info.context.loader("PersonByIdLoader", _person_by_id)


def _person_by_id(ctx: Context) -> DataLoader[int, Person | None]:
    async def load(keys: list[int]) -> list[Person | None]:
        rows = await ctx.run(lambda repos: repos.people.get_many(keys))
        return [Person.from_row(rows[k]) if k in rows else None for k in keys]

    return DataLoader(load_fn=load)
