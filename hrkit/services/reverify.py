"""`reverify`: re-check stored credentials (status lists, keys, hosted assertions) in batches.

Batches are claimed with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so any number of
workers can share the job. SQLite has one writer at a time: there a batch is read, verified with
no transaction open, and written back unless the row changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Select, or_
from sqlalchemy.orm import Session

from hrkit.model.enums import VerificationStatus
from hrkit.services.credentials import store, trust_registry
from hrkit.services.tenants import resolve_scope
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories
from hrkit.store.scope import Scope
from hrkit.store.tables import Credential, Person
from hrkit.verify.inputs import InputRef
from hrkit.verify.runner import VerifyOptions, verify_all

BATCH = 200


@dataclass(frozen=True)
class Change:
    """A stored credential whose outcome changed."""

    credential_pk: int
    credential_id: str | None
    holder_email: str
    before: VerificationStatus
    after: VerificationStatus
    change_seq: int


@dataclass
class Progress:
    checked: int = 0
    changed: int = 0


def reverify(
    db: Database,
    tenant: str,
    *,
    options: VerifyOptions,
    older_than: timedelta | None = None,
    progress: Progress | None = None,
    workers: int | None = 1,
) -> Iterator[Change]:
    """Every change of outcome among the tenant's credentials verified before now - older_than."""
    progress = progress or Progress()
    cutoff = options.now - older_than if older_than is not None else None
    last_id = 0
    while True:
        if db.dialect == "postgresql":
            changes, last_id, count = _batch_locked(db, tenant, options, cutoff, last_id, workers)
        else:
            changes, last_id, count = _batch_optimistic(
                db, tenant, options, cutoff, last_id, workers
            )
        if count == 0:
            return
        progress.checked += count
        progress.changed += len(changes)
        yield from changes


def _select(repos: Repositories, cutoff: datetime | None, after_id: int) -> Select[Credential]:
    stmt = repos.credentials.select(Credential.id > after_id).order_by(Credential.id).limit(BATCH)
    if cutoff is not None:
        stmt = stmt.where(or_(Credential.verified_at.is_(None), Credential.verified_at < cutoff))
    return stmt


def _batch_locked(
    db: Database,
    tenant: str,
    options: VerifyOptions,
    cutoff: datetime | None,
    after_id: int,
    workers: int | None,
) -> tuple[list[Change], int, int]:
    with db.transaction() as session:
        scope = resolve_scope(session, tenant)
        stmt = _select(Repositories(session, scope), cutoff, after_id)
        credentials = list(session.scalars(stmt.with_for_update(skip_locked=True)))
        if not credentials:
            return [], after_id, 0
        changes = _recheck(session, scope, credentials, options, workers)
        return changes, credentials[-1].id, len(credentials)


def _batch_optimistic(
    db: Database,
    tenant: str,
    options: VerifyOptions,
    cutoff: datetime | None,
    after_id: int,
    workers: int | None,
) -> tuple[list[Change], int, int]:
    with db.session() as session:
        scope = resolve_scope(session, tenant)
        stmt = _select(Repositories(session, scope), cutoff, after_id)
        snapshot = {c.id: c.updated_at for c in session.scalars(stmt)}
    if not snapshot:
        return [], after_id, 0
    with db.transaction() as session:
        scope = resolve_scope(session, tenant)
        repos = Repositories(session, scope)
        credentials = [
            c
            for c in repos.credentials.get_many(snapshot).values()
            if c.updated_at == snapshot[c.id]  # touched meanwhile: its newer result stands
        ]
        changes = _recheck(
            session, scope, sorted(credentials, key=lambda c: c.id), options, workers
        )
    return changes, max(snapshot), len(snapshot)


def _recheck(
    session: Session,
    scope: Scope,
    credentials: Sequence[Credential],
    options: VerifyOptions,
    workers: int | None,
) -> list[Change]:
    repos = Repositories(session, scope)
    holders = repos.people.get_many(c.holder_id for c in credentials)
    registry = trust_registry(session, scope)
    options = replace(options, trust=registry.entries if registry else None)
    refs = [
        InputRef(
            c.credential_uri or f"credential {c.id}",
            data=c.raw.encode("utf-8", "surrogatepass"),
            recipient=holders[c.holder_id].email,
        )
        for c in credentials
    ]
    changes = []
    # A stored credential is a single credential (presentations are stored unpacked): one result
    # per input.
    results = verify_all(refs, options, workers)
    for credential, result in zip(credentials, results, strict=True):
        before = credential.status
        person: Person = holders[credential.holder_id]
        stored = store(
            session,
            scope,
            person,
            result,
            now=options.now,
            source=credential.source or "",
            existing=credential,
        )
        if result.status is not before:
            changes.append(
                Change(
                    credential.id,
                    credential.credential_uri,
                    person.email,
                    before,
                    result.status,
                    stored.change_seq,
                )
            )
    return changes
