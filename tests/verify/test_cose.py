"""COSE_Sign1 decoding and verification; the W3C VC-JOSE-COSE suite's COSE cases."""

from __future__ import annotations

import base64
import json
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from hrkit.verify import cose, jose, mediatypes
from hrkit.verify.jose import (
    AlgorithmNone,
    MalformedToken,
    SignatureInvalid,
    UnsupportedAlgorithm,
    UnsupportedHeader,
)
from tests.verify.test_jose import (
    SUITE,
    private_key,
    raw_signature,
    run_suite_case,
    suite_cases,
    suite_key,
)

COSE_IDS = {"ES256": -7, "ES384": -35, "EdDSA": -8, "RS256": -257}
VC = json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "x"}).encode()


@pytest.mark.parametrize("case", suite_cases("credential_cose", "presentation_cose"))
def test_suite_cose_case(case: dict[str, Any]) -> None:
    run_suite_case(case)


def _suite(name: str) -> str:
    return (SUITE / "input" / name).read_text()


def test_suite_not_base64_case_is_the_valid_message_as_hex() -> None:
    """Case 30: the same bytes as case 29, but hex text where base64 is required."""
    valid = cose.decode_cose_text(_suite("credential-cose-minimal.txt"))
    hex_text = _suite("credential-cose-minimal-not-base64.txt")
    assert bytes.fromhex(hex_text.strip()) == valid
    assert cose.looks_like_cose(hex_text)
    with pytest.raises(MalformedToken, match="hex"):
        cose.decode_cose_text(hex_text)


def test_suite_single_presentation_encloses_a_placeholder_credential() -> None:
    """Case 31 (expected success): the presentation verifies, its credential is not a JWS."""
    msg = cose.parse_cose_sign1(cose.decode_cose_text(_suite("presentation-cose-single.txt")))
    cose.verify_cose_sign1(msg, suite_key(cose.cose_kid(msg), "vm-p384.json"))
    [entry] = msg.payload_json()["verifiableCredential"]
    media_type, content = mediatypes.parse_enveloped_data_url(entry["id"])
    assert media_type == "application/vc+jwt" and content.endswith(b"....")
    with pytest.raises(MalformedToken, match="3 segments"):
        jose.parse_compact(content.decode())


def test_suite_headers() -> None:
    msg = cose.parse_cose_sign1(cose.decode_cose_text(_suite("credential-cose-minimal.txt")))
    assert cose.cose_alg_name(msg) == "ES256"
    assert cose.cose_kid(msg) == "73voMXFNmNlOEpuYCSJlh8eN0dscykoO6gBukgRS1uU"
    assert cose.cose_typ(msg) == "application/vc+cose"
    assert cose.cose_content_type(msg) == "application/vc"
    assert msg.payload_json()["issuer"] == "https://example.issuer/vc-jose-cose"


# --- signing with cryptography ---------------------------------------------------------------


def sign_cose(
    alg: str,
    key: Any = None,
    *,
    payload: Any = VC,
    protected: dict[Any, Any] | None = None,
    unprotected: dict[Any, Any] | None = None,
    tagged: bool = True,
) -> bytes:
    headers = {1: COSE_IDS.get(alg, alg), 3: "application/vc", 16: "application/vc+cose"}
    protected_raw = cbor2.dumps({**headers, **(protected or {})})
    to_sign = cbor2.dumps(["Signature1", protected_raw, b"", payload])
    signing_alg = alg if alg in COSE_IDS else "EdDSA"
    signature = raw_signature(signing_alg, key or private_key(signing_alg), to_sign)
    message = [protected_raw, unprotected or {}, payload, signature]
    return cbor2.dumps(cbor2.CBORTag(18, message) if tagged else message)


@pytest.mark.parametrize("alg", sorted(COSE_IDS))
@pytest.mark.parametrize("tagged", [True, False])
def test_round_trip_for_each_algorithm(alg: str, tagged: bool) -> None:
    data = sign_cose(alg, tagged=tagged)
    assert cose.looks_like_cose(data)
    msg = cose.parse_cose_sign1(data)
    assert cose.cose_alg_name(msg) == alg and msg.payload == VC
    public = private_key(alg).public_key()
    cose.verify_cose_sign1(msg, public)
    cose.verify_cose_sign1(msg, jose.jwk_to_public_key(jose.public_key_to_jwk(public)))


@pytest.mark.parametrize(
    "encode",
    [
        lambda b: base64.b64encode(b).decode(),
        lambda b: base64.b64encode(b).decode().rstrip("="),
        lambda b: base64.urlsafe_b64encode(b).decode().rstrip("="),
        lambda b: base64.encodebytes(b).decode(),  # wrapped lines
        lambda b: base64.b64encode(b),  # ASCII bytes of the text
        lambda b: b,  # raw CBOR
    ],
)
def test_text_encodings(encode: Any) -> None:
    data = sign_cose("EdDSA")
    assert cose.decode_cose_text(encode(data)) == data
    assert cose.looks_like_cose(encode(data))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("0oRY+abc-def", id="mixed-alphabets"),
        pytest.param("0oRY!!", id="illegal-character"),
        pytest.param("0oRYA", id="impossible-length"),
        pytest.param("", id="empty"),
        pytest.param(b"\xff\xfe", id="non-ascii-bytes"),
        pytest.param("D2845856A401", id="uppercase-hex"),
        pytest.param("0" * 3_000_000, id="oversized"),
    ],
)
def test_bad_text_encodings(text: Any) -> None:
    with pytest.raises(MalformedToken):
        cose.decode_cose_text(text)


def test_looks_like_cose_refuses_other_things() -> None:
    jws = (SUITE / "input/credential-jose-minimal.txt").read_text()
    for other in (jws, '{"a": 1}', "hEllo world", "", b"", b"\x84", b"{}", "hE!"):
        assert not cose.looks_like_cose(other)


# --- signatures that must fail -----------------------------------------------------------------


def test_tampered_payload_fails() -> None:
    protected_raw, unprotected, _payload, signature = cbor2.loads(sign_cose("ES256")).value
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected_raw, unprotected, VC + b" ", signature]))
    with pytest.raises(SignatureInvalid):
        cose.verify_cose_sign1(cose.parse_cose_sign1(forged), private_key("ES256").public_key())


def test_tampered_protected_header_fails() -> None:
    _protected, unprotected, payload, signature = cbor2.loads(sign_cose("EdDSA")).value
    other = cbor2.dumps({1: -8, 3: "application/vp", 16: "application/vp+cose"})
    forged = cbor2.dumps(cbor2.CBORTag(18, [other, unprotected, payload, signature]))
    with pytest.raises(SignatureInvalid):
        cose.verify_cose_sign1(cose.parse_cose_sign1(forged), private_key("EdDSA").public_key())


def test_wrong_key_fails() -> None:
    msg = cose.parse_cose_sign1(sign_cose("EdDSA"))
    with pytest.raises(SignatureInvalid):
        cose.verify_cose_sign1(msg, ed25519.Ed25519PrivateKey.generate().public_key())
    with pytest.raises(SignatureInvalid, match="cannot be verified"):
        cose.verify_cose_sign1(msg, private_key("ES256").public_key())


def test_suite_bad_signature_with_the_right_key() -> None:
    msg = cose.parse_cose_sign1(cose.decode_cose_text(_suite("credential-cose-bad-signature.txt")))
    with pytest.raises(SignatureInvalid):
        cose.verify_cose_sign1(msg, suite_key(cose.cose_kid(msg), "vm-ed25519.json"))


@pytest.mark.parametrize(
    ("alg", "named"),
    [(-37, "PS256"), (5, "HMAC 256/256"), (-259, "RS512"), (-65537, "-65537")],
)
def test_unsupported_algorithms_are_named(alg: int, named: str) -> None:
    with pytest.raises(UnsupportedAlgorithm, match=named) as info:
        cose.parse_cose_sign1(sign_cose(alg))  # type: ignore[arg-type]
    assert not info.value.is_none


@pytest.mark.parametrize("alg", ["none", "ES256", b"\x26", None])
def test_non_integer_algorithms_are_refused(alg: Any) -> None:
    with pytest.raises(UnsupportedAlgorithm) as info:
        cose.parse_cose_sign1(sign_cose("EdDSA", protected={1: alg}))
    assert info.value.is_none == (alg == "none")
    assert isinstance(info.value, AlgorithmNone) == (alg == "none")


# --- structure and CBOR hygiene --------------------------------------------------------------


def _message(protected_raw: bytes, unprotected: Any = None, payload: Any = VC) -> bytes:
    return cbor2.dumps(cbor2.CBORTag(18, [protected_raw, unprotected or {}, payload, bytes(64)]))


GOOD_PROTECTED = cbor2.dumps({1: -8})
DEEP: list[Any] = []
for _ in range(cose.MAX_DEPTH + 2):
    DEEP = [DEEP]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_message(GOOD_PROTECTED, payload=None), id="detached-payload"),
        pytest.param(_message(GOOD_PROTECTED, payload="text"), id="text-payload"),
        pytest.param(_message(b""), id="no-protected-alg"),
        pytest.param(_message(cbor2.dumps({4: b"k"}), {1: -8}), id="alg-unprotected-only"),
        pytest.param(_message(GOOD_PROTECTED, {1: -8}), id="label-in-both-headers"),
        pytest.param(_message(b"\xa2\x01\x27\x01\x26"), id="duplicate-protected-label"),
        pytest.param(_message(GOOD_PROTECTED + b"\x00"), id="trailing-bytes-in-protected"),
        pytest.param(_message(cbor2.dumps([1, -8])), id="protected-not-a-map"),
        pytest.param(_message(GOOD_PROTECTED, {1.5: "x"}), id="float-label"),
        pytest.param(_message(GOOD_PROTECTED, {99: DEEP}), id="deep"),
        pytest.param(_message(GOOD_PROTECTED) + b"\x00", id="trailing-bytes"),
        pytest.param(cbor2.dumps(cbor2.CBORTag(18, [GOOD_PROTECTED, {}, VC])), id="3-elements"),
        pytest.param(cbor2.dumps(cbor2.CBORTag(98, [GOOD_PROTECTED, {}, VC, []])), id="cose-sign"),
        pytest.param(cbor2.dumps({"a": 1}), id="a-map"),
        pytest.param(b"\xd2\x84\x41", id="truncated"),
        pytest.param(b"", id="empty"),
        pytest.param(_message(GOOD_PROTECTED, {99: b"x" * 1_000_000}), id="oversized"),
    ],
)
def test_malformed_messages(data: bytes) -> None:
    with pytest.raises(MalformedToken):
        cose.parse_cose_sign1(data)


def test_crit_is_unsupported() -> None:
    with pytest.raises(UnsupportedHeader):
        cose.parse_cose_sign1(sign_cose("EdDSA", protected={2: [99], 99: 1}))


def _builtin_tags() -> list[int]:
    """Every tag cbor2 would decode into a Python object by itself (probed, not assumed)."""

    def hook(tag: cbor2.CBORTag, _immutable: bool) -> Any:
        return ("unknown", tag.tag)

    found = []
    for number in range(70_000):
        try:
            value = cbor2.loads(cbor2.dumps(cbor2.CBORTag(number, 1)), tag_hook=hook)
        except cbor2.CBORError:
            found.append(number)
            continue
        if value != ("unknown", number):
            found.append(number)
    return found


def test_no_cbor_tag_is_decoded_inside_a_message() -> None:
    builtin = _builtin_tags()
    assert {1, 2, 28, 29, 35, 36, 258} <= set(builtin)
    values = [1, -1, b"\x01\x02", "(a+)+$", [1, 2], [0], {1: 2}]
    for number in [*builtin, 18, 9999, 2**40]:
        for value in values:
            data = _message(GOOD_PROTECTED, {99: cbor2.CBORTag(number, value)})
            with pytest.raises(MalformedToken):
                cose.parse_cose_sign1(data)
            tagged_protected = cbor2.dumps({1: -8, 99: cbor2.CBORTag(number, value)})
            with pytest.raises(MalformedToken):
                cose.parse_cose_sign1(_message(tagged_protected))


def test_shared_reference_cycles_are_refused() -> None:
    cyclic = b"\xd8\x1c\x81\xd8\x1d\x00"  # shareable([sharedref(0)]): a list inside itself
    unprotected = b"\xa1\x18\x63" + cyclic  # {99: <the cycle>}
    parts = (cbor2.dumps(GOOD_PROTECTED), unprotected, cbor2.dumps(VC), cbor2.dumps(bytes(64)))
    with pytest.raises(MalformedToken):
        cose.parse_cose_sign1(b"\xd2\x84" + b"".join(parts))


# --- header accessors ------------------------------------------------------------------------


def test_kid_from_either_header_and_binary_kids() -> None:
    unprotected = cose.parse_cose_sign1(sign_cose("EdDSA", unprotected={4: b"key-1"}))
    assert cose.cose_kid(unprotected) == "key-1"
    binary = cose.parse_cose_sign1(sign_cose("EdDSA", protected={4: b"\xff\x00"}))
    assert cose.cose_kid(binary) == jose.b64url_encode(b"\xff\x00")
    assert cose.cose_kid(cose.parse_cose_sign1(sign_cose("EdDSA"))) is None
    with pytest.raises(MalformedToken):
        cose.cose_kid(cose.parse_cose_sign1(sign_cose("EdDSA", protected={4: 7})))


def test_media_type_headers() -> None:
    numeric = cose.parse_cose_sign1(sign_cose("EdDSA", protected={3: 50, 16: 61}))
    assert cose.cose_content_type(numeric) == "50" and cose.cose_typ(numeric) == "61"
    typ, cty = mediatypes.EXPECTED_MEDIA_TYPES["application/vc+cose"]
    assert mediatypes.check_media_types("61", "50", expected_typ=typ, expected_cty=cty)
    with pytest.raises(MalformedToken):
        cose.cose_typ(cose.parse_cose_sign1(sign_cose("EdDSA", protected={16: ["x"]})))


def test_payload_json_requires_an_object() -> None:
    msg = cose.parse_cose_sign1(sign_cose("EdDSA", payload=b"[1]"))
    cose.verify_cose_sign1(msg, private_key("EdDSA").public_key())
    with pytest.raises(MalformedToken):
        msg.payload_json()
