"""Skills, and the skills people and credentials have (with the evidence for each level)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graphql_schema.context import Info
from graphql_schema.ids import global_id
from graphql_schema.node import Node
from graphql_schema.pagination import EdgeBase, PageInfo
from hrkit.skills.evidence import Evidence
from hrkit.store.tables import Skill as SkillRow

if TYPE_CHECKING:
    from graphql_schema.credentials.types import Credential


@strawberry.type
class Skill(Node):
    uri: str
    name: str
    framework: str
    code: str | None
    broader: list[str]

    @classmethod
    def from_row(cls, row: SkillRow) -> Skill:
        return cls(
            id=strawberry.ID(global_id("Skill", row.id)),
            uri=row.uri,
            name=row.name,
            framework=row.framework,
            code=row.code,
            broader=list(row.broader or []),
        )


@strawberry.type
class SkillEvidence:
    level: int
    source: str = strawberry.field(description="`rule` (a mapping rule) or `alignment`")
    credential_pk: strawberry.Private[int]

    @strawberry.field
    async def credential(
        self, info: Info
    ) -> Annotated[Credential, strawberry.lazy("graphql_schema.credentials.types")] | None:
        from graphql_schema.credentials.dataloaders import credential_by_id

        return await credential_by_id(info).load(self.credential_pk)


@strawberry.type
class PersonSkill:
    skill: Skill
    level: int
    evidence: list[SkillEvidence]

    @classmethod
    def build(cls, skill: SkillRow, level: int, evidence: list[Evidence]) -> PersonSkill:
        return cls(
            skill=Skill.from_row(skill),
            level=level,
            evidence=[
                SkillEvidence(level=e.level, source=e.source, credential_pk=e.credential_id)
                for e in evidence
            ],
        )


@strawberry.type
class SkillEdge(EdgeBase):
    node: Skill


@strawberry.type
class SkillConnection:
    edges: list[SkillEdge]
    page_info: PageInfo
    total_count: int
