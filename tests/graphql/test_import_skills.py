"""importSkills: multipart upload, the same counts as the CLI, hr_admin only, one tenant."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.graphql.conftest import Api, World, token

DATA = Path(__file__).parent.parent / "skills" / "data"
TRANSVERSAL = (DATA / "esco_v1.0_transversalSkillsCollection_en.csv").read_bytes()

IMPORT = """mutation($file: Upload!, $framework: SkillFramework) {
  importSkills(input: {file: $file, framework: $framework}) {
    report { framework format rows created updated unchanged invalid
      errors { row code message } }
    userErrors { field code message } } }"""


def upload(
    api: Api, bearer: str, data: bytes, name: str = "skills.csv", framework: str | None = None
) -> dict[str, Any]:
    operations = {"query": IMPORT, "variables": {"file": None, "framework": framework}}
    response = api.client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, data, "text/csv")},
        headers={"Authorization": f"Bearer {bearer}"},
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]["importSkills"]  # type: ignore[no-any-return]


def skill_count(api: Api, tenant: str) -> int:
    data = api.data("{ skills(first: 1) { totalCount } }", bearer=token(tenant, "hr_admin"))
    return int(data["skills"]["totalCount"])


def test_admin_imports_a_taxonomy_once(api: Api, world: World) -> None:
    admin = token("acme", "hr_admin")
    before = skill_count(api, "acme")
    result = upload(api, admin, TRANSVERSAL, framework="ESCO")
    assert result["userErrors"] == []
    assert result["report"] == {
        "framework": "ESCO",
        "format": "esco-skills",
        "rows": 107,
        "created": 107,
        "updated": 0,
        "unchanged": 0,
        "invalid": 0,
        "errors": [],
    }
    again = upload(api, admin, TRANSVERSAL)["report"]
    assert (again["created"], again["unchanged"]) == (0, 107)
    assert skill_count(api, "acme") == before + 107
    assert skill_count(api, "globex") == 0  # another tenant sees none of it
    found = api.data(
        '{ skills(search: "give advice to others") { edges { node { uri broader } } } }',
        bearer=admin,
    )
    [edge] = found["skills"]["edges"]
    assert edge["node"]["broader"][-1] == "http://data.europa.eu/esco/skill/S1.5.0"


def test_row_problems_are_in_the_report(api: Api, world: World) -> None:
    data = b"uri\tname\tframework\nurn:acme:python\tPython\t\nnot a uri\tBad\t\n"
    report = upload(api, token("acme", "hr_admin"), data, "mine.tsv")["report"]
    assert (report["framework"], report["created"], report["invalid"]) == ("CUSTOM", 1, 1)
    assert [(e["row"], e["code"]) for e in report["errors"]] == [(3, "INVALID_URI")]


@pytest.mark.parametrize("role", ["recruiter", "manager", "hris"])
def test_only_hr_admins_may_import(api: Api, world: World, role: str) -> None:
    result = upload(api, token("acme", role), TRANSVERSAL)
    assert result["report"] is None
    assert [e["code"] for e in result["userErrors"]] == ["FORBIDDEN"]
    assert skill_count(api, "acme") == 0


@pytest.mark.parametrize(
    ("data", "framework", "code"),
    [
        (b"", None, "EMPTY_FILE"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", None, "NOT_A_SPREADSHEET"),
        (TRANSVERSAL, "ONET", "UNKNOWN_FORMAT"),
        ((DATA / "onet_occupation_data.tsv").read_bytes(), None, "NOT_SKILLS"),
    ],
)
def test_unreadable_files_are_user_errors(
    api: Api, world: World, data: bytes, framework: str | None, code: str
) -> None:
    result = upload(api, token("acme", "hr_admin"), data, framework=framework)
    assert result["report"] is None
    [error] = result["userErrors"]
    assert (error["code"], error["field"]) == (code, ["input", "file"])
    assert "\n" not in error["message"]
