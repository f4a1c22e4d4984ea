"""The skills each exported credential gives (ExportRow.skills), as the skills engine sees them.

The same evidence as the skill matrix (hrkit.skills.evidence: the tenant's mapping rules and
the achievement's alignments, at the OB 3.0 result levels when given), computed once per
achievement and result levels, never per row. A tenant without skills or rules pays nothing:
the rows are streamed without the columns this needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrkit.skills.evidence import AchievementEvidence, AchievementSource
from hrkit.store.repositories.skills import SkillRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Achievement, Skill

Skills = tuple[Mapping[str, Any], ...]


class SkillLookup:
    """`of(achievement_id, result_levels)` → the skills, each `{framework, code, url, name,
    level}` (read-only), in skill id order."""

    def __init__(self, session: Session, scope: Scope) -> None:
        repo = SkillRepository(session, scope)
        self._session = session
        self._tenant_id = scope.tenant_id
        taxonomy = repo.taxonomy()
        self.enabled = not taxonomy.empty
        self._evidence = AchievementEvidence(taxonomy, self._source)
        self._skills: dict[int, Mapping[str, Any]] = {}
        if self.enabled:
            rows = session.execute(
                select(Skill.id, Skill.framework, Skill.code, Skill.uri, Skill.name).where(
                    Skill.tenant_id == scope.tenant_id
                )
            )
            self._skills = {
                skill_id: {"framework": framework, "code": code, "url": uri, "name": name}
                for skill_id, framework, code, uri, name in rows
            }
        self._seen: dict[tuple[int, str], Skills] = {}

    def of(self, achievement_id: int | None, result_levels: Any) -> Skills:
        key = AchievementEvidence.key(achievement_id, result_levels)
        if key is None:
            return ()
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = tuple(
                MappingProxyType({**self._skills[item.skill_id], "level": item.level})
                for item in self._evidence.of(achievement_id, result_levels)
                if item.skill_id in self._skills
            )
        return found

    def _source(self, achievement_id: int) -> AchievementSource | None:
        found = self._session.execute(
            select(Achievement.uri, Achievement.name, Achievement.alignments).where(
                Achievement.tenant_id == self._tenant_id, Achievement.id == achievement_id
            )
        ).first()
        return None if found is None else (found.uri, found.name, found.alignments or [])
