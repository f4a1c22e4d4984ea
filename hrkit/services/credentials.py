"""Storing verified credentials: holder, issuer, achievement, credential, checks, change_seq."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hrkit.model.enums import AchievementKind, PersonKind
from hrkit.model.people import parse_email
from hrkit.skills.results import result_levels
from hrkit.store.repositories import Repositories
from hrkit.store.scope import Scope
from hrkit.store.tables import Achievement, Credential, Issuer, Person, VerificationCheck
from hrkit.verify.result import Check, Facts, Verification
from hrkit.verify.trust import StaticTrustRegistry


@dataclass(frozen=True)
class Stored:
    """What happened to one verification when it was stored."""

    credential_id: int
    created: bool
    changed: bool
    change_seq: int


def trust_registry(session: Session, scope: Scope) -> StaticTrustRegistry | None:
    """The tenant's trust registry, or None when it is empty (issuer_trust is then skipped)."""
    trusted = Repositories(session, scope).issuers.trusted()
    if not trusted:
        return None
    return StaticTrustRegistry({i.uri: i.name or i.uri for i in trusted})


def holder(
    session: Session,
    scope: Scope,
    email: str,
    *,
    kind: PersonKind = PersonKind.CANDIDATE,
    name: str | None = None,
) -> Person:
    """The person with `email`, created with `kind` when new (an existing person keeps theirs)."""
    people = Repositories(session, scope).people
    address = parse_email(email)
    person = people.by_email(address)
    if person is None:
        person = people.add(Person(kind=kind, email=address, name=name or address.split("@")[0]))
        session.flush()
    elif name and not person.name:
        person.name = name
    return person


def store(
    session: Session,
    scope: Scope,
    person: Person,
    verification: Verification,
    *,
    now: datetime,
    source: str,
    existing: Credential | None = None,
) -> Stored:
    """Insert or update the credential `verification` describes; new change_seq on any change.

    The credential is found by holder and document hash, or is `existing` when re-verifying.
    """
    repos = Repositories(session, scope)
    facts = verification.facts
    raw = verification.raw
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    issuer = repos.issuers.upsert(facts.issuer_id, facts.issuer_name) if facts.issuer_id else None
    achievement = _achievement(session, scope, facts, issuer)
    credential = existing or repos.credentials.by_holder_and_hash(person.id, digest)
    created = credential is None
    if credential is None:
        credential = Credential(holder_id=person.id, raw=raw, raw_sha256=digest, source=source)
    before = _outcome(credential) if not created else None
    credential.issuer_id = issuer.id if issuer else None
    credential.achievement_id = achievement.id if achievement else None
    credential.credential_uri = _clip(facts.credential_id, 2048)
    credential.format = verification.format
    credential.subject_id = _clip(facts.subject_id, 2048)
    credential.issued_on = facts.issued_on
    credential.valid_from = facts.valid_from
    credential.valid_until = facts.valid_until
    credential.status = verification.status
    credential.verified_at = now
    levels = result_levels(facts.results)
    if credential.result_levels != levels:
        credential.result_levels = levels
    changed = created or before != _outcome(credential)
    if changed:
        repos.credentials.save(credential)
    _replace_checks(session, scope, credential, verification.checks)
    return Stored(credential.id, created, changed, credential.change_seq)


def _outcome(credential: Credential) -> tuple[object, ...]:
    """What a sync would export: a change of any of these takes a new change_seq."""
    return (
        credential.status,
        credential.issuer_id,
        credential.achievement_id,
        credential.credential_uri,
        credential.issued_on,
        credential.valid_until,
    )


def _achievement(
    session: Session, scope: Scope, facts: Facts, issuer: Issuer | None
) -> Achievement | None:
    """The achievement the credential attests, by uri (or issuer + name when it has none)."""
    name = _clip(facts.achievement_name, 400)
    uri = _clip(facts.achievement_id, 2048)
    if not uri and not name:
        return None
    achievements = Repositories(session, scope).achievements
    issuer_id = issuer.id if issuer else None
    found = (
        achievements.by_uri(uri) if uri else achievements.by_issuer_and_name(issuer_id, name or "")
    )
    if found is None:
        found = achievements.add(Achievement(uri=uri, name=name or uri or ""))
    found.issuer_id = issuer_id if issuer_id is not None else found.issuer_id
    found.name = name or found.name
    found.kind = facts.achievement_kind or AchievementKind.OTHER
    found.description = facts.achievement_description
    found.alignments = list(facts.alignments)
    session.flush()
    return found


def _replace_checks(
    session: Session, scope: Scope, credential: Credential, checks: Sequence[Check]
) -> None:
    """The credential's stored checks become `checks` (untouched when they already are)."""
    wanted = [(c.check, c.result, _clip(c.message, 4000), c.outcome) for c in checks]
    held = session.execute(
        select(
            VerificationCheck.check,
            VerificationCheck.result,
            VerificationCheck.message,
            VerificationCheck.outcome,
        )
        .where(VerificationCheck.credential_id == credential.id)
        .order_by(VerificationCheck.position)
    )
    if [tuple(row) for row in held] == wanted:
        return
    session.execute(
        delete(VerificationCheck).where(VerificationCheck.credential_id == credential.id)
    )
    session.add_all(
        VerificationCheck(
            tenant_id=scope.tenant_id,
            credential_id=credential.id,
            position=position,
            check=check.check,
            result=check.result,
            message=_clip(check.message, 4000),
            outcome=check.outcome,
        )
        for position, check in enumerate(checks)
    )


def stored_checks(rows: Sequence[VerificationCheck]) -> list[Check]:
    return [Check(r.check, r.result, r.message, r.outcome) for r in rows]


def _clip(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else value
