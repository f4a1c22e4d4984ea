from __future__ import annotations

from datetime import UTC, datetime

import jwt
import pytest

from hrkit.auth.secret import development_secret
from hrkit.auth.tokens import mint_token
from hrkit.errors import HrkitError
from hrkit.settings import Settings
from hrkit.store.database import Database

SECRET = "s" * 40


def decode(token: str, settings: Settings, secret: str = SECRET) -> dict:
    return jwt.decode(
        token,
        secret,
        algorithms=["HS256"],
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        options={"require": ["sub", "exp", "iat", "iss", "aud", "tenant", "roles"]},
    )


def test_token_carries_exactly_the_contract_claims() -> None:
    settings = Settings()
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    token = mint_token(
        secret=SECRET,
        settings=settings,
        tenant="acme",
        roles=["manager"],
        subject="boss@acme.example",
        ttl_s=600,
        now=now,
    )
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(
        token,
        SECRET,
        algorithms=["HS256"],
        audience="hrkit",
        options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
    )
    assert claims["sub"] == "boss@acme.example"
    assert claims["tenant"] == "acme"
    assert claims["roles"] == ["manager"]
    assert claims["iss"] == "hrkit" and claims["aud"] == "hrkit"
    assert claims["iat"] == int(now.timestamp())
    assert claims["exp"] - claims["iat"] == 600
    assert claims["jti"]


def test_issuer_and_audience_follow_the_settings() -> None:
    settings = Settings.from_env({"HRKIT_JWT_ISSUER": "corp-idp", "HRKIT_JWT_AUDIENCE": "hr-api"})
    token = mint_token(secret=SECRET, settings=settings, tenant="default", roles=["hris"])
    claims = decode(token, settings)
    assert (claims["iss"], claims["aud"]) == ("corp-idp", "hr-api")
    with pytest.raises((jwt.InvalidAudienceError, jwt.InvalidIssuerError)):
        decode(token, Settings())


def test_several_roles_are_deduplicated_and_sorted() -> None:
    token = mint_token(
        secret=SECRET,
        settings=Settings(),
        tenant="default",
        roles=["recruiter", "hr_admin", "hr_admin"],
    )
    assert decode(token, Settings())["roles"] == ["hr_admin", "recruiter"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"roles": ["boss"]}, "unknown role"),
        ({"roles": []}, "at least one role"),
        ({"ttl_s": 0}, "--ttl"),
        ({"secret": "short"}, "at least 32 bytes"),
        ({"tenant": "Not A Slug"}, "invalid tenant name"),
    ],
)
def test_bad_token_requests_are_refused(kwargs: dict, message: str) -> None:
    args = {"secret": SECRET, "settings": Settings(), "tenant": "default", "roles": ["hris"]}
    args.update(kwargs)
    with pytest.raises(HrkitError, match=message):
        mint_token(**args)


def test_a_token_signed_with_another_secret_does_not_verify() -> None:
    token = mint_token(secret=SECRET, settings=Settings(), tenant="default", roles=["hris"])
    with pytest.raises(jwt.InvalidSignatureError):
        decode(token, Settings(), secret="t" * 40)


def test_development_secret_is_generated_once_per_database(db: Database) -> None:
    first = development_secret(db, Settings())
    second = development_secret(db, Settings())
    assert first == second and len(first) >= 32
    assert development_secret(db, Settings(jwt_secret="x" * 40)) == "x" * 40
