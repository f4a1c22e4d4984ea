"""runSync over HTTP: who may run it, where the files go, and who may download them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from hrkit.settings import Settings
from hrkit.store.database import Database
from tests.graphql.conftest import SECRET, Api, World, token

RUN = """mutation($input: RunSyncInput!) { runSync(input: $input) {
  run { target exported ended files watermark dryRun full downloadUrls }
  userErrors { field message code } } }"""


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return Settings(
        database_url=str(db.url),
        jwt_secret=SECRET,
        fetch_offline=True,
        sync_dir=str(tmp_path / "sync"),
    )


def run_sync(api: Api, bearer: str, **input) -> dict:
    return api.data(RUN, {"input": {"target": "csv", **input}}, bearer=bearer)["runSync"]


@pytest.mark.parametrize("role", ["recruiter", "manager"])
def test_only_hr_admin_and_hris_may_run_a_sync(api: Api, world: World, role: str) -> None:
    payload = run_sync(api, token("acme", role))
    assert payload["run"] is None
    assert payload["userErrors"][0]["code"] == "FORBIDDEN"


def test_a_sync_writes_the_tenants_files_on_the_server(
    api: Api, world: World, tmp_path: Path
) -> None:
    payload = run_sync(api, token("acme", "hris"))

    assert payload["userErrors"] == []
    run = payload["run"]
    # acme's five employees' credentials: candidates are never exported to an HRIS.
    assert (run["target"], run["exported"], run["ended"]) == ("csv", 5, 0)
    assert (run["dryRun"], run["full"]) == (False, False)
    (name,) = run["files"]
    assert name.startswith("csv-000001-000000000001-") and "/" not in name
    path = tmp_path / "sync" / "acme" / "csv" / name
    emails = {row["Person Email"] for row in csv.DictReader(io.StringIO(path.read_text()))}
    employees = {e for e in world.people["acme"] if not e.startswith("cand")}
    assert emails == employees  # neither candidates nor globex's people appear
    assert run_sync(api, token("acme", "hr_admin"))["run"]["exported"] == 0


def test_a_dry_run_reports_and_writes_nothing(api: Api, world: World, tmp_path: Path) -> None:
    run = run_sync(api, token("acme", "hr_admin"), dryRun=True)["run"]
    assert (run["exported"], run["files"], run["downloadUrls"], run["dryRun"]) == (5, [], [], True)
    assert not (tmp_path / "sync").exists()


def test_an_unknown_target_is_a_user_error(api: Api, world: World) -> None:
    payload = run_sync(api, token("acme", "hris"), target="../../etc")
    assert payload["run"] is None
    (error,) = payload["userErrors"]
    assert (error["code"], error["field"]) == ("NOT_FOUND", ["input", "target"])
    assert "known targets" in error["message"]


def test_the_files_download_with_the_token_of_the_same_tenant(api: Api, world: World) -> None:
    run = run_sync(api, token("acme", "hris"))["run"]
    (url,) = run["downloadUrls"]
    name = run["files"][0]

    def get(path: str, bearer: str | None = None, **headers: str):
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        return api.client.get(path, headers=headers)

    ok = get(url, token("acme", "hr_admin"))
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("text/csv")
    assert name in ok.headers["content-disposition"]
    assert ok.text.startswith("Action,Status,Credential ID,")

    assert get(url).status_code == 401
    assert get(url, accept="text/html").status_code == 401  # the door's GraphiQL exception
    assert get(url, "not-a-token").status_code == 401
    assert get(url, token("acme", "recruiter")).status_code == 403
    assert get(url, token("globex", "hris")).status_code == 404  # another tenant's run
    run_id = url.split("/")[3]
    for other in (
        f"/sync/files/{run_id}/other.csv",
        f"/sync/files/{run_id}/..%2F..%2Facme%2Fcsv%2F{name}",
        f"/sync/files/{run_id}/%2E%2E",
        f"/sync/files/{int(run_id) + 1}/{name}",
    ):
        assert get(other, token("acme", "hris")).status_code == 404, other
