"""Validating API bearer tokens: HS256 with the development secret, or keys from a JWKS.

Everything a caller can get wrong becomes an AuthError with a short reason and nothing else:
the API answers 401 and never says more than the reason.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWK, PyJWKSet

from hrkit.auth.principal import Principal
from hrkit.errors import AuthError, ConfigError
from hrkit.model.access import AccessRole
from hrkit.settings import Settings, check_tenant_slug

REQUIRED_CLAIMS = ["sub", "exp", "iat", "iss", "aud"]
ASYMMETRIC_ALGS = ["RS256", "ES256", "EdDSA"]
MAX_TOKEN_BYTES = 8192
LEEWAY_S = 30
KEY_CARRYING_HEADERS = ("jku", "jwk", "x5u", "x5c")


class TokenVerifier:
    """Checks bearer tokens against exactly one key source (secret XOR JWKS)."""

    def __init__(self, settings: Settings, *, secret: str | None = None) -> None:
        self.settings = settings
        self._secret = secret
        self._keys: dict[str, PyJWK] = {}
        if settings.jwks:
            self._keys = load_jwks(settings.jwks)
        elif not secret:
            raise ConfigError("no API token keys: set HRKIT_JWKS or HRKIT_JWT_SECRET")

    def verify(self, authorization: str | None) -> Principal:
        """The principal of an `Authorization: Bearer …` header value."""
        if not authorization:
            raise AuthError("missing bearer token")
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("expected an Authorization: Bearer token")
        token = token.strip()
        if len(token) > MAX_TOKEN_BYTES:
            raise AuthError("token too large")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthError("malformed token") from None
        key, algorithms = self._key_for(header)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self.settings.jwt_audience,
                issuer=self.settings.jwt_issuer,
                leeway=LEEWAY_S,
                options={"require": REQUIRED_CLAIMS, "verify_signature": True},
            )
        except jwt.ExpiredSignatureError:
            raise AuthError("token expired") from None
        except jwt.ImmatureSignatureError:
            raise AuthError("token not yet valid") from None
        except jwt.MissingRequiredClaimError as exc:
            raise AuthError(f"token lacks the {exc.claim} claim") from None
        except (jwt.InvalidAudienceError, jwt.InvalidIssuerError):
            raise AuthError("token not issued for this API") from None
        except jwt.PyJWTError:
            raise AuthError("invalid token") from None
        return principal_from(claims)

    def _key_for(self, header: Mapping[str, Any]) -> tuple[Any, list[str]]:
        alg = header.get("alg")
        if any(name in header for name in KEY_CARRYING_HEADERS):
            # Keys come from configuration only, never from the token that wants to be trusted.
            raise AuthError("token names its own key")
        if self._keys:
            if alg not in ASYMMETRIC_ALGS:
                raise AuthError("unsupported token algorithm")
            kid = header.get("kid")
            # `kid` is only ever a lookup key into the configured JWKS, never a URL or path.
            if not isinstance(kid, str) or kid not in self._keys:
                raise AuthError("unknown signing key")
            jwk = self._keys[kid]
            if jwk.algorithm_name != alg:
                raise AuthError("token algorithm does not match its key")
            return jwk.key, [alg]
        if alg != "HS256":
            raise AuthError("unsupported token algorithm")
        if "kid" in header:
            raise AuthError("unknown signing key")  # the development secret has no key id
        return self._secret, ["HS256"]


def principal_from(claims: Mapping[str, Any]) -> Principal:
    tenant, roles, subject = claims.get("tenant"), claims.get("roles"), claims.get("sub")
    if not isinstance(tenant, str) or not tenant:
        raise AuthError("token lacks the tenant claim")
    try:
        check_tenant_slug(tenant)
    except ConfigError:
        raise AuthError("invalid tenant claim") from None
    if not isinstance(roles, list) or not roles or not all(isinstance(r, str) for r in roles):
        raise AuthError("token lacks the roles claim")
    try:
        parsed = frozenset(AccessRole(role) for role in roles)
    except ValueError:
        raise AuthError("unknown role in token") from None
    if not isinstance(subject, str) or not subject:
        raise AuthError("token lacks the sub claim")
    return Principal(subject=subject, tenant=tenant, roles=parsed)


def load_jwks(source: str) -> dict[str, PyJWK]:
    """`HRKIT_JWKS`: a file path or an https URL of a JWKS; keys without `kid` are refused."""
    try:
        if source.startswith(("https://", "http://")):
            import httpx

            text = httpx.get(source, timeout=10, follow_redirects=False).raise_for_status().text
        else:
            text = Path(source).read_text(encoding="utf-8")
        data = json.loads(text)
        keys = PyJWKSet.from_dict(data).keys
    except (OSError, ValueError, jwt.PyJWTError) as exc:
        raise ConfigError(f"cannot load HRKIT_JWKS {source!r}: {exc}") from None
    except Exception as exc:  # httpx errors: the API must not start half-configured
        raise ConfigError(f"cannot load HRKIT_JWKS {source!r}: {type(exc).__name__}") from None
    found = {}
    for key in keys:
        if not key.key_id:
            raise ConfigError(f"HRKIT_JWKS {source!r}: every key needs a kid")
        if key.algorithm_name not in ASYMMETRIC_ALGS:
            raise ConfigError(f"HRKIT_JWKS {source!r}: key {key.key_id} is not RS256/ES256/EdDSA")
        found[key.key_id] = key
    return found
