"""skill_matrix: teams are transitive, roles pick employees or candidates, only credentials
verified now count, and each caller sees the matrix their role allows — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hrkit.auth.principal import Principal
from hrkit.errors import NotFoundError, PermissionDeniedError
from hrkit.model.access import AccessRole
from hrkit.model.enums import PersonKind
from hrkit.services import matrix as service
from hrkit.services.matrix import MatrixInputError, skill_matrix
from hrkit.skills.matrix import Matrix
from hrkit.store.database import Database
from hrkit.store.repositories import TenantRepository
from tests.skills.matrix_world import LATER, NOW, PY, ROLE, SQL, TEST, MatrixWorld, build_world

Build = Callable[..., Matrix]


@pytest.fixture
def world(db: Database) -> MatrixWorld:
    return build_world(db)


@pytest.fixture
def build(db: Database, world: MatrixWorld) -> Build:
    """skill_matrix in the world's tenant, as the system or as a caller with `roles`/`sub`."""

    def run(*roles: AccessRole, sub: str = "someone@acme.example", **kwargs: Any) -> Matrix:
        kwargs.setdefault("now", NOW)
        with db.session() as session:
            scope = TenantRepository(session).scope(world.tenant)
            if roles:
                scope = scope.as_principal(Principal(sub, world.tenant, frozenset(roles)))
            return skill_matrix(session, scope, **kwargs).matrix

    return run


def emails(matrix: Matrix) -> list[str]:
    return [p.email.split("@")[0] for p in matrix.people]


def test_a_team_is_the_manager_and_everyone_below_them(build: Build) -> None:
    matrix = build(manager_email="boss@acme.example", role_title=ROLE)
    # Fit with Σw = 2.5: dev1 (1 + 1)/2.5, lead (1 + 0.5)/2.5, dev2 (1/3 + 1)/2.5, boss 1/2.5.
    assert emails(matrix) == ["dev1", "lead", "dev2", "boss"]
    assert matrix.fit is not None
    assert matrix.fit.tolist() == pytest.approx([0.8, 0.6, (1 / 3 + 1) / 2.5, 0.4])
    assert [s.uri for s in matrix.skills] == [PY, SQL, TEST]  # essential (by uri), then optional
    assert matrix.required.tolist() == [3, 2, 2]
    assert matrix.levels.tolist() == [[4, 2, 0], [0, 2, 3], [1, 2, 0], [4, 0, 0]]
    assert matrix.manager is not None and matrix.manager.email == "boss@acme.example"
    assert matrix.role == ROLE and matrix.kind == "employee"
    lower = build(manager_email="LEAD@acme.example", role_title=ROLE)
    assert emails(lower) == ["dev1", "lead", "dev2"]


def test_a_team_without_a_role_shows_the_skills_it_holds(build: Build) -> None:
    matrix = build(manager_email="boss@acme.example")
    # python and sql are held by three each (then by uri), testing by one; the revoked
    # Java credential gives nothing.
    assert [s.uri for s in matrix.skills] == [PY, SQL, TEST]
    assert [p.name for p in matrix.people] == ["Bea Boss", "Dana Dev", "Eli Dev", "Lee Lead"]
    assert matrix.levels.tolist() == [[4, 0, 0], [4, 2, 0], [1, 2, 0], [0, 2, 3]]
    assert matrix.fit is None and matrix.required.tolist() == [0, 0, 0]


def test_a_role_alone_covers_every_employee_or_every_candidate(build: Build) -> None:
    everyone = build(role_title="  Backend   Engineer ")
    assert sorted(emails(everyone)) == ["boss", "dev1", "dev2", "lead", "other"]
    assert everyone.manager is None and everyone.kind == "employee"
    candidates = build(role_title=ROLE, kind=PersonKind.CANDIDATE)
    assert emails(candidates) == ["cand1", "cand2"]
    # cand2's testing credential is expired: python 1/3 alone.
    assert candidates.fit is not None
    assert candidates.fit.tolist() == pytest.approx([0.8, (1 / 3) / 2.5])
    assert candidates.levels.tolist() == [[4, 2, 0], [1, 0, 0]]


def test_a_recruiter_sees_the_candidates_and_no_team(build: Build) -> None:
    matrix = build(AccessRole.RECRUITER, role_title=ROLE)
    assert emails(matrix) == ["cand1", "cand2"] and matrix.kind == "candidate"
    with pytest.raises(PermissionDeniedError):
        build(AccessRole.RECRUITER, role_title=ROLE, manager_email="boss@acme.example")
    assert emails(build(AccessRole.HR_ADMIN, role_title=ROLE, kind=PersonKind.CANDIDATE)) == [
        "cand1",
        "cand2",
    ]


def test_credentials_that_expire_stop_counting(build: Build) -> None:
    now = build(manager_email="lead@acme.example", role_title=ROLE)
    later = build(manager_email="lead@acme.example", role_title=ROLE, now=LATER)
    dev2 = [p.email for p in now.people].index("dev2@acme.example")
    assert now.levels[dev2].tolist() == [1, 2, 0]
    dev2_later = [p.email for p in later.people].index("dev2@acme.example")
    assert later.levels[dev2_later].tolist() == [1, 0, 0]
    assert later.fit is not None and later.fit[dev2_later] == pytest.approx((1 / 3) / 2.5)
    assert (now.gap_counts[dev2], later.gap_counts[dev2_later]) == (2, 3)


def test_a_manager_sees_their_own_team_by_default_and_nothing_outside_it(
    build: Build, world: MatrixWorld
) -> None:
    mine = build(AccessRole.MANAGER, sub="lead@acme.example", role_title=ROLE)
    assert emails(mine) == ["dev1", "lead", "dev2"]
    assert mine.manager is not None and mine.manager.email == "lead@acme.example"
    sub_team = build(
        AccessRole.MANAGER, sub="boss@acme.example", manager_id=world.people["lead@acme.example"]
    )
    assert sorted(emails(sub_team)) == ["dev1", "dev2", "lead"]
    for outside in ("boss@acme.example", "other@acme.example", "cand1@acme.example"):
        with pytest.raises(NotFoundError):
            build(AccessRole.MANAGER, sub="lead@acme.example", manager_id=world.people[outside])
    with pytest.raises(NotFoundError):
        build(AccessRole.MANAGER, sub="lead@acme.example", manager_email="boss@acme.example")


def test_hris_and_hr_admin_see_every_team(build: Build, world: MatrixWorld) -> None:
    for role in (AccessRole.HR_ADMIN, AccessRole.HRIS):
        matrix = build(role, role_id=world.role_id, manager_id=world.people["boss@acme.example"])
        assert emails(matrix) == ["dev1", "lead", "dev2", "boss"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, MatrixInputError),
        ({"role_title": "Nobody"}, NotFoundError),
        ({"role_id": 987654}, NotFoundError),
        ({"manager_email": "ghost@acme.example"}, NotFoundError),
        ({"manager_email": "cand1@acme.example"}, NotFoundError),  # a candidate has no team
        ({"manager_email": "boss@acme.example", "kind": PersonKind.CANDIDATE}, MatrixInputError),
    ],
)
def test_what_cannot_make_a_matrix_is_refused(
    build: Build, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        build(**kwargs)


def test_another_tenants_role_and_manager_read_as_missing(
    db: Database, build: Build, world: MatrixWorld
) -> None:
    other = build_world(db, tenant="globex")
    with pytest.raises(NotFoundError):
        build(role_id=other.role_id)
    with pytest.raises(NotFoundError):
        build(manager_id=other.people["boss@acme.example"])


def test_a_whole_company_above_the_cap_is_refused(
    build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "MAX_PEOPLE", 4)
    with pytest.raises(MatrixInputError, match="more than 4"):
        build(role_title=ROLE)
    assert len(build(role_title=ROLE, manager_email="boss@acme.example").people) == 4
    monkeypatch.setattr(service, "MAX_PEOPLE", 3)
    with pytest.raises(MatrixInputError, match="more than 3 people: narrow it"):
        build(manager_email="boss@acme.example")
