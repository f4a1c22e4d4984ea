"""VC-JOSE-COSE envelope conventions: `typ`/`cty` media types, data: URLs, reserved claims.

A `typ` or `cty` is checked only when present: VC-JOSE-COSE says issuers SHOULD set them, and
legacy VC-JWT (VCDM 1.1, `typ: JWT`, the `vc` claim) sets at most `typ`. A value that is present
and names something else (`bad+typ`, a presentation where a credential is expected) fails.
"""

from __future__ import annotations

import binascii
from collections.abc import Mapping, Set
from typing import Any
from urllib.parse import unquote_to_bytes

from hrkit.verify.jose import MalformedToken

# The draft names (`vc+ld+json+jwt`, `vc+ld+json`, …) were used by VC-JOSE-COSE drafts and
# deployed wallets before the 2025 Recommendation renamed them; they name the same thing.
CREDENTIAL_JWT_TYP = frozenset({"vc+jwt", "vc+ld+json+jwt", "vc+ld+jwt", "JWT"})
PRESENTATION_JWT_TYP = frozenset({"vp+jwt", "vp+ld+json+jwt", "vp+ld+jwt", "JWT"})
CREDENTIAL_SD_JWT_TYP = frozenset({"vc+sd-jwt", "vc+ld+json+sd-jwt"})
PRESENTATION_SD_JWT_TYP = frozenset({"vp+sd-jwt", "vp+ld+json+sd-jwt"})
CREDENTIAL_COSE_TYP = frozenset({"application/vc+cose", "application/vc+ld+json+cose"})
PRESENTATION_COSE_TYP = frozenset({"application/vp+cose", "application/vp+ld+json+cose"})
CREDENTIAL_CTY = frozenset({"vc", "vc+ld+json"})
PRESENTATION_CTY = frozenset({"vp", "vp+ld+json"})

# The accepted `typ` and `cty` of each VC-JOSE-COSE media type (the key is also what an
# EnvelopedVerifiableCredential's data: URL names).
EXPECTED_MEDIA_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "application/vc+jwt": (CREDENTIAL_JWT_TYP, CREDENTIAL_CTY),
    "application/vp+jwt": (PRESENTATION_JWT_TYP, PRESENTATION_CTY),
    "application/vc+sd-jwt": (CREDENTIAL_SD_JWT_TYP, CREDENTIAL_CTY),
    "application/vp+sd-jwt": (PRESENTATION_SD_JWT_TYP, PRESENTATION_CTY),
    "application/vc+cose": (CREDENTIAL_COSE_TYP, CREDENTIAL_CTY),
    "application/vp+cose": (PRESENTATION_COSE_TYP, PRESENTATION_CTY),
}
# The media types an EnvelopedVerifiableCredential's data: URL may carry, and their encoding.
ENVELOPED_CREDENTIAL_TYPES = frozenset(
    {"application/vc+jwt", "application/vc+sd-jwt", "application/vc+cose"}
)
BINARY_MEDIA_TYPES = frozenset({"application/vc+cose", "application/vp+cose"})


def normalize_media_type(value: str) -> str:
    """Lower-case, parameters dropped, `application/` added when there is no `/` (RFC 7515)."""
    value = value.split(";", 1)[0].strip().lower()
    return value if "/" in value else f"application/{value}"


def check_media_types(
    typ: object, cty: object, *, expected_typ: Set[str], expected_cty: Set[str]
) -> str | None:
    """A message naming the first wrong `typ`/`cty`, or None; absent values are accepted."""
    for name, value, expected in (("typ", typ, expected_typ), ("cty", cty, expected_cty)):
        if value is None:
            continue
        if not isinstance(value, str):
            return f"{name} must be a media type string, got {type(value).__name__}"
        if value in expected:
            continue  # the common exact spelling, without normalising anything
        if normalize_media_type(value) not in {normalize_media_type(v) for v in expected}:
            return (
                f"unexpected {name} {value[:60]!r} (expected one of {', '.join(sorted(expected))})"
            )
    return None


def forbidden_vc_jwt_claims(payload: Mapping[str, Any]) -> list[str]:
    """The JWT claims `vc`/`vp` present in a VC-JOSE-COSE claims set (where they MUST NOT be).

    A claims set without a top-level `@context` is legacy VC-JWT, where `vc`/`vp` carry the
    credential by design, so nothing is reported for it.
    """
    if "@context" not in payload:
        return []
    return [claim for claim in ("vc", "vp") if claim in payload]


def parse_enveloped_data_url(url: object) -> tuple[str, bytes]:
    """The media type and content of an EnvelopedVerifiableCredential `id` (RFC 2397 data: URL).

    Only `ENVELOPED_CREDENTIAL_TYPES` are accepted. COSE content must be `;base64` (VC-JOSE-COSE
    §3.3.1) and is returned as CBOR bytes; JWT content is returned as its ASCII bytes.
    """
    if not isinstance(url, str) or not url.startswith("data:"):
        raise MalformedToken("an enveloped credential's id must be a data: URL")
    meta, sep, content = url[5:].partition(",")
    if not sep:
        raise MalformedToken("the data: URL has no ',' before its content")
    media_type, *params = (p.strip() for p in meta.split(";"))
    media_type = media_type.lower()
    if media_type not in ENVELOPED_CREDENTIAL_TYPES:
        raise MalformedToken(f"unsupported enveloped media type {media_type[:60]!r}")
    is_base64 = "base64" in (p.lower() for p in params)
    if media_type in BINARY_MEDIA_TYPES and not is_base64:
        raise MalformedToken(f"{media_type} in a data: URL must be base64-encoded")
    if is_base64:
        return media_type, _base64(content)
    data = unquote_to_bytes(content.strip())
    if not data.isascii():
        raise MalformedToken("the data: URL's content is not ASCII")
    return media_type, data


def _base64(content: str) -> bytes:
    # RFC 2397 content is padded base64, but published examples (the W3C suite among them)
    # drop the padding and end with a newline: both are tolerated, nothing else is.
    text = "".join(content.split()).rstrip("=")
    try:
        raw = text.encode("ascii")
        return binascii.a2b_base64(raw + b"=" * (-len(raw) % 4), strict_mode=True)
    except (binascii.Error, UnicodeEncodeError):
        raise MalformedToken("the data: URL's base64 content is invalid") from None
