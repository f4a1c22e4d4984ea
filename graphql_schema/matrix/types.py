"""Skill matrices: people by skills, levels held against levels required (PRODUCT.md §8)."""

from __future__ import annotations

import strawberry

from graphql_schema.enums import PersonKind
from graphql_schema.people.types import Person
from graphql_schema.roles.types import Role
from graphql_schema.skills.types import Skill


@strawberry.type(
    description=(
        "People (rows) by skills (columns). Against a role: the role's skills, essential first, "
        "then by weight and uri, with the levels required; people by fit, highest first. For a "
        "team without a role: the skills the team holds, most holders first; nothing required."
    )
)
class SkillMatrix:
    people: list[Person]
    skills: list[Skill]
    levels: list[list[int]] = strawberry.field(
        description="levels[i][j]: person i's level of skill j (0 to 5; 0 when not evidenced)."
    )
    required: list[int] = strawberry.field(
        description="The required level of each skill (0: none)."
    )
    essential: list[bool] = strawberry.field(description="Whether each skill is essential.")
    weights: list[float] = strawberry.field(description="Each skill's weight in the fit.")
    fit: list[float] | None = strawberry.field(
        description="Each person's fit Σ w·min(L,Q)/Q ÷ Σ w in `people` order; null without role."
    )
    gap_counts: list[int] = strawberry.field(
        description="How many skills each person holds below the required level."
    )
    role: Role | None
    manager: Person | None = strawberry.field(description="Whose team this is, when it is one.")
    kind: PersonKind
