"""Roles and their skill requirements."""

from __future__ import annotations

import strawberry

from graphql_schema.ids import global_id
from graphql_schema.node import Node
from graphql_schema.pagination import EdgeBase, PageInfo
from graphql_schema.skills.types import Skill
from hrkit.store.tables import Role as RoleRow


@strawberry.type
class RoleRequirement:
    skill: Skill
    level: int
    essential: bool
    weight: float


@strawberry.type
class Role(Node):
    title: str
    open: bool
    description: str | None
    requirements: list[RoleRequirement]

    @classmethod
    def from_row(cls, row: RoleRow) -> Role:
        return cls(
            id=strawberry.ID(global_id("Role", row.id)),
            title=row.title,
            open=row.open,
            description=row.description,
            requirements=[
                RoleRequirement(
                    skill=Skill.from_row(r.skill),
                    level=r.level,
                    essential=r.essential,
                    weight=r.weight,
                )
                for r in sorted(row.requirements, key=lambda r: (not r.essential, -r.weight, r.id))
            ],
        )


@strawberry.type
class RoleEdge(EdgeBase):
    node: Role


@strawberry.type
class RoleConnection:
    edges: list[RoleEdge]
    page_info: PageInfo
    total_count: int
