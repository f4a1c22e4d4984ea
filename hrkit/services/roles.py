"""Roles and their skill requirements: create or replace a role by title, atomically.

A role is named by its title within a tenant. `upsert_role` validates every requirement first
and then brings the stored role to exactly the given state inside the caller's transaction:
unchanged requirements keep their rows, changed ones are updated in place, missing ones are
deleted, new ones are added. A failed validation writes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, selectinload

from hrkit.errors import ValidationError
from hrkit.store.repositories.skills import RoleRepository, SkillRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Role, RoleRequirement, Skill

MIN_LEVEL, MAX_LEVEL = 1, 5
MAX_TITLE = 400
# PRODUCT.md §8: an essential skill weighs 1.0 and an optional one 0.5 unless a weight is given.
ESSENTIAL_WEIGHT, OPTIONAL_WEIGHT = 1.0, 0.5


@dataclass(frozen=True)
class RequirementInput:
    """One requirement as a caller gives it: a skill by uri, a level 1 to 5, essential, weight."""

    skill_uri: str
    level: int
    essential: bool = True
    # None: 1.0 for an essential skill, 0.5 for an optional one.
    weight: float | None = None

    @property
    def effective_weight(self) -> float:
        if self.weight is not None:
            return self.weight
        return ESSENTIAL_WEIGHT if self.essential else OPTIONAL_WEIGHT


class RoleInputError(ValidationError):
    """A role input the domain refuses; `field` is the path of the offending value."""

    def __init__(self, message: str, *, code: str, field: tuple[str, ...]) -> None:
        super().__init__(message, code=code)
        self.field = field


def upsert_role(
    session: Session,
    scope: Scope,
    title: str,
    *,
    open: bool = True,
    description: str | None = None,
    requirements: Sequence[RequirementInput],
) -> Role:
    """Create the role `title` or replace its state; returns it with requirements and skills
    loaded.

    The title's runs of spaces collapse to one, and it names the role: upserting "Data  Analyst"
    updates "Data Analyst". Raises `RoleInputError` (a `ValidationError`) with code
    `INVALID_TITLE`, `INVALID_LEVEL`, `INVALID_WEIGHT`, `DUPLICATE_SKILL` or `UNKNOWN_SKILL`
    (the skill uri is not in the tenant's taxonomy) before anything is written.
    """
    name = _title(title)
    requirements = [replace(r, skill_uri=r.skill_uri.strip()) for r in requirements]
    skills = _resolve(session, scope, requirements)
    roles = RoleRepository(session, scope)
    stmt = (
        roles.select(Role.title == name)
        .options(selectinload(Role.requirements))
        .execution_options(populate_existing=True)
    )
    role = session.scalars(stmt).one_or_none()
    if role is None:
        role = roles.add(Role(title=name, requirements=[]))
    role.open = open
    role.description = description
    wanted = {skills[r.skill_uri].id: r for r in requirements}
    for stale in [r for r in role.requirements if r.skill_id not in wanted]:
        role.requirements.remove(stale)  # delete-orphan deletes the row
    held = {r.skill_id: r for r in role.requirements}
    for skill_id, given in wanted.items():
        row = held.get(skill_id)
        if row is None:
            row = RoleRequirement(tenant_id=scope.tenant_id, skill_id=skill_id)
            role.requirements.append(row)
        # Assigning an equal value is no change to SQLAlchemy: an unchanged row is not updated.
        row.level = given.level
        row.essential = given.essential
        row.weight = given.effective_weight
    session.flush()
    return _loaded(roles, role.id)


def _title(title: str) -> str:
    name = " ".join(title.split())
    if not name:
        raise RoleInputError("a role needs a title", code="INVALID_TITLE", field=("title",))
    if len(name) > MAX_TITLE:
        raise RoleInputError(
            f"a role title has at most {MAX_TITLE} characters",
            code="INVALID_TITLE",
            field=("title",),
        )
    return name


def _resolve(
    session: Session, scope: Scope, requirements: Sequence[RequirementInput]
) -> dict[str, Skill]:
    """Validate every requirement; the tenant's skills they name, by uri."""
    seen: set[str] = set()
    for index, requirement in enumerate(requirements):
        path = ("requirements", str(index))
        level = requirement.level
        # bool is an int in Python; True is not a level.
        if isinstance(level, bool) or not isinstance(level, int):
            raise RoleInputError(
                f"requirement {index + 1}: the level must be a whole number from "
                f"{MIN_LEVEL} to {MAX_LEVEL}",
                code="INVALID_LEVEL",
                field=(*path, "level"),
            )
        if not MIN_LEVEL <= level <= MAX_LEVEL:
            raise RoleInputError(
                f"requirement {index + 1}: level {level} is not from {MIN_LEVEL} to {MAX_LEVEL}",
                code="INVALID_LEVEL",
                field=(*path, "level"),
            )
        weight = requirement.effective_weight
        if not math.isfinite(weight) or weight <= 0:
            raise RoleInputError(
                f"requirement {index + 1}: the weight must be a number above 0 (got {weight})",
                code="INVALID_WEIGHT",
                field=(*path, "weight"),
            )
        if requirement.skill_uri in seen:
            raise RoleInputError(
                f"requirement {index + 1}: the skill {requirement.skill_uri} is required twice",
                code="DUPLICATE_SKILL",
                field=(*path, "skillUri"),
            )
        seen.add(requirement.skill_uri)
    rows = SkillRepository(session, scope).find(Skill.uri.in_(seen)) if seen else []
    found = {skill.uri: skill for skill in rows}
    for index, requirement in enumerate(requirements):
        if requirement.skill_uri not in found:
            raise RoleInputError(
                f"requirement {index + 1}: unknown skill {requirement.skill_uri} (import the "
                "taxonomy that defines it first: `hrkit skills import`)",
                code="UNKNOWN_SKILL",
                field=("requirements", str(index), "skillUri"),
            )
    return found


def _loaded(roles: RoleRepository, role_id: int) -> Role:
    stmt = (
        roles.select(Role.id == role_id)
        .options(selectinload(Role.requirements).selectinload(RoleRequirement.skill))
        .execution_options(populate_existing=True)
    )
    return roles.session.scalars(stmt).one()
