"""`credentials add`: verify documents against the tenant's registry, then store them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from hrkit.model.enums import PersonKind
from hrkit.model.people import parse_email
from hrkit.services.credentials import Stored, holder, store, trust_registry
from hrkit.services.tenants import resolve_scope
from hrkit.store.database import Database
from hrkit.verify.inputs import InputRef
from hrkit.verify.result import Verification
from hrkit.verify.runner import VerifyOptions, verify_all


@dataclass(frozen=True)
class Added:
    verification: Verification
    stored: Stored


def add_credentials(
    db: Database,
    tenant: str,
    *,
    holder_email: str,
    kind: PersonKind,
    refs: Sequence[InputRef],
    options: VerifyOptions,
    holder_name: str | None = None,
    workers: int | None = None,
    source: str = "cli",
) -> list[Added]:
    """Verify every input (no transaction is open meanwhile), then store all in one transaction."""
    email = parse_email(holder_email)
    with db.session() as session:
        registry = trust_registry(session, resolve_scope(session, tenant))
    options = replace(options, trust=registry.entries if registry else None, recipient=email)
    results = list(verify_all(refs, options, workers))
    with db.transaction() as session:
        scope = resolve_scope(session, tenant)
        person = holder(session, scope, email, kind=kind, name=holder_name)
        return [
            Added(result, store(session, scope, person, result, now=options.now, source=source))
            for result in results
        ]
