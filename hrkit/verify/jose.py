"""JWS compact serialization (RFC 7515) with the contract's algorithms, and JWKs (RFC 7517/7638).

Only RS256, ES256, ES384, ES512 and EdDSA (Ed25519) are accepted: HMAC algorithms cannot be
reached at all, so the classic confusion of an RSA public key used as an HMAC secret is
impossible by construction. The same signature primitives serve COSE (`verify_signature`).
"""

from __future__ import annotations

import binascii
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from hrkit.errors import HrkitError

# The contract's RS256, ES256, ES384 and EdDSA, plus ES512 (P-521) which VC-JOSE-COSE
# issuers use (the W3C suite's SD-JWT vectors are signed with it).
SUPPORTED_ALGS = {"RS256", "ES256", "ES384", "ES512", "EdDSA"}
MIN_RSA_BITS = 2048

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
Verifier = Callable[[PublicKeyTypes, bytes, bytes], None]


class TokenError(HrkitError):
    """A JWS, SD-JWT or COSE message that cannot be accepted."""

    code = "TOKEN"


class MalformedToken(TokenError):
    """Not a well-formed token: encoding, structure, JSON, or a size limit."""

    code = "MALFORMED_TOKEN"


class UnsupportedAlgorithm(TokenError):
    """An algorithm outside `SUPPORTED_ALGS`; `alg` holds the offending value."""

    code = "UNSUPPORTED_ALGORITHM"
    is_none = False

    def __init__(self, alg: object, message: str | None = None) -> None:
        self.alg = alg
        supported = ", ".join(sorted(SUPPORTED_ALGS))
        super().__init__(message or f"unsupported algorithm {_short(alg)} (supported: {supported})")


class AlgorithmNone(UnsupportedAlgorithm):
    """`alg: none` in any spelling: an unsigned token posing as a signed one."""

    code = "ALG_NONE"
    is_none = True

    def __init__(self, alg: object) -> None:
        super().__init__(alg, f"alg: {_short(alg)} (unsigned token) is never accepted")


class UnsupportedHeader(TokenError):
    """A header this verifier must not ignore: `crit` extensions or `b64: false`."""

    code = "UNSUPPORTED_HEADER"


class SignatureInvalid(TokenError):
    """The signature does not verify with the key, or the key cannot serve the algorithm."""

    code = "SIGNATURE_INVALID"


class WeakKey(SignatureInvalid):
    code = "WEAK_KEY"


class InvalidKey(TokenError):
    """A JWK (or key object) that is not a usable public key of a supported type."""

    code = "INVALID_KEY"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# base64url without padding, strictly: the alphabet is mapped onto standard base64 and every
# other byte (including '+', '/', '=') onto '!', which binascii's strict mode rejects.
_TO_STD = bytes.maketrans(b"-_+/=", b"+/!!!")
_TO_URL = bytes.maketrans(b"+/", b"-_")
_PAD = (b"", b"", b"==", b"=")
# The last character of a 2- or 3-character tail may only carry zero bits beyond the data;
# anything else is a second spelling of the same bytes (a malleable token).
_LAST = (b"", b"", b"AQgw", b"AEIMQUYcgkosw048")


def b64url_decode(data: str | bytes) -> bytes:
    """Strict unpadded base64url (RFC 7515 §2); anything else raises MalformedToken."""
    raw = data.encode("ascii", "replace") if isinstance(data, str) else data
    tail = len(raw) % 4
    if tail == 1 or (tail and raw[-1] not in _LAST[tail]):
        raise MalformedToken("invalid base64url value")
    try:
        return binascii.a2b_base64(raw.translate(_TO_STD) + _PAD[tail], strict_mode=True)
    except binascii.Error:
        raise MalformedToken("invalid base64url value") from None


def b64url_encode(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).rstrip(b"=").translate(_TO_URL).decode()


@dataclass(frozen=True)
class CompactJws:
    """A parsed JWS compact serialization; `signing_input` is exactly what was signed."""

    header: dict[str, Any]
    payload: bytes
    signing_input: bytes
    signature: bytes
    raw: str

    def payload_json(self) -> dict[str, Any]:
        """The payload as a JSON object (a JWT claims set)."""
        return json_object(self.payload, "JWS payload")


def json_object(data: bytes, what: str) -> dict[str, Any]:
    """`data` parsed as a JSON object, or MalformedToken naming `what`."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        raise MalformedToken(f"{what} is not JSON") from None
    if not isinstance(value, dict):
        raise MalformedToken(f"{what} is not a JSON object")
    return value


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # RFC 7515 §4: duplicate header names make the header ambiguous (two `alg` values).
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("duplicate member")
    return obj


def parse_compact(text: str, *, max_bytes: int = 1_000_000) -> CompactJws:
    """Parse `header.payload.signature`; checks encodings, the header and the algorithm."""
    if len(text) > max_bytes:
        raise MalformedToken(f"token larger than {max_bytes} bytes")
    text = text.strip()
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        raise MalformedToken("token contains non-ASCII characters") from None
    parts = raw.split(b".")
    if len(parts) != 3:
        raise MalformedToken(f"a compact JWS has 3 segments, found {len(parts)}")
    header_b64, payload_b64, signature_b64 = parts
    try:
        header = json.loads(b64url_decode(header_b64), object_pairs_hook=_unique_members)
    except (ValueError, RecursionError):
        raise MalformedToken("JWS header is not JSON (or repeats a member)") from None
    if not isinstance(header, dict):
        raise MalformedToken("JWS header is not a JSON object")
    check_header(header)
    return CompactJws(
        header=header,
        payload=b64url_decode(payload_b64),
        signing_input=raw[: len(header_b64) + 1 + len(payload_b64)],
        signature=b64url_decode(signature_b64),
        raw=text,
    )


def check_header(header: Mapping[str, Any]) -> None:
    """Reject what a verifier must not ignore: bad `alg`, any `crit`, `b64` other than true."""
    if "alg" not in header:
        raise MalformedToken("JWS header has no alg")
    check_alg(header["alg"])
    if "crit" in header:
        # RFC 7515 §4.1.11: we implement no extension, so any listed one must be refused.
        raise UnsupportedHeader(f"critical header extensions are not supported: {header['crit']}")
    if header.get("b64", True) is not True:
        raise UnsupportedHeader("unencoded payloads (b64: false, RFC 7797) are not supported")


def check_alg(alg: object) -> str:
    """`alg` itself when supported; AlgorithmNone or UnsupportedAlgorithm otherwise."""
    if isinstance(alg, str) and alg in SUPPORTED_ALGS:
        return alg
    if isinstance(alg, str) and alg.lower() == "none":
        raise AlgorithmNone(alg)
    raise UnsupportedAlgorithm(alg)


def verify_jws(jws: CompactJws, key: PublicKeyTypes) -> None:
    """Raise SignatureInvalid unless `key` verifies the JWS with its header's algorithm."""
    verify_signature(jws.header.get("alg"), key, jws.signing_input, jws.signature)


def verify_signature(alg: object, key: PublicKeyTypes, data: bytes, signature: bytes) -> None:
    """Verify `signature` over `data` with a JOSE algorithm name (raw r‖s for ECDSA)."""
    _VERIFIERS[check_alg(alg)](key, data, signature)


def _verify_rs256(key: PublicKeyTypes, data: bytes, signature: bytes) -> None:
    if not isinstance(key, rsa.RSAPublicKey):
        raise _wrong_key("RS256", key)
    if key.key_size < MIN_RSA_BITS:
        raise WeakKey(f"RSA key has {key.key_size} bits; at least {MIN_RSA_BITS} are required")
    if len(signature) != (key.key_size + 7) // 8:
        raise SignatureInvalid("RS256 signature length does not match the key size")
    try:
        key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise SignatureInvalid("signature does not verify (RS256)") from None


def _ecdsa(
    alg: str, curve: type[ec.EllipticCurve], size: int, digest: hashes.HashAlgorithm
) -> Verifier:
    def verify(key: PublicKeyTypes, data: bytes, signature: bytes) -> None:
        if not (isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, curve)):
            raise _wrong_key(alg, key)
        # RFC 7518 §3.4: the JWS signature is r‖s, each exactly the coordinate size (not DER).
        if len(signature) != 2 * size:
            raise SignatureInvalid(f"{alg} signature must be {2 * size} raw bytes (r‖s)")
        der = encode_dss_signature(
            int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
        )
        try:
            key.verify(der, data, ec.ECDSA(digest))
        except InvalidSignature:
            raise SignatureInvalid(f"signature does not verify ({alg})") from None

    return verify


def _verify_eddsa(key: PublicKeyTypes, data: bytes, signature: bytes) -> None:
    if isinstance(key, ed448.Ed448PublicKey):
        raise SignatureInvalid("EdDSA is accepted with Ed25519 keys only, not Ed448")
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise _wrong_key("EdDSA", key)
    if len(signature) != 64:
        raise SignatureInvalid(f"EdDSA signature must be 64 bytes, got {len(signature)}")
    try:
        key.verify(signature, data)
    except InvalidSignature:
        raise SignatureInvalid("signature does not verify (EdDSA)") from None


def _wrong_key(alg: str, key: object) -> SignatureInvalid:
    kind = type(key).__name__
    if isinstance(key, ec.EllipticCurvePublicKey):
        kind = f"EC {key.curve.name}"
    elif isinstance(key, rsa.RSAPublicKey):
        kind = f"RSA-{key.key_size}"
    return SignatureInvalid(f"{alg} cannot be verified with a {kind} key", code="KEY_MISMATCH")


_VERIFIERS: dict[str, Verifier] = {
    "RS256": _verify_rs256,
    "ES256": _ecdsa("ES256", ec.SECP256R1, 32, hashes.SHA256()),
    "ES384": _ecdsa("ES384", ec.SECP384R1, 48, hashes.SHA384()),
    "ES512": _ecdsa("ES512", ec.SECP521R1, 66, hashes.SHA512()),
    "EdDSA": _verify_eddsa,
}

_EC_CURVES: dict[str, tuple[ec.EllipticCurve, int]] = {
    "P-256": (ec.SECP256R1(), 32),
    "P-384": (ec.SECP384R1(), 48),
    "P-521": (ec.SECP521R1(), 66),
}
_CRV_NAMES = {curve.name: crv for crv, (curve, _size) in _EC_CURVES.items()}
# RFC 7638 §3.2: the required members of each key type, in lexicographic order.
_THUMBPRINT = {"RSA": ("e", "kty", "n"), "EC": ("crv", "kty", "x", "y"), "OKP": ("crv", "kty", "x")}


def jwk_to_public_key(jwk: Mapping[str, Any]) -> PublicKey:
    """The public key of an RSA, EC (P-256/384/521) or OKP Ed25519 JWK; private members ignored."""
    if not isinstance(jwk, Mapping):
        raise InvalidKey("a JWK must be a JSON object")
    use = jwk.get("use")
    if use is not None and use != "sig":
        raise InvalidKey(f"JWK is not a signature key (use: {_short(use)})")
    kty = jwk.get("kty")
    if kty == "RSA":
        return _rsa_key(_member(jwk, "n"), _member(jwk, "e"))
    if kty == "EC":
        return _ec_key(_member(jwk, "crv"), _member(jwk, "x"), _member(jwk, "y"))
    if kty == "OKP":
        return _okp_key(_member(jwk, "crv"), _member(jwk, "x"))
    raise InvalidKey(f"unsupported JWK key type {_short(kty)}")


def _member(jwk: Mapping[str, Any], name: str) -> str:
    value = jwk.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidKey(f"JWK member {name!r} is missing or not a string")
    return value


def _key_bytes(value: str, name: str) -> bytes:
    try:
        return b64url_decode(value)
    except MalformedToken:
        raise InvalidKey(f"JWK member {name!r} is not base64url") from None


# Keys are immutable, so one object per distinct JWK can be shared by every verification.
@lru_cache(maxsize=1024)
def _rsa_key(n: str, e: str) -> rsa.RSAPublicKey:
    modulus = int.from_bytes(_key_bytes(n, "n"), "big")
    exponent = int.from_bytes(_key_bytes(e, "e"), "big")
    try:
        return rsa.RSAPublicNumbers(exponent, modulus).public_key()
    except ValueError as exc:
        raise InvalidKey(f"invalid RSA key: {exc}") from None


@lru_cache(maxsize=1024)
def _ec_key(crv: str, x: str, y: str) -> ec.EllipticCurvePublicKey:
    if crv not in _EC_CURVES:
        raise InvalidKey(f"unsupported EC curve {_short(crv)}")
    curve, size = _EC_CURVES[crv]
    xb, yb = _key_bytes(x, "x"), _key_bytes(y, "y")
    if len(xb) != size or len(yb) != size:
        raise InvalidKey(f"{crv} coordinates must be {size} bytes each")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(curve, b"\x04" + xb + yb)
    except ValueError:
        raise InvalidKey(f"the point is not on curve {crv}") from None


@lru_cache(maxsize=1024)
def _okp_key(crv: str, x: str) -> ed25519.Ed25519PublicKey:
    if crv != "Ed25519":
        raise InvalidKey(f"unsupported OKP curve {_short(crv)} (only Ed25519)")
    raw = _key_bytes(x, "x")
    if len(raw) != 32:
        raise InvalidKey("an Ed25519 key is 32 bytes")
    return ed25519.Ed25519PublicKey.from_public_bytes(raw)


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """The RFC 7638 thumbprint (SHA-256, base64url) of a JWK."""
    kty = jwk.get("kty")
    names = _THUMBPRINT.get(kty) if isinstance(kty, str) else None
    if names is None:
        raise InvalidKey(f"unsupported JWK key type {_short(kty)}")
    required = {name: _member(jwk, name) for name in names}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return b64url_encode(hashlib.sha256(canonical.encode()).digest())


def public_key_to_jwk(key: PublicKeyTypes) -> dict[str, Any]:
    """The public JWK of an RSA, EC or Ed25519 key (the inverse of `jwk_to_public_key`)."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}
    if isinstance(key, ec.EllipticCurvePublicKey):
        crv = _CRV_NAMES.get(key.curve.name)
        if crv is None:
            raise InvalidKey(f"unsupported EC curve {key.curve.name}")
        size = _EC_CURVES[crv][1]
        nums = key.public_numbers()
        x, y = nums.x.to_bytes(size, "big"), nums.y.to_bytes(size, "big")
        return {"kty": "EC", "crv": crv, "x": b64url_encode(x), "y": b64url_encode(y)}
    if isinstance(key, rsa.RSAPublicKey):
        nums_rsa = key.public_numbers()
        return {"kty": "RSA", "n": _uint(nums_rsa.n), "e": _uint(nums_rsa.e)}
    raise InvalidKey(f"cannot express a {type(key).__name__} as a JWK")


def _uint(value: int) -> str:
    return b64url_encode(value.to_bytes((value.bit_length() + 7) // 8 or 1, "big"))


_COMPACT = re.compile(r"ey[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")


def looks_like_compact_jws(text: str) -> bool:
    """A cheap syntactic test (for format detection): three base64url segments, a JSON header."""
    return _COMPACT.fullmatch(text.strip()) is not None
