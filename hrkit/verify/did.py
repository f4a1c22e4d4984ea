"""DID resolution for the methods issuers use: did:key, did:jwk (derived) and did:web (fetched)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from hrkit.errors import HrkitError
from hrkit.verify.context import DocumentUnavailable, VerifyContext
from hrkit.verify.multibase import b64url_decode, multikey_to_public_key


class KeyUnavailable(HrkitError):
    """The key or the document naming it could not be obtained (the check is indeterminate)."""

    code = "KEY_UNAVAILABLE"


class KeyInvalid(HrkitError):
    """A key or DID is syntactically wrong (the credential is malformed or invalid)."""

    code = "KEY_INVALID"


SUPPORTED_METHODS = ("key", "jwk", "web")


def did_of(url: str) -> str:
    """The DID of a DID URL (`did:web:x.org#key-1` → `did:web:x.org`)."""
    return url.split("#", 1)[0].split("?", 1)[0]


def resolve_did(did: str, ctx: VerifyContext) -> dict[str, Any]:
    """The DID document of `did`: derived for did:key/did:jwk, fetched once per run for did:web."""
    did = did_of(did)
    parts = did.split(":")
    if len(parts) < 3 or parts[0] != "did" or not parts[2]:
        raise KeyInvalid(f"not a DID: {did!r}")
    method = parts[1]
    if method == "key":
        return _did_key_document(did)
    if method == "jwk":
        return _did_jwk_document(did)
    if method == "web":
        return _fetch_did_web(did, ctx)
    raise KeyUnavailable(
        f"unsupported DID method did:{method} (supported: did:key, did:jwk, did:web)"
    )


def did_web_url(did: str) -> str:
    """The https URL of a did:web DID document (did:web spec §3.2)."""
    segments = did.split(":")[2:]
    host = unquote(segments[0])
    if not host or "/" in host or "@" in host:
        raise KeyInvalid(f"invalid did:web host in {did!r}")
    path = "/".join(unquote(s) for s in segments[1:])
    if path:
        if any(part in {"", ".", ".."} for part in path.split("/")):
            raise KeyInvalid(f"invalid did:web path in {did!r}")
        return f"https://{host}/{path}/did.json"
    return f"https://{host}/.well-known/did.json"


def _fetch_did_web(did: str, ctx: VerifyContext) -> dict[str, Any]:
    url = did_web_url(did)
    try:
        document = ctx.fetch_json(url, "DID document")
    except DocumentUnavailable as exc:
        raise KeyUnavailable(f"cannot resolve {did}: {exc}") from None
    if not isinstance(document, dict) or document.get("id") != did:
        raise KeyUnavailable(f"the document at {url} is not the DID document of {did}")
    return document


def _did_key_document(did: str) -> dict[str, Any]:
    value = did.split(":", 2)[2]
    try:
        multikey_to_public_key(value)
    except HrkitError as exc:
        raise KeyInvalid(f"invalid did:key {did!r}: {exc}") from None
    vm_id = f"{did}#{value}"
    return _single_key_document(
        did, {"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": value}
    )


def _did_jwk_document(did: str) -> dict[str, Any]:
    try:
        jwk = json.loads(b64url_decode(did.split(":", 2)[2]))
    except (ValueError, HrkitError):
        raise KeyInvalid(f"invalid did:jwk {did!r}") from None
    if not isinstance(jwk, dict) or "d" in jwk:
        raise KeyInvalid(f"invalid did:jwk {did!r}: not a public JWK")
    vm = {"id": f"{did}#0", "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": jwk}
    return _single_key_document(did, vm)


def _single_key_document(did: str, vm: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": did,
        "verificationMethod": [vm],
        "assertionMethod": [vm["id"]],
        "authentication": [vm["id"]],
    }
