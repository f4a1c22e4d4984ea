"""Role fit and key-person risk (PRODUCT.md §8)."""

from __future__ import annotations

import strawberry

from graphql_schema.context import Info
from graphql_schema.credentials.types import Achievement
from graphql_schema.pagination import EdgeBase, PageInfo
from graphql_schema.people.types import Person
from graphql_schema.roles.types import Role
from graphql_schema.skills.types import Skill


@strawberry.type
class SkillGap:
    skill: Skill
    required: int
    held: int = strawberry.field(description="0 when the skill is not held at all")
    essential: bool
    weight: float


@strawberry.type
class RoleFit:
    person: Person
    role: Role
    score: float = strawberry.field(
        description="Σ w·min(L, Q)/Q ÷ Σ w over the role's skills, in [0, 1], never rounded"
    )
    ready: bool = strawberry.field(description="Every essential skill is held at its level.")
    gaps: list[SkillGap] = strawberry.field(
        description="Skills held below the required level: essential first, then by weight "
        "descending, then by skill uri."
    )
    recommendations: list[Achievement] = strawberry.field(
        description="The smallest set of known achievements (of trusted issuers, when the "
        "tenant keeps a trust registry) whose skills close every essential gap that can be "
        "closed; ties go to achievements first by name, then uri."
    )
    uncoverable_gaps: list[SkillGap] = strawberry.field(
        description="Essential gaps no known achievement closes."
    )


@strawberry.type
class RoleFitEdge(EdgeBase):
    node: RoleFit


@strawberry.type
class RoleFitConnection:
    edges: list[RoleFitEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(
    description="A skill an open role requires that fewer than two of the employees you may "
    "see hold at the required level."
)
class KeyPersonRisk:
    role: Role
    skill: Skill
    required: int
    holder_count: int
    holder_pks: strawberry.Private[list[int]]

    @strawberry.field(description="The employees holding it at the required level.")
    async def holders(self, info: Info) -> list[Person]:
        from graphql_schema.people.dataloaders import person_by_id

        found = await person_by_id(info).load_many(self.holder_pks)
        return [person for person in found if person is not None]


@strawberry.type
class KeyPersonRiskEdge(EdgeBase):
    node: KeyPersonRisk


@strawberry.type
class KeyPersonRiskConnection:
    edges: list[KeyPersonRiskEdge]
    page_info: PageInfo
    total_count: int
