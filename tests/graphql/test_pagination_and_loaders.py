"""Relay pagination over 1,000+ rows, `first` limits, and a statement count that does not grow
with the page size (DataLoaders per request)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from hrkit.model.enums import PersonKind, VerificationStatus
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.tables import Achievement, Credential, Issuer, Person
from tests.graphql.conftest import Api, token


def bulk_people(db: Database, count: int, credentials_each: int = 0) -> None:
    with db.transaction() as session:
        tenants = TenantRepository(session)
        if tenants.by_slug("acme") is None:
            tenants.create("acme")
        repos = Repositories(session, tenants.scope("acme"))
        issuer = repos.issuers.add(Issuer(uri="did:web:bulk.example", name="Bulk Issuer"))
        achievement = repos.achievements.add(Achievement(uri="https://bulk.example/a", name="Bulk"))
        session.flush()
        people = [
            Person(
                kind=PersonKind.EMPLOYEE,
                name=f"P {n:05d}",
                email=f"p{n:05d}@acme.example",
                tenant_id=repos.scope.tenant_id,
            )
            for n in range(count)
        ]
        session.add_all(people)
        session.flush()
        seq = 0
        rows = []
        for person in people:
            for n in range(credentials_each):
                seq += 1
                rows.append(
                    Credential(
                        tenant_id=repos.scope.tenant_id,
                        holder_id=person.id,
                        issuer_id=issuer.id,
                        achievement_id=achievement.id,
                        raw=f"raw {person.id} {n}",
                        raw_sha256=f"{person.id:032d}{n:032d}",
                        status=VerificationStatus.VERIFIED,
                        change_seq=seq,
                        format="vc-jwt",
                    )
                )
        session.add_all(rows)


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_every_row_exactly_once_across_pages(api: Api, db: Database) -> None:
    bulk_people(db, 1234)
    bearer = token("acme", "hr_admin")
    query = """query($after: String) { people(first: 500, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }"""
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = api.data(query, {"after": after}, bearer=bearer)["people"]
        assert page["totalCount"] == 1234
        seen.extend(edge["node"]["id"] for edge in page["edges"])
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert pages == 3 and len(seen) == 1234 and len(set(seen)) == 1234


def test_first_above_500_or_negative_is_refused(api: Api, db: Database) -> None:
    bulk_people(db, 3)
    bearer = token("acme", "hr_admin")
    for first in (501, -1):
        response = api.post(f"{{ people(first: {first}) {{ totalCount }} }}", bearer=bearer)
        body = response.json()
        assert "errors" in body and not body.get("data")
    bad_cursor = api.post('{ people(after: "bogus") { totalCount } }', bearer=bearer).json()
    assert bad_cursor["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


QUERY = """query($first: Int!) { people(first: $first) { edges { node { name email
  credentials(first: 5) { totalCount edges { node { status issuer { name } achievement { name }
    holder { email } } } } } } } }"""


def test_statement_count_does_not_grow_with_page_size(api: Api, db: Database) -> None:
    bulk_people(db, 60, credentials_each=5)
    bearer = token("acme", "hr_admin")
    api.data(QUERY, {"first": 1}, bearer=bearer)  # warm-up: the tenant lookup is cached after
    counts = {}
    for first in (2, 20, 60):
        with statements(db) as seen:
            data = api.data(QUERY, {"first": first}, bearer=bearer)
        assert len(data["people"]["edges"]) == first
        assert all(len(e["node"]["credentials"]["edges"]) == 5 for e in data["people"]["edges"])
        counts[first] = len(seen)
    assert counts[2] == counts[20] == counts[60], counts
    assert counts[60] <= 12, counts


def test_credential_status_ages_and_filters_use_the_status_now(api: Api, db: Database) -> None:
    from datetime import UTC, datetime, timedelta

    bulk_people(db, 2, credentials_each=1)
    with db.transaction() as session:
        first = session.query(Credential).order_by(Credential.id).first()
        first.valid_until = datetime.now(UTC) - timedelta(days=1)
    bearer = token("acme", "hr_admin")
    data = api.data("{ credentials { edges { node { status storedStatus } } } }", bearer=bearer)
    assert [e["node"] for e in data["credentials"]["edges"]] == [
        {"status": "EXPIRED", "storedStatus": "VERIFIED"},
        {"status": "VERIFIED", "storedStatus": "VERIFIED"},
    ]
    for status, expected in (("EXPIRED", 1), ("VERIFIED", 1)):
        query = f"{{ credentials(filter: {{status: [{status}]}}) {{ totalCount }} }}"
        assert api.data(query, bearer=bearer)["credentials"]["totalCount"] == expected
