"""The JWT attack corpus: every wrong token is HTTP 401 with no data."""

from __future__ import annotations

import base64
import hmac
import json
import time
from hashlib import sha256

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.graphql.conftest import SECRET, Api, token

QUERY = "{ viewer { subject tenant roles } people { totalCount } }"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**overrides: object) -> dict[str, object]:
    now = int(time.time())
    base: dict[str, object] = {
        "sub": "a@acme.example",
        "iat": now,
        "exp": now + 600,
        "iss": "hrkit",
        "aud": "hrkit",
        "tenant": "acme",
        "roles": ["hr_admin"],
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def hs(payload: dict[str, object], secret: str = SECRET, **header: object) -> str:
    return jwt.encode(payload, secret, algorithm="HS256", headers=header or None)


RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
RSA_PEM = RSA_KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)


def none_alg() -> str:
    return f"{b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{b64(json.dumps(claims()).encode())}."


def hs_with_public_key() -> str:
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(claims()).encode())
    mac = hmac.new(RSA_PEM, f"{header}.{body}".encode(), sha256).digest()
    return f"{header}.{body}.{b64(mac)}"


CORPUS = {
    "no token": None,
    "not bearer": "Basic " + b64(b"a:b"),
    "garbage": "Bearer not.a.token",
    "alg none": "Bearer " + none_alg(),
    "wrong secret": "Bearer " + hs(claims(), secret="another-secret-" + "y" * 40),
    "rs256 token": "Bearer " + jwt.encode(claims(), RSA_KEY, algorithm="RS256"),
    "hs/rs confusion": "Bearer " + hs_with_public_key(),
    "expired": "Bearer " + hs(claims(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200)),
    "wrong audience": "Bearer " + hs(claims(aud="someone-else")),
    "wrong issuer": "Bearer " + hs(claims(iss="evil")),
    "no sub": "Bearer " + hs(claims(sub=None)),
    "no exp": "Bearer " + hs(claims(exp=None)),
    "no iat": "Bearer " + hs(claims(iat=None)),
    "no tenant": "Bearer " + hs(claims(tenant=None)),
    "no roles": "Bearer " + hs(claims(roles=None)),
    "empty roles": "Bearer " + hs(claims(roles=[])),
    "unknown role": "Bearer " + hs(claims(roles=["hr_admin", "superuser"])),
    "roles not a list": "Bearer " + hs(claims(roles="hr_admin")),
    "unknown tenant": "Bearer " + hs(claims(tenant="nowhere")),
    "bad tenant": "Bearer " + hs(claims(tenant="../etc")),
    "hostile kid": "Bearer " + hs(claims(), kid="../../../../etc/passwd"),
    "kid url": "Bearer " + hs(claims(), kid="https://evil.example/jwks.json"),
    "jku header": "Bearer "
    + jwt.encode(
        claims(), RSA_KEY, algorithm="RS256", headers={"jku": "https://evil.example/jwks"}
    ),
    "huge": "Bearer " + "a" * 20_000,
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_tokens_are_401_without_data(api: Api, world, name: str) -> None:
    header = CORPUS[name]
    headers = {"Authorization": header} if header else {}
    response = api.client.post("/graphql", json={"query": QUERY}, headers=headers)
    assert response.status_code == 401, response.text
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["message"].startswith("unauthenticated")
    assert len(body["errors"][0]["message"]) < 80


def test_a_good_token_works_and_viewer_reflects_it(api: Api, world) -> None:
    data = api.data(QUERY, bearer=token("acme", "hr_admin", "hris", sub="hr@acme.example"))
    assert data["viewer"] == {
        "subject": "hr@acme.example",
        "tenant": "acme",
        "roles": ["hr_admin", "hris"],
    }
    assert data["people"]["totalCount"] == 7


def test_graphiql_page_needs_no_token(api: Api) -> None:
    response = api.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()
    # …but a query over GET does.
    response = api.client.get("/graphql", params={"query": "{ viewer { subject } }"})
    assert response.status_code == 401


def test_static_pages_and_health_need_no_token(api: Api) -> None:
    page = api.client.get("/ui/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'href="/graphql"' in page.text
    assert api.client.get("/ui/no-such-page.html").status_code == 404
    assert api.client.get("/healthz").json() == {"status": "ok"}


def test_jwks_mode_accepts_asymmetric_tokens_only(tmp_path, db, world) -> None:
    from graphql_schema.app import create_app
    from hrkit.settings import Settings
    from tests.asgi import ASGIClient

    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(RSA_KEY.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]}))
    settings = Settings(database_url=str(db.url), jwks=str(jwks))
    client = ASGIClient(create_app(settings, db))
    if True:
        good = jwt.encode(claims(), RSA_KEY, algorithm="RS256", headers={"kid": "k1"})
        ok = client.post(
            "/graphql", json={"query": QUERY}, headers={"Authorization": f"Bearer {good}"}
        )
        assert ok.status_code == 200 and ok.json()["data"]["people"]["totalCount"] == 7
        for bad in (
            jwt.encode(claims(), RSA_KEY, algorithm="RS256"),  # no kid
            jwt.encode(claims(), RSA_KEY, algorithm="RS256", headers={"kid": "k2"}),
            hs(claims()),  # HS256 is not accepted with a JWKS
            hs_with_public_key(),
        ):
            response = client.post(
                "/graphql", json={"query": QUERY}, headers={"Authorization": f"Bearer {bad}"}
            )
            assert response.status_code == 401, bad
