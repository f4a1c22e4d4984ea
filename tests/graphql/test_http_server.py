"""The API over a real uvicorn on 127.0.0.1: tokens, limits, and the GraphQL-over-HTTP audit of
the `graphql-http` npm package (no MUST failure, no SHOULD warning)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import unavailable
from tests.helpers import HRKIT, hrkit_server

SECRET = "http-secret-" + "z" * 40
AUDIT = Path(__file__).with_name("audit") / "audit.mjs"
GRAPHQL_HTTP_VERSION = "1.23.1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("api")
    env = {**os.environ, "HRKIT_JWT_SECRET": SECRET}
    database = str(folder / "api.db")
    subprocess.run(
        [str(HRKIT), "tenants", "add", "acme", "--db", database],
        env=env,
        check=True,
        capture_output=True,
    )
    bearer = subprocess.run(
        [str(HRKIT), "token", "--tenant", "acme", "--role", "hr_admin", "--db", database],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    os.environ["HRKIT_JWT_SECRET"] = SECRET
    try:
        with hrkit_server(["--db", database], cwd=folder) as base:
            yield base, bearer
    finally:
        del os.environ["HRKIT_JWT_SECRET"]


def post(base: str, bearer: str | None, body: object, **headers: str) -> httpx.Response:
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    return httpx.post(f"{base}/graphql", json=body, headers=headers, timeout=30)


def test_tokens_over_http(server: tuple[str, str]) -> None:
    base, bearer = server
    ok = post(base, bearer, {"query": "{ viewer { tenant roles } }"})
    assert ok.status_code == 200
    assert ok.json()["data"]["viewer"] == {"tenant": "acme", "roles": ["hr_admin"]}
    assert ok.json()["extensions"]["cost"] == {"requested": 0, "limit": 100000}
    for bad in (None, "x.y.z", bearer[:-3] + "abc"):
        response = post(base, bad, {"query": "{ viewer { tenant } }"})
        assert response.status_code == 401 and "data" not in response.json()


def test_limits_refuse_quickly_and_the_server_stays_healthy(server: tuple[str, str]) -> None:
    base, bearer = server
    deep = "{ people { edges { node { manager " * 30 + "{ id }" + " } } } }" * 30
    hostile = [
        {"query": deep},
        {"query": "{ " + " ".join(f"a{i}: viewer {{ tenant }}" for i in range(200)) + " }"},
        {"query": "{ viewer { tenant } }" + " " * 10 + "#" + "x" * 10 + "\n" + "{" * 20_000},
        {
            "query": "{ people(first: 500) { edges { node { credentials(first: 500) { totalCount } } } } }"
        },
        {"query": "{ people(first: 501) { totalCount } }"},
    ]
    for body in hostile:
        started = time.monotonic()
        response = post(base, bearer, body)
        assert time.monotonic() - started < 5
        assert response.status_code in (200, 400) and "errors" in response.json()
        assert not response.json().get("data")
    too_big = httpx.post(
        f"{base}/graphql",
        content=b"{" + b" " * 2_000_000 + b"}",
        headers={"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert too_big.status_code == 413
    assert httpx.get(f"{base}/healthz", timeout=5).json() == {"status": "ok"}
    assert post(base, bearer, {"query": "{ viewer { tenant } }"}).status_code == 200


def _graphql_http(tmp_path_factory: pytest.TempPathFactory) -> Path:
    npm = shutil.which("npm")
    if not shutil.which("node") or not npm:
        unavailable("Node.js and npm are needed for the graphql-http audit")
    folder = tmp_path_factory.getbasetemp() / "node-graphql-http"
    module = folder / "node_modules" / "graphql-http"
    if not module.is_dir():
        folder.mkdir(exist_ok=True)
        result = subprocess.run(
            [
                str(npm),
                "install",
                "--prefix",
                str(folder),
                "--no-audit",
                "--no-fund",
                f"graphql-http@{GRAPHQL_HTTP_VERSION}",
                "graphql@16",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            unavailable(f"npm could not install graphql-http: {result.stderr.strip()[-300:]}")
    return module


def test_graphql_over_http_audit(server: tuple[str, str], tmp_path_factory) -> None:
    base, bearer = server
    module = _graphql_http(tmp_path_factory)
    result = subprocess.run(
        ["node", str(AUDIT), f"{base}/graphql", bearer],
        env={**os.environ, "GRAPHQL_HTTP": str(module)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    audits = json.loads(result.stdout)
    assert len(audits) > 50
    failures = [a for a in audits if a["status"] != "ok"]
    assert [a for a in failures if a["name"].startswith("MUST")] == []
    assert failures == [], failures  # no SHOULD warnings either
