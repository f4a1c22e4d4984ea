"""The credentials of an imported spreadsheet: verified per row, stored per person."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hrkit.imports.claims import claim_verification
from hrkit.imports.plan import UNCHANGED, UPDATED
from hrkit.imports.rows import Record
from hrkit.services.credentials import store, trust_registry
from hrkit.services.tenants import resolve_scope
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories
from hrkit.store.scope import Scope
from hrkit.verify.inputs import InputRef
from hrkit.verify.result import Verification
from hrkit.verify.runner import VerifyOptions, verify_each

Track = Callable[[Iterable[list[Verification]], int], Iterable[list[Verification]]]


def _refs(records: Sequence[Record]) -> list[tuple[Record, InputRef]]:
    return [
        (
            record,
            InputRef(f"row {record.row}, {column}", data=value.encode(), recipient=record.email),
        )
        for record in records
        for column, value in record.credentials
    ]


def verify_rows(
    db: Database,
    tenant: str,
    records: Sequence[Record],
    options: VerifyOptions,
    workers: int | None = None,
    track: Track | None = None,
) -> dict[str, list[Verification]]:
    """Email → the verifications of that person's credential cells and claim.

    `track(items, total)` may wrap the stream of results (a progress bar on a terminal).
    """
    found: dict[str, list[Verification]] = {}
    records = [r for r in records if r.credentials or r.claim is not None]  # with evidence
    refs = _refs(records)
    if refs:
        with db.session() as session:
            registry = trust_registry(session, resolve_scope(session, tenant))
        verify = replace(options, trust=registry.entries if registry else None)
        outcomes: Iterable[list[Verification]] = verify_each(
            [ref for _, ref in refs], verify, workers
        )
        if track is not None:
            outcomes = track(outcomes, len(refs))
        for (record, _), verifications in zip(refs, outcomes, strict=True):
            found.setdefault(record.email, []).extend(verifications)
    for record in records:
        if record.claim is not None and not record.credentials:
            label = f"row {record.row}, claim"
            found.setdefault(record.email, []).append(claim_verification(record.claim, label))
    return found


def claims(record: Record) -> int:
    """1 when the row's badge claim is kept as a credential of its own."""
    return 1 if record.claim is not None and not record.credentials else 0


def store_credentials(
    session: Session,
    scope: Scope,
    ids: dict[str, int],
    verified: dict[str, list[Verification]],
    statuses: dict[str, str],
    credential_ids: dict[str, list[int]],
    *,
    source: str,
    now: datetime,
) -> int:
    """Store every verification for its person; a person whose credentials changed is updated."""
    if not verified:
        return 0
    people = Repositories(session, scope).people.get_many(ids[e] for e in verified)
    count = 0
    for email, verifications in verified.items():
        person = people[ids[email]]
        for verification in verifications:
            stored = store(session, scope, person, verification, now=now, source=source)
            credential_ids.setdefault(email, []).append(stored.credential_id)
            count += 1
            if stored.changed and statuses[email] == UNCHANGED:
                statuses[email] = UPDATED
    return count


def mark_new_credentials(
    session: Session,
    scope: Scope,
    records: list[Record],
    stored: dict[str, Any],
    statuses: dict[str, str],
) -> None:
    """Dry run: an existing person with a credential cell not stored yet would be updated."""
    holders = {stored[r.email].id: r for r in records if r.email in stored and r.credentials}
    if not holders:
        return
    known = Repositories(session, scope).credentials.fingerprints(list(holders))
    for holder_id, record in holders.items():
        seen = known.get(holder_id, set())
        for _, value in record.credentials:
            digest = hashlib.sha256(value.strip().encode("utf-8", "surrogatepass")).hexdigest()
            if digest not in seen and value.strip() not in seen:
                if statuses[record.email] == UNCHANGED:
                    statuses[record.email] = UPDATED
                break
