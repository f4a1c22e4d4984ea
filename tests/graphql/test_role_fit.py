"""roleFit and keyPersonRisks over HTTP: the role table, Relay pagination over a computed
ranking, recommendations, the cost and `first` limits, and a statement count that does not grow
with the page size."""

from __future__ import annotations

from typing import Any

import pytest

from hrkit.model.ids import global_id
from hrkit.store.database import Database
from tests.graphql.conftest import Api, token
from tests.graphql.test_pagination_and_loaders import statements
from tests.skills.fit_world import SKILL, Company, build_company, expected_fit

EMPLOYEES = {f"e{n:03d}@acme.example" for n in range(8)}
CANDIDATES = {f"c{n:03d}@mail.example" for n in range(4)}
TEAM = {"e001@acme.example"} | {f"e{n:03d}@acme.example" for n in range(4, 8)}
VIEWS = {
    "hr_admin": ("hr@acme.example", EMPLOYEES | CANDIDATES),
    "recruiter": ("rec@acme.example", CANDIDATES),
    "manager": ("e001@acme.example", TEAM),
    "hris": ("hris@acme.example", EMPLOYEES),
}
FIT = """query($role: ID!, $first: Int, $after: String, $kind: PersonKind) {
  roleFit(roleId: $role, first: $first, after: $after, kind: $kind) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { score ready person { email } role { title }
      gaps { skill { uri } required held essential } } } } }"""


@pytest.fixture
def company(db: Database) -> Company:
    return build_company(db)


def _role(company: Company) -> str:
    return global_id("Role", company.role_id)


@pytest.mark.parametrize("role", sorted(VIEWS))
def test_each_role_sees_the_fit_of_the_people_it_may_see(
    api: Api, company: Company, role: str
) -> None:
    sub, visible = VIEWS[role]
    data = api.data(FIT, {"role": _role(company), "first": 50}, bearer=token("acme", role, sub=sub))
    fits = data["roleFit"]
    assert fits["totalCount"] == len(visible)
    assert {e["node"]["person"]["email"] for e in fits["edges"]} == visible
    for edge in fits["edges"]:
        node = edge["node"]
        score, ready, gaps = expected_fit(company.holdings[node["person"]["email"]])
        assert (node["score"], node["ready"], node["role"]["title"]) == (score, ready, "Engineer")
        assert [(g["skill"]["uri"], g["required"], g["held"], g["essential"])
                for g in node["gaps"]] == gaps  # fmt: skip
    keys = [(-e["node"]["score"], e["node"]["person"]["email"]) for e in fits["edges"]]
    assert keys == sorted(keys)


def test_pages_cover_the_ranking_once_and_kind_filters(api: Api, company: Company) -> None:
    bearer = token("acme", "hr_admin")
    whole = api.data(FIT, {"role": _role(company)}, bearer=bearer)["roleFit"]
    seen: list[Any] = []
    after = None
    while True:
        page = api.data(FIT, {"role": _role(company), "first": 5, "after": after}, bearer=bearer)
        fits = page["roleFit"]
        assert fits["totalCount"] == 12
        assert fits["pageInfo"]["hasPreviousPage"] == (after is not None)
        seen.extend(fits["edges"])
        if not fits["pageInfo"]["hasNextPage"]:
            break
        after = fits["pageInfo"]["endCursor"]
        assert after == fits["edges"][-1]["cursor"]
    assert seen == whole["edges"] and len(seen) == 12
    candidates = api.data(FIT, {"role": _role(company), "kind": "CANDIDATE"}, bearer=bearer)
    assert {e["node"]["person"]["email"] for e in candidates["roleFit"]["edges"]} == CANDIDATES


def test_recommendations_are_achievements(api: Api, company: Company) -> None:
    query = """query($role: ID!) { roleFit(roleId: $role, first: 50) { edges { node {
        person { email } ready recommendations { id name uri } uncoverableGaps { skill { uri } }
    } } } }"""
    data = api.data(query, {"role": _role(company)}, bearer=token("acme", "hr_admin"))
    nodes = {e["node"]["person"]["email"]: e["node"] for e in data["roleFit"]["edges"]}
    assert [a["name"] for a in nodes["e005@acme.example"]["recommendations"]] == [
        "Beta Badge",
        "Gamma Certificate",
    ]
    assert nodes["e005@acme.example"]["recommendations"][0]["id"] == global_id(
        "Achievement", company.achievements["a2"]
    )
    assert all(n["recommendations"] == [] for n in nodes.values() if n["ready"])
    assert all(n["uncoverableGaps"] == [] for n in nodes.values())


def test_unknown_roles_bad_cursors_and_big_pages_are_refused(
    api: Api, company: Company, db: Database
) -> None:
    bearer = token("acme", "hr_admin")
    other = build_company(db, tenant="globex", employees=1, candidates=0)
    for role_id in (global_id("Role", company.role_id + 999), global_id("Role", other.role_id),
                    global_id("Skill", company.role_id), "garbage"):  # fmt: skip
        body = api.post(FIT, {"role": role_id}, bearer=bearer).json()
        assert body["errors"][0]["extensions"]["code"] == "ROLE_NOT_FOUND", role_id
    body = api.post(FIT, {"role": _role(company), "after": "bogus"}, bearer=bearer).json()
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    body = api.post(FIT, {"role": _role(company), "first": 501}, bearer=bearer).json()
    assert "errors" in body and not body.get("data")
    body = api.post(FIT, {"role": _role(company), "first": 400}, bearer=bearer).json()
    assert body["extensions"]["cost"]["requested"] >= 400


def test_key_person_risks_follow_the_role_table(api: Api, company: Company) -> None:
    query = """{ keyPersonRisks { totalCount edges { node {
        role { title } skill { uri } required holderCount holders { email } } } } }"""
    admin = api.data(query, bearer=token("acme", "hr_admin"))["keyPersonRisks"]
    assert [e["node"] for e in admin["edges"]] == [
        {"role": {"title": "Engineer"}, "skill": {"uri": SKILL["s4"]}, "required": 5,
         "holderCount": 0, "holders": []},
    ]  # fmt: skip
    team = api.data(query, bearer=token("acme", "manager", sub="e001@acme.example"))
    assert [
        (e["node"]["skill"]["uri"], e["node"]["holderCount"], e["node"]["holders"])
        for e in team["keyPersonRisks"]["edges"]
    ] == [(SKILL["s1"], 1, [{"email": "e004@acme.example"}]), (SKILL["s4"], 0, [])]
    body = api.post(query, bearer=token("acme", "recruiter")).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


STATEMENTS = """query($role: ID!, $first: Int!) { roleFit(roleId: $role, first: $first) {
  totalCount edges { node { score ready
    person { name email kind }
    role { title requirements { skill { uri } level } }
    gaps { skill { uri name } required held essential }
    recommendations { name uri } } } } }"""


def test_statement_count_does_not_grow_with_page_size(api: Api, db: Database) -> None:
    company = build_company(db, employees=48, candidates=16)
    bearer = token("acme", "hr_admin")
    variables = {"role": _role(company)}
    api.data(STATEMENTS, {**variables, "first": 1}, bearer=bearer)  # warm-up (tenant lookup)
    counts = {}
    for first in (2, 20, 64):
        with statements(db) as seen:
            data = api.data(STATEMENTS, {**variables, "first": first}, bearer=bearer)
        assert len(data["roleFit"]["edges"]) == first
        counts[first] = len(seen)
    assert counts[2] == counts[20] == counts[64], counts
    assert counts[64] <= 16, counts
