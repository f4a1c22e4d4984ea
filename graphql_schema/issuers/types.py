"""Issuer objects."""

from __future__ import annotations

import strawberry

from graphql_schema.ids import global_id
from graphql_schema.node import Node
from graphql_schema.pagination import EdgeBase, PageInfo
from hrkit.store.tables import Issuer as IssuerRow


@strawberry.type
class Issuer(Node):
    uri: str
    name: str | None
    trusted: bool

    @classmethod
    def from_row(cls, row: IssuerRow) -> Issuer:
        return cls(
            id=strawberry.ID(global_id("Issuer", row.id)),
            uri=row.uri,
            name=row.name,
            trusted=row.trusted,
        )


@strawberry.type
class IssuerEdge(EdgeBase):
    node: Issuer


@strawberry.type
class IssuerConnection:
    edges: list[IssuerEdge]
    page_info: PageInfo
    total_count: int
