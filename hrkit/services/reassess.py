"""Re-deciding stored outcomes that depend only on the tenant's own data (the trust registry).

Trusting or distrusting an issuer changes the `issuer_trust` check of stored credentials; the new
status follows from the stored checks without fetching anything, and each changed status takes a
new change_seq so syncs see it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hrkit.model.enums import CheckName, CheckResult
from hrkit.store.repositories import Repositories
from hrkit.store.scope import Scope
from hrkit.store.tables import Credential, Issuer
from hrkit.verify.result import Check, overall_status

BATCH = 500


def reassess_trust(session: Session, scope: Scope, issuer_ids: Iterable[int] | None = None) -> int:
    """Recompute issuer_trust for the credentials of `issuer_ids` (all when None); returns how
    many statuses changed."""
    repos = Repositories(session, scope)
    registry_on = repos.issuers.has_registry()
    stmt = (
        repos.credentials.select().options(selectinload(Credential.checks)).order_by(Credential.id)
    )
    if issuer_ids is not None:
        stmt = stmt.where(Credential.issuer_id.in_(list(issuer_ids)))
    rows = session.execute(
        select(Issuer.id, Issuer.trusted).where(Issuer.tenant_id == scope.tenant_id)
    )
    trusted: dict[int, bool] = {int(row[0]): bool(row[1]) for row in rows}
    changed = 0
    for credential in session.scalars(stmt.execution_options(yield_per=BATCH)):
        checks = [Check(c.check, c.result, c.message, c.outcome) for c in credential.checks]
        position = next(
            (i for i, c in enumerate(checks) if c.check is CheckName.ISSUER_TRUST), None
        )
        if position is None:
            continue  # a result that never got that far (malformed input)
        checks[position] = _trust(credential, trusted, registry_on)
        row = credential.checks[position]
        row.result, row.message, row.outcome = (
            checks[position].result,
            checks[position].message,
            None,
        )
        status = overall_status(checks)
        if status is not credential.status:
            credential.status = status
            repos.credentials.stamp(credential)
            changed += 1
    session.flush()
    return changed


def _trust(credential: Credential, trusted: dict[int, bool], registry_on: bool) -> Check:
    if not registry_on:
        return Check(CheckName.ISSUER_TRUST, CheckResult.SKIPPED, "no trust registry")
    if credential.issuer_id is None:
        return Check(CheckName.ISSUER_TRUST, CheckResult.SKIPPED, "the issuer is not known")
    if trusted.get(credential.issuer_id):
        return Check(CheckName.ISSUER_TRUST, CheckResult.PASS, "in the trust registry")
    return Check(CheckName.ISSUER_TRUST, CheckResult.FAIL, "not in the trust registry")
