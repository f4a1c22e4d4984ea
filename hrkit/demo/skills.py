"""The demo's ESCO skills (shipped as `hrkit/data/esco_demo_skills.csv`) and level rules."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlalchemy.orm import Session

from hrkit.demo.catalog import ACHIEVEMENTS, ALIGNMENT_LEVEL
from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.repositories.skills import SkillRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Skill, SkillMapping

FRAMEWORK = "esco"
SKILLS_FILE = "esco_demo_skills.csv"


@dataclass(frozen=True)
class DemoSkill:
    uri: str
    label: str
    skill_type: str | None
    broader: tuple[str, ...]


class _Mappings(ScopedRepository[SkillMapping]):
    model = SkillMapping


@cache
def demo_skills() -> tuple[DemoSkill, ...]:
    """The skills of the packaged CSV (ESCO's own columns; broader URIs joined with " | ")."""
    text = resources.files("hrkit").joinpath("data", SKILLS_FILE).read_text(encoding="utf-8")
    return tuple(
        DemoSkill(
            uri=row["conceptUri"],
            label=row["preferredLabel"],
            skill_type=row["skillType"] or None,
            broader=tuple(u.strip() for u in row["broaderConceptUri"].split("|") if u.strip()),
        )
        for row in csv.DictReader(io.StringIO(text))
    )


def ensure_skills(session: Session, scope: Scope) -> dict[str, Skill]:
    """Insert missing demo skills and restore the shipped values on existing ones; by uri."""
    repository = SkillRepository(session, scope)
    wanted = demo_skills()
    existing = {s.uri: s for s in repository.find(Skill.uri.in_([w.uri for w in wanted]))}
    for skill in wanted:
        row = existing.get(skill.uri)
        if row is None:
            row = repository.add(Skill(uri=skill.uri, name=skill.label, framework=FRAMEWORK))
            existing[skill.uri] = row
        row.name = skill.label
        row.framework = FRAMEWORK
        row.skill_type = skill.skill_type
        row.broader = list(skill.broader)
    session.flush()
    return existing


def ensure_level_rules(session: Session, scope: Scope, skills: dict[str, Skill]) -> int:
    """SkillMapping rules for the skills an achievement teaches at a level other than an
    alignment's 3; returns how many rules the demo has."""
    repository = _Mappings(session, scope)
    wanted = {
        (achievement.uri, skills[uri].id): level
        for achievement in ACHIEVEMENTS.values()
        for uri, level in achievement.skills
        if level != ALIGNMENT_LEVEL
    }
    achievements = sorted({uri for uri, _skill in wanted})
    existing = {
        (rule.achievement, rule.skill_id): rule
        for rule in repository.find(SkillMapping.achievement.in_(achievements))
    }
    for (achievement, skill_id), level in wanted.items():
        rule = existing.get((achievement, skill_id))
        if rule is None:
            rule = repository.add(SkillMapping(achievement=achievement, skill_id=skill_id))
        rule.level = level
    session.flush()
    return len(wanted)
