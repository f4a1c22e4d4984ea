"""roleFit: computed by the skills engine."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from graphql_schema.context import Info
from graphql_schema.enums import PersonKind
from graphql_schema.fit.types import RoleFitConnection

PENDING = "role fit arrives with the skills engine"


def _pending() -> GraphQLError:
    return GraphQLError(PENDING, extensions={"code": "NOT_IMPLEMENTED"})


@strawberry.type
class FitQuery:
    @strawberry.field(description="People ranked by fit for a role (the skills engine).")
    def role_fit(
        self,
        info: Info,
        role_id: strawberry.ID,
        first: int | None = 50,
        after: str | None = None,
        kind: PersonKind | None = None,
    ) -> RoleFitConnection:
        raise _pending()
