"""Multibase (base58btc `z`, base64url `u`) and multicodec public keys (did:key, Multikey)."""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from hrkit.errors import ValidationError

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {ch: i for i, ch in enumerate(_B58)}

# multicodec varint prefixes of the key types we accept
ED25519_PUB = b"\xed\x01"
P256_PUB = b"\x80\x24"
P384_PUB = b"\x81\x24"

PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey


def b58decode(text: str) -> bytes:
    if len(text) > 4096:
        raise ValidationError("base58 value too long")
    number = 0
    for ch in text:
        try:
            number = number * 58 + _B58_INDEX[ch]
        except KeyError:
            raise ValidationError(f"invalid base58 character {ch!r}") from None
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading = len(text) - len(text.lstrip("1"))
    return b"\x00" * leading + body


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, rem = divmod(number, 58)
        out.append(_B58[rem])
    leading = len(data) - len(data.lstrip(b"\x00"))
    return "1" * leading + "".join(reversed(out))


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise ValidationError("invalid base64url value") from None


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def multibase_decode(value: str) -> bytes:
    """Decode a multibase string (`z` base58btc or `u` base64url)."""
    if value.startswith("z"):
        return b58decode(value[1:])
    if value.startswith("u"):
        return b64url_decode(value[1:])
    raise ValidationError(f"unsupported multibase prefix {value[:1]!r}")


@lru_cache(maxsize=4096)
def multikey_to_public_key(value: str) -> PublicKey:
    """The public key of a Multikey / did:key value such as `z6Mk…` (Ed25519) or `zDn…` (P-256)."""
    raw = multibase_decode(value)
    if raw.startswith(ED25519_PUB) and len(raw) == 34:
        return ed25519.Ed25519PublicKey.from_public_bytes(raw[2:])
    for prefix, curve in ((P256_PUB, ec.SECP256R1()), (P384_PUB, ec.SECP384R1())):
        if raw.startswith(prefix):
            try:
                return ec.EllipticCurvePublicKey.from_encoded_point(curve, raw[2:])
            except ValueError:
                raise ValidationError("invalid compressed EC point in multikey") from None
    raise ValidationError(f"unsupported multikey type (prefix {raw[:2].hex()})")
