"""Seeding the demo tenant: skills, issuers, people, signed badges and roles — idempotently.

The content is fixed (`hrkit.demo`): the same keys, documents and dates on every run. A second
run finds every row in place and writes nothing: credentials already stored for their holder
(same document) are neither re-verified nor touched, so no change_seq is taken.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrkit.demo.catalog import FABRIKAM, ISSUERS, ROLES, TRUSTED
from hrkit.demo.documents import token, write_status_lists
from hrkit.demo.people import CANDIDATES, EMPLOYEES, PEOPLE, TEAM_MANAGER, ensure_people
from hrkit.demo.plan import PlannedCredential, plan
from hrkit.demo.skills import demo_skills, ensure_level_rules, ensure_skills
from hrkit.services.credentials import store, trust_registry
from hrkit.services.roles import upsert_role
from hrkit.services.tenants import resolve_scope
from hrkit.services.trust import trust_issuer
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Credential
from hrkit.verify.inputs import InputRef
from hrkit.verify.runner import VerifyOptions, verify_all

DEMO_TENANT = "demo"
DEMO_TENANT_NAME = "Demo Corp (fictional)"
SOURCE = "demo"


@dataclass(frozen=True)
class DemoSummary:
    """What the demo tenant holds after seeding, and whom to log in as."""

    tenant: str
    employees: int
    candidates: int
    issuers: int
    trusted_issuers: int
    skills: int
    skill_rules: int
    roles: int
    open_roles: int
    # Stored credentials of the demo by status (verified, revoked, expired, untrusted_issuer).
    credentials: dict[str, int]
    # Credentials this run stored (0 when the demo was already seeded).
    new_credentials: int
    # A manager with two levels of reports below them: the `sub` of a manager token.
    manager_email: str
    data_dir: str
    documents: str

    @property
    def total_credentials(self) -> int:
        return sum(self.credentials.values())

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "total_credentials": self.total_credentials}


def seed_demo(
    db: Database, *, tenant: str = DEMO_TENANT, data_dir: Path, now: datetime | None = None
) -> DemoSummary:
    """Create (when missing) the demo tenant and its content; running it again changes nothing.

    `data_dir` receives the issuers' status lists and the document map that answers their
    URLs offline (`documents.json`, for `hrkit reverify --documents`). Meant for a tenant of
    its own: trusting the demo issuers turns an empty trust registry on for the whole tenant.
    """
    planned = plan()
    tokens = [token(p) for p in planned]
    map_path = write_status_lists(planned, data_dir)
    with db.transaction() as session:
        scope = _tenant(session, tenant)
        skills = ensure_skills(session, scope)
        rules = ensure_level_rules(session, scope, skills)
        _issuers(session, scope)
        people = ensure_people(session, scope)
        for role in ROLES:
            upsert_role(
                session,
                scope,
                role.title,
                open=role.open,
                description=role.description,
                requirements=role.requirements,
            )
        registry = trust_registry(session, scope)
        stored = _stored_documents(session, scope, [p.id for p in people.values()])
    missing = [
        (p, jwt)
        for p, jwt in zip(planned, tokens, strict=True)
        if (people[p.holder.email].id, _sha256(jwt)) not in stored
    ]
    if missing:
        options = VerifyOptions(
            now=now or datetime.now(UTC),
            offline=True,
            documents=str(map_path),
            trust=registry.entries if registry else None,
        )
        _verify_and_store(db, tenant, missing, options)
    with db.session() as session:
        counts = _counts(session, resolve_scope(session, tenant), [p.id for p in people.values()])
    return DemoSummary(
        tenant=tenant,
        employees=len(EMPLOYEES),
        candidates=len(CANDIDATES),
        issuers=len(ISSUERS),
        trusted_issuers=len(TRUSTED),
        skills=len(demo_skills()),
        skill_rules=rules,
        roles=len(ROLES),
        open_roles=sum(role.open for role in ROLES),
        credentials=counts,
        new_credentials=len(missing),
        manager_email=TEAM_MANAGER.email,
        data_dir=str(data_dir),
        documents=str(map_path),
    )


def _tenant(session: Session, slug: str) -> Scope:
    tenants = TenantRepository(session)
    if tenants.by_slug(slug) is None:
        tenants.create(slug, DEMO_TENANT_NAME)
    return tenants.scope(slug)


def _issuers(session: Session, scope: Scope) -> None:
    """Two issuers in the trust registry; the third known by name but never trusted here."""
    issuers = Repositories(session, scope).issuers
    for issuer in TRUSTED:
        row = issuers.by_uri(issuer.did)
        if row is None or not row.trusted or row.name != issuer.name:
            trust_issuer(session, scope, issuer.did, issuer.name)
    issuers.upsert(FABRIKAM.did, FABRIKAM.name)


def _stored_documents(session: Session, scope: Scope, holders: list[int]) -> set[tuple[int, str]]:
    """(holder id, document hash) of the credentials the demo's people already hold."""
    credentials = Repositories(session, scope).credentials
    stmt = select(Credential.holder_id, Credential.raw_sha256).where(
        *credentials.scope_filter(), Credential.holder_id.in_(holders)
    )
    return {(int(row[0]), str(row[1])) for row in session.execute(stmt)}


def _verify_and_store(
    db: Database,
    tenant: str,
    missing: list[tuple[PlannedCredential, str]],
    options: VerifyOptions,
) -> None:
    """Verify with the real engine (no transaction open meanwhile), then store in one."""
    refs = [
        InputRef(f"demo:{p.key}", data=jwt.encode(), recipient=p.holder.email) for p, jwt in missing
    ]
    # One process: a process pool costs more than verifying ~120 EdDSA tokens.
    results = list(verify_all(refs, options, workers=1))
    with db.transaction() as session:
        scope = resolve_scope(session, tenant)
        holders = Repositories(session, scope).people.by_emails([p.email for p in PEOPLE])
        for (planned, _jwt), result in zip(missing, results, strict=True):
            store(
                session,
                scope,
                holders[planned.holder.email],
                result,
                now=options.now,
                source=SOURCE,
            )


def _counts(session: Session, scope: Scope, holders: list[int]) -> dict[str, int]:
    credentials = Repositories(session, scope).credentials
    stmt = (
        select(Credential.status, func.count())
        .where(
            *credentials.scope_filter(),
            Credential.holder_id.in_(holders),
            Credential.source == SOURCE,
        )
        .group_by(Credential.status)
    )
    counts = {status.value: int(n) for status, n in session.execute(stmt)}
    return dict(sorted(counts.items()))


def _sha256(text: str) -> str:
    # The same digest `services.credentials.store` keys credentials by.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
