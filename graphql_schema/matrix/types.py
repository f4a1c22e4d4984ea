"""Skill matrices: people by skills, levels held against levels required (PRODUCT.md §8)."""

from __future__ import annotations

import strawberry

from graphql_schema.people.types import Person
from graphql_schema.skills.types import Skill


@strawberry.type
class SkillMatrix:
    people: list[Person]
    skills: list[Skill]
    levels: list[list[int]]
    required: list[int]
