"""Attacks on the engine with freshly generated keys, one per case of the status table.

Each test states the status the contract gives; together they are the "zero false accepts"
check: nothing here may come out `verified` unless it truly is.
"""

from __future__ import annotations

import gzip
import hmac
import json
import time
import tracemalloc
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrkit.model.enums import CheckName, CheckResult, CredentialFormat, VerificationStatus
from hrkit.verify.context import VerifyContext
from hrkit.verify.docmap import DocumentMap
from hrkit.verify.document import Document
from hrkit.verify.engine import Engine
from hrkit.verify.fetch import Fetcher
from hrkit.verify.result import Verification
from hrkit.verify.trust import StaticTrustRegistry
from tests.factories.credentials import Issuer, b64url, status_entry
from tests.httpserver import LocalHTTPServer

S, C, R = VerificationStatus, CheckName, CheckResult
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def run(
    data: str | bytes | dict[str, Any],
    *,
    documents: dict[str, Any] | None = None,
    allow: tuple[str, ...] = (),
    offline: bool = True,
    now: datetime = NOW,
    trust: dict[str, str] | None = None,
    recipient: str | None = None,
    tmp_path: Path | None = None,
) -> list[Verification]:
    """Verify `data`; `documents` maps URL → JSON-able value (written to tmp_path) or Path."""
    entries: dict[str, Path] = {}
    for number, (url, value) in enumerate((documents or {}).items()):
        if isinstance(value, Path):
            entries[url] = value
            continue
        assert tmp_path is not None
        path = tmp_path / f"doc{number}.json"
        path.write_text(value if isinstance(value, str) else json.dumps(value))
        entries[url] = path
    raw = (
        json.dumps(data).encode()
        if isinstance(data, dict)
        else (data.encode() if isinstance(data, str) else data)
    )
    fetcher = Fetcher(
        documents=DocumentMap(entries, base=Path("/")),
        offline=offline,
        allow_hosts=allow,
        timeout=2,
    )
    ctx = VerifyContext(
        fetcher=fetcher,
        now=now,
        recipient=recipient,
        trust=StaticTrustRegistry(trust) if trust is not None else None,
    )
    try:
        return Engine().verify(Document("input", raw), ctx)
    finally:
        fetcher.close()


def one(*args: Any, **kwargs: Any) -> Verification:
    [result] = run(*args, **kwargs)
    return result


def result_of(verification: Verification, check: CheckName) -> CheckResult | None:
    found = verification.check(check)
    return found.result if found else None


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    return Issuer()


# --- tampering, wrong keys, algorithms ---------------------------------------------------------


def test_genuine_credentials_verify(issuer: Issuer) -> None:
    for document in (
        issuer.jwt(),
        issuer.legacy_jwt(),
        issuer.di(),
        issuer.di(suite="eddsa-jcs-2022"),
    ):
        assert one(document).status is S.VERIFIED


def test_tampered_jwt_payload_is_invalid(issuer: Issuer) -> None:
    header, payload, signature = issuer.jwt().split(".")
    claims = json.loads(__import__("base64").urlsafe_b64decode(payload + "=="))
    claims["name"] = "Expert in Everything"
    forged = f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"
    verification = one(forged)
    assert verification.status is S.INVALID
    assert result_of(verification, C.SIGNATURE) is R.FAIL


def test_tampered_data_integrity_credential_is_invalid(issuer: Issuer) -> None:
    signed = issuer.di()
    signed["credentialSubject"]["achievement"]["name"] = "Expert in Everything"
    assert one(signed).status is S.INVALID


def test_a_credential_signed_by_another_key_is_invalid(issuer: Issuer) -> None:
    thief = Issuer()
    token = issuer.sign_jwt({**issuer.credential(), "iss": issuer.id}, key=thief.key)
    assert one(token).status is S.INVALID


def test_alg_none_is_invalid(issuer: Issuer) -> None:
    claims = {**issuer.credential(), "iss": issuer.id}
    for signature in ("", "c2lnbmF0dXJl"):
        token = f"{b64url(json.dumps({'alg': 'none', 'typ': 'vc+jwt'}).encode())}.{b64url(json.dumps(claims).encode())}.{signature}"
        verification = one(token)
        assert verification.status is S.INVALID
        assert "none" in (verification.check(C.SIGNATURE).message or "")


def test_hs256_made_with_the_issuers_rsa_public_key_is_refused(tmp_path: Path) -> None:
    """Key confusion: HMAC keyed with the public key the verifier would look up."""
    rsa_issuer = Issuer(alg="RS256", url="https://rsa.example/issuer")
    pem = rsa_issuer.key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64url(json.dumps({"alg": "HS256", "kid": "key-1", "typ": "vc+jwt"}).encode())
    body = b64url(json.dumps({**rsa_issuer.credential(), "iss": rsa_issuer.id}).encode())
    mac = hmac.new(pem, f"{header}.{body}".encode(), sha256).digest()
    documents = {"https://rsa.example/.well-known/jwks.json": rsa_issuer.jwks()}
    verification = one(f"{header}.{body}.{b64url(mac)}", documents=documents, tmp_path=tmp_path)
    assert verification.status is S.MALFORMED
    assert "HS256" in (verification.check(C.PARSE).message or "")


def test_rs256_from_an_https_issuer_verifies_with_its_published_key(tmp_path: Path) -> None:
    rsa_issuer = Issuer(alg="RS256", url="https://rsa.example/issuer")
    documents = {"https://rsa.example/.well-known/jwks.json": rsa_issuer.jwks()}
    verification = one(rsa_issuer.jwt(), documents=documents, tmp_path=tmp_path)
    assert verification.status is S.VERIFIED
    assert result_of(verification, C.KEY_BINDING) is R.PASS


def test_an_embedded_jwk_the_issuer_does_not_list_is_unbound(tmp_path: Path) -> None:
    victim = Issuer(alg="ES256", url="https://victim.example/issuer")
    attacker = Issuer(alg="ES256", url="https://attacker.example")
    claims = {**victim.credential(), "iss": victim.id}
    token = attacker.sign_jwt(claims, header={"kid": None, "jwk": attacker.public_jwk()})
    published = {"https://victim.example/.well-known/jwks.json": victim.jwks()}
    verification = one(token, documents=published, tmp_path=tmp_path)
    assert verification.status is S.INVALID
    assert (result_of(verification, C.SIGNATURE), result_of(verification, C.KEY_BINDING)) == (
        R.PASS,
        R.FAIL,
    )
    # Without the victim's documents the binding cannot be decided: never verified.
    assert one(token).status is S.UNVERIFIABLE


def test_iss_that_disagrees_with_the_issuer_is_invalid(issuer: Issuer) -> None:
    other = Issuer()
    token = issuer.legacy_jwt(iss=other.id)
    verification = one(token)
    assert verification.status is S.INVALID


@pytest.mark.parametrize(
    ("claim", "value"),
    [("jti", "urn:uuid:other"), ("sub", "did:example:someone-else"), ("nbf", 1), ("exp", 1)],
)
def test_jwt_claims_that_disagree_with_the_credential_are_invalid(
    issuer: Issuer, claim: str, value: Any
) -> None:
    vc = issuer.credential(validUntil="2030-01-01T00:00:00Z")
    vc["credentialSubject"]["id"] = "did:example:ada"
    verification = one(issuer.legacy_jwt(vc, **{claim: value}))
    assert verification.status is S.INVALID, verification.checks


# --- validity window ---------------------------------------------------------------------------


def test_expired_and_not_yet_valid(issuer: Issuer) -> None:
    expired = issuer.credential(validUntil="2024-06-01T00:00:00Z")
    future = issuer.credential(validFrom="2030-01-01T00:00:00Z")
    assert one(issuer.jwt(expired)).status is S.EXPIRED
    assert one(issuer.di(future)).status is S.NOT_YET_VALID
    # The token's own exp/nbf bound the window too.
    assert (
        one(issuer.sign_jwt({**issuer.credential(), "iss": issuer.id, "exp": 1704067200})).status
        is S.EXPIRED
    )
    # A few minutes of clock skew are tolerated.
    assert (
        one(issuer.jwt(issuer.credential(validUntil="2024-12-31T23:58:00Z"))).status is S.VERIFIED
    )


# --- status lists over a real HTTP server ------------------------------------------------------


def _listed(issuer: Issuer, server: LocalHTTPServer, index: int, **list_kwargs: Any) -> str:
    url = server.url("/status/1")
    size = list_kwargs.get("size", 1)
    purpose = list_kwargs.get("purpose", "revocation")
    server.route(
        "/status/1",
        issuer.status_list(url, **list_kwargs),
        headers={"Content-Type": "application/vc+jwt"},
    )
    vc = issuer.credential(credentialStatus=status_entry(url, index, purpose, size))
    return issuer.jwt(vc)


def test_revoked_via_a_real_bitstring_list(issuer: Issuer, local_http: LocalHTTPServer) -> None:
    token = _listed(issuer, local_http, 42, set_bits={42: 1})
    verification = one(token, allow=("127.0.0.1",), offline=False)
    assert verification.status is S.REVOKED
    assert local_http.requests == ["/status/1"]


def test_not_revoked_when_the_bit_is_clear(issuer: Issuer, local_http: LocalHTTPServer) -> None:
    token = _listed(issuer, local_http, 41, set_bits={42: 1})
    assert one(token, allow=("127.0.0.1",), offline=False).status is S.VERIFIED


def test_suspended_with_a_two_bit_status_size(issuer: Issuer, local_http: LocalHTTPServer) -> None:
    token = _listed(issuer, local_http, 7, set_bits={7: 2}, purpose="suspension", size=2)
    assert one(token, allow=("127.0.0.1",), offline=False).status is S.SUSPENDED


def test_unreachable_status_list_is_unverifiable(
    issuer: Issuer, local_http: LocalHTTPServer
) -> None:
    url = local_http.url("/missing")
    token = issuer.jwt(issuer.credential(credentialStatus=status_entry(url, 3)))
    verification = one(token, allow=("127.0.0.1",), offline=False)
    assert verification.status is S.UNVERIFIABLE
    assert result_of(verification, C.STATUS) is R.INDETERMINATE


def test_a_status_list_signed_by_someone_else_cannot_clear(
    issuer: Issuer, local_http: LocalHTTPServer
) -> None:
    forger = Issuer()
    url = local_http.url("/status/1")
    local_http.route("/status/1", forger.status_list(url))  # says: nothing revoked
    token = issuer.jwt(issuer.credential(credentialStatus=status_entry(url, 42)))
    verification = one(token, allow=("127.0.0.1",), offline=False)
    assert verification.status is S.UNVERIFIABLE
    assert "not by the issuer" in (verification.check(C.STATUS).message or "")


def test_a_gzip_bomb_status_list_is_refused_quickly(
    issuer: Issuer, local_http: LocalHTTPServer
) -> None:
    bomb = "u" + b64url(gzip.compress(b"\0" * 64_000_000, compresslevel=9))
    token = _listed(issuer, local_http, 1, encoded=bomb)
    tracemalloc.start()
    started = time.monotonic()
    verification = one(token, allow=("127.0.0.1",), offline=False)
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert verification.status is S.UNVERIFIABLE
    assert "decompresses to more than" in (verification.check(C.STATUS).message or "")
    assert elapsed < 5 and peak < 64 * 1024 * 1024


def test_status_urls_of_an_unproven_credential_are_never_fetched(
    issuer: Issuer, local_http: LocalHTTPServer
) -> None:
    forger = Issuer()
    url = local_http.url("/status/1")
    vc = issuer.credential(credentialStatus=status_entry(url, 1))
    forged = issuer.sign_jwt({**vc, "iss": issuer.id}, key=forger.key)
    assert one(forged, allow=("127.0.0.1",), offline=False).status is S.INVALID
    assert local_http.requests == []


# --- SSRF --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/status/1",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/list",
        "http://[::1]:{port}/list",
        "http://localhost:{port}/status/1",
        "http://2130706433:{port}/status/1",
    ],
)
def test_status_lists_at_internal_addresses_are_refused_without_contact(
    issuer: Issuer, local_http: LocalHTTPServer, url: str
) -> None:
    target = url.format(port=local_http.port)
    local_http.route("/status/1", issuer.status_list(target))
    token = issuer.jwt(issuer.credential(credentialStatus=status_entry(target, 1)))
    verification = one(token, offline=False)  # nothing allowed
    assert verification.status is S.UNVERIFIABLE
    assert "refused" in (verification.check(C.STATUS).message or "")
    assert local_http.requests == []


def test_a_redirect_to_the_metadata_service_is_refused(
    issuer: Issuer, local_http: LocalHTTPServer
) -> None:
    local_http.route(
        "/status/1", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    url = local_http.url("/status/1")
    token = issuer.jwt(issuer.credential(credentialStatus=status_entry(url, 1)))
    verification = one(token, allow=("127.0.0.1",), offline=False)
    assert verification.status is S.UNVERIFIABLE
    assert "169.254.169.254" in (verification.check(C.STATUS).message or "")


def test_a_credential_url_at_an_internal_address_is_refused(local_http: LocalHTTPServer) -> None:
    verification = one(local_http.url("/credential.json"), offline=False)
    assert verification.status is S.UNVERIFIABLE
    assert local_http.requests == []


# --- trust and recipient -----------------------------------------------------------------------


def test_untrusted_issuer(issuer: Issuer) -> None:
    token = issuer.jwt()
    assert one(token, trust={"did:web:trusted.example": "Trusted"}).status is S.UNTRUSTED_ISSUER
    verification = one(token, trust={issuer.id: "Test Issuer"})
    assert verification.status is S.VERIFIED and verification.issuer_trusted is True


def test_recipient_mismatch(issuer: Issuer) -> None:
    token = issuer.jwt(issuer.credential(subject_email="ada@example.org"))
    assert one(token, recipient="eve@example.org").status is S.RECIPIENT_MISMATCH
    assert one(token, recipient=" Ada@Example.org").status is S.VERIFIED


def test_precedence_revoked_before_expired(issuer: Issuer, local_http: LocalHTTPServer) -> None:
    url = local_http.url("/status/1")
    local_http.route("/status/1", issuer.status_list(url, set_bits={5: 1}))
    vc = issuer.credential(validUntil="2024-06-01T00:00:00Z", credentialStatus=status_entry(url, 5))
    assert one(issuer.jwt(vc), allow=("127.0.0.1",), offline=False).status is S.REVOKED


# --- presentations -----------------------------------------------------------------------------


def test_each_credential_of_a_presentation_is_its_own_line(issuer: Issuer) -> None:
    holder = Issuer()
    good = issuer.jwt()
    bad = issuer.jwt(issuer.credential(validUntil="2024-06-01T00:00:00Z"))
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder.id,
        "verifiableCredential": [
            {
                "@context": "https://www.w3.org/ns/credentials/v2",
                "type": "EnvelopedVerifiableCredential",
                "id": f"data:application/vc+jwt,{token}",
            }
            for token in (good, bad)
        ]
        + [issuer.di()],
    }
    token = holder.sign_jwt({**vp, "iss": holder.id}, header={"typ": "vp+jwt"})
    results = run(token)
    assert [r.status for r in results] == [S.VERIFIED, S.EXPIRED, S.VERIFIED]
    assert {r.presentation["format"] for r in results} == {"vp-jwt"}
    assert results[0].presentation["proof"]["result"] == "pass"
    assert [r.format for r in results] == [
        CredentialFormat.VC_JWT,
        CredentialFormat.VC_JWT,
        CredentialFormat.VC_DATA_INTEGRITY,
    ]
    as_json = run(json.dumps(vp))
    assert [r.status for r in as_json] == [S.VERIFIED, S.EXPIRED, S.VERIFIED]
    assert as_json[0].to_json()["format"] == "vp-json"
    assert as_json[0].presentation["proof"]["result"] == "skipped"


def test_a_forged_presentation_signature_is_reported_without_touching_the_credentials(
    issuer: Issuer,
) -> None:
    holder, thief = Issuer(), Issuer()
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder.id,
        "verifiableCredential": [issuer.di()],
    }
    token = holder.sign_jwt({**vp, "iss": holder.id}, header={"typ": "vp+jwt"}, key=thief.key)
    [result] = run(token)
    assert result.status is S.VERIFIED  # the credential proves itself
    assert result.presentation["proof"]["result"] == "fail"


# --- malformed and hostile inputs --------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"garbage \x00\xff\xfe",
        b"not.a.jwt",
        b"eyJhbGciOiJFZERTQSJ9.e30",
        b'{"@context": 5}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b'{"x": "' + b"y" * 3_000_000 + b'"}',
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        b"<svg xmlns='http://www.w3.org/2000/svg'><foo/></svg>",
    ],
    ids=[
        "empty",
        "garbage",
        "three-words",
        "two-segments",
        "bad-context",
        "deep-array",
        "deep-object",
        "multi-mb",
        "truncated-png",
        "svg-without-badge",
    ],
)
def test_hostile_inputs_are_answered_quickly_with_bounded_memory(data: bytes) -> None:
    tracemalloc.start()
    started = time.monotonic()
    results = run(data)
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [r.status for r in results] == [S.MALFORMED]
    assert elapsed < 3
    assert peak < 80 * 1024 * 1024


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), replacement=st.characters(codec="ascii"))
def test_no_single_character_change_of_a_token_is_accepted(
    issuer: Issuer, position: int, replacement: str
) -> None:
    token = issuer.jwt()
    index = position % len(token)
    if token[index] == replacement:
        return
    mutated = token[:index] + replacement + token[index + 1 :]
    assert one(mutated).status is not S.VERIFIED


# --- key types and DID methods -----------------------------------------------------------------


def test_p256_did_key_issuer_verifies() -> None:
    p256 = Issuer(alg="ES256")
    assert p256.id.startswith("did:key:zDn")
    assert one(p256.jwt()).status is S.VERIFIED


def test_did_jwk_issuer_is_its_own_key() -> None:
    from tests.factories.credentials import b64url as encode

    holder = Issuer(alg="ES256")
    did = "did:jwk:" + encode(
        json.dumps({k: v for k, v in holder.public_jwk().items() if k != "kid"}).encode()
    )
    vc = holder.credential(issuer={"id": did, "type": ["Profile"], "name": "JWK issuer"})
    token = holder.sign_jwt({**vc, "iss": did}, header={"kid": f"{did}#0"})
    verification = one(token)
    assert verification.status is S.VERIFIED
    assert result_of(verification, C.KEY_BINDING) is R.PASS


def test_did_web_issuer_binds_through_its_did_document(tmp_path: Path) -> None:
    issuer = Issuer(url="did:web:badges.example")
    issuer.vm = issuer.kid = "did:web:badges.example#key-1"
    document = {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": "did:web:badges.example",
        "verificationMethod": [
            {
                "id": issuer.vm,
                "type": "JsonWebKey2020",
                "controller": issuer.id,
                "publicKeyJwk": issuer.public_jwk(),
            }
        ],
        "assertionMethod": [issuer.vm],
    }
    url = "https://badges.example/.well-known/did.json"
    assert one(issuer.jwt(), documents={url: document}, tmp_path=tmp_path).status is S.VERIFIED
    assert one(issuer.di(), documents={url: document}, tmp_path=tmp_path).status is S.VERIFIED
    # Not authorised for assertions: listed, but only for authentication.
    document["assertionMethod"] = []
    verification = one(issuer.jwt(), documents={url: document}, tmp_path=tmp_path)
    assert verification.status is S.INVALID
    assert result_of(verification, C.KEY_BINDING) is R.FAIL
    # Unresolvable: never verified.
    assert one(issuer.jwt()).status is S.UNVERIFIABLE
