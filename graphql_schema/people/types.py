"""Person objects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graphql_schema.context import Info
from graphql_schema.enums import PersonKind
from graphql_schema.ids import global_id
from graphql_schema.node import Node
from graphql_schema.pagination import EdgeBase, PageInfo
from hrkit.store.tables import Person as PersonRow

if TYPE_CHECKING:
    from graphql_schema.credentials.types import CredentialConnection
    from graphql_schema.skills.types import PersonSkill


@strawberry.type
class Person(Node):
    name: str
    email: str
    kind: PersonKind
    external_id: str | None
    department: str | None
    title: str | None
    phone: str | None
    position: str | None
    pk: strawberry.Private[int]
    manager_pk: strawberry.Private[int | None]
    # First pages of credentials fetched with the page of people (see people/queries.py).
    prefetched: strawberry.Private[dict[int, Any]]

    @classmethod
    def from_row(cls, row: PersonRow) -> Person:
        return cls(
            id=strawberry.ID(global_id("Person", row.id)),
            name=row.name,
            email=row.email,
            kind=row.kind,
            external_id=row.external_id,
            department=row.department,
            title=row.title,
            phone=row.phone,
            position=row.position,
            pk=row.id,
            manager_pk=row.manager_id,
            prefetched={},
        )

    @strawberry.field(description="Their manager, when the caller may see them.")
    async def manager(self, info: Info) -> Person | None:
        from graphql_schema.people.dataloaders import person_by_id

        if self.manager_pk is None:
            return None
        return await person_by_id(info).load(self.manager_pk)

    @strawberry.field
    def credentials(
        self, info: Info, first: int | None = 50, after: str | None = None
    ) -> Annotated[CredentialConnection, strawberry.lazy("graphql_schema.credentials.types")]:
        from graphql_schema.credentials.dataloaders import credentials_of, page_connection
        from graphql_schema.pagination import check_first

        if after is None:
            page = self.prefetched.get(check_first(first))
            if page is not None:
                return page_connection(info.context, page)
        # Not prefetched (e.g. reached through node(id:)): batched by a DataLoader instead.
        return credentials_of(info, self.pk, first, after)  # type: ignore[return-value]

    @strawberry.field(description="Skill levels from verified credentials, with the evidence.")
    async def skills(
        self, info: Info
    ) -> list[Annotated[PersonSkill, strawberry.lazy("graphql_schema.skills.types")]]:
        from graphql_schema.skills.dataloaders import skills_of_person

        return await skills_of_person(info).load(self.pk)


@strawberry.type
class PersonEdge(EdgeBase):
    node: Person


@strawberry.type
class PersonConnection:
    edges: list[PersonEdge]
    page_info: PageInfo
    total_count: int


@strawberry.input
class PersonFilter:
    kind: PersonKind | None = None
    email: str | None = None
    search: str | None = None
