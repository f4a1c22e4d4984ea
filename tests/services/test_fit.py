"""role_fit and role_risks through the services: who each role sees, windows of the ranking,
recommendations from the known achievements, and refusals — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.orm import Session

from hrkit.auth.principal import Principal
from hrkit.model.access import AccessRole
from hrkit.model.enums import PersonKind
from hrkit.services.fit import EmptyRoleError, RoleNotFoundError, role_fit
from hrkit.services.key_person_risk import role_risks
from hrkit.services.roles import RequirementInput, upsert_role
from hrkit.services.trust import trust_issuer
from hrkit.store.database import Database
from hrkit.store.repositories import TenantRepository
from hrkit.store.scope import Scope
from tests.skills.fit_world import SKILL, Company, build_company, expected_fit

EMPLOYEES = {f"e{n:03d}@acme.example" for n in range(8)}
CANDIDATES = {f"c{n:03d}@mail.example" for n in range(4)}
TEAM = {"e001@acme.example"} | {f"e{n:03d}@acme.example" for n in range(4, 8)}


@pytest.fixture
def company(db: Database) -> Company:
    return build_company(db)


@contextmanager
def scoped(
    db: Database, role: str | None = None, sub: str = "x@acme.example"
) -> Iterator[tuple[Session, Scope]]:
    with db.session() as session:
        scope = TenantRepository(session).scope("acme")
        if role is not None:
            scope = scope.as_principal(Principal(sub, "acme", frozenset({AccessRole(role)})))
        yield session, scope


@pytest.mark.parametrize(
    ("role", "sub", "visible"),
    [
        (None, "", EMPLOYEES | CANDIDATES),  # the CLI: the whole tenant
        ("hr_admin", "hr@acme.example", EMPLOYEES | CANDIDATES),
        ("recruiter", "rec@acme.example", CANDIDATES),
        ("manager", "e001@acme.example", TEAM),
        ("hris", "hris@acme.example", EMPLOYEES),
    ],
)
def test_each_role_ranks_the_people_it_may_see(
    db: Database, company: Company, role: str | None, sub: str, visible: set[str]
) -> None:
    with scoped(db, role, sub) as (session, scope):
        result = role_fit(session, scope, role_title="Engineer")
    assert {row.email for row in result.rows} == visible and result.total == len(visible)
    for row in result.rows:
        expected = expected_fit(company.holdings[row.email])
        assert (row.score, row.ready) == expected[:2]
        assert [(g.skill_uri, g.required, g.held, g.essential) for g in row.gaps] == expected[2]
    order = [(-row.score, row.email) for row in result.rows]
    assert order == sorted(order)


def test_kind_top_and_after_are_windows_of_one_ranking(db: Database, company: Company) -> None:
    with scoped(db) as (session, scope):
        everyone = role_fit(session, scope, role_title="  Engineer ", kind=None)
        employees = role_fit(session, scope, role_title="Engineer", kind=PersonKind.EMPLOYEE)
        assert [r.email for r in employees.rows] == [
            r.email for r in everyone.rows if r.kind is PersonKind.EMPLOYEE
        ]
        pages, after = [], None
        while True:
            page = role_fit(session, scope, role_title="Engineer", top=5, after=after)
            pages.extend(page.rows)
            assert page.total == 12 and len(page.rows) <= 5
            if not page.has_more:
                break
            after = page.rows[-1].key
    assert pages == everyone.rows and not everyone.has_more


def test_unknown_and_empty_roles_are_refused(db: Database, company: Company) -> None:
    with scoped(db) as (session, scope):
        with pytest.raises(RoleNotFoundError, match="no role 'Astronaut'"):
            role_fit(session, scope, role_title="Astronaut")
        with pytest.raises(RoleNotFoundError):
            role_fit(session, scope, role_id=company.role_id + 1000)
        upsert_role(session, scope, "Greeter", requirements=[])
        with pytest.raises(EmptyRoleError, match="no skill requirements"):
            role_fit(session, scope, role_title="Greeter")


def test_recommendations_close_the_essential_gaps_for_returned_rows_only(
    db: Database, company: Company
) -> None:
    a = company.achievements
    with scoped(db) as (session, scope):
        result = role_fit(session, scope, role_title="Engineer", recommend=True)
    by_email = {row.email: row for row in result.rows}
    # e005 holds nothing: s1 at 4 needs Gamma (rule: 5), s2 at 3 needs Beta (Epsilon gives 1).
    assert by_email["e005@acme.example"].cover.achievement_ids == (a["a2"], a["a3"])
    # e000 holds Alpha (s1 at 3 < 4): still Gamma and Beta.
    assert by_email["e000@acme.example"].cover.achievement_ids == (a["a2"], a["a3"])
    # e004 is ready: nothing to recommend.
    assert by_email["e004@acme.example"].ready
    assert by_email["e004@acme.example"].cover.achievement_ids == ()
    assert all(row.cover.uncoverable == () for row in result.rows)
    with scoped(db) as (session, scope):
        plain = role_fit(session, scope, role_title="Engineer", top=3)
    assert [row.cover for row in plain.rows] == [None, None, None]


def test_only_achievements_of_trusted_issuers_are_recommended_once_trust_is_kept(
    db: Database, company: Company
) -> None:
    with db.transaction() as session:
        trust_issuer(session, TenantRepository(session).scope("acme"), "did:web:other.example", "O")
    with scoped(db) as (session, scope):
        result = role_fit(session, scope, role_title="Engineer", recommend=True, top=20)
    nothing = next(row for row in result.rows if row.email == "e005@acme.example")
    assert nothing.cover.achievement_ids == ()
    assert set(nothing.cover.uncoverable) == {company.skills["s1"], company.skills["s2"]}


def test_key_person_risks_of_open_roles_over_the_employees_in_view(
    db: Database, company: Company
) -> None:
    with db.transaction() as session:
        scope = TenantRepository(session).scope("acme")
        upsert_role(session, scope, "Closed", open=False,
                    requirements=[RequirementInput(SKILL["s4"], 5)])  # fmt: skip
    with scoped(db) as (session, scope):
        company_wide = [(r.role.title, r.requirement.skill.uri, r.holders)
                        for r in role_risks(session, scope)]  # fmt: skip
    # s1 at 4: e002 and e004 (two: no risk); s4 at 5: nobody. Candidates never count.
    assert company_wide == [("Engineer", SKILL["s4"], ())]
    with scoped(db, "manager", "e001@acme.example") as (session, scope):
        team = [(r.requirement.skill.uri, r.holders) for r in role_risks(session, scope)]
    assert team == [(SKILL["s1"], (company.people["e004@acme.example"],)), (SKILL["s4"], ())]
    with scoped(db) as (session, scope):
        assert role_risks(session, scope, role_id=company.role_id + 1000) == []
