"""importCandidates: the multipart upload, the same report as the CLI, roles and tenants."""

from __future__ import annotations

import json
from typing import Any

from tests.graphql.conftest import Api, World, token

IMPORT = """mutation($file: Upload!, $dry: Boolean) {
  importCandidates(input: {file: $file, dryRun: $dry}) {
    report { rows created updated unchanged credentials dryRun sheet headerRow
      errors { row column code message level }
      mapping { column header field method score }
      results { row email name status
        person { email kind credentials { edges { node { status } } } } } }
    userErrors { field code message } } }"""

CSV = (
    "Applicants\n"
    "First Name;Last Name;E-mail Address;Badge URL\n"
    "Nia;Noor;nia@acme.example;not a credential\n"
    "Oz;Bad;oz@;\n"
    "Cand;One;cand1@acme.example;\n"
    "Boss;Renamed;boss@acme.example;\n"
).encode("cp1252")


def upload(api: Api, bearer: str, data: bytes, name: str = "applicants.csv", dry: bool = False):
    operations = {"query": IMPORT, "variables": {"file": None, "dry": dry}}
    response = api.client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, data, "text/csv")},
        headers={"Authorization": f"Bearer {bearer}"},
    )
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body
    return body["data"]["importCandidates"]


def test_dry_run_then_import_returns_the_report(api: Api, world: World) -> None:
    recruiter = token("acme", "recruiter")
    preview = upload(api, recruiter, CSV, dry=True)
    report: dict[str, Any] = preview["report"]
    assert preview["userErrors"] == []
    assert (report["rows"], report["created"], report["dryRun"], report["headerRow"]) == (
        4,
        1,
        True,
        2,
    )
    assert [(e["row"], e["column"], e["code"], e["level"]) for e in report["errors"]] == [
        (4, "E-mail Address", "INVALID_EMAIL", "error"),
        (6, "E-mail Address", "FORBIDDEN", "error"),  # an employee the recruiter cannot see
    ]
    assert {m["header"]: m["field"] for m in report["mapping"]}["Badge URL"] == "credential"
    assert all(r["person"] is None for r in report["results"])

    done = upload(api, recruiter, CSV)["report"]
    assert (done["created"], done["updated"], done["credentials"]) == (1, 1, 1)
    rows = {r["row"]: r for r in done["results"]}
    assert rows[3]["status"] == "CREATED" and rows[3]["person"]["kind"] == "CANDIDATE"
    assert rows[3]["person"]["credentials"]["edges"] == [{"node": {"status": "MALFORMED"}}]
    assert rows[5]["status"] == "UPDATED" and rows[6]["status"] == "INVALID"  # Cand1 → Cand One

    admin = token("acme", "hr_admin")
    again = upload(api, admin, CSV)["report"]
    # An HR admin may update the employee; the candidate rows are unchanged the second time.
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 1, 2)


def test_only_recruiters_and_admins_may_import(api: Api, world: World) -> None:
    for role in ("manager", "hris"):
        result = upload(api, token("acme", role), CSV)
        assert result["report"] is None and result["userErrors"][0]["code"] == "FORBIDDEN"


def test_unreadable_files_are_user_errors(api: Api, world: World) -> None:
    result = upload(api, token("acme", "recruiter"), b"%PDF-1.4\n", name="cv.xlsx")
    [error] = result["userErrors"]
    assert error["code"] == "NOT_A_SPREADSHEET" and error["field"] == ["input", "file"]
    assert "cv.xlsx" in error["message"]


def test_imports_stay_in_the_callers_tenant(api: Api, world: World) -> None:
    upload(api, token("globex", "recruiter"), CSV)
    acme = api.data(
        '{ people(filter: {email: "nia@acme.example"}) { totalCount } }',
        bearer=token("acme", "hr_admin"),
    )
    assert acme["people"]["totalCount"] == 0


def test_a_recruiters_file_adds_no_credentials_to_employees(api: Api, world: World) -> None:
    data = b"Email,Badge URL\nboss@acme.example,not a credential\n"
    result = upload(api, token("acme", "recruiter"), data)["report"]
    assert [e["code"] for e in result["errors"]] == ["FORBIDDEN"]
    boss = api.data(
        '{ people(filter: {email: "boss@acme.example"}) { edges { node {'
        " credentials { totalCount } } } } }",
        bearer=token("acme", "hr_admin"),
    )
    assert boss["people"]["edges"][0]["node"]["credentials"]["totalCount"] == 1  # the seeded one
