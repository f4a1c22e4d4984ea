"""Role fit and skill matrices (PRODUCT.md §8)."""

from __future__ import annotations

import strawberry

from graphql_schema.credentials.types import Achievement
from graphql_schema.pagination import EdgeBase, PageInfo
from graphql_schema.people.types import Person
from graphql_schema.roles.types import Role
from graphql_schema.skills.types import Skill


@strawberry.type
class SkillGap:
    skill: Skill
    required: int
    held: int
    essential: bool


@strawberry.type
class RoleFit:
    person: Person
    role: Role
    score: float
    ready: bool
    gaps: list[SkillGap]
    recommendations: list[Achievement]


@strawberry.type
class RoleFitEdge(EdgeBase):
    node: RoleFit


@strawberry.type
class RoleFitConnection:
    edges: list[RoleFitEdge]
    page_info: PageInfo
    total_count: int
