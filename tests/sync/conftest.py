"""A tenant's credentials written straight through the repositories, and file readers."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hrkit.model.enums import AchievementKind, CredentialFormat, PersonKind, VerificationStatus
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.tables import Achievement, Credential, Person

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True, scope="session")
def builtin_connectors() -> None:
    import connectors

    connectors.register_builtins()


@dataclass
class Seeder:
    """Adds and changes credentials of one tenant the way the services do (new change_seq)."""

    db: Database
    tenant: str = "default"
    people: dict[str, int] = field(default_factory=dict)
    count: int = 0

    def _repos(self, session) -> Repositories:
        tenants = TenantRepository(session)
        if tenants.by_slug(self.tenant) is None:
            tenants.create(self.tenant)
        return Repositories(session, tenants.scope(self.tenant))

    def credential(
        self,
        email: str = "ada@example.org",
        *,
        name: str | None = None,
        status: VerificationStatus = VerificationStatus.VERIFIED,
        valid_until: datetime | None = None,
        badge: str = "Python Basics",
        uri: str | None = "auto",
        kind: PersonKind = PersonKind.EMPLOYEE,
        external_id: str | None = None,
    ) -> int:
        with self.db.transaction() as session:
            repos = self._repos(session)
            holder = repos.people.find(Person.email == email)
            if holder:
                person = holder[0]
            else:
                person = repos.people.add(
                    Person(
                        kind=kind,
                        name=name or email.split("@")[0].title(),
                        email=email,
                        external_id=external_id,
                    )
                )
                session.flush()
            issuer = repos.issuers.upsert("did:web:issuer.example", "Example Academy")
            achievement = repos.achievements.by_uri(f"urn:badge:{badge}") or repos.achievements.add(
                Achievement(
                    uri=f"urn:badge:{badge}",
                    name=badge,
                    kind=AchievementKind.BADGE,
                    issuer_id=issuer.id,
                )
            )
            session.flush()
            self.count += 1
            raw = f'{{"id": "{self.count}", "tenant": "{self.tenant}"}}'
            credential = repos.credentials.save(
                Credential(
                    holder_id=person.id,
                    issuer_id=issuer.id,
                    achievement_id=achievement.id,
                    credential_uri=(
                        f"urn:uuid:{self.tenant}-{self.count:04d}" if uri == "auto" else uri
                    ),
                    format=CredentialFormat.VC_JWT,
                    raw=raw,
                    raw_sha256=hashlib.sha256(raw.encode()).hexdigest(),
                    issued_on=NOW - timedelta(days=30),
                    valid_until=valid_until,
                    status=status,
                    verified_at=NOW - timedelta(days=1),
                )
            )
            return credential.id

    def set_status(self, credential_id: int, status: VerificationStatus) -> int:
        """Change a credential's outcome (a new change_seq), as reverify does."""
        with self.db.transaction() as session:
            repos = self._repos(session)
            credential = repos.credentials.get(credential_id)
            assert credential is not None
            credential.status = status
            credential.verified_at = NOW
            return repos.credentials.stamp(credential)

    def head(self) -> int:
        with self.db.session() as session:
            return TenantRepository(session).current_change_seq(
                TenantRepository(session).scope(self.tenant).tenant_id
            )


@pytest.fixture
def seeder(db: Database) -> Seeder:
    return Seeder(db)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def exported_rows(out: Path, pattern: str = "csv-*.csv") -> Iterator[dict[str, str]]:
    """Every row of every final file in `out` (staging folders are hidden under .hrkit-sync)."""
    for path in sorted(out.glob(pattern)):
        yield from read_csv(path)
