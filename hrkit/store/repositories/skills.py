"""Skills, mapping rules and roles of a tenant."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, or_, select, update
from sqlalchemy.orm import selectinload

from hrkit.skills.evidence import Rule, Taxonomy
from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.tables import Role, RoleRequirement, Skill, SkillMapping

# What a taxonomy import may set on a skill besides its uri.
IMPORTED_FIELDS = (
    "name",
    "framework",
    "code",
    "skill_type",
    "description",
    "alt_labels",
    "broader",
)


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

    def taxonomy(self) -> Taxonomy:
        """The rules and skill keys evidence is matched against (two statements)."""
        return Taxonomy(self.rules(), self.ids_by_key())

    def search(self, text: str) -> object:
        pattern = f"%{text.lower()}%"
        return or_(Skill.name.ilike(pattern), Skill.uri.ilike(pattern))

    # Bulk reads go in slices: SQLite and PostgreSQL both take this many bound values at ease.
    CHUNK = 1000

    def importable_by_uri(self, uris: Collection[str]) -> dict[str, dict[str, Any]]:
        """uri → the id and the fields a taxonomy import sets, for those of `uris` stored."""
        columns = [Skill.id, Skill.uri, *(getattr(Skill, name) for name in IMPORTED_FIELDS)]
        found: dict[str, dict[str, Any]] = {}
        for part in _chunks(uris, self.CHUNK):
            stmt = select(*columns).where(*self.scope_filter(), Skill.uri.in_(part))
            for row in self.session.execute(stmt):
                found[row.uri] = row._asdict()
        return found

    def ids_by_uri(self, uris: Collection[str]) -> dict[str, int]:
        """uri → id, for those of `uris` the tenant has."""
        found: dict[str, int] = {}
        for part in _chunks(uris, self.CHUNK):
            stmt = select(Skill.uri, Skill.id).where(*self.scope_filter(), Skill.uri.in_(part))
            found.update((uri, skill_id) for uri, skill_id in self.session.execute(stmt))
        return found

    def insert_many(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert skills given as column values, in the scope's tenant (one executemany)."""
        if rows:
            tenant = self.scope.tenant_id
            # render_nulls: one batch, instead of one per pattern of empty columns.
            stmt = insert(Skill).execution_options(render_nulls=True)
            self.session.execute(stmt, [{**row, "tenant_id": tenant} for row in rows])

    def update_many(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Set the given columns of skills by `id`, only within the scope's tenant."""
        table = cast("Table", Skill.__table__)
        stmt = update(table).where(
            table.c.id == bindparam("_id"), table.c.tenant_id == self.scope.tenant_id
        )
        by_columns: dict[frozenset[str], list[dict[str, Any]]] = {}
        for row in rows:
            values = {k: v for k, v in row.items() if k != "id"}
            by_columns.setdefault(frozenset(values), []).append({"_id": row["id"], **values})
        # executemany needs the same columns in every row: one statement per set of columns.
        for batch in by_columns.values():
            self.session.execute(stmt, batch)


class RoleRepository(ScopedRepository[Role]):
    model = Role

    def by_title(self, title: str) -> Role | None:
        return self.session.scalars(self.select(Role.title == title)).one_or_none()

    def with_requirements(self, ids: list[int]) -> dict[int, Role]:
        stmt = self.select(Role.id.in_(ids)).options(
            selectinload(Role.requirements).selectinload(RoleRequirement.skill)
        )
        return {role.id: role for role in self.session.scalars(stmt)}

    def by_titles(self, titles: Collection[str]) -> dict[str, Role]:
        """title → role, with requirements and their skills loaded, for those stored."""
        found: dict[str, Role] = {}
        for part in _chunks(titles, SkillRepository.CHUNK):
            stmt = self.select(Role.title.in_(part)).options(
                selectinload(Role.requirements).selectinload(RoleRequirement.skill)
            )
            found.update((role.title, role) for role in self.session.scalars(stmt))
        return found


class SkillMappingRepository(ScopedRepository[SkillMapping]):
    model = SkillMapping

    def by_achievements(self, achievements: Collection[str]) -> dict[tuple[str, int], SkillMapping]:
        """(achievement, skill id) → rule, for the rules naming any of `achievements`."""
        found: dict[tuple[str, int], SkillMapping] = {}
        for part in _chunks(achievements, SkillRepository.CHUNK):
            for rule in self.session.scalars(self.select(SkillMapping.achievement.in_(part))):
                found[(rule.achievement, rule.skill_id)] = rule
        return found


def _chunks(values: Collection[str], size: int) -> Iterator[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]
