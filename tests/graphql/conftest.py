"""An in-process API over a real database, tokens for any role, and a small seeded world."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graphql_schema.app import create_app
from hrkit.auth.tokens import mint_token
from hrkit.model.enums import PersonKind
from hrkit.services.add_credentials import add_credentials
from hrkit.settings import Settings
from hrkit.store.database import Database
from hrkit.store.repositories import PeopleRepository, TenantRepository
from hrkit.store.tables import Person
from hrkit.verify.inputs import InputRef
from hrkit.verify.runner import VerifyOptions
from tests.asgi import ASGIClient
from tests.factories.credentials import Issuer
from tests.graphql.ui_browser import launch_chromium

SECRET = "test-secret-" + "x" * 40


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return Settings(
        database_url=str(db.url),
        jwt_secret=SECRET,
        fetch_offline=True,
        sync_dir=str(tmp_path / "sync"),  # runSync never writes into the working directory
    )


@pytest.fixture
def client(settings: Settings, db: Database) -> ASGIClient:
    return ASGIClient(create_app(settings, db))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for the /ui page tests, one per test module (see ui_browser.py)."""
    with launch_chromium() as chromium:
        yield chromium


def token(tenant: str = "acme", *roles: str, sub: str = "tester@acme.example", **kw: Any) -> str:
    return mint_token(
        secret=SECRET,
        settings=Settings(),
        tenant=tenant,
        roles=list(roles) or ["hr_admin"],
        subject=sub,
        **kw,
    )


@dataclass
class Api:
    client: ASGIClient

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        bearer: str | None,
        **kwargs: Any,
    ) -> Any:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        return self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            **kwargs,
        )

    def data(self, query: str, variables: dict[str, Any] | None = None, *, bearer: str) -> Any:
        response = self.post(query, variables, bearer=bearer)
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        return body["data"]


@pytest.fixture
def api(client: ASGIClient) -> Api:
    return Api(client)


@dataclass
class World:
    """Two tenants. acme: boss → lead → dev1, dev2 (employees); cand1, cand2 (candidates).
    globex: one employee and one candidate with the same emails as acme's, to probe leaks."""

    people: dict[str, dict[str, int]] = field(default_factory=dict)  # tenant → email → pk
    credentials: dict[str, list[int]] = field(default_factory=dict)  # tenant → credential pks

    def pk(self, tenant: str, email: str) -> int:
        return self.people[tenant][email]


ACME = {
    "boss@acme.example": (PersonKind.EMPLOYEE, None),
    "lead@acme.example": (PersonKind.EMPLOYEE, "boss@acme.example"),
    "dev1@acme.example": (PersonKind.EMPLOYEE, "lead@acme.example"),
    "dev2@acme.example": (PersonKind.EMPLOYEE, "lead@acme.example"),
    "other@acme.example": (PersonKind.EMPLOYEE, None),
    "cand1@acme.example": (PersonKind.CANDIDATE, None),
    "cand2@acme.example": (PersonKind.CANDIDATE, None),
}
GLOBEX = {
    "boss@acme.example": (PersonKind.EMPLOYEE, None),
    "cand1@acme.example": (PersonKind.CANDIDATE, None),
}


def seed_world(db: Database) -> World:
    world = World()
    issuer = Issuer()
    for tenant, people in (("acme", ACME), ("globex", GLOBEX)):
        with db.transaction() as session:
            tenants = TenantRepository(session)
            if tenants.by_slug(tenant) is None:
                tenants.create(tenant)
            repo = PeopleRepository(session, tenants.scope(tenant))
            pks: dict[str, int] = {}
            for email, (kind, manager) in people.items():
                row = repo.add(
                    Person(
                        kind=kind,
                        name=email.split("@")[0].title(),
                        email=email,
                        manager_id=pks.get(manager) if manager else None,
                    )
                )
                session.flush()
                pks[email] = row.id
            world.people[tenant] = pks
        world.credentials[tenant] = []
        for email in people:
            added = add_credentials(
                db,
                tenant,
                holder_email=email,
                kind=people[email][0],
                refs=[
                    InputRef(
                        email,
                        data=issuer.jwt(
                            issuer.credential(subject_email=email, name=f"Badge {email}")
                        ).encode(),
                    )
                ],
                options=VerifyOptions(offline=True),
                workers=1,
            )
            world.credentials[tenant].extend(a.stored.credential_id for a in added)
    return world


@pytest.fixture
def world(db: Database) -> World:
    return seed_world(db)


GQL = Callable[..., Any]


def node_ids(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
