"""A query in tenant B never returns tenant A's rows, whatever the repository or lookup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from hrkit.errors import TenantNotFoundError
from hrkit.model.enums import PersonKind, VerificationStatus
from hrkit.store.database import Database
from hrkit.store.repositories import (
    CredentialRepository,
    IssuerRepository,
    PeopleRepository,
    Repositories,
    ScopedRepository,
    TenantRepository,
)
from hrkit.store.scope import Scope
from hrkit.store.tables import Credential, Issuer, Person


def _seed(session: Session, scope: Scope, tag: str) -> dict[str, int]:
    repos = Repositories(session, scope)
    person = repos.people.add(
        Person(kind=PersonKind.CANDIDATE, name=f"Ada {tag}", email="ada@example.org")
    )
    issuer = repos.issuers.add(Issuer(uri="did:web:issuer.example", name=f"Issuer {tag}"))
    session.flush()
    credential = repos.credentials.save(
        Credential(
            holder_id=person.id,
            issuer_id=issuer.id,
            raw="{}",
            raw_sha256="0" * 64,
            status=VerificationStatus.VERIFIED,
            verified_at=datetime.now(UTC),
        )
    )
    return {"person": person.id, "issuer": issuer.id, "credential": credential.id}


@pytest.fixture
def two_tenants(db: Database) -> tuple[Scope, Scope, dict[str, int], dict[str, int]]:
    with db.transaction() as session:
        tenants = TenantRepository(session)
        tenants.create("tenant-a")
        tenants.create("tenant-b")
        a, b = tenants.scope("tenant-a"), tenants.scope("tenant-b")
        rows_a = _seed(session, a, "A")
        rows_b = _seed(session, b, "B")
    return a, b, rows_a, rows_b


REPOSITORIES: list[tuple[type[ScopedRepository], str]] = [
    (PeopleRepository, "person"),
    (IssuerRepository, "issuer"),
    (CredentialRepository, "credential"),
]


@pytest.mark.parametrize(("repository", "key"), REPOSITORIES)
def test_get_and_find_never_cross_tenants(db: Database, two_tenants, repository, key) -> None:
    a, b, rows_a, rows_b = two_tenants
    with db.session() as session:
        in_b = repository(session, b)
        assert in_b.get(rows_a[key]) is None
        assert in_b.get(rows_b[key]) is not None
        assert set(in_b.get_many([rows_a[key], rows_b[key]])) == {rows_b[key]}
        assert [row.id for row in in_b.find()] == [rows_b[key]]
        assert in_b.count() == 1
        assert all(row.tenant_id == b.tenant_id for row in in_b.find())


def test_natural_keys_are_per_tenant(db: Database, two_tenants) -> None:
    a, b, rows_a, rows_b = two_tenants
    with db.session() as session:
        assert PeopleRepository(session, b).by_email("ADA@example.org").id == rows_b["person"]
        assert PeopleRepository(session, a).by_email("ada@example.org").id == rows_a["person"]
        assert IssuerRepository(session, b).by_uri("did:web:issuer.example").name == "Issuer B"
        changed = CredentialRepository(session, b).changed_after(0)
        assert [c.id for c in changed] == [rows_b["credential"]]


def test_add_forces_the_scope_tenant(db: Database, two_tenants) -> None:
    a, b, _rows_a, _rows_b = two_tenants
    with db.transaction() as session:
        intruder = Person(
            kind=PersonKind.EMPLOYEE, name="Eve", email="eve@example.org", tenant_id=a.tenant_id
        )
        PeopleRepository(session, b).add(intruder)
        session.flush()
        assert intruder.tenant_id == b.tenant_id
    with db.session() as session:
        assert PeopleRepository(session, a).by_email("eve@example.org") is None


def test_change_seq_is_per_tenant(db: Database, two_tenants) -> None:
    a, b, _rows_a, _rows_b = two_tenants
    with db.session() as session:
        tenants = TenantRepository(session)
        assert tenants.current_change_seq(a.tenant_id) == 1
        assert tenants.current_change_seq(b.tenant_id) == 1


def test_unknown_tenant_is_an_error(db: Database) -> None:
    with db.session() as session, pytest.raises(TenantNotFoundError, match="unknown tenant"):
        TenantRepository(session).scope("nope")
