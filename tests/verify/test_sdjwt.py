"""SD-JWT parsing and disclosure processing; the W3C VC-JOSE-COSE suite's SD-JWT cases."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from hrkit.verify import jose, mediatypes, sdjwt
from hrkit.verify.jose import MalformedToken, SignatureInvalid, UnsupportedAlgorithm, b64url_encode
from hrkit.verify.sdjwt import DisclosureInvalid
from tests.verify.test_jose import (
    SUITE,
    VMS,
    private_key,
    run_suite_case,
    sign_compact,
    suite_cases,
    suite_key,
)


@pytest.mark.parametrize("case", suite_cases("credential_sdjwt", "presentation_sdjwt"))
def test_suite_sdjwt_case(case: dict[str, Any]) -> None:
    run_suite_case(case)


def _suite(name: str) -> str:
    return (SUITE / "input" / name).read_text().strip()


def test_suite_selective_disclosure_gives_the_issued_credential() -> None:
    sd = sdjwt.parse_sd_jwt(_suite("credential-sdjwt-selective.txt"))
    jose.verify_jws(sd.jws, suite_key(sd.jws.header["kid"], "vm-p384.json"))
    claims = sdjwt.disclosed_claims(sd)
    issued = json.loads((SUITE / "input/credential-selective.json").read_text())
    assert claims["credentialSubject"] == issued["credentialSubject"]
    assert "_sd" not in json.dumps(claims)
    assert sd.key_binding_jwt is None and len(sd.disclosures) == 2


def _unchecked_sd_jwt(text: str) -> sdjwt.SdJwt:
    """An SdJwt built by hand, bypassing the algorithm check (for the ES512 fixtures)."""
    jws_text, *disclosures, _kb = text.split("~")
    header, payload, signature = jws_text.split(".")
    jws = jose.CompactJws(
        json.loads(jose.b64url_decode(header)),
        jose.b64url_decode(payload),
        f"{header}.{payload}".encode(),
        jose.b64url_decode(signature),
        jws_text,
    )
    return sdjwt.SdJwt(jws, tuple(disclosures), None)


def test_suite_nested_case_verifies_with_es512() -> None:
    """Case 21: an ES512 (P-521) SD-JWT whose disclosures rebuild the issued credential."""
    text = _suite("credential-sdjwt-nested.txt")
    sd = sdjwt.parse_sd_jwt(text)
    key = suite_key(sd.jws.header["kid"], "vm-p521.json")
    assert isinstance(key, ec.EllipticCurvePublicKey)
    jose.verify_jws(sd.jws, key)  # raises if invalid
    r, s = sd.jws.signature[:66], sd.jws.signature[66:]
    der = encode_dss_signature(int.from_bytes(r, "big"), int.from_bytes(s, "big"))
    key.verify(der, sd.jws.signing_input, ec.ECDSA(hashes.SHA512()))  # and independently
    claims = sdjwt.disclosed_claims(sd)
    issued = json.loads((SUITE / "input/credential-nested-selective.json").read_text())
    assert claims["credentialSubject"] == issued["credentialSubject"]


def test_suite_presentation_with_bad_credential_fails_for_every_documented_reason() -> None:
    """Case 26: ES512 first, but also a bad typ/cty and a credential that is not a data: URL."""
    sd = _unchecked_sd_jwt(_suite("presentation-sdjwt-bad-credential.txt"))
    header = sd.jws.header
    typ, cty = mediatypes.EXPECTED_MEDIA_TYPES["application/vp+sd-jwt"]
    error = mediatypes.check_media_types(
        header["typ"], header["cty"], expected_typ=typ, expected_cty=cty
    )
    assert error is not None and "bad+typ" in error
    [entry] = sdjwt.disclosed_claims(sd)["verifiableCredential"]
    with pytest.raises(MalformedToken):
        mediatypes.parse_enveloped_data_url(entry["id"])


def test_suite_bad_signature_case_has_intact_disclosures() -> None:
    sd = sdjwt.parse_sd_jwt(_suite("credential-sdjwt-bad-signature.txt"))
    assert sdjwt.disclosed_claims(sd)["credentialSubject"]["firstName"] == "Jane"
    with pytest.raises(SignatureInvalid):
        jose.verify_jws(sd.jws, suite_key(sd.jws.header["kid"], "vm-p384.json"))


# --- building SD-JWTs with a fresh key -------------------------------------------------------


def disclosure(*items: Any) -> str:
    return b64url_encode(json.dumps(list(items)).encode())


def digest(text: str) -> str:
    return b64url_encode(hashlib.sha256(text.encode()).digest())


def issue(payload: dict[str, Any], disclosures: list[str], kb: str = "") -> str:
    token = sign_compact({"alg": "EdDSA", "typ": "vc+sd-jwt"}, payload, private_key("EdDSA"))
    return "~".join([token, *disclosures, kb])


def claims_of(text: str) -> dict[str, Any]:
    sd = sdjwt.parse_sd_jwt(text)
    jose.verify_jws(sd.jws, private_key("EdDSA").public_key())
    return sdjwt.disclosed_claims(sd)


NAME = disclosure("salt1", "name", "Ada")
EMAIL = disclosure("salt2", "email", "ada@example.com")
STREET = disclosure("salt3", "street", "1 Main St")
ADDRESS = disclosure("salt4", "address", {"_sd": [digest(STREET)], "country": "UK"})
SKILL_1 = disclosure("salt5", "python")
SKILL_2 = disclosure("salt6", {"_sd": [digest(NAME)]})
DECOY = digest("decoy")

PAYLOAD = {
    "iss": "did:example:issuer",
    "_sd_alg": "sha-256",
    "credentialSubject": {
        "_sd": [digest(NAME), digest(EMAIL), DECOY],
        "id": "did:example:ada",
    },
    "_sd": [digest(ADDRESS)],
    "skills": [{"...": digest(SKILL_1)}, "sql", {"...": DECOY[::-1]}],
}


def test_every_disclosure_applied_recursively() -> None:
    claims = claims_of(issue(PAYLOAD, [NAME, EMAIL, STREET, ADDRESS, SKILL_1]))
    assert claims == {
        "iss": "did:example:issuer",
        "credentialSubject": {"id": "did:example:ada", "name": "Ada", "email": "ada@example.com"},
        "address": {"country": "UK", "street": "1 Main St"},
        "skills": ["python", "sql"],
    }


def test_withheld_disclosures_leave_the_claims_out() -> None:
    claims = claims_of(issue(PAYLOAD, [NAME, ADDRESS]))
    assert claims["credentialSubject"] == {"id": "did:example:ada", "name": "Ada"}
    assert claims["address"] == {"country": "UK"}
    assert claims["skills"] == ["sql"]


def test_array_element_disclosures_are_processed_inside_disclosed_values() -> None:
    payload = {"items": [{"...": digest(SKILL_2)}]}
    assert claims_of(issue(payload, [SKILL_2, NAME])) == {"items": [{"name": "Ada"}]}


def test_key_binding_jwt_is_kept_as_text() -> None:
    kb = sign_compact({"alg": "EdDSA", "typ": "kb+jwt"}, {"nonce": "n"}, private_key("EdDSA"))
    sd = sdjwt.parse_sd_jwt(issue(PAYLOAD, [NAME], kb))
    assert sd.key_binding_jwt == kb and sd.disclosures == (NAME,)


@pytest.mark.parametrize(
    ("disclosures", "message"),
    [
        pytest.param([NAME, disclosure("salt9", "extra", 1)], "match no digest", id="unreferenced"),
        pytest.param([NAME, NAME], "twice", id="sent-twice"),
        pytest.param([disclosure("salt1", "name", "Eve")], "match no digest", id="tampered-value"),
        pytest.param([NAME.replace("W", "X", 1)], "disclosure", id="tampered-encoding"),
        pytest.param(["!!!"], "base64url", id="not-base64url"),
        pytest.param([b64url_encode(b"not json")], "JSON", id="not-json"),
    ],
)
def test_disclosure_errors(disclosures: list[str], message: str) -> None:
    with pytest.raises(DisclosureInvalid, match=message):
        claims_of(issue(PAYLOAD, disclosures))


def _invalid(payload: dict[str, Any], disclosures: list[str], match: str) -> None:
    with pytest.raises(DisclosureInvalid, match=match):
        claims_of(issue(payload, disclosures))


def test_a_digest_referenced_twice_is_invalid_even_when_undisclosed() -> None:
    _invalid({"_sd": [DECOY], "sub": {"_sd": [DECOY]}}, [], "more than once")
    _invalid({"_sd": [DECOY], "a": [{"...": DECOY}]}, [], "more than once")


def test_a_disclosed_name_that_already_exists_is_invalid() -> None:
    _invalid({"_sd": [digest(NAME)], "name": "Bob"}, [NAME], "already exists")


@pytest.mark.parametrize("name", ["_sd", "..."])
def test_reserved_disclosed_names_are_invalid(name: str) -> None:
    bad = disclosure("salt", name, ["x"])
    _invalid({"_sd": [digest(bad)]}, [bad], "may not name")


@pytest.mark.parametrize(
    "bad",
    [
        disclosure("salt"),
        disclosure("salt", "a", "b", "c"),
        disclosure(1, "name", "x"),
        disclosure("salt", 5, "x"),
        b64url_encode(b'{"salt": "name"}'),
    ],
)
def test_malformed_disclosure_shapes(bad: str) -> None:
    _invalid({"_sd": [digest(bad)]}, [bad], "disclos")


def test_disclosure_kinds_cannot_be_swapped() -> None:
    _invalid({"_sd": [digest(SKILL_1)]}, [SKILL_1], "array-element")
    _invalid({"a": [{"...": digest(NAME)}]}, [NAME], "object-property")


@pytest.mark.parametrize("value", ["abc", {"d": 1}, [1]])
def test_sd_must_be_an_array_of_digest_strings(value: Any) -> None:
    with pytest.raises(DisclosureInvalid):
        claims_of(issue({"_sd": value}, []))


@pytest.mark.parametrize("alg", ["sha-512", "SHA-256", "md5", 1])
def test_only_sha256_digests_are_supported(alg: Any) -> None:
    with pytest.raises(UnsupportedAlgorithm):
        claims_of(issue({**PAYLOAD, "_sd_alg": alg}, [NAME]))


def test_default_digest_algorithm_is_sha256() -> None:
    payload = {k: v for k, v in PAYLOAD.items() if k != "_sd_alg"}
    assert claims_of(issue(payload, [NAME]))["credentialSubject"]["name"] == "Ada"


def test_tampered_issuer_payload_fails_the_signature() -> None:
    text = issue(PAYLOAD, [NAME])
    jws, rest = text.split("~", 1)
    header, _payload, signature = jws.split(".")
    forged_payload = b64url_encode(json.dumps({**PAYLOAD, "iss": "did:example:eve"}).encode())
    sd = sdjwt.parse_sd_jwt(f"{header}.{forged_payload}.{signature}~{rest}")
    with pytest.raises(SignatureInvalid):
        jose.verify_jws(sd.jws, private_key("EdDSA").public_key())


def test_excessive_nesting_is_malformed() -> None:
    payload: dict[str, Any] = {}
    node = payload
    for _ in range(sdjwt.MAX_DEPTH + 5):
        node["a"] = {}
        node = node["a"]
    with pytest.raises(MalformedToken, match="nested"):
        claims_of(issue(payload, []))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(sign_compact({"alg": "EdDSA"}, {}, private_key("EdDSA")), id="no-tilde"),
        pytest.param(issue(PAYLOAD, [NAME, "", EMAIL]), id="empty-disclosure"),
        pytest.param(issue(PAYLOAD, [NAME], "not-a-jwt"), id="bad-kb-jwt"),
        pytest.param("a.b~" + NAME + "~", id="bad-jws"),
        pytest.param(issue(PAYLOAD, [NAME]) + "x" * 1_000_000, id="oversized"),
    ],
)
def test_malformed_sd_jwts(text: str) -> None:
    with pytest.raises(MalformedToken):
        sdjwt.parse_sd_jwt(text)


def test_non_ascii_disclosure_is_invalid() -> None:
    sd = sdjwt.parse_sd_jwt(issue(PAYLOAD, ["é"]))
    with pytest.raises(DisclosureInvalid):
        sdjwt.disclosed_claims(sd)


def test_looks_like_sd_jwt() -> None:
    assert sdjwt.looks_like_sd_jwt(issue(PAYLOAD, [NAME]))
    assert sdjwt.looks_like_sd_jwt(_suite("credential-sdjwt-selective.txt") + "\n")
    assert not sdjwt.looks_like_sd_jwt(_suite("credential-jose-minimal.txt"))
    assert not sdjwt.looks_like_sd_jwt("hello~world")
    assert not sdjwt.looks_like_sd_jwt(json.dumps(VMS["vm-p256.json"]))


def test_disclosure_digest_matches_the_spec_example() -> None:
    # IETF SD-JWT §5.2.1 example: the disclosure of "family_name": "Doe" and its digest.
    text = "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0"
    assert sdjwt.disclosure_digest(text) == "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0"
    assert json.loads(jose.b64url_decode(text)) == [
        "_26bc4LT-ac6q2KI6cBW5es",
        "family_name",
        "Möbius",
    ]
