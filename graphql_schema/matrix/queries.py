"""skillMatrix: computed by the skills engine."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from graphql_schema.context import Info
from graphql_schema.matrix.types import SkillMatrix

PENDING = "skill matrices arrive with the skills engine"


@strawberry.type
class MatrixQuery:
    @strawberry.field(description="People by skills: levels against a role or a team.")
    def skill_matrix(
        self,
        info: Info,
        role_id: strawberry.ID | None = None,
        manager_id: strawberry.ID | None = None,
    ) -> SkillMatrix:
        raise GraphQLError(PENDING, extensions={"code": "NOT_IMPLEMENTED"})
