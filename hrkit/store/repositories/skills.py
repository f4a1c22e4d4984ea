"""Skills, mapping rules and roles of a tenant."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from hrkit.skills.evidence import Rule
from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.tables import Role, RoleRequirement, Skill, SkillMapping


class SkillRepository(ScopedRepository[Skill]):
    model = Skill

    def by_uri(self, uri: str) -> Skill | None:
        return self.session.scalars(self.select(Skill.uri == uri)).one_or_none()

    def ids_by_key(self) -> dict[str, int]:
        """skill uri (and code, when a skill has one) → id: what alignments can name."""
        rows = self.session.execute(
            select(Skill.id, Skill.uri, Skill.code).where(Skill.tenant_id == self.scope.tenant_id)
        )
        found: dict[str, int] = {}
        for skill_id, uri, code in rows:
            found[uri] = skill_id
            if code:
                found.setdefault(code, skill_id)
        return found

    def rules(self) -> list[Rule]:
        rows = self.session.execute(
            select(SkillMapping.achievement, SkillMapping.skill_id, SkillMapping.level).where(
                SkillMapping.tenant_id == self.scope.tenant_id
            )
        )
        return [Rule(achievement, skill_id, level) for achievement, skill_id, level in rows]

    def search(self, text: str) -> object:
        pattern = f"%{text.lower()}%"
        return or_(Skill.name.ilike(pattern), Skill.uri.ilike(pattern))


class RoleRepository(ScopedRepository[Role]):
    model = Role

    def by_title(self, title: str) -> Role | None:
        return self.session.scalars(self.select(Role.title == title)).one_or_none()

    def with_requirements(self, ids: list[int]) -> dict[int, Role]:
        stmt = self.select(Role.id.in_(ids)).options(
            selectinload(Role.requirements).selectinload(RoleRequirement.skill)
        )
        return {role.id: role for role in self.session.scalars(stmt)}
