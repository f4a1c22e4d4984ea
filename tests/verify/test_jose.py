"""JWS primitives, JWKs and media types; the W3C VC-JOSE-COSE suite's JOSE cases.

The suite helpers here (`SUITE`, `suite_key`, `check_secured`, signing helpers) are shared with
test_sdjwt.py and test_cose.py: presentations of one format enclose credentials of the others.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from hrkit.verify import cose, jose, mediatypes, sdjwt
from hrkit.verify.jose import (
    AlgorithmNone,
    InvalidKey,
    MalformedToken,
    SignatureInvalid,
    UnsupportedAlgorithm,
    UnsupportedHeader,
    WeakKey,
    b64url_encode,
)

SUITE = Path(__file__).resolve().parents[3] / "shared/conformance/w3c-vc-jose-cose-test-suite"
EXPECTED = json.loads((SUITE / "expected-results.json").read_text())

# --- the suite's keys and a verifier built only from the primitives -----------------------------


def _vm(name: str) -> dict[str, Any]:
    return json.loads((SUITE / "input" / name).read_text())


VMS = {path.name: _vm(path.name) for path in sorted((SUITE / "input").glob("vm-*.json"))}
KEYS_BY_KID = {vm["publicKeyJwk"]["kid"]: vm["publicKeyJwk"] for vm in VMS.values()}


def suite_key(kid: str | None, key_file: str, *, strict: bool = False) -> jose.PublicKey:
    """The case's key_file (the suite verifies with it: some failure cases give a deliberately
    wrong one); for credentials enclosed in a presentation, the key their kid names, as their
    issuer's published key set would give it."""
    jwk = KEYS_BY_KID.get(kid) if kid and not strict else None
    return jose.jwk_to_public_key(jwk or VMS[key_file]["publicKeyJwk"])


def check_secured(
    data: str | bytes, media_type: str, key_file: str, *, strict: bool = True
) -> list[str]:
    """Every failure the primitives find in a secured credential/presentation ([] = passes)."""
    kind = media_type.removeprefix("application/")
    try:
        if kind.endswith("+cose"):
            msg = cose.parse_cose_sign1(cose.decode_cose_text(data))
            claims = msg.payload_json()
            typ, cty, kid = cose.cose_typ(msg), cose.cose_content_type(msg), cose.cose_kid(msg)
            key = suite_key(kid, key_file, strict=strict)
            verify = lambda: cose.verify_cose_sign1(msg, key)  # noqa: E731
        else:
            text = data if isinstance(data, str) else data.decode("ascii")
            if kind.endswith("+sd-jwt"):
                sd = sdjwt.parse_sd_jwt(text)
                jws, claims = sd.jws, sdjwt.disclosed_claims(sd)
            else:
                jws = jose.parse_compact(text)
                claims = jws.payload_json()
            typ, cty = jws.header.get("typ"), jws.header.get("cty")
            key = suite_key(jws.header.get("kid"), key_file, strict=strict)
            verify = lambda: jose.verify_jws(jws, key)  # noqa: E731
    except jose.TokenError as exc:
        return [_reason(exc)]
    failures = []
    try:
        verify()
    except jose.TokenError as exc:
        failures.append(_reason(exc))
    expected_typ, expected_cty = mediatypes.EXPECTED_MEDIA_TYPES[f"application/{kind}"]
    if mediatypes.check_media_types(typ, cty, expected_typ=expected_typ, expected_cty=expected_cty):
        failures.append("media type")
    if kind.startswith("vc+") and mediatypes.forbidden_vc_jwt_claims(claims):
        failures.append("vc/vp claims")
    if kind.startswith("vp+"):
        for entry in claims.get("verifiableCredential", []):
            failures += [f"enveloped: {f}" for f in check_enveloped(entry, key_file)]
    return failures


def check_enveloped(entry: Any, key_file: str) -> list[str]:
    """The failures of one `verifiableCredential` entry of a presentation."""
    types = entry.get("type") if isinstance(entry, dict) else None
    if "EnvelopedVerifiableCredential" not in (types if isinstance(types, list) else [types]):
        return ["not enveloped"]
    try:
        media_type, content = mediatypes.parse_enveloped_data_url(entry.get("id"))
    except MalformedToken:
        return ["bad data: URL"]
    return check_secured(content, media_type, key_file, strict=False)


def _reason(exc: jose.TokenError) -> str:
    if isinstance(exc, AlgorithmNone):
        return "alg none"
    if isinstance(exc, UnsupportedAlgorithm):
        return f"unsupported {exc.alg}"
    if isinstance(exc, SignatureInvalid):
        return "bad signature"
    if isinstance(exc, sdjwt.DisclosureInvalid):
        return "bad disclosure"
    return "malformed"


# The verdict of the primitives on each "verify" case, and why: the documented reason.
SUITE_REASONS: dict[int, list[str]] = {
    6: [],
    7: [],
    8: [],
    9: ["bad signature"],  # signed with the P-521 key; the case's key is the Ed25519 one
    10: ["malformed"],  # unsigned JSON: no secured envelope at all
    11: ["malformed"],
    12: ["bad signature"],
    13: ["media type"],  # signature valid, typ bad+typ / cty bad+cty
    14: ["media type", "enveloped: malformed"],  # its credential lacks the JWS's first "e"
    15: ["vc/vp claims"],  # signature valid, `vc` and `vp` claims present
    16: ["enveloped: bad data: URL"],  # id "not-a-credential"
    20: [],
    21: [],
    22: [],
    23: ["bad signature"],
    24: ["media type"],
    25: ["media type", "enveloped: bad data: URL"],
    26: ["media type", "enveloped: bad data: URL"],
    29: [],
    30: ["malformed"],  # the message as hex text, not base64
    31: ["enveloped: malformed"],  # Deviation: see test_cose (placeholder credential "eyJ….")
    32: ["bad signature"],
    33: ["media type"],
    34: ["bad signature", "media type"],  # signed with another key than the case names
    35: ["enveloped: bad data: URL"],
}
DEVIATIONS = {31}
MEDIA = {"credential": "vc", "presentation": "vp", "jose": "jwt", "sdjwt": "sd-jwt", "cose": "cose"}


def suite_cases(*features: str) -> list[Any]:
    return [
        pytest.param(case, id=f"{case['number']}-{case['input_file']}")
        for case in EXPECTED
        if case["function"] == "verify" and case["feature"] in features
    ]


def run_suite_case(case: dict[str, Any]) -> list[str]:
    subject, _, fmt = case["feature"].partition("_")
    media_type = f"application/{MEDIA[subject]}+{MEDIA[fmt]}"
    data = (SUITE / "input" / case["input_file"]).read_text()
    failures = check_secured(data, media_type, case["key_file"])
    assert failures == SUITE_REASONS[case["number"]]
    if case["number"] not in DEVIATIONS:
        assert (failures == []) == (case["expected_result"] == "success")
    return failures


@pytest.mark.parametrize("case", suite_cases("credential_jose", "presentation_jose"))
def test_suite_jose_case(case: dict[str, Any]) -> None:
    run_suite_case(case)


def test_every_suite_verify_case_has_a_documented_reason() -> None:
    numbers = {c["number"] for c in EXPECTED if c["function"] == "verify"}
    assert numbers == set(SUITE_REASONS)


def test_unsigned_json_is_not_taken_for_any_secured_format() -> None:
    for name in ("credential-minimal.json", "presentation-single.json"):
        text = (SUITE / "input" / name).read_text()
        assert not jose.looks_like_compact_jws(text)
        assert not sdjwt.looks_like_sd_jwt(text)
        assert not cose.looks_like_cose(text)


def test_suite_kids_are_rfc7638_thumbprints() -> None:
    for kid, jwk in KEYS_BY_KID.items():
        assert jose.jwk_thumbprint(jwk) == kid


# --- signing helpers (cryptography directly) ---------------------------------------------------

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey


def raw_signature(alg: str, key: PrivateKey, data: bytes) -> bytes:
    """A JOSE/COSE signature: PKCS#1 v1.5, raw r‖s for ECDSA, plain Ed25519."""
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey):
        size = (key.curve.key_size + 7) // 8
        digest = {"ES256": hashes.SHA256(), "ES384": hashes.SHA384(), "ES512": hashes.SHA512()}
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(digest[alg])))
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    return key.sign(data)


def sign_compact(header: dict[str, Any], payload: Any, key: PrivateKey) -> str:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    signing_input = f"{b64url_encode(json.dumps(header).encode())}.{b64url_encode(body)}"
    signature = raw_signature(header["alg"], key, signing_input.encode())
    return f"{signing_input}.{b64url_encode(signature)}"


KEYGENS = {
    "RS256": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "ES256": lambda: ec.generate_private_key(ec.SECP256R1()),
    "ES384": lambda: ec.generate_private_key(ec.SECP384R1()),
    "ES512": lambda: ec.generate_private_key(ec.SECP521R1()),
    "EdDSA": ed25519.Ed25519PrivateKey.generate,
}
_KEY_CACHE: dict[str, Any] = {}


def private_key(alg: str) -> Any:
    if alg not in _KEY_CACHE:
        _KEY_CACHE[alg] = KEYGENS[alg]()
    return _KEY_CACHE[alg]


CLAIMS = {"@context": ["https://www.w3.org/ns/credentials/v2"], "iss": "did:example:1"}


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("alg", sorted(jose.SUPPORTED_ALGS))
def test_round_trip_for_each_algorithm_and_key_type(alg: str) -> None:
    key = private_key(alg)
    token = sign_compact({"alg": alg, "typ": "vc+jwt"}, CLAIMS, key)
    jws = jose.parse_compact(token)
    assert jws.payload_json() == CLAIMS
    assert jws.raw == token
    jose.verify_jws(jws, key.public_key())
    # the same key through its JWK, as a DID document or JWKS would give it
    jwk = jose.public_key_to_jwk(key.public_key())
    jose.verify_jws(jws, jose.jwk_to_public_key(jwk))
    assert jose.jwk_thumbprint(jwk) == jose.jwk_thumbprint({**jwk, "kid": "x", "use": "sig"})


def test_supported_algorithms_are_the_contract_plus_es512() -> None:
    assert {"RS256", "ES256", "ES384", "ES512", "EdDSA"} == jose.SUPPORTED_ALGS


@pytest.mark.parametrize("alg", sorted(jose.SUPPORTED_ALGS))
def test_tampered_payload_or_header_fails(alg: str) -> None:
    key = private_key(alg)
    token = sign_compact({"alg": alg}, CLAIMS, key)
    header, payload, signature = token.split(".")
    forged_payload = b64url_encode(json.dumps({**CLAIMS, "iss": "did:example:evil"}).encode())
    forged_header = b64url_encode(json.dumps({"alg": alg, "kid": "other"}).encode())
    for forged in (
        f"{header}.{forged_payload}.{signature}",
        f"{forged_header}.{payload}.{signature}",
    ):
        with pytest.raises(SignatureInvalid):
            jose.verify_jws(jose.parse_compact(forged), key.public_key())


def test_suite_fixture_with_flipped_signature_bit_fails() -> None:
    token = (SUITE / "input/credential-issuer-match-signed.txt").read_text().strip()
    jws = jose.parse_compact(token)
    key = suite_key(jws.header["kid"], "vm-ed25519.json")
    jose.verify_jws(jws, key)
    flipped = bytes([jws.signature[0] ^ 1]) + jws.signature[1:]
    with pytest.raises(SignatureInvalid):
        jose.verify_jws(
            jose.CompactJws(jws.header, jws.payload, jws.signing_input, flipped, ""), key
        )


# --- algorithms that must never verify ------------------------------------------------------


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
@pytest.mark.parametrize("signature", ["", "c2lnbmF0dXJl"])
def test_alg_none_is_refused_and_flagged(alg: str, signature: str) -> None:
    unsigned = f"{b64url_encode(json.dumps({'alg': alg}).encode())}.{b64url_encode(b'{}')}"
    with pytest.raises(AlgorithmNone) as info:
        jose.parse_compact(f"{unsigned}.{signature}")
    assert info.value.is_none and isinstance(info.value, UnsupportedAlgorithm)
    assert info.value.code == "ALG_NONE"
    assert "alg: " in str(info.value)


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512", "PS256", "RS512", "", "ES256K"])
def test_other_algorithms_are_unsupported_and_named(alg: str) -> None:
    token = sign_compact({"alg": "ES256"}, CLAIMS, private_key("ES256"))
    forged = b64url_encode(json.dumps({"alg": alg}).encode()) + token[token.index(".") :]
    with pytest.raises(UnsupportedAlgorithm) as info:
        jose.parse_compact(forged)
    assert not info.value.is_none and info.value.code == "UNSUPPORTED_ALGORITHM"
    assert repr(alg) in str(info.value)


@pytest.mark.parametrize("alg", [1, None, ["ES256"], {"alg": "ES256"}, True])
def test_non_string_alg_is_unsupported(alg: Any) -> None:
    token = f"{b64url_encode(json.dumps({'alg': alg}).encode())}.e30.AAAA"
    with pytest.raises(UnsupportedAlgorithm):
        jose.parse_compact(token)


def test_hs256_with_the_rsa_public_key_as_secret_cannot_verify() -> None:
    """The key-confusion attack: HMAC over the token with the issuer's public PEM as secret."""
    public = private_key("RS256").public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64url_encode(b'{"alg":"HS256"}')
    signing_input = f"{header}.{b64url_encode(json.dumps(CLAIMS).encode())}"
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64url_encode(mac)}"
    with pytest.raises(UnsupportedAlgorithm, match="HS256"):
        jose.parse_compact(token)
    # even a hand-built object cannot reach an HMAC path
    forged = jose.CompactJws({"alg": "HS256"}, b"{}", signing_input.encode(), mac, token)
    with pytest.raises(UnsupportedAlgorithm):
        jose.verify_jws(forged, public)


# --- signatures and keys of the wrong shape --------------------------------------------------


def test_es256_with_a_der_signature_is_invalid() -> None:
    key = private_key("ES256")
    token = sign_compact({"alg": "ES256"}, CLAIMS, key)
    signing_input = token.rsplit(".", 1)[0].encode()
    der = key.sign(signing_input, ec.ECDSA(hashes.SHA256()))
    jws = jose.parse_compact(f"{signing_input.decode()}.{b64url_encode(der)}")
    with pytest.raises(SignatureInvalid, match="r‖s"):
        jose.verify_jws(jws, key.public_key())


@pytest.mark.parametrize(
    ("alg", "length"),
    [
        ("ES256", 63),
        ("ES256", 65),
        ("ES256", 0),
        ("ES256", 96),
        ("ES384", 64),
        ("ES384", 97),
        ("EdDSA", 63),
        ("EdDSA", 65),
    ],
)
def test_wrong_signature_lengths_are_invalid(alg: str, length: int) -> None:
    key = private_key(alg)
    token = sign_compact({"alg": alg}, CLAIMS, key)
    jws = jose.parse_compact(token)
    sig = (jws.signature * 2)[:length]
    with pytest.raises(SignatureInvalid):
        jose.verify_jws(
            jose.CompactJws(jws.header, jws.payload, jws.signing_input, sig, ""), key.public_key()
        )


@pytest.mark.parametrize(
    ("alg", "other"),
    [
        ("ES256", "RS256"),
        ("ES256", "ES384"),
        ("ES384", "ES256"),
        ("RS256", "EdDSA"),
        ("EdDSA", "ES256"),
        ("RS256", "ES256"),
    ],
)
def test_a_key_of_the_wrong_type_is_refused(alg: str, other: str) -> None:
    jws = jose.parse_compact(sign_compact({"alg": alg}, CLAIMS, private_key(alg)))
    with pytest.raises(SignatureInvalid) as info:
        jose.verify_jws(jws, private_key(other).public_key())
    assert info.value.code == "KEY_MISMATCH"


def test_eddsa_is_ed25519_only() -> None:
    jws = jose.parse_compact(sign_compact({"alg": "EdDSA"}, CLAIMS, private_key("EdDSA")))
    with pytest.raises(SignatureInvalid, match="Ed25519"):
        jose.verify_jws(jws, ed448.Ed448PrivateKey.generate().public_key())


def test_rsa_keys_below_2048_bits_are_rejected() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    jws = jose.parse_compact(sign_compact({"alg": "RS256"}, CLAIMS, small))
    with pytest.raises(WeakKey, match="1024 bits; at least 2048") as info:
        jose.verify_jws(jws, small.public_key())
    assert isinstance(info.value, SignatureInvalid) and info.value.code == "WEAK_KEY"


def test_a_non_key_object_is_refused() -> None:
    jws = jose.parse_compact(sign_compact({"alg": "EdDSA"}, CLAIMS, private_key("EdDSA")))
    with pytest.raises(SignatureInvalid):
        jose.verify_jws(jws, b"secret")  # type: ignore[arg-type]


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("crit", [["exp"], [], ["b64"], "x"])
def test_any_crit_header_is_unsupported(crit: Any) -> None:
    token = sign_compact({"alg": "EdDSA", "crit": crit, "exp": 1}, CLAIMS, private_key("EdDSA"))
    with pytest.raises(UnsupportedHeader):
        jose.parse_compact(token)


@pytest.mark.parametrize(
    ("b64", "ok"), [(False, False), ("false", False), (0, False), (True, True)]
)
def test_b64_header(b64: Any, ok: bool) -> None:
    token = sign_compact({"alg": "EdDSA", "b64": b64}, CLAIMS, private_key("EdDSA"))
    if ok:
        jose.verify_jws(jose.parse_compact(token), private_key("EdDSA").public_key())
    else:
        with pytest.raises(UnsupportedHeader):
            jose.parse_compact(token)


# --- malformed tokens ------------------------------------------------------------------------

GOOD = sign_compact({"alg": "EdDSA"}, CLAIMS, ed25519.Ed25519PrivateKey.generate())
NOT_JSON = b64url_encode(b"not json")
ARRAY = b64url_encode(b"[1]")
DUPLICATE_ALG = b64url_encode(b'{"alg":"EdDSA","alg":"none"}')
NO_ALG = b64url_encode(b"{}")
DEEP = b64url_encode(b"[" * 100_000)


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(GOOD.rsplit(".", 1)[0], id="2-segments"),
        pytest.param(GOOD + ".AAAA", id="4-segments"),
        pytest.param("eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZToxMjMifQ....", id="5-dots"),
        pytest.param(GOOD.replace(".", "=.", 1), id="bad-padding"),
        pytest.param(GOOD.replace(".", "==.", 1), id="padding"),
        pytest.param(GOOD + "==", id="padding-signature"),
        pytest.param(GOOD[:20] + "+" + GOOD[21:], id="plus"),
        pytest.param(GOOD[:20] + "/" + GOOD[21:], id="slash"),
        pytest.param(GOOD[:10] + " " + GOOD[10:], id="inner-space"),
        pytest.param(GOOD[:10] + "é" + GOOD[10:], id="non-ascii"),
        pytest.param(GOOD[:-1] + "!", id="bad-char"),
        pytest.param(GOOD + "AAA", id="length-mod-4-is-1"),
        pytest.param(f"{NOT_JSON}.e30.AAAA", id="header-not-json"),
        pytest.param(f"{ARRAY}.e30.AAAA", id="header-array"),
        pytest.param(f"{DUPLICATE_ALG}.e30.AAAA", id="duplicate-alg"),
        pytest.param(f"{NO_ALG}.e30.AAAA", id="no-alg"),
        pytest.param(f"{DEEP}.e30.AAAA", id="deep-header"),
        pytest.param("", id="empty"),
    ],
)
def test_malformed_tokens(token: str) -> None:
    with pytest.raises(MalformedToken):
        jose.parse_compact(token)


def test_non_canonical_base64url_is_malformed() -> None:
    # "AB" and "AA" both decode to 0x00; only the canonical spelling is accepted.
    assert jose.b64url_decode("AA") == b"\x00"
    with pytest.raises(MalformedToken):
        jose.b64url_decode("AB")
    with pytest.raises(MalformedToken):
        jose.b64url_decode("AAB")


def test_oversized_token_is_malformed() -> None:
    with pytest.raises(MalformedToken, match="larger than"):
        jose.parse_compact(GOOD, max_bytes=len(GOOD) - 1)
    with pytest.raises(MalformedToken):
        jose.parse_compact("a" * 1_000_001)


@pytest.mark.parametrize("payload", [b"[1, 2]", b'"text"', b"42", b"not json", b"\xff", b""])
def test_payload_json_requires_a_json_object(payload: bytes) -> None:
    jws = jose.parse_compact(sign_compact({"alg": "EdDSA"}, payload, private_key("EdDSA")))
    jose.verify_jws(jws, private_key("EdDSA").public_key())  # the signature itself is fine
    with pytest.raises(MalformedToken):
        jws.payload_json()


def test_surrounding_whitespace_is_tolerated() -> None:
    assert jose.parse_compact(f"\n {GOOD}\n").raw == GOOD


def test_looks_like_compact_jws() -> None:
    assert jose.looks_like_compact_jws(GOOD + "\n")
    assert not jose.looks_like_compact_jws(GOOD + "~")
    assert not jose.looks_like_compact_jws('{"a": 1}')
    assert not jose.looks_like_compact_jws("abc.def.ghi")
    assert not jose.looks_like_compact_jws("")


# --- JWKs ------------------------------------------------------------------------------------


def test_rfc7638_thumbprint_example() -> None:
    jwk = {
        "kty": "RSA",
        "n": (
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1"
            "L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4"
            "QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbO"
            "pbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csF"
            "Cur-kEgU8awapJzKnqDKgw"
        ),
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert jose.jwk_thumbprint(jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    assert isinstance(jose.jwk_to_public_key(jwk), rsa.RSAPublicKey)


def test_rfc8037_ed25519_thumbprint_example() -> None:
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    assert jose.jwk_thumbprint(jwk) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_jwk_to_public_key_is_cached_by_value() -> None:
    jwk = dict(KEYS_BY_KID["73voMXFNmNlOEpuYCSJlh8eN0dscykoO6gBukgRS1uU"])
    assert jose.jwk_to_public_key(jwk) is jose.jwk_to_public_key(dict(jwk))


def test_private_members_are_ignored() -> None:
    vm = VMS["vm-p256.json"]
    public = jose.jwk_to_public_key(vm["secretKeyJwk"])
    assert jose.public_key_to_jwk(public) == {
        k: v for k, v in vm["publicKeyJwk"].items() if k in {"kty", "crv", "x", "y"}
    }


def test_p521_jwk_converts_even_though_es512_is_unsupported() -> None:
    key = jose.jwk_to_public_key(VMS["vm-p521.json"]["publicKeyJwk"])
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp521r1"


P256 = VMS["vm-p256.json"]["publicKeyJwk"]


@pytest.mark.parametrize(
    "jwk",
    [
        pytest.param({"kty": "oct", "k": "c2VjcmV0"}, id="hmac-secret"),
        pytest.param({**P256, "y": P256["x"]}, id="point-not-on-curve"),
        pytest.param({**P256, "x": b64url_encode(bytes(31))}, id="short-coordinate"),
        pytest.param({**P256, "crv": "secp256k1"}, id="unknown-curve"),
        pytest.param({**P256, "use": "enc"}, id="encryption-key"),
        pytest.param({**P256, "x": 5}, id="non-string"),
        pytest.param({"kty": "EC", "crv": "P-256"}, id="missing-members"),
        pytest.param({"kty": "OKP", "crv": "Ed448", "x": b64url_encode(bytes(57))}, id="ed448"),
        pytest.param({"kty": "OKP", "crv": "X25519", "x": b64url_encode(bytes(32))}, id="x25519"),
        pytest.param(
            {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(bytes(31))}, id="ed-short"
        ),
        pytest.param({"kty": "OKP", "crv": "Ed25519", "x": "A+B/"}, id="not-base64url"),
        pytest.param({"kty": "RSA", "n": "AQAB", "e": "AQAB"}, id="rsa-nonsense"),
        pytest.param([], id="not-an-object"),
    ],
)
def test_invalid_jwks(jwk: Any) -> None:
    with pytest.raises(InvalidKey):
        jose.jwk_to_public_key(jwk)


def test_thumbprint_of_unsupported_key_type() -> None:
    with pytest.raises(InvalidKey):
        jose.jwk_thumbprint({"kty": "oct", "k": "c2VjcmV0"})


def test_public_key_to_jwk_refuses_other_key_types() -> None:
    with pytest.raises(InvalidKey):
        jose.public_key_to_jwk(ed448.Ed448PrivateKey.generate().public_key())
    with pytest.raises(InvalidKey):
        jose.public_key_to_jwk(ec.generate_private_key(ec.SECP256K1()).public_key())


# --- media types, data: URLs and reserved claims ---------------------------------------------

CRED = {"expected_typ": mediatypes.CREDENTIAL_JWT_TYP, "expected_cty": mediatypes.CREDENTIAL_CTY}


@pytest.mark.parametrize(
    ("typ", "cty"),
    [
        (None, None),
        ("vc+jwt", "vc"),
        ("application/vc+jwt", "application/vc"),
        ("VC+JWT", "VC"),
        ("JWT", None),  # legacy VC-JWT (VCDM 1.1)
        ("jwt", None),
        ("vc+ld+json+jwt", "vc+ld+json"),  # draft-era names
        ("vc+jwt; charset=utf-8", None),
    ],
)
def test_credential_media_types_accepted(typ: Any, cty: Any) -> None:
    assert mediatypes.check_media_types(typ, cty, **CRED) is None


@pytest.mark.parametrize(
    ("typ", "cty", "named"),
    [
        ("bad+typ", "bad+cty", "typ"),
        ("vc+jwt", "bad+cty", "cty"),
        ("vp+jwt", "vp", "typ"),  # a presentation where a credential is expected
        ("vc+sd-jwt", None, "typ"),
        ("text/vc+jwt", None, "typ"),
        (1, None, "typ"),
        (None, ["vc"], "cty"),
    ],
)
def test_credential_media_types_refused(typ: Any, cty: Any, named: str) -> None:
    message = mediatypes.check_media_types(typ, cty, **CRED)
    assert message is not None and named in message


def test_cose_media_types() -> None:
    typ, cty = mediatypes.EXPECTED_MEDIA_TYPES["application/vc+cose"]
    ok = mediatypes.check_media_types(
        "application/vc+cose", "application/vc", expected_typ=typ, expected_cty=cty
    )
    assert ok is None
    bad = mediatypes.check_media_types("really/bad", "very/bad", expected_typ=typ, expected_cty=cty)
    assert bad is not None


def test_forbidden_vc_jwt_claims() -> None:
    assert mediatypes.forbidden_vc_jwt_claims({"@context": [], "vc": 1, "vp": 2}) == ["vc", "vp"]
    assert mediatypes.forbidden_vc_jwt_claims({"@context": [], "iss": "x"}) == []
    # legacy VC-JWT: `vc` is the credential itself
    assert mediatypes.forbidden_vc_jwt_claims({"vc": {"@context": []}, "iss": "x"}) == []


@pytest.mark.parametrize(
    ("url", "media_type", "content"),
    [
        ("data:application/vc+jwt,a.b.c", "application/vc+jwt", b"a.b.c"),
        ("data:application/vc+sd-jwt,a.b.c~d~", "application/vc+sd-jwt", b"a.b.c~d~"),
        ("data:application/vc+cose;base64,0oQ=", "application/vc+cose", b"\xd2\x84"),
        ("data:application/vc+cose;base64,0oQ\n", "application/vc+cose", b"\xd2\x84"),
        ("data:Application/VC+JWT;base64,YS5iLmM=", "application/vc+jwt", b"a.b.c"),
        ("data:application/vc+jwt,a%2Eb.c", "application/vc+jwt", b"a.b.c"),
    ],
)
def test_enveloped_data_urls(url: str, media_type: str, content: bytes) -> None:
    assert mediatypes.parse_enveloped_data_url(url) == (media_type, content)


@pytest.mark.parametrize(
    "url",
    [
        "not-a-credential",
        "bad-credential",
        None,
        "https://example.com/vc.jwt",
        "data:application/vc+jwt",  # no comma
        "data:application/json,{}",
        "data:application/vp+jwt,a.b.c",  # a presentation is not a credential
        "data:application/vc+cose,0oQ",  # COSE must be base64
        "data:application/vc+cose;base64,0o!Q",
        "data:application/vc+jwt,%C3%A9",
    ],
)
def test_enveloped_data_urls_refused(url: Any) -> None:
    with pytest.raises(MalformedToken):
        mediatypes.parse_enveloped_data_url(url)


def test_suite_file_is_base64_of_itself() -> None:
    # Sanity of the fixture reading: the COSE text is standard base64 without padding.
    text = (SUITE / "input/credential-cose-minimal.txt").read_text().strip()
    assert base64.b64decode(text + "=" * (-len(text) % 4))[:2] == b"\xd2\x84"
