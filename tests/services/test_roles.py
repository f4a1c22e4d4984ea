"""Roles: `upsert_role` creates or updates a role and replaces its requirements in place."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hrkit.demo.catalog import DEVOPS, PYTHON, STATISTICS
from hrkit.demo.catalog import ESCO as ESCO_SKILL
from hrkit.errors import ValidationError
from hrkit.services.demo import DemoSummary
from hrkit.services.roles import RequirementInput, RoleInputError, upsert_role
from hrkit.store.database import Database
from hrkit.store.repositories import TenantRepository
from hrkit.store.tables import Role, RoleRequirement, Skill
from tests.helpers import snapshot


@pytest.fixture
def taxonomy(db: Database) -> str:
    """A tenant that knows two skills (and no demo)."""
    with db.transaction() as session:
        tenant = TenantRepository(session).create("acme")
        session.add_all(
            Skill(tenant_id=tenant.id, uri=uri, name=name, framework="esco")
            for uri, name in ((PYTHON, "Python"), (STATISTICS, "statistics"))
        )
    return "acme"


def test_upsert_role_replaces_requirements_in_place(db: Database, seeded: DemoSummary) -> None:
    def requirements() -> dict[str, tuple[int, int, bool, float]]:
        with db.session() as session:
            role = session.scalars(
                select(Role)
                .where(Role.title == "Data Analyst")
                .options(selectinload(Role.requirements).selectinload(RoleRequirement.skill))
            ).one()
            return {r.skill.uri: (r.id, r.level, r.essential, r.weight) for r in role.requirements}

    before = requirements()
    with db.transaction() as session:
        scope = TenantRepository(session).scope("demo")
        role = upsert_role(
            session,
            scope,
            "  Data   Analyst ",  # the same title, written loosely
            open=False,
            description="Paused.",
            requirements=[
                RequirementInput(STATISTICS, 4),  # kept, level changed
                RequirementInput(DEVOPS, 1, essential=False),  # new, default weight
            ],
        )
        assert (role.title, role.open, role.description) == ("Data Analyst", False, "Paused.")
        assert {r.skill.uri for r in role.requirements} == {STATISTICS, DEVOPS}
    after = requirements()
    assert after.keys() == {STATISTICS, DEVOPS}
    assert after[STATISTICS] == (before[STATISTICS][0], 4, True, 1.0)  # updated in its row
    assert after[DEVOPS][1:] == (1, False, 0.5)


@pytest.mark.parametrize(
    ("requirement", "code", "field"),
    [
        (RequirementInput(PYTHON, 0), "INVALID_LEVEL", ("requirements", "1", "level")),
        (RequirementInput(PYTHON, 6), "INVALID_LEVEL", ("requirements", "1", "level")),
        (RequirementInput(PYTHON, 3, weight=0), "INVALID_WEIGHT", ("requirements", "1", "weight")),
        (
            RequirementInput(PYTHON, 3, weight=float("nan")),
            "INVALID_WEIGHT",
            ("requirements", "1", "weight"),
        ),
        (
            RequirementInput(STATISTICS, 2),
            "DUPLICATE_SKILL",
            ("requirements", "1", "skillUri"),
        ),
        (
            RequirementInput(ESCO_SKILL + "no-such-skill", 3),
            "UNKNOWN_SKILL",
            ("requirements", "1", "skillUri"),
        ),
    ],
)
def test_upsert_role_refuses_bad_requirements_and_writes_nothing(
    db: Database,
    taxonomy: str,
    requirement: RequirementInput,
    code: str,
    field: tuple[str, ...],
) -> None:
    before = snapshot(db)
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        scope = TenantRepository(session).scope(taxonomy)
        upsert_role(
            session,
            scope,
            "Analytics Lead",
            requirements=[RequirementInput(STATISTICS, 3), requirement],
        )
    assert isinstance(caught.value, RoleInputError)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert "requirement 2" in str(caught.value)
    assert snapshot(db) == before


def test_upsert_role_needs_a_title(db: Database, taxonomy: str) -> None:
    with pytest.raises(ValidationError, match="title") as caught, db.transaction() as session:
        upsert_role(session, TenantRepository(session).scope(taxonomy), "  ", requirements=[])
    assert caught.value.code == "INVALID_TITLE"
