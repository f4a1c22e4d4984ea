"""Development JWTs exactly as the API expects them (HS256, the contract's claims)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

import jwt

from hrkit.errors import ValidationError
from hrkit.model.access import AccessRole
from hrkit.settings import Settings, check_tenant_slug
from hrkit.store.types import utcnow

DEFAULT_TTL_S = 8 * 3600
MAX_TTL_S = 366 * 24 * 3600
# HS256 keys shorter than the hash output are brute-forceable (RFC 7518 §3.2).
MIN_SECRET_BYTES = 32


def mint_token(
    *,
    secret: str,
    settings: Settings,
    tenant: str,
    roles: Sequence[str],
    subject: str | None = None,
    ttl_s: int = DEFAULT_TTL_S,
    now: datetime | None = None,
) -> str:
    """A signed HS256 token with `sub, exp, iat, nbf, iss, aud, tenant, roles, jti`."""
    check_tenant_slug(tenant)
    if not roles:
        raise ValidationError("a token needs at least one role")
    parsed = sorted({AccessRole.parse(role).value for role in roles})
    if not 1 <= ttl_s <= MAX_TTL_S:
        raise ValidationError(f"--ttl must be between 1 and {MAX_TTL_S} seconds")
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise ValidationError(f"HRKIT_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes long")
    issued = (now or utcnow()).replace(microsecond=0)
    claims = {
        "sub": subject or f"{parsed[0]}@{tenant}",
        "iat": issued,
        "nbf": issued,
        "exp": issued + timedelta(seconds=ttl_s),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "tenant": tenant,
        "roles": parsed,
        "jti": secrets.token_urlsafe(12),
    }
    return jwt.encode(claims, secret, algorithm="HS256")
