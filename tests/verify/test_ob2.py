"""Open Badges 2.0: the 1EdTech fixtures, hosted badges over real HTTP, signed badges attacked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from hrkit.model.enums import CheckName, CheckResult, CredentialFormat, VerificationStatus
from hrkit.verify import jose
from hrkit.verify.baked import extract_baked
from hrkit.verify.context import VerifyContext
from hrkit.verify.docmap import DocumentMap
from hrkit.verify.document import Document
from hrkit.verify.engine import Engine
from hrkit.verify.fetch import Fetcher
from hrkit.verify.formats.ob2 import Ob2Verifier
from hrkit.verify.result import Verification
from hrkit.verify.trust import StaticTrustRegistry
from tests.httpserver import LocalHTTPServer

OB20 = Path(__file__).resolve().parents[3] / "shared/conformance/1edtech-validator-fixtures/ob20"
NOW = datetime(2024, 6, 1, tzinfo=UTC)
V2 = "https://w3id.org/openbadges/v2"
JSON = {"Content-Type": "application/json"}
S, C = VerificationStatus, CheckName
PASS, FAIL, UNKNOWN = CheckResult.PASS, CheckResult.FAIL, CheckResult.INDETERMINATE
pytestmark = pytest.mark.skipif(not OB20.is_dir(), reason="conformance fixtures absent")

# Fixture → expected status and the check that decides it. Upstream (OB20Tests.java) expects the
# same outcomes except where noted; documents that are not assertions are validated upstream as
# standalone nodes, while hrkit verifies credentials only and names what it was given.
FIXTURES: list[tuple[str, VerificationStatus, CheckName, CheckResult]] = [
    ("basic-assertion.json", S.VERIFIED, C.KEY_BINDING, PASS),
    ("basic-assertion-expired.json", S.EXPIRED, C.VALIDITY_PERIOD, FAIL),
    ("basic-assertion-in-future.json", S.NOT_YET_VALID, C.VALIDITY_PERIOD, FAIL),
    ("basic-assertion-expired-before-issued.json", S.MALFORMED, C.SCHEMA, FAIL),
    ("basic-assertion-invalid-context.json", S.MALFORMED, C.SCHEMA, FAIL),
    ("basic-assertion-invalid-type.json", S.MALFORMED, C.SCHEMA, FAIL),
    ("basic-assertion-no-public-key.json", S.VERIFIED, C.KEY_BINDING, PASS),
    ("basic-assertion-with-language.json", S.VERIFIED, C.SCHEMA, PASS),
    ("basic-assertion-with-allowed-origins.json", S.VERIFIED, C.KEY_BINDING, PASS),
    (
        "basic-assertion-with-allowed-origins-valid-starts-with.json",
        S.VERIFIED,
        C.KEY_BINDING,
        PASS,
    ),
    (
        "basic-assertion-with-allowed-origins-valid-multiple-starts-with.json",
        S.VERIFIED,
        C.KEY_BINDING,
        PASS,
    ),
    (
        "basic-assertion-with-allowed-origins-invalid-starts-with.json",
        S.INVALID,
        C.KEY_BINDING,
        FAIL,
    ),
    (
        "basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json",
        S.INVALID,
        C.KEY_BINDING,
        FAIL,
    ),
    ("assertion-with-data-image.json", S.VERIFIED, C.SCHEMA, PASS),
    ("assertion-with-endorsements.json", S.VERIFIED, C.KEY_BINDING, PASS),
    ("assertion-with-extension-node-basic.json", S.VERIFIED, C.SCHEMA, PASS),
    ("assertion-with-extension-node-invalid.json", S.MALFORMED, C.SCHEMA, FAIL),
    ("assertion-with-multiple-extensions.json", S.VERIFIED, C.SCHEMA, PASS),
    # The BadgeClass at altbadgeurl.json names itself robotics-badge.json: that original is used.
    ("warning-with-redirection.json", S.VERIFIED, C.KEY_BINDING, PASS),
    # Upstream: valid with a warning. Its issuer's id is urn:uuid:…, which has no origin: the
    # official validator then skips the origin rule, so anyone could host assertions "from" it.
    ("warning-issuer-non-http.json", S.INVALID, C.KEY_BINDING, FAIL),
    # Not JSON (it carries // comments): upstream serves it as a redirect target only.
    ("redirected-validation-subject.json", S.MALFORMED, C.PARSE, FAIL),
    ("simple-badge.png", S.VERIFIED, C.KEY_BINDING, PASS),
    ("simple.jwt", S.VERIFIED, C.SIGNATURE, PASS),
    ("simple-not-revoked.jwt", S.VERIFIED, C.STATUS, PASS),
    ("simple-revoked.jwt", S.REVOKED, C.STATUS, FAIL),
    ("badge-class-with-language.json", S.MALFORMED, C.SCHEMA, FAIL),
    ("issuer-compact-iri-validation.json", S.MALFORMED, C.SCHEMA, FAIL),
    ("assets/badgeclass1.json", S.MALFORMED, C.SCHEMA, FAIL),
    ("assets/badge-with-data-image.json", S.MALFORMED, C.SCHEMA, FAIL),
    ("assets/badgeclass-with-complex-image.json", S.MALFORMED, C.SCHEMA, FAIL),
    *[
        (f"rdf-validation/{name}", S.MALFORMED, C.SCHEMA, FAIL)
        for name in (
            "badge-class-invalid-issuer-type.json",
            "invalid-class.json",
            "invalid-empty-type.json",
            "invalid-one-invalid-class.json",
            "valid-alignment-object.json",
            "valid-badge-class-empty-criteria-type.json",
            "valid-badge-class.json",
            "valid-cool-class.json",
            "valid-issuer-extension.json",
        )
    ],
]


def fixture_map(extra: dict[str, Path] | None = None) -> DocumentMap:
    """example.org served from ob20/assets, as upstream's test loader does."""
    entries: dict[str, Path] = {}
    for path in (OB20 / "assets").iterdir():
        for origin in ("https://example.org/", "http://example.org/", "https://www.example.org/"):
            entries[origin + path.name] = path
    entries.update(extra or {})
    return DocumentMap(entries, base=Path("/"))


def offline(documents: DocumentMap, **kwargs: Any) -> VerifyContext:
    return VerifyContext(fetcher=Fetcher(documents=documents, offline=True), now=NOW, **kwargs)


def hosted_at_its_id(path: Path, tmp_path: Path) -> dict[str, Path]:
    """The issuer serves each hosted assertion at its `id`: map the id to the fixture itself."""
    if path.suffix == ".png":
        served = tmp_path / "baked-assertion.json"
        served.write_bytes(extract_baked(path.read_bytes()))
    else:
        served = path
    try:
        value = json.loads(served.read_text())
    except ValueError:
        return {}
    if isinstance(value, dict) and value.get("type") == "Assertion":
        return {value["id"]: served}
    return {}


def verify_fixture(name: str, tmp_path: Path, **kwargs: Any) -> Verification:
    path = OB20 / name
    ctx = offline(fixture_map(hosted_at_its_id(path, tmp_path)), **kwargs)
    [verification] = Engine().verify(Document(name, path.read_bytes()), ctx)
    return verification


@pytest.mark.parametrize(
    ("name", "status", "check", "result"), FIXTURES, ids=[row[0] for row in FIXTURES]
)
def test_1edtech_ob20_fixtures(
    name: str, status: VerificationStatus, check: CheckName, result: CheckResult, tmp_path: Path
) -> None:
    verification = verify_fixture(name, tmp_path)
    found = verification.check(check)
    assert (verification.status, found and found.result) == (status, result), verification.checks
    assert all("\n" not in (c.message or "") for c in verification.checks)


def test_every_ob20_fixture_is_in_the_table() -> None:
    names = {row[0] for row in FIXTURES}
    present = {
        str(p.relative_to(OB20)) for p in [*OB20.glob("*.*"), *OB20.glob("rdf-validation/*.json")]
    }
    assert present <= names


def test_hosted_checks_come_in_the_contract_order(tmp_path: Path) -> None:
    verification = verify_fixture("basic-assertion.json", tmp_path)
    assert [c.check for c in verification.checks] == list(CheckName)
    assert verification.format is CredentialFormat.OB2_HOSTED
    signature = verification.check(C.SIGNATURE)
    assert signature and signature.result is CheckResult.SKIPPED
    assert signature.message == "hosted assertion: authenticity comes from its origin"
    binding = verification.check(C.KEY_BINDING)
    assert binding and binding.message == (
        "the assertion https://example.org/beths-robotics-badge.json is within the verification"
        " scope of the issuer https://example.org/organization.json (same host example.org)"
    )
    assert verification.document and verification.document["id"].endswith("badge.json")
    assert verification.raw == (OB20 / "basic-assertion.json").read_text().strip()
    facts = verification.facts
    assert (facts.issuer_id, facts.issuer_name) == (
        "https://example.org/organization.json",
        "An Example Badge Issuer",
    )
    assert facts.achievement_name == "Awesome Robotics Badge"


def test_signed_fixture_key_checks(tmp_path: Path) -> None:
    verification = verify_fixture("simple.jwt", tmp_path)
    assert verification.format is CredentialFormat.OB2_SIGNED
    assert [c.check for c in verification.checks] == list(CheckName)
    messages = {c.check: c.message for c in verification.checks}
    assert messages[C.SIGNATURE] == "RS256 signature verified with key http://example.org/key1.json"
    assert messages[C.KEY_BINDING] == (
        "key http://example.org/key1.json is listed by the issuer profile "
        "https://example.org/organization.json"
    )
    assert verification.raw == (OB20 / "simple.jwt").read_text().strip()
    revoked = verify_fixture("simple-revoked.jwt", tmp_path)
    status = revoked.check(C.STATUS)
    assert status and status.message == "revoked: A good reason, for sure"


@pytest.mark.parametrize(
    ("email", "status"),
    [("nobody@example.org", S.VERIFIED), ("Nobody@Example.org", S.VERIFIED), ("x@y.z", None)],
)
def test_hosted_recipient(email: str, status: VerificationStatus | None, tmp_path: Path) -> None:
    verification = verify_fixture("basic-assertion.json", tmp_path, recipient=email)
    assert verification.status is (status or S.RECIPIENT_MISMATCH)


def test_hosted_trust_registry(tmp_path: Path) -> None:
    org = "https://example.org/organization.json"
    trusted = verify_fixture(
        "basic-assertion.json", tmp_path, trust=StaticTrustRegistry({org: "Example"})
    )
    assert (trusted.status, trusted.issuer_trusted) == (S.VERIFIED, True)
    other = StaticTrustRegistry({"https://other.example/issuer": "Other"})
    untrusted = verify_fixture("basic-assertion.json", tmp_path, trust=other)
    assert (untrusted.status, untrusted.issuer_trusted) == (S.UNTRUSTED_ISSUER, False)


def test_a_copy_that_differs_from_the_hosted_assertion_is_invalid() -> None:
    served = OB20 / "basic-assertion.json"
    forged = json.loads(served.read_text())
    forged["issuedOn"] = "2023-01-01T00:00:00Z"
    forged["recipient"]["identity"] = "sha256$" + "0" * 64
    ctx = offline(fixture_map({forged["id"]: served}))
    [verification] = (
        Ob2Verifier().verify(Document("forged", json.dumps(forged).encode()), ctx) or []
    )
    signature = verification.check(C.SIGNATURE)
    assert verification.status is S.INVALID
    assert signature and signature.message == (
        "the hosted assertion differs from the copy given (issuedOn, recipient)"
    )
    # The issuer's copy feeds the facts: nothing the forger changed is reported.
    assert verification.facts.issued_on == datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)


def serve(tmp_path: Path, documents: dict[str, Any]) -> DocumentMap:
    """The fixture map plus `documents` (URL → JSON value) written to files."""
    extra = {}
    for index, (url, document) in enumerate(documents.items()):
        path = tmp_path / f"served{index}.json"
        path.write_text(json.dumps(document))
        extra[url] = path
    return fixture_map(extra)


def evil_assertion(badge: Any) -> dict[str, Any]:
    value = json.loads((OB20 / "basic-assertion.json").read_text())
    return {**value, "id": "https://evil.example/a.json", "badge": badge}


def test_an_embedded_issuer_cannot_widen_the_published_policy(tmp_path: Path) -> None:
    badge = json.loads((OB20 / "assets/robotics-badge.json").read_text())
    badge["issuer"] = {
        "id": "https://example.org/organization.json",
        "type": "Issuer",
        "name": "An Example Badge Issuer",
        "url": "https://example.org",
        "email": "contact@example.org",
        "verification": {"allowedOrigins": "evil.example"},
    }
    forged = evil_assertion(badge)
    ctx = offline(serve(tmp_path, {forged["id"]: forged}))
    [verification] = Ob2Verifier().verify(Document("f", json.dumps(forged).encode()), ctx) or []
    binding = verification.check(C.KEY_BINDING)
    assert (verification.status, binding and binding.result) == (S.INVALID, FAIL)
    assert binding and "(same host example.org)" in (binding.message or "")


def test_a_profile_copy_naming_another_issuer_is_replaced_by_the_original(tmp_path: Path) -> None:
    copy = json.loads((OB20 / "assets/organization.json").read_text())
    copy["verification"] = {"allowedOrigins": ["evil.example"]}
    badge = json.loads((OB20 / "assets/robotics-badge.json").read_text())
    badge = {**badge, "id": "https://evil.example/badge.json"}
    badge["issuer"] = "https://evil.example/issuer.json"
    forged = evil_assertion(badge["id"])
    documents = {forged["id"]: forged, badge["id"]: badge, badge["issuer"]: copy}
    ctx = offline(serve(tmp_path, documents))
    [verification] = Ob2Verifier().verify(Document("f", json.dumps(forged).encode()), ctx) or []
    binding = verification.check(C.KEY_BINDING)
    assert (verification.status, binding and binding.result) == (S.INVALID, FAIL)
    assert verification.facts.issuer_id == "https://example.org/organization.json"


def test_revoked_false_served_by_the_issuer_is_no_alteration(tmp_path: Path) -> None:
    value = json.loads((OB20 / "basic-assertion.json").read_text())
    ctx = offline(serve(tmp_path, {value["id"]: {**value, "revoked": False}}))
    [verification] = Ob2Verifier().verify(Document("a", json.dumps(value).encode()), ctx) or []
    assert verification.status is S.VERIFIED


def test_a_hosted_assertion_that_cannot_be_fetched_is_unverifiable() -> None:
    ctx = offline(fixture_map())  # the assertion's id is not in the map
    data = (OB20 / "basic-assertion.json").read_bytes()
    [verification] = Ob2Verifier().verify(Document("a", data), ctx) or []
    status = verification.check(C.STATUS)
    assert verification.status is S.UNVERIFIABLE
    assert status and status.result is UNKNOWN
    assert "cannot obtain the hosted assertion" in (status.message or "")


def test_a_hosted_assertion_whose_id_is_no_url_is_malformed() -> None:
    value = json.loads((OB20 / "basic-assertion.json").read_text())
    value["id"] = "urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4"
    [verification] = Ob2Verifier().verify(Document("a", json.dumps(value).encode()), _ctx()) or []
    assert verification.status is S.MALFORMED
    assert verification.format is CredentialFormat.OB2_HOSTED


def test_a_signed_assertion_given_as_json_is_invalid() -> None:
    value = json.loads((OB20 / "basic-assertion.json").read_text())
    value["verification"] = {"type": "SignedBadge", "creator": "http://example.org/key1.json"}
    [verification] = Ob2Verifier().verify(Document("a", json.dumps(value).encode()), _ctx()) or []
    signature = verification.check(C.SIGNATURE)
    assert (verification.status, verification.format) == (S.INVALID, CredentialFormat.OB2_SIGNED)
    assert signature and "must be given as its JWS" in (signature.message or "")


def test_gone_is_revoked() -> None:
    verification = Ob2Verifier().gone("in", "https://example.org/a.json")
    status = verification.check(C.STATUS)
    assert (verification.status, verification.format) == (S.REVOKED, CredentialFormat.OB2_HOSTED)
    assert status and status.message == (
        "HTTP 410 Gone: the issuer withdrew the assertion https://example.org/a.json"
    )


@pytest.mark.parametrize(
    "text",
    ['{"@context": "https://www.w3.org/ns/credentials/v2"}', "not a badge", "[1, 2]", ""],
)
def test_other_inputs_are_not_ob2(text: str) -> None:
    assert Ob2Verifier().verify(Document("x", text.encode()), _ctx()) is None


def _ctx(**kwargs: Any) -> VerifyContext:
    return offline(fixture_map(), **kwargs)


# --- hosted badges over real HTTP -------------------------------------------------------------


def hashed(email: str, salt: str = "pepper") -> str:
    return "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()


@dataclass
class Site:
    """An issuer on the local server: its profile, one BadgeClass and one hosted assertion."""

    server: LocalHTTPServer
    assertion: dict[str, Any]

    def serve(self, assertion: dict[str, Any] | None = None, status: int = 200) -> None:
        body = json.dumps(assertion or self.assertion)
        self.server.route("/assertions/1.json", body, status=status, headers=JSON)


@pytest.fixture
def site(local_http: LocalHTTPServer) -> Site:
    issuer = local_http.url("/issuer.json")
    badge = local_http.url("/badge.json")
    local_http.route(
        "/issuer.json",
        json.dumps(
            {
                "@context": V2,
                "type": "Issuer",
                "id": issuer,
                "name": "Local Issuer",
                "url": local_http.url("/"),
                "email": "badges@example.org",
            }
        ),
        headers=JSON,
    )
    local_http.route(
        "/badge.json",
        json.dumps(
            {
                "@context": V2,
                "type": "BadgeClass",
                "id": badge,
                "name": "Local Badge",
                "description": "Served from 127.0.0.1",
                "image": local_http.url("/badge.png"),
                "criteria": {"narrative": "Do it."},
                "issuer": issuer,
            }
        ),
        headers=JSON,
    )
    assertion = {
        "@context": V2,
        "type": "Assertion",
        "id": local_http.url("/assertions/1.json"),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": "pepper",
            "identity": hashed("alice@example.org"),
        },
        "badge": badge,
        "issuedOn": "2024-01-02T03:04:05Z",
        "verification": {"type": "hosted"},
    }
    result = Site(local_http, assertion)
    result.serve()
    return result


@pytest.fixture
def http_ctx() -> Iterator[Callable[..., VerifyContext]]:
    fetchers: list[Fetcher] = []

    def make(allow: tuple[str, ...] = ("127.0.0.1",)) -> VerifyContext:
        # A name resolving to loopback, without asking any resolver beyond this process.
        fetcher = Fetcher(allow_hosts=allow, resolver=lambda host, port: ["127.0.0.1"])
        fetchers.append(fetcher)
        return VerifyContext(fetcher=fetcher, now=NOW, recipient="alice@example.org")

    yield make
    for fetcher in fetchers:
        fetcher.close()


def given(assertion: dict[str, Any], label: str = "copy.json") -> Document:
    return Document(label, json.dumps(assertion).encode())


def test_http_hosted_assertion_is_verified(site: Site, http_ctx: Any) -> None:
    [verification] = Engine().verify(given(site.assertion), http_ctx())
    assert verification.status is S.VERIFIED, verification.checks
    assert verification.facts.issuer_name == "Local Issuer"
    recipient = verification.check(C.RECIPIENT)
    assert recipient and recipient.result is PASS
    assert "/assertions/1.json" in site.server.requests


def test_http_hosted_assertion_given_by_url_is_verified(site: Site, http_ctx: Any) -> None:
    url = site.assertion["id"]
    [verification] = Engine().verify(Document(url, url.encode()), http_ctx())
    assert (verification.status, verification.input) == (S.VERIFIED, url)


def test_http_revoked_flag_is_revoked(site: Site, http_ctx: Any) -> None:
    site.serve({"id": site.assertion["id"], "revoked": True, "revocationReason": "cheated"})
    [verification] = Engine().verify(given(site.assertion), http_ctx())
    status = verification.check(C.STATUS)
    assert verification.status is S.REVOKED
    assert status and status.message == (
        f"the issuer marks the assertion {site.assertion['id']} revoked: cheated"
    )


def test_http_410_is_revoked(site: Site, http_ctx: Any) -> None:
    site.serve(status=410)
    [copy] = Engine().verify(given(site.assertion), http_ctx())
    assert copy.status is S.REVOKED
    url = site.assertion["id"]
    [by_url] = Engine().verify(Document(url, url.encode()), http_ctx())
    status = by_url.check(C.STATUS)
    assert (by_url.status, by_url.format) == (S.REVOKED, CredentialFormat.OB2_HOSTED)
    assert status and status.message == f"HTTP 410 Gone: the issuer withdrew the assertion {url}"


def test_http_origin_mismatch_is_invalid(site: Site, http_ctx: Any) -> None:
    # The same server under another host name: a different origin from the issuer's.
    elsewhere = site.assertion["id"].replace("127.0.0.1", "localhost")
    moved = {**site.assertion, "id": elsewhere}
    site.serve(moved)
    [verification] = Engine().verify(given(moved), http_ctx(("127.0.0.1", "localhost")))
    binding = verification.check(C.KEY_BINDING)
    assert verification.status is S.INVALID, verification.checks
    assert binding and binding.result is FAIL
    assert binding.message and f"the assertion {elsewhere} is outside" in binding.message


def test_http_server_down_is_unverifiable(site: Site, http_ctx: Any) -> None:
    site.server.stop()
    [verification] = Engine().verify(given(site.assertion), http_ctx())
    assert verification.status is S.UNVERIFIABLE
    status = verification.check(C.STATUS)
    assert status and status.result is UNKNOWN


def test_http_fetch_refused_is_unverifiable(site: Site, http_ctx: Any) -> None:
    [verification] = Engine().verify(given(site.assertion), http_ctx(allow=()))
    status = verification.check(C.STATUS)
    assert verification.status is S.UNVERIFIABLE
    assert status and "refused" in (status.message or "")


# --- signed badges with fresh keys ------------------------------------------------------------

ISSUER = "https://issuer.example/profile.json"
KEY = "https://issuer.example/keys/1.json"
OTHER_KEY = "https://issuer.example/keys/2.json"
BADGE = "https://issuer.example/badge.json"
REVOCATIONS = "https://issuer.example/revocations.json"


@pytest.fixture(scope="module")
def keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    return (
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


def pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sign(claims: dict[str, Any], key: rsa.RSAPrivateKey, alg: str = "RS256") -> str:
    header = jose.b64url_encode(json.dumps({"alg": alg}).encode())
    payload = jose.b64url_encode(json.dumps(claims).encode())
    signing_input = f"{header}.{payload}".encode()
    if alg == "none":
        return f"{header}.{payload}."
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return f"{header}.{payload}.{jose.b64url_encode(signature)}"


class SignedIssuer:
    """An issuer's documents written to files and mapped to their URLs."""

    def __init__(self, tmp_path: Path, keys: tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]) -> None:
        self.tmp_path = tmp_path
        self.key, self.other = keys
        self.profile: dict[str, Any] = {
            "@context": V2,
            "type": "Issuer",
            "id": ISSUER,
            "name": "Signed Issuer",
            "url": "https://issuer.example/",
            "email": "badges@issuer.example",
            "publicKey": KEY,
            "revocationList": REVOCATIONS,
        }
        self.documents: dict[str, Any] = {
            KEY: self.key_document(KEY, self.key),
            OTHER_KEY: self.key_document(OTHER_KEY, self.other),
            BADGE: {
                "@context": V2,
                "type": "BadgeClass",
                "id": BADGE,
                "name": "Signed Badge",
                "description": "A badge",
                "image": "https://issuer.example/badge.png",
                "criteria": "https://issuer.example/criteria",
                "issuer": ISSUER,
            },
            REVOCATIONS: {"@context": V2, "type": "RevocationList", "revokedAssertions": []},
        }
        self.assertion: dict[str, Any] = {
            "@context": V2,
            "type": "Assertion",
            "id": "urn:uuid:0b4f7a56-1c2e-4f15-9d1a-2f3c4d5e6f70",
            "recipient": {"type": "email", "hashed": False, "identity": "alice@example.org"},
            "badge": BADGE,
            "issuedOn": "2024-01-02T03:04:05Z",
            "verification": {"type": "SignedBadge", "creator": KEY},
        }

    @staticmethod
    def key_document(url: str, key: rsa.RSAPrivateKey) -> dict[str, Any]:
        return {
            "@context": V2,
            "type": "CryptographicKey",
            "id": url,
            "owner": ISSUER,
            "publicKeyPem": pem(key),
        }

    def verify(self, token: str, *, profile: bool = True, **kwargs: Any) -> Verification:
        documents = {**self.documents, **({ISSUER: self.profile} if profile else {})}
        entries = {}
        for index, (url, document) in enumerate(documents.items()):
            path = self.tmp_path / f"doc{index}.json"
            path.write_text(json.dumps(document))
            entries[url] = path
        ctx = offline(DocumentMap(entries, base=Path("/")), **kwargs)
        [verification] = Ob2Verifier().verify(Document("token.jwt", token.encode()), ctx) or []
        return verification


@pytest.fixture
def issuer(tmp_path: Path, keys: tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]) -> SignedIssuer:
    return SignedIssuer(tmp_path, keys)


def outcome(verification: Verification, check: CheckName) -> tuple[Any, Any]:
    found = verification.check(check)
    return verification.status, found and found.result


def test_signed_baseline_is_verified(issuer: SignedIssuer) -> None:
    verification = issuer.verify(sign(issuer.assertion, issuer.key))
    assert outcome(verification, C.KEY_BINDING) == (S.VERIFIED, PASS), verification.checks
    assert verification.format is CredentialFormat.OB2_SIGNED
    assert verification.document == issuer.assertion


def test_signed_tampered_payload_is_invalid(issuer: SignedIssuer) -> None:
    header, _payload, signature = sign(issuer.assertion, issuer.key).split(".")
    changed = {**issuer.assertion, "issuedOn": "2020-01-01T00:00:00Z"}
    forged = f"{header}.{jose.b64url_encode(json.dumps(changed).encode())}.{signature}"
    assert outcome(issuer.verify(forged), C.SIGNATURE) == (S.INVALID, FAIL)


def test_signed_by_another_key_than_the_creator_is_invalid(issuer: SignedIssuer) -> None:
    assert outcome(issuer.verify(sign(issuer.assertion, issuer.other)), C.SIGNATURE) == (
        S.INVALID,
        FAIL,
    )


def test_signed_key_not_listed_by_the_profile_is_invalid(issuer: SignedIssuer) -> None:
    # The key document claims the issuer as its owner: that alone proves nothing.
    claims = {**issuer.assertion, "verification": {"type": "signed", "creator": OTHER_KEY}}
    verification = issuer.verify(sign(claims, issuer.other))
    binding = verification.check(C.KEY_BINDING)
    assert outcome(verification, C.KEY_BINDING) == (S.INVALID, FAIL)
    assert binding and binding.message == (
        f"key {OTHER_KEY} is not listed by the issuer profile {ISSUER} (publicKey: {KEY})"
    )
    status = verification.check(C.STATUS)
    assert status and status.result is CheckResult.SKIPPED


def test_signed_profile_unobtainable_is_unverifiable(issuer: SignedIssuer) -> None:
    verification = issuer.verify(sign(issuer.assertion, issuer.key), profile=False)
    assert outcome(verification, C.KEY_BINDING) == (S.UNVERIFIABLE, UNKNOWN)


def test_signed_alg_none_is_invalid(issuer: SignedIssuer) -> None:
    verification = issuer.verify(sign(issuer.assertion, issuer.key, alg="none"))
    assert outcome(verification, C.SIGNATURE) == (S.INVALID, FAIL)
    assert verification.format is CredentialFormat.OB2_SIGNED


def test_signed_unsupported_alg_is_malformed(issuer: SignedIssuer) -> None:
    verification = issuer.verify(sign(issuer.assertion, issuer.key, alg="HS256"))
    assert outcome(verification, C.PARSE) == (S.MALFORMED, FAIL)


def test_signed_recipient_mismatch(issuer: SignedIssuer) -> None:
    token = sign(issuer.assertion, issuer.key)
    assert issuer.verify(token, recipient="alice@example.org").status is S.VERIFIED
    mismatch = issuer.verify(token, recipient="mallory@example.org")
    assert outcome(mismatch, C.RECIPIENT) == (S.RECIPIENT_MISMATCH, FAIL)


def test_signed_revoked_by_the_issuers_list(issuer: SignedIssuer) -> None:
    issuer.documents[REVOCATIONS]["revokedAssertions"] = [
        {"id": issuer.assertion["id"], "revocationReason": "issued in error"}
    ]
    verification = issuer.verify(sign(issuer.assertion, issuer.key))
    assert outcome(verification, C.STATUS) == (S.REVOKED, FAIL)


def test_signed_revocation_list_unobtainable_is_unverifiable(issuer: SignedIssuer) -> None:
    del issuer.documents[REVOCATIONS]
    verification = issuer.verify(sign(issuer.assertion, issuer.key))
    assert outcome(verification, C.STATUS) == (S.UNVERIFIABLE, UNKNOWN)


def test_signed_untrusted_issuer(issuer: SignedIssuer) -> None:
    token = sign(issuer.assertion, issuer.key)
    registry = StaticTrustRegistry({"https://trusted.example/issuer": "Trusted"})
    verification = issuer.verify(token, trust=registry)
    assert outcome(verification, C.ISSUER_TRUST) == (S.UNTRUSTED_ISSUER, FAIL)
    assert verification.issuer_trusted is False
    trusted = issuer.verify(token, trust=StaticTrustRegistry({ISSUER: "Signed Issuer"}))
    assert (trusted.status, trusted.issuer_trusted) == (S.VERIFIED, True)


def test_signed_without_creator_uses_the_profile_keys(issuer: SignedIssuer) -> None:
    claims = {**issuer.assertion, "verification": {"type": "signed"}}
    issuer.profile["publicKey"] = {"id": KEY, "publicKeyPem": pem(issuer.key)}
    verification = issuer.verify(sign(claims, issuer.key))
    binding = verification.check(C.KEY_BINDING)
    assert outcome(verification, C.SIGNATURE) == (S.VERIFIED, PASS), verification.checks
    assert binding and binding.message == f"key {KEY} is listed by the issuer profile {ISSUER}"
    issuer.profile["publicKey"] = OTHER_KEY
    assert outcome(issuer.verify(sign(claims, issuer.key)), C.SIGNATURE) == (S.INVALID, FAIL)


def test_signed_key_owned_by_someone_else_is_invalid(issuer: SignedIssuer) -> None:
    issuer.documents[KEY]["owner"] = "https://elsewhere.example/issuer"
    verification = issuer.verify(sign(issuer.assertion, issuer.key))
    assert outcome(verification, C.KEY_BINDING) == (S.INVALID, FAIL)


def test_signed_expired_assertion(issuer: SignedIssuer) -> None:
    claims = {**issuer.assertion, "expires": "2024-02-01T00:00:00Z"}
    assert outcome(issuer.verify(sign(claims, issuer.key)), C.VALIDITY_PERIOD) == (
        S.EXPIRED,
        FAIL,
    )


def test_engine_routes_signed_ob2_to_this_verifier(issuer: SignedIssuer) -> None:
    token = sign(issuer.assertion, issuer.key)
    ctx = offline(fixture_map())
    [verification] = Engine().verify(Document("t", token.encode()), ctx)
    assert verification.format is CredentialFormat.OB2_SIGNED
