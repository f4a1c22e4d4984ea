"""SD-JWT (IETF SD-JWT, VC-JOSE-COSE `vc+sd-jwt`/`vp+sd-jwt`): parsing and disclosure processing.

The issuer's signature is checked on `SdJwt.jws` with `jose.verify_jws`; `disclosed_claims` then
applies the disclosures the holder chose to reveal. Key binding (the KB-JWT) is returned as text
for the caller: checking it needs the holder key from `cnf` and a nonce/audience policy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from hrkit.verify.jose import (
    CompactJws,
    MalformedToken,
    TokenError,
    UnsupportedAlgorithm,
    b64url_decode,
    b64url_encode,
    looks_like_compact_jws,
    parse_compact,
)

MAX_DEPTH = 64  # nesting of disclosed structures; real credentials stay far below
MAX_DISCLOSURES = 1000


class DisclosureInvalid(TokenError):
    """The disclosures do not match the signed digests: the SD-JWT was altered or is corrupt."""

    code = "DISCLOSURE_INVALID"


@dataclass(frozen=True)
class SdJwt:
    """An issuer-signed JWS, the disclosures sent with it, and an optional KB-JWT."""

    jws: CompactJws
    disclosures: tuple[str, ...]
    key_binding_jwt: str | None


def looks_like_sd_jwt(text: str) -> bool:
    """A cheap syntactic test: a compact JWS followed by `~`."""
    head, sep, _rest = text.strip().partition("~")
    return bool(sep) and looks_like_compact_jws(head)


def parse_sd_jwt(text: str, *, max_bytes: int = 1_000_000) -> SdJwt:
    """Parse `<jws>~<disclosure>~…~[<kb-jwt>]`; the issuer JWS is parsed with `parse_compact`."""
    if len(text) > max_bytes:
        raise MalformedToken(f"SD-JWT larger than {max_bytes} bytes")
    parts = text.strip().split("~")
    if len(parts) < 2:
        raise MalformedToken("an SD-JWT has at least one '~' after the issuer-signed JWT")
    if len(parts) - 2 > MAX_DISCLOSURES:
        raise MalformedToken(f"more than {MAX_DISCLOSURES} disclosures")
    jws = parse_compact(parts[0], max_bytes=max_bytes)
    disclosures = tuple(parts[1:-1])
    if "" in disclosures:
        raise MalformedToken("an SD-JWT has an empty disclosure ('~~')")
    kb_jwt = parts[-1] or None
    if kb_jwt is not None and not looks_like_compact_jws(kb_jwt):
        raise MalformedToken("the SD-JWT's last part is neither empty nor a key-binding JWT")
    return SdJwt(jws=jws, disclosures=disclosures, key_binding_jwt=kb_jwt)


def disclosure_digest(disclosure: str) -> str:
    """base64url(SHA-256(disclosure as sent)), the value an `_sd` array or `...` entry holds."""
    return b64url_encode(hashlib.sha256(disclosure.encode("ascii")).digest())


def disclosed_claims(sd: SdJwt) -> dict[str, Any]:
    """The signed payload with every disclosure applied and `_sd`, `_sd_alg` removed."""
    payload = sd.jws.payload_json()
    sd_alg = payload.pop("_sd_alg", "sha-256")
    if sd_alg != "sha-256":
        raise UnsupportedAlgorithm(sd_alg, f"unsupported _sd_alg {str(sd_alg)[:40]!r}")
    walker = _Walker(sd.disclosures)
    claims = walker.object(payload, 0)
    unused = [d for d in walker.by_digest if d not in walker.used]
    if unused:
        raise DisclosureInvalid(f"{len(unused)} disclosure(s) match no digest in the SD-JWT")
    return claims


class _Walker:
    """One pass over the payload, replacing digests with the disclosures that match them."""

    def __init__(self, disclosures: tuple[str, ...]) -> None:
        self.by_digest: dict[str, list[Any]] = {}
        for text in disclosures:
            if not text.isascii():
                raise DisclosureInvalid("a disclosure is not base64url")
            digest = disclosure_digest(text)
            if digest in self.by_digest:
                raise DisclosureInvalid("the same disclosure is sent twice")
            self.by_digest[digest] = _decode(text)
        self.seen: set[str] = set()
        self.used: set[str] = set()

    def _take(self, digest: object) -> list[Any] | None:
        if not isinstance(digest, str):
            raise DisclosureInvalid("a digest is not a string")
        # SD-JWT §7.1: a digest met twice (even a decoy) means the payload is not as issued.
        if digest in self.seen:
            raise DisclosureInvalid("a digest is referenced more than once")
        self.seen.add(digest)
        found = self.by_digest.get(digest)
        if found is not None:
            self.used.add(digest)
        return found

    def value(self, value: Any, depth: int) -> Any:
        if isinstance(value, dict):
            return self.object(value, depth + 1)
        if isinstance(value, list):
            return self.array(value, depth + 1)
        return value

    def object(self, obj: dict[str, Any], depth: int) -> dict[str, Any]:
        if depth > MAX_DEPTH:
            raise MalformedToken(f"SD-JWT claims nested deeper than {MAX_DEPTH}")
        digests = obj.get("_sd", [])
        if not isinstance(digests, list):
            raise DisclosureInvalid("_sd must be an array of digests")
        out = {key: self.value(val, depth) for key, val in obj.items() if key != "_sd"}
        for digest in digests:
            disclosure = self._take(digest)
            if disclosure is None:
                continue  # undisclosed claim or decoy
            if len(disclosure) != 3:
                raise DisclosureInvalid(
                    "an array-element disclosure is used for an object property"
                )
            _salt, name, claim = disclosure
            if name in out:
                raise DisclosureInvalid(f"disclosed claim {name[:40]!r} already exists")
            out[name] = self.value(claim, depth)
        return out

    def array(self, items: list[Any], depth: int) -> list[Any]:
        if depth > MAX_DEPTH:
            raise MalformedToken(f"SD-JWT claims nested deeper than {MAX_DEPTH}")
        out: list[Any] = []
        for item in items:
            if isinstance(item, dict) and len(item) == 1 and "..." in item:
                disclosure = self._take(item["..."])
                if disclosure is None:
                    continue  # undisclosed element or decoy
                if len(disclosure) != 2:
                    raise DisclosureInvalid("an object-property disclosure is used for an element")
                out.append(self.value(disclosure[1], depth))
            else:
                out.append(self.value(item, depth))
        return out


def _decode(text: str) -> list[Any]:
    try:
        value = json.loads(b64url_decode(text))
    except (MalformedToken, ValueError, RecursionError):
        raise DisclosureInvalid("a disclosure is not base64url-encoded JSON") from None
    if not isinstance(value, list) or len(value) not in (2, 3) or not isinstance(value[0], str):
        raise DisclosureInvalid("a disclosure must be [salt, value] or [salt, name, value]")
    if len(value) == 3:
        if not isinstance(value[1], str):
            raise DisclosureInvalid("a disclosed claim name must be a string")
        if value[1] in ("_sd", "..."):
            raise DisclosureInvalid(f"a disclosure may not name the claim {value[1]!r}")
    return value
