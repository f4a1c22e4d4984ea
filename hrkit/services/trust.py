"""The tenant's trust registry: which issuers it accepts credentials from."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from hrkit.errors import NotFoundError, ValidationError
from hrkit.services.reassess import reassess_trust
from hrkit.store.repositories.issuers import IssuerRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Issuer

_DID = re.compile(r"^did:[a-z0-9]+:[A-Za-z0-9._:%-]+(?:[#?/].*)?$")


def parse_issuer_uri(value: str) -> str:
    """An issuer is named by a DID or an http(s) URL; anything else is refused."""
    uri = value.strip()
    if _DID.match(uri):
        return uri
    parts = urlsplit(uri)
    if parts.scheme in {"https", "http"} and parts.hostname:
        return uri
    raise ValidationError(
        f"not an issuer id: {value!r} (expected a DID such as did:web:example.org "
        "or an https:// URL)",
        code="INVALID_ISSUER_URI",
    )


def trust_issuer(session: Session, scope: Scope, uri: str, name: str) -> Issuer:
    """Add `uri` to the registry (idempotent; the name given replaces the stored one)."""
    issuers = IssuerRepository(session, scope)
    registry_was_on = issuers.has_registry()
    issuer = issuers.upsert(parse_issuer_uri(uri), name)
    issuer.name = name.strip() or issuer.name
    issuer.trusted = True
    session.flush()
    # The first trusted issuer turns the registry on: every credential's trust changes.
    reassess_trust(session, scope, None if not registry_was_on else [issuer.id])
    return issuer


def untrust_issuer(session: Session, scope: Scope, uri: str) -> Issuer:
    issuers = IssuerRepository(session, scope)
    issuer = issuers.by_uri(uri.strip())
    if issuer is None or not issuer.trusted:
        raise NotFoundError(f"{uri!r} is not in the trust registry")
    issuer.trusted = False
    session.flush()
    # Removing the last trusted issuer turns the registry off: every credential's trust changes.
    reassess_trust(session, scope, [issuer.id] if issuers.has_registry() else None)
    return issuer


def trusted_issuers(session: Session, scope: Scope) -> list[Issuer]:
    return IssuerRepository(session, scope).trusted()
