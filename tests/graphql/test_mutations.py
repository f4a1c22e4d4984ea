"""Mutations: typed payloads with userErrors, permissions per role, never a 500."""

from __future__ import annotations

import pytest

from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.tables import Skill
from tests.factories.credentials import Issuer
from tests.graphql.conftest import Api, World, token

SUBMIT = """mutation($input: SubmitCredentialInput!) { submitCredential(input: $input) {
  credential { id status format holder { email kind } issuer { uri } checks { check result }
    skills { skill { uri } level } }
  userErrors { field message code } } }"""


def submit(api: Api, bearer: str, email: str, document: str, **extra: object) -> dict:
    variables = {"input": {"holderEmail": email, "document": document, **extra}}
    return api.data(SUBMIT, variables, bearer=bearer)["submitCredential"]


def test_submit_verifies_stores_and_returns_the_credential(api: Api, world: World) -> None:
    issuer = Issuer()
    result = submit(
        api,
        token("acme", "recruiter"),
        "new@acme.example",
        issuer.jwt(issuer.credential(subject_email="new@acme.example")),
        holderName="New Person",
    )
    assert result["userErrors"] == []
    credential = result["credential"]
    assert credential["status"] == "VERIFIED" and credential["format"] == "vc-jwt"
    assert credential["holder"] == {"email": "new@acme.example", "kind": "CANDIDATE"}
    assert [c["check"] for c in credential["checks"]][:2] == ["parse", "schema"]


def test_garbage_becomes_a_malformed_credential_not_an_error(api: Api, world: World) -> None:
    result = submit(
        api, token("acme", "hr_admin"), "cand1@acme.example", "this is not a credential"
    )
    assert result["userErrors"] == []
    assert result["credential"]["status"] == "MALFORMED"


@pytest.mark.parametrize(
    ("email", "document", "code", "field"),
    [
        ("not-an-email", "x", "INVALID_EMAIL", ["input", "holderEmail"]),
        ("a@acme.example", "   ", "INVALID_DOCUMENT", ["input", "document"]),
    ],
)
def test_bad_submissions_are_user_errors(
    api: Api, world: World, email, document, code, field
) -> None:
    result = submit(api, token("acme", "hr_admin"), email, document)
    assert result["credential"] is None
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [(code, field)]


def test_who_may_submit(api: Api, world: World) -> None:
    issuer = Issuer()
    doc = issuer.jwt()
    # A manager may not submit at all; a recruiter not for employees (existing or requested).
    assert (
        submit(api, token("acme", "manager", sub="lead@acme.example"), "x@acme.example", doc)[
            "userErrors"
        ][0]["code"]
        == "FORBIDDEN"
    )
    assert (
        submit(api, token("acme", "recruiter"), "dev1@acme.example", doc)["userErrors"][0]["code"]
        == "FORBIDDEN"
    )
    assert (
        submit(api, token("acme", "recruiter"), "hire@acme.example", doc, holderKind="EMPLOYEE")[
            "userErrors"
        ][0]["code"]
        == "FORBIDDEN"
    )
    ok = submit(api, token("acme", "hris"), "dev1@acme.example", doc)
    assert ok["userErrors"] == [] and ok["credential"]["holder"]["kind"] == "EMPLOYEE"


TRUST = """mutation($input: TrustIssuerInput!) { trustIssuer(input: $input) {
  issuer { uri name trusted } userErrors { code field } } }"""


def test_trust_issuer_re_decides_stored_credentials(api: Api, world: World) -> None:
    admin = token("acme", "hr_admin")
    result = api.data(
        TRUST, {"input": {"uri": "did:web:other.example", "name": "Other"}}, bearer=admin
    )["trustIssuer"]
    assert result == {
        "issuer": {"uri": "did:web:other.example", "name": "Other", "trusted": True},
        "userErrors": [],
    }
    statuses = api.data("{ credentials { edges { node { status } } } }", bearer=admin)
    assert {e["node"]["status"] for e in statuses["credentials"]["edges"]} == {"UNTRUSTED_ISSUER"}
    bad = api.data(TRUST, {"input": {"uri": "javascript:x", "name": "X"}}, bearer=admin)
    assert bad["trustIssuer"]["userErrors"][0]["code"] == "INVALID_ISSUER_URI"
    denied = api.data(
        TRUST, {"input": {"uri": "did:web:x.example", "name": "X"}}, bearer=token("acme", "hris")
    )
    assert denied["trustIssuer"]["userErrors"][0]["code"] == "FORBIDDEN"


UPSERT = """mutation($input: UpsertRoleInput!) { upsertRole(input: $input) {
  role { id title open requirements { skill { uri } level essential weight } }
  userErrors { code message } } }"""


def test_upsert_role(api: Api, db: Database, world: World) -> None:
    with db.transaction() as session:
        scope = TenantRepository(session).scope("acme")
        Repositories(session, scope).skills.add(
            Skill(uri="http://data.europa.eu/esco/skill/python", name="Python", framework="esco")
        )
    admin = token("acme", "hr_admin")
    role = {
        "title": "Backend Engineer",
        "requirements": [
            {"skillUri": "http://data.europa.eu/esco/skill/python", "level": 4},
        ],
    }
    result = api.data(UPSERT, {"input": role}, bearer=admin)["upsertRole"]
    assert result["userErrors"] == []
    assert result["role"]["requirements"] == [
        {
            "skill": {"uri": "http://data.europa.eu/esco/skill/python"},
            "level": 4,
            "essential": True,
            "weight": 1.0,
        }
    ]
    unknown = {"title": "X", "requirements": [{"skillUri": "http://nope", "level": 3}]}
    assert (
        api.data(UPSERT, {"input": unknown}, bearer=admin)["upsertRole"]["userErrors"][0]["code"]
        == "UNKNOWN_SKILL"
    )
    listed = api.data("{ roles(open: true) { totalCount edges { node { title } } } }", bearer=admin)
    assert listed["roles"]["totalCount"] == 1


def test_run_sync_needs_admin_or_hris(api: Api, world: World) -> None:
    query = 'mutation { runSync(input: {target: "csv"}) { run { exported } userErrors { code } } }'
    assert (
        api.data(query, bearer=token("acme", "recruiter"))["runSync"]["userErrors"][0]["code"]
        == "FORBIDDEN"
    )
    answer = api.data(query, bearer=token("acme", "hris"))["runSync"]
    assert answer["userErrors"] == [] and answer["run"] is not None
