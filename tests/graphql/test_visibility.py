"""Tenancy and roles: every query, nested field and node(id:) shows exactly what the role may see;
another tenant's or an invisible object reads exactly like a missing one."""

from __future__ import annotations

import pytest

from hrkit.model.ids import global_id
from tests.graphql.conftest import ACME, Api, World, token

EMPLOYEES = {e for e, (kind, _) in ACME.items() if kind.value == "employee"}
CANDIDATES = {e for e, (kind, _) in ACME.items() if kind.value == "candidate"}
VIEWS = {
    "hr_admin": ("hr@acme.example", EMPLOYEES | CANDIDATES),
    "hris": ("hris@acme.example", EMPLOYEES),
    "recruiter": ("rec@acme.example", CANDIDATES),
    "manager": (
        "lead@acme.example",
        {"lead@acme.example", "dev1@acme.example", "dev2@acme.example"},
    ),
}

PEOPLE = "{ people(first: 100) { totalCount edges { node { id email } } } }"
CREDENTIALS = (
    """{ credentials(first: 100) { totalCount edges { node { id holder { email } } } } }"""
)
NODE = "query($id: ID!) { node(id: $id) { id ... on Person { email } ... on Credential { holder { email } } } }"


@pytest.mark.parametrize("role", sorted(VIEWS))
def test_people_and_credentials_follow_the_role_table(api: Api, world: World, role: str) -> None:
    sub, expected = VIEWS[role]
    bearer = token("acme", role, sub=sub)
    people = api.data(PEOPLE, bearer=bearer)["people"]
    assert {e["node"]["email"] for e in people["edges"]} == expected
    assert people["totalCount"] == len(expected)
    credentials = api.data(CREDENTIALS, bearer=bearer)["credentials"]
    assert {e["node"]["holder"]["email"] for e in credentials["edges"]} == expected
    assert credentials["totalCount"] == len(expected)


@pytest.mark.parametrize("role", sorted(VIEWS))
def test_node_shows_visible_objects_and_hides_everything_else(
    api: Api, world: World, role: str
) -> None:
    sub, expected = VIEWS[role]
    bearer = token("acme", role, sub=sub)
    for tenant in ("acme", "globex"):
        for (email, pk), credential_pk in zip(
            world.people[tenant].items(), world.credentials[tenant], strict=True
        ):
            visible = tenant == "acme" and email in expected
            person = api.data(NODE, {"id": global_id("Person", pk)}, bearer=bearer)["node"]
            assert (person is not None) == visible, (tenant, email)
            credential = api.data(
                NODE, {"id": global_id("Credential", credential_pk)}, bearer=bearer
            )["node"]
            assert (credential is not None) == visible, (tenant, email)
            if visible:
                assert credential["holder"]["email"] == email


def test_a_manager_sees_their_whole_chain_and_not_above(api: Api, world: World) -> None:
    boss = token("acme", "manager", sub="boss@acme.example")
    emails = {e["node"]["email"] for e in api.data(PEOPLE, bearer=boss)["people"]["edges"]}
    assert emails == {
        "boss@acme.example",
        "lead@acme.example",
        "dev1@acme.example",
        "dev2@acme.example",
    }
    lead = token("acme", "manager", sub="lead@acme.example")
    query = '{ people(filter: {email: "dev1@acme.example"}) { edges { node { manager { email manager { email } } } } } }'
    [edge] = api.data(query, bearer=lead)["people"]["edges"]
    # dev1's manager (lead) is visible; lead's manager (boss) is not: null, as if absent.
    assert edge["node"]["manager"] == {"email": "lead@acme.example", "manager": None}


def test_a_manager_token_for_someone_who_is_not_an_employee_sees_nobody(
    api: Api, world: World
) -> None:
    bearer = token("acme", "manager", sub="cand1@acme.example")
    assert api.data(PEOPLE, bearer=bearer)["people"]["totalCount"] == 0


def test_filters_cannot_reach_invisible_people(api: Api, world: World) -> None:
    recruiter = token("acme", "recruiter", sub="rec@acme.example")
    query = '{ people(filter: {email: "boss@acme.example"}) { totalCount } }'
    assert api.data(query, bearer=recruiter)["people"]["totalCount"] == 0
    holder = global_id("Person", world.pk("acme", "boss@acme.example"))
    query = "query($h: ID!) { credentials(filter: {holderId: $h}) { totalCount } }"
    assert api.data(query, {"h": holder}, bearer=recruiter)["credentials"]["totalCount"] == 0


def test_another_tenants_token_sees_only_its_tenant(api: Api, world: World) -> None:
    bearer = token("globex", "hr_admin", sub="hr@globex.example")
    emails = {e["node"]["email"] for e in api.data(PEOPLE, bearer=bearer)["people"]["edges"]}
    assert emails == {"boss@acme.example", "cand1@acme.example"}  # globex's own rows
    ids = {e["node"]["id"] for e in api.data(PEOPLE, bearer=bearer)["people"]["edges"]}
    assert ids == {global_id("Person", pk) for pk in world.people["globex"].values()}


def test_malformed_and_foreign_ids_read_as_missing(api: Api, world: World) -> None:
    bearer = token("acme", "hr_admin")
    for value in ("nonsense", global_id("Tenant", 1), global_id("Person", 10**9), ""):
        assert api.data(NODE, {"id": value}, bearer=bearer)["node"] is None


def test_issuers_and_viewer_are_per_tenant(api: Api, world: World) -> None:
    query = "{ issuers { totalCount edges { node { uri trusted } } } }"
    for tenant in ("acme", "globex"):
        issuers = api.data(query, bearer=token(tenant, "recruiter"))["issuers"]
        assert issuers["totalCount"] == 1
