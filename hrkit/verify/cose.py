"""COSE_Sign1 (RFC 9052) for VC-JOSE-COSE `application/vc+cose` and `application/vp+cose`.

CBOR is decoded with every tag refused (the outer tag 18 is read by hand), duplicate map keys
refused, a depth limit and no trailing bytes: nothing in a message can make the decoder build
regexes, MIME objects, shared references or other objects from attacker-chosen tags.
"""

from __future__ import annotations

import binascii
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from hrkit.verify.jose import (
    AlgorithmNone,
    MalformedToken,
    UnsupportedAlgorithm,
    UnsupportedHeader,
    b64url_encode,
    json_object,
    verify_signature,
)

ALG, CRIT, CONTENT_TYPE, KID, TYP = 1, 2, 3, 4, 16
COSE_TAG_SIGN1 = 0xD2  # tag 18 in its one-byte form
MAX_DEPTH = 16

# Only the contract's algorithms (jose.SUPPORTED_ALGS) under their COSE numbers (RFC 9053/8812).
COSE_ALGS = {-7: "ES256", -35: "ES384", -36: "ES512", -8: "EdDSA", -257: "RS256"}
# Algorithms refused by name, so the message can say what was used.
_REFUSED = {-36: "ES512", -37: "PS256", -38: "PS384", -39: "PS512", -258: "RS384", -259: "RS512"}
_REFUSED |= {-47: "ES256K", 4: "HMAC 256/64", 5: "HMAC 256/256", 6: "HMAC 384/384"}
_REFUSED |= {7: "HMAC 512/512", -9: "ESP256", -19: "Ed25519", -51: "ESP384"}

# Tags cbor2 decodes by itself (found by probing every tag up to 70000; the tests re-probe).
_BUILTIN_TAGS = frozenset({0, 1, 2, 3, 4, 5, 25, 28, 29, 30, 35, 36, 37, 52, 54, 100, 256, 258})
_BUILTIN_TAGS |= {260, 261, 1004, 43000, 55799}


def _refuse_tag(*_args: Any) -> Any:
    raise ValueError("CBOR tags are not accepted inside a COSE_Sign1 message")


_NO_SEMANTICS = dict.fromkeys(_BUILTIN_TAGS, _refuse_tag)
_URL_TO_STD = bytes.maketrans(b"-_", b"+/")
_BASE64_TEXT = re.compile(r"[A-Za-z0-9+/_=\r\n-]+")  # line-wrapped base64 at most


@dataclass(frozen=True)
class CoseSign1:
    """A decoded COSE_Sign1; `protected_raw` is the header bstr exactly as signed."""

    protected: dict[int | str, Any]
    unprotected: dict[int | str, Any]
    payload: bytes
    signature: bytes
    protected_raw: bytes

    def payload_json(self) -> dict[str, Any]:
        """The payload as a JSON object (a credential or presentation)."""
        return json_object(self.payload, "COSE payload")


def looks_like_cose(data: bytes | str) -> bool:
    """A cheap test: raw COSE_Sign1 CBOR, or base64/base64url (or hex, to reject it well) text."""
    if isinstance(data, bytes | bytearray):
        if data[:2] == b"\xd2\x84" or (len(data) > 1 and data[0] == 0x84 and data[1] >> 5 == 2):
            return True  # tag 18 + array(4), or array(4) + a bstr (the protected header)
        try:
            data = bytes(data).decode("ascii")
        except UnicodeDecodeError:
            return False
    text = data.strip()
    # base64 of 0xD2 0x84 0x4?/0x5? starts "0oR"; of an untagged 0x84 0x4?/0x5?, "hE" or "hF".
    prefixed = text.startswith(("0oR", "hE", "hF", "d284", "D284"))
    return prefixed and _BASE64_TEXT.fullmatch(text) is not None


def decode_cose_text(data: str | bytes, *, max_bytes: int = 1_000_000) -> bytes:
    """The CBOR bytes of a COSE message given raw, or as base64/base64url text (VC-JOSE-COSE).

    Hex text is refused: VC-JOSE-COSE §3.3.1 requires base64, and the W3C suite's
    `credential-cose-minimal-not-base64` (hex of a valid message) must fail.
    """
    if len(data) > 2 * max_bytes:
        raise MalformedToken(f"COSE text larger than {2 * max_bytes} characters")
    if isinstance(data, bytes | bytearray):
        if data[:1] in (b"\xd2", b"\x84"):
            return bytes(data)
        try:
            data = bytes(data).decode("ascii")
        except UnicodeDecodeError:
            raise MalformedToken("neither COSE_Sign1 bytes nor base64 text") from None
    text = "".join(data.split()).rstrip("=")
    if not text:
        raise MalformedToken("empty COSE message")
    try:
        bytes.fromhex(text)
    except ValueError:
        pass
    else:
        # Base64 of a COSE_Sign1 never consists of hex digits only (it starts "0o" or "h").
        raise MalformedToken("COSE message is hex text; VC-JOSE-COSE requires base64")
    raw = text.encode("ascii", "replace")
    if b"-" in raw or b"_" in raw:
        if b"+" in raw or b"/" in raw:
            raise MalformedToken("COSE text mixes the base64 and base64url alphabets")
        raw = raw.translate(_URL_TO_STD)
    try:
        return binascii.a2b_base64(raw + b"=" * (-len(raw) % 4), strict_mode=True)
    except binascii.Error:
        raise MalformedToken("COSE message is not valid base64") from None


def parse_cose_sign1(data: bytes, *, max_bytes: int = 1_000_000) -> CoseSign1:
    """Decode a COSE_Sign1 (tagged 18 or untagged); the algorithm must be a supported one."""
    if len(data) > max_bytes:
        raise MalformedToken(f"COSE message larger than {max_bytes} bytes")
    if data[:1] == bytes([COSE_TAG_SIGN1]):
        body = data[1:]
    elif data[:1] == b"\x84":
        body = data
    else:
        raise MalformedToken("not a COSE_Sign1 message (tag 18 or a 4-element array)")
    message = _cbor(bytes(body), "COSE_Sign1")
    if not (isinstance(message, list) and len(message) == 4):
        raise MalformedToken("COSE_Sign1 must be an array of 4 elements")
    protected_raw, unprotected, payload, signature = message
    if payload is None:
        raise MalformedToken("detached COSE payloads are not supported")
    if not all(isinstance(v, bytes) for v in (protected_raw, payload, signature)):
        raise MalformedToken("COSE_Sign1 protected header, payload and signature must be bstr")
    protected = _header_map(_cbor(protected_raw, "protected header") if protected_raw else {})
    unprotected = _header_map(unprotected)
    if protected.keys() & unprotected.keys():
        raise MalformedToken("a COSE header label is both protected and unprotected")
    if CRIT in protected or CRIT in unprotected:
        raise UnsupportedHeader("critical COSE header parameters are not supported")
    if ALG not in protected:
        raise MalformedToken("the COSE algorithm must be in the protected header")
    msg = CoseSign1(protected, unprotected, payload, signature, protected_raw)
    cose_alg_name(msg)
    return msg


def _cbor(raw: bytes, what: str) -> Any:
    stream = io.BytesIO(raw)
    try:
        value = cbor2.CBORDecoder(
            stream,
            tag_hook=_refuse_tag,
            semantic_decoders=_NO_SEMANTICS,
            max_depth=MAX_DEPTH,
            allow_duplicate_keys=False,
            str_errors="strict",
        ).decode()
    except (cbor2.CBORError, ValueError, TypeError, OverflowError, RecursionError):
        raise MalformedToken(f"{what} is not well-formed CBOR") from None
    if stream.tell() != len(raw):
        raise MalformedToken(f"{what} is followed by trailing bytes")
    return value


def _header_map(value: Any) -> dict[int | str, Any]:
    if not isinstance(value, Mapping):
        raise MalformedToken("a COSE header must be a map")
    if not all(isinstance(k, int | str) and not isinstance(k, bool) for k in value):
        raise MalformedToken("COSE header labels must be integers or text")
    return dict(value)


def verify_cose_sign1(msg: CoseSign1, key: PublicKeyTypes) -> None:
    """Raise SignatureInvalid unless `key` verifies the Sig_structure (RFC 9052 §4.4)."""
    to_be_signed = cbor2.dumps(["Signature1", msg.protected_raw, b"", msg.payload])
    verify_signature(cose_alg_name(msg), key, to_be_signed, msg.signature)


def cose_alg_name(msg: CoseSign1) -> str:
    """The JOSE name of the protected `alg`; UnsupportedAlgorithm for anything else."""
    alg = msg.protected.get(ALG)
    if isinstance(alg, int) and alg in COSE_ALGS:
        return COSE_ALGS[alg]
    if isinstance(alg, str) and alg.lower() == "none":
        raise AlgorithmNone(alg)
    name = _REFUSED.get(alg) if isinstance(alg, int) else None
    raise UnsupportedAlgorithm(alg if name is None else f"{name} ({alg})")


def _header(msg: CoseSign1, label: int) -> Any:
    return msg.protected[label] if label in msg.protected else msg.unprotected.get(label)


def cose_kid(msg: CoseSign1) -> str | None:
    """The `kid` as text: UTF-8 when it is, base64url of the bytes otherwise."""
    kid = _header(msg, KID)
    if kid is None or isinstance(kid, str):
        return kid
    if not isinstance(kid, bytes):
        raise MalformedToken("COSE kid must be a byte string")
    try:
        return kid.decode("utf-8")
    except UnicodeDecodeError:
        return b64url_encode(kid)


def _media_type(msg: CoseSign1, label: int, name: str) -> str | None:
    value = _header(msg, label)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a CoAP content-format number: never one of the VC media types
    raise MalformedToken(f"COSE {name} must be text or a content-format number")


def cose_content_type(msg: CoseSign1) -> str | None:
    """Header 3 (`content type`), e.g. `application/vc`."""
    return _media_type(msg, CONTENT_TYPE, "content type")


def cose_typ(msg: CoseSign1) -> str | None:
    """Header 16 (`typ`, RFC 9596), e.g. `application/vc+cose`."""
    return _media_type(msg, TYP, "typ")
