"""skillMatrix per the roles table (hr_admin and hris all, recruiter candidates, manager their
team), typed errors, a statement count independent of the team's size, the managers picker,
and the page's .xlsx download behind the same checks."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hrkit.model.enums import CredentialFormat, PersonKind, VerificationStatus
from hrkit.model.ids import global_id
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.tables import Achievement, Credential, Person
from tests.graphql.conftest import Api, token
from tests.graphql.test_pagination_and_loaders import statements
from tests.skills.matrix_world import PY, ROLE, SQL, TEST, MatrixWorld, build_world

QUERY = """query($roleId: ID, $managerId: ID) {
  skillMatrix(roleId: $roleId, managerId: $managerId) {
    people { email name manager { email } }
    skills { uri name }
    levels required essential weights fit gapCounts kind
    role { title } manager { email }
  }
}"""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(db: Database) -> MatrixWorld:
    return build_world(db)


def person(world: MatrixWorld, email: str) -> str:
    return global_id("Person", world.people[email])


def role(world: MatrixWorld) -> str:
    return global_id("Role", world.role_id)


def matrix(api: Api, bearer: str, **variables: Any) -> dict[str, Any]:
    return api.data(QUERY, variables, bearer=bearer)["skillMatrix"]  # type: ignore[no-any-return]


def error_code(api: Api, bearer: str, **variables: Any) -> str:
    body = api.post(QUERY, variables, bearer=bearer).json()
    assert body["data"] is None, body
    [error] = body["errors"]
    return error["extensions"]["code"]  # type: ignore[no-any-return]


def short(result: dict[str, Any]) -> list[str]:
    return [p["email"].split("@")[0] for p in result["people"]]


@pytest.mark.parametrize("access", ["hr_admin", "hris"])
def test_hr_admin_and_hris_see_any_team_against_a_role(
    api: Api, world: MatrixWorld, access: str
) -> None:
    bearer = token("acme", access)
    result = matrix(api, bearer, roleId=role(world), managerId=person(world, "boss@acme.example"))
    # Now (after 2025-06-30) Eli's SQL credential has expired: python 1/3 alone.
    assert short(result) == ["dev1", "lead", "boss", "dev2"]
    assert [s["uri"] for s in result["skills"]] == [PY, SQL, TEST]
    assert result["levels"] == [[4, 2, 0], [0, 2, 3], [4, 0, 0], [1, 0, 0]]
    assert result["required"] == [3, 2, 2] and result["essential"] == [True, True, False]
    assert result["weights"] == [1.0, 1.0, 0.5]
    assert result["fit"] == pytest.approx([0.8, 0.6, 0.4, (1 / 3) / 2.5])
    assert result["gapCounts"] == [1, 1, 2, 3]
    assert result["role"] == {"title": ROLE} and result["kind"] == "EMPLOYEE"
    assert result["manager"] == {"email": "boss@acme.example"}
    assert result["people"][3]["manager"] == {"email": "lead@acme.example"}
    everyone = matrix(api, bearer, roleId=role(world))
    assert sorted(short(everyone)) == ["boss", "dev1", "dev2", "lead", "other"]
    team = matrix(api, bearer, managerId=person(world, "lead@acme.example"))
    assert team["fit"] is None and team["role"] is None and team["required"] == [0, 0, 0]
    assert [s["uri"] for s in team["skills"]] == [PY, SQL, TEST]  # 2, 2 and 1 holders


def test_a_recruiter_sees_candidates_and_no_team(api: Api, world: MatrixWorld) -> None:
    bearer = token("acme", "recruiter")
    result = matrix(api, bearer, roleId=role(world))
    assert short(result) == ["cand1", "cand2"] and result["kind"] == "CANDIDATE"
    assert result["levels"] == [[4, 2, 0], [1, 0, 0]]  # cand2's testing badge has expired
    boss = person(world, "boss@acme.example")
    assert error_code(api, bearer, roleId=role(world), managerId=boss) == "FORBIDDEN"
    admin = token("acme", "hr_admin")  # sees both kinds: a role alone means the employees
    assert sorted(short(matrix(api, admin, roleId=role(world)))) == [
        "boss",
        "dev1",
        "dev2",
        "lead",
        "other",
    ]


def test_a_manager_sees_their_team_only(api: Api, world: MatrixWorld) -> None:
    bearer = token("acme", "manager", sub="lead@acme.example")
    mine = matrix(api, bearer, roleId=role(world))
    assert short(mine) == ["dev1", "lead", "dev2"]
    assert mine["manager"] == {"email": "lead@acme.example"}
    assert short(matrix(api, bearer)) == ["dev1", "dev2", "lead"]  # by name, without a role
    for outside in ("boss@acme.example", "other@acme.example", "cand1@acme.example"):
        code = error_code(api, bearer, roleId=role(world), managerId=person(world, outside))
        assert code == "NOT_FOUND", outside
    director = token("acme", "manager", sub="boss@acme.example")
    sub_team = matrix(api, director, managerId=person(world, "lead@acme.example"))
    assert sorted(short(sub_team)) == ["dev1", "dev2", "lead"]


def test_errors_are_typed(api: Api, db: Database, world: MatrixWorld) -> None:
    bearer = token("acme", "hr_admin")
    assert error_code(api, bearer) == "BAD_INPUT"
    assert error_code(api, bearer, roleId="garbage") == "NOT_FOUND"
    assert error_code(api, bearer, roleId=person(world, "boss@acme.example")) == "NOT_FOUND"
    assert error_code(api, bearer, managerId=role(world)) == "NOT_FOUND"
    assert error_code(api, bearer, managerId=person(world, "cand1@acme.example")) == "NOT_FOUND"
    globex = build_world(db, tenant="globex")
    assert error_code(api, bearer, roleId=global_id("Role", globex.role_id)) == "NOT_FOUND"
    other_boss = global_id("Person", globex.people["boss@acme.example"])
    assert error_code(api, bearer, managerId=other_boss) == "NOT_FOUND"


def test_the_managers_picker_follows_visibility(api: Api, world: MatrixWorld) -> None:
    query = "{ skillMatrixManagers { email } }"
    for bearer, expected in (
        (token("acme", "hr_admin"), ["boss@acme.example", "lead@acme.example"]),
        (token("acme", "manager", sub="lead@acme.example"), ["lead@acme.example"]),
        (token("acme", "recruiter"), []),
    ):
        found = api.data(query, bearer=bearer)["skillMatrixManagers"]
        assert [p["email"] for p in found] == expected


def add_reports(db: Database, manager: str, count: int) -> None:
    """`count` more employees under `manager`, each holding Python Pro and SQL Basics."""
    with db.transaction() as session:
        scope = TenantRepository(session).scope("acme")
        repos = Repositories(session, scope)
        boss = repos.people.by_email(manager)
        assert boss is not None
        badges = session.scalars(
            select(Achievement).where(Achievement.name.in_(["Python Pro", "SQL Basics"]))
        ).all()
        people = [
            Person(
                tenant_id=scope.tenant_id,
                kind=PersonKind.EMPLOYEE,
                name=f"Report {manager[:4]} {n:03d}",
                email=f"r{n:03d}.{manager}",
                manager_id=boss.id,
            )
            for n in range(count)
        ]
        session.add_all(people)
        session.flush()
        session.add_all(
            Credential(
                tenant_id=scope.tenant_id,
                holder_id=p.id,
                achievement_id=badge.id,
                raw=f"{p.email} {badge.name}",
                raw_sha256=hashlib.sha256(f"{p.email} {badge.name}".encode()).hexdigest(),
                status=VerificationStatus.VERIFIED,
                change_seq=1000 + p.id,
                format=CredentialFormat.VC_JWT,
            )
            for p in people
            for badge in badges
        )


def test_the_statement_count_does_not_grow_with_the_team(
    api: Api, db: Database, world: MatrixWorld
) -> None:
    add_reports(db, "dev1@acme.example", 2)
    add_reports(db, "other@acme.example", 80)
    bearer = token("acme", "hr_admin")
    matrix(api, bearer, roleId=role(world))  # warm-up: the tenant lookup is cached after
    counts = {}
    for manager, size in (("dev1@acme.example", 3), ("other@acme.example", 81)):
        with statements(db) as seen:
            result = matrix(api, bearer, roleId=role(world), managerId=person(world, manager))
        assert len(result["people"]) == size
        assert all(levels[:2] == [4, 2] for levels in result["levels"][: size - 1])
        counts[size] = len(seen)
    assert counts[3] == counts[81], counts
    assert counts[81] <= 12, counts


def test_the_download_is_the_same_matrix_behind_the_same_checks(
    api: Api, world: MatrixWorld
) -> None:
    url = "/ui/matrix/export.xlsx"
    params = {"roleId": role(world), "managerId": person(world, "lead@acme.example")}
    admin = {"Authorization": f"Bearer {token('acme', 'hr_admin')}"}
    response = api.client.get(url, params=params, headers=admin)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert response.headers["cache-control"] == "no-store"
    assert (
        'filename="skill-matrix-backend-engineer-lee-lead.xlsx"'
        in (response.headers["content-disposition"])
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Team Lee Lead", "Gaps", "Legend"]
    names = [row[0] for row in book["Team Lee Lead"].iter_rows(min_row=5, values_only=True)]
    assert names == ["Dana Dev", "Lee Lead", "Eli Dev"]

    def status(headers: dict[str, str], **query: str) -> tuple[int, str | None]:
        answer = api.client.get(url, params=query, headers=headers)
        errors = answer.json().get("errors") or [{}]
        return answer.status_code, errors[0].get("extensions", {}).get("code")

    lead = {"Authorization": f"Bearer {token('acme', 'manager', sub='lead@acme.example')}"}
    recruiter = {"Authorization": f"Bearer {token('acme', 'recruiter')}"}
    boss = person(world, "boss@acme.example")
    assert status({}, **params)[0] == 401
    assert status({"Accept": "text/html"}, **params)[0] == 401
    assert status({"Authorization": "Bearer nonsense"}, **params)[0] == 401
    assert status(lead, roleId=role(world), managerId=boss) == (404, "NOT_FOUND")
    assert status(recruiter, roleId=role(world), managerId=boss) == (403, "FORBIDDEN")
    assert status(admin) == (400, "BAD_INPUT")
    assert status(admin, roleId="garbage") == (404, "NOT_FOUND")
    mine = api.client.get(url, params={"roleId": role(world)}, headers=lead)
    assert mine.status_code == 200
    assert load_workbook(io.BytesIO(mine.content)).sheetnames[0] == "Team Lee Lead"
