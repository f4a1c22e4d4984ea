"""Finding the key that signed a credential and whether the issuer controls it (key binding).

A did:key or did:jwk issuer is its own key. Any other issuer must list the key in a document it
publishes (DID document, JWKS, Open Badges issuer profile): a key found elsewhere — an embedded
`jwk` header, a Multikey in a URL fragment — can check a signature but proves nothing about who
made it. Binding is `fail` when the issuer's document was obtained and does not list the key, and
`indeterminate` when it could not be obtained.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)

from hrkit.errors import HrkitError
from hrkit.model.enums import CheckResult
from hrkit.verify.context import DocumentUnavailable, VerifyContext
from hrkit.verify.did import KeyInvalid, KeyUnavailable, did_of, resolve_did
from hrkit.verify.jose import jwk_to_public_key
from hrkit.verify.multibase import b58decode, multikey_to_public_key

AnyPublicKey = Any  # PublicKey or an RSA public key: kept loose, checked where it is used
MAX_PROFILE_KEYS = 8


@dataclass
class KeyResolution:
    """Keys that may have signed, and whether the issuer controls them."""

    keys: list[AnyPublicKey] = field(default_factory=list)
    key_message: str = ""
    binding: CheckResult = CheckResult.INDETERMINATE
    binding_message: str = ""
    # A structural error (e.g. verificationMethod not a URL): the credential is malformed.
    malformed: str | None = None


@dataclass
class IssuerKeySet:
    """The keys an issuer publishes, and where they were read from."""

    sources: list[str]
    keys: list[tuple[str | None, AnyPublicKey]]

    def lists(self, key: AnyPublicKey) -> bool:
        wanted = fingerprint(key)
        return any(fingerprint(k) == wanted for _kid, k in self.keys)

    def by_kid(self, kid: str) -> list[AnyPublicKey]:
        return [k for i, k in self.keys if i and (i == kid or i.endswith(f"#{kid}"))]


def fingerprint(key: AnyPublicKey) -> bytes:
    """A canonical identity of a public key (its SubjectPublicKeyInfo DER)."""
    return bytes(key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))


def is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and " " not in value


def strip_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def vm_public_key(vm: Mapping[str, Any]) -> AnyPublicKey:
    """The public key of a verification method / CryptographicKey object."""
    try:
        if isinstance(vm.get("publicKeyMultibase"), str):
            return multikey_to_public_key(vm["publicKeyMultibase"])
        if isinstance(vm.get("publicKeyJwk"), Mapping):
            return jwk_to_public_key(vm["publicKeyJwk"])
        if isinstance(vm.get("publicKeyPem"), str):
            return load_pem_public_key(vm["publicKeyPem"].encode())
        if isinstance(vm.get("publicKeyBase58"), str):
            from cryptography.hazmat.primitives.asymmetric import ed25519

            return ed25519.Ed25519PublicKey.from_public_bytes(b58decode(vm["publicKeyBase58"]))
    except (HrkitError, ValueError, TypeError) as exc:
        raise KeyInvalid(f"unusable key in {vm.get('id', 'verification method')}: {exc}") from None
    raise KeyInvalid(f"verification method {vm.get('id')!r} carries no public key hrkit reads")


def find_method(document: Mapping[str, Any], vm_id: str) -> Mapping[str, Any] | None:
    """The verification method `vm_id` in a DID document or issuer profile (relative ids too)."""
    base = str(document.get("id", ""))
    for vm in _methods(document):
        own = str(vm.get("id", ""))
        if own == vm_id or (own.startswith("#") and base + own == vm_id):
            return vm
    return None


def asserts_with(document: Mapping[str, Any], vm_id: str) -> bool:
    """Whether the DID document authorises `vm_id` for assertions (`assertionMethod`)."""
    base = str(document.get("id", ""))
    for entry in _as_list(document.get("assertionMethod")):
        ref = entry.get("id") if isinstance(entry, Mapping) else entry
        if isinstance(ref, str) and (ref == vm_id or (ref.startswith("#") and base + ref == vm_id)):
            return True
    return False


def _methods(document: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for name in ("verificationMethod", "assertionMethod", "publicKey"):
        for entry in _as_list(document.get(name)):
            if isinstance(entry, Mapping):
                yield entry


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _fetch_json(url: str, ctx: VerifyContext, what: str) -> Any:
    try:
        return ctx.fetch_json(url, what)
    except DocumentUnavailable as exc:
        raise KeyUnavailable(str(exc)) from None


def issuer_keys(issuer_id: str, ctx: VerifyContext) -> IssuerKeySet:
    """Every key the issuer publishes; raises KeyUnavailable when no document could be read."""
    return ctx.remember(f"issuer-keys:{issuer_id}", lambda: _issuer_keys(issuer_id, ctx))  # type: ignore[no-any-return]


def _issuer_keys(issuer_id: str, ctx: VerifyContext) -> IssuerKeySet:
    if issuer_id.startswith("did:"):
        document = resolve_did(issuer_id, ctx)
        did_keys: list[tuple[str | None, AnyPublicKey]] = []
        for vm in _methods(document):
            vm_id = str(vm.get("id", ""))
            if vm_id.startswith("#"):
                vm_id = did_of(issuer_id) + vm_id
            if asserts_with(document, vm_id):
                did_keys.append((vm_id, vm_public_key(vm)))
        return IssuerKeySet([did_of(issuer_id)], did_keys)
    if not is_url(issuer_id):
        raise KeyUnavailable(f"issuer {issuer_id!r} is neither a DID nor an https URL")
    sources: list[str] = []
    keys: list[tuple[str | None, AnyPublicKey]] = []
    errors: list[str] = []
    try:
        profile = _fetch_json(issuer_id, ctx, "issuer profile")
        sources.append(issuer_id)
        if isinstance(profile, Mapping):
            keys.extend(_profile_keys(profile, ctx))
    except KeyUnavailable as exc:
        errors.append(str(exc))
    parts = urlsplit(issuer_id)
    jwks_url = f"{parts.scheme}://{parts.netloc}/.well-known/jwks.json"
    try:
        jwks = _fetch_json(jwks_url, ctx, "JWKS")
        sources.append(jwks_url)
        for jwk in jwks.get("keys", []) if isinstance(jwks, Mapping) else []:
            if isinstance(jwk, Mapping):
                try:
                    keys.append((jwk.get("kid"), jwk_to_public_key(jwk)))
                except HrkitError:
                    continue  # one unusable key does not hide the others
    except KeyUnavailable as exc:
        errors.append(str(exc))
    if not sources:
        raise KeyUnavailable("; ".join(errors))
    return IssuerKeySet(sources, keys)


def _profile_keys(
    profile: Mapping[str, Any], ctx: VerifyContext
) -> Iterator[tuple[str | None, AnyPublicKey]]:
    """Keys listed by an OB issuer profile: embedded methods, or CryptographicKey IRIs (OB 2.0)."""
    count = 0
    for name in ("verificationMethod", "assertionMethod", "publicKey"):
        for entry in _as_list(profile.get(name)):
            if count >= MAX_PROFILE_KEYS:
                return
            if isinstance(entry, str) and is_url(entry):
                try:
                    entry = _fetch_json(entry, ctx, "key")
                except KeyUnavailable:
                    continue
            if not isinstance(entry, Mapping):
                continue
            try:
                yield entry.get("id"), vm_public_key(entry)
                count += 1
            except KeyInvalid:
                continue


def resolve_method(vm_id: Any, issuer_id: str | None, ctx: VerifyContext) -> KeyResolution:
    """The key behind a proof's `verificationMethod` and whether `issuer_id` controls it."""
    if not isinstance(vm_id, str) or not vm_id:
        return KeyResolution(malformed="proof.verificationMethod is missing")
    if vm_id.startswith("did:"):
        return _resolve_did_method(vm_id, issuer_id, ctx)
    if is_url(vm_id):
        return _resolve_url_method(vm_id, issuer_id, ctx)
    scheme, _, rest = vm_id.partition(":")
    derived = _fragment_key(urlsplit(vm_id).fragment) if scheme == "urn" and rest else None
    if derived is not None:
        # A URN names no document: the key can check the signature but not who made it.
        message = f"{vm_id.split('#')[0]} cannot be dereferenced to a document listing the key"
        return KeyResolution(
            keys=[derived],
            key_message=f"key derived from the fragment of {vm_id}",
            binding_message=message,
        )
    return KeyResolution(malformed=f"proof.verificationMethod {vm_id!r} is not a DID URL or URL")


def _resolve_did_method(vm_id: str, issuer_id: str | None, ctx: VerifyContext) -> KeyResolution:
    try:
        document = resolve_did(vm_id, ctx)
    except KeyInvalid as exc:
        return KeyResolution(malformed=str(exc))
    except KeyUnavailable as exc:
        return KeyResolution(key_message=str(exc), binding_message=str(exc))
    if "#" not in vm_id:
        # A bare DID names its key when it has exactly one (how did:key issuers often write it).
        only = _sole_assertion_method(document)
        vm_id = only or vm_id
    vm = find_method(document, vm_id)
    if vm is None:
        message = f"{vm_id} is not in the DID document of {did_of(vm_id)}"
        return KeyResolution(key_message=message, binding=CheckResult.FAIL, binding_message=message)
    try:
        key = vm_public_key(vm)
    except KeyInvalid as exc:
        return KeyResolution(malformed=str(exc))
    resolution = KeyResolution(keys=[key], key_message=f"key {vm_id}")
    if not asserts_with(document, vm_id):
        resolution.binding = CheckResult.FAIL
        resolution.binding_message = f"{vm_id} is not an assertionMethod of {did_of(vm_id)}"
        return resolution
    _bind(resolution, key, did_of(vm_id), issuer_id, ctx)
    return resolution


def _sole_assertion_method(document: Mapping[str, Any]) -> str | None:
    base = str(document.get("id", ""))
    refs = [
        entry.get("id") if isinstance(entry, Mapping) else entry
        for entry in _as_list(document.get("assertionMethod"))
    ]
    if len(refs) != 1 or not isinstance(refs[0], str):
        return None
    return base + refs[0] if refs[0].startswith("#") else refs[0]


def _resolve_url_method(vm_id: str, issuer_id: str | None, ctx: VerifyContext) -> KeyResolution:
    base = strip_fragment(vm_id)
    fragment = urlsplit(vm_id).fragment
    try:
        document = _fetch_json(base, ctx, "key document")
    except KeyUnavailable as exc:
        derived = _fragment_key(fragment)
        if derived is None:
            return KeyResolution(key_message=str(exc), binding_message=str(exc))
        return KeyResolution(
            keys=[derived],
            key_message=f"key derived from the fragment of {vm_id}",
            binding=CheckResult.INDETERMINATE,
            binding_message=f"the key is only derived from a URL fragment; {exc}",
        )
    vm: Mapping[str, Any] | None = None
    if isinstance(document, Mapping):
        vm = document if document.get("id") == vm_id else find_method(document, vm_id)
    if vm is None:
        derived = _fragment_key(fragment)
        message = f"{base} does not list the key {vm_id}"
        return KeyResolution(
            keys=[derived] if derived else [],
            key_message=message,
            binding=CheckResult.FAIL,
            binding_message=message,
        )
    try:
        key = vm_public_key(vm)
    except KeyInvalid as exc:
        return KeyResolution(malformed=str(exc))
    resolution = KeyResolution(keys=[key], key_message=f"key {vm_id}")
    # A `controller`/`owner` claim inside a key document proves nothing: only the document the
    # issuer itself publishes (its profile at its own id) binds directly.
    _bind(resolution, key, base, issuer_id, ctx)
    return resolution


def _fragment_key(fragment: str) -> AnyPublicKey | None:
    if not fragment.startswith("z"):
        return None
    try:
        return multikey_to_public_key(fragment)
    except HrkitError:
        return None


def _bind(
    resolution: KeyResolution,
    key: AnyPublicKey,
    publisher: str,
    issuer_id: str | None,
    ctx: VerifyContext,
) -> None:
    """Set the binding of `key`, read from the document `publisher`, to `issuer_id`."""
    if issuer_id is None:
        resolution.binding_message = "the credential names no issuer"
        return
    if did_of(publisher) == did_of(issuer_id):
        resolution.binding = CheckResult.PASS
        resolution.binding_message = f"the key is published by the issuer {issuer_id}"
        return
    bind_to_issuer(resolution, key, issuer_id, ctx)


def bind_to_issuer(
    resolution: KeyResolution, key: AnyPublicKey, issuer_id: str, ctx: VerifyContext
) -> None:
    """Binding by lookup: does a document the issuer publishes list `key`?"""
    try:
        published = issuer_keys(issuer_id, ctx)
    except (KeyUnavailable, KeyInvalid) as exc:
        resolution.binding = CheckResult.INDETERMINATE
        resolution.binding_message = f"cannot check that {issuer_id} controls the key: {exc}"
        return
    if published.lists(key):
        resolution.binding = CheckResult.PASS
        resolution.binding_message = f"the key is listed by {', '.join(published.sources)}"
    else:
        resolution.binding = CheckResult.FAIL
        resolution.binding_message = (
            f"the issuer's documents ({', '.join(published.sources)}) do not list the key"
        )


def resolve_token_key(
    kid: Any, jwk: Any, issuer_id: str | None, ctx: VerifyContext
) -> KeyResolution:
    """Candidate keys for a JWS/COSE signature from its `kid`/`jwk` headers and the issuer."""
    if isinstance(kid, str) and (kid.startswith("did:") or is_url(kid)):
        return resolve_method(kid, issuer_id, ctx)
    if isinstance(jwk, Mapping):
        return _embedded_jwk(jwk, issuer_id, ctx)
    if issuer_id is None:
        message = "the token names no key (kid/jwk) and the credential no issuer"
        return KeyResolution(key_message=message, binding_message=message)
    if issuer_id.startswith("did:") and isinstance(kid, str) and kid:
        return resolve_method(f"{did_of(issuer_id)}#{kid.lstrip('#')}", issuer_id, ctx)
    try:
        published = issuer_keys(issuer_id, ctx)
    except (KeyUnavailable, KeyInvalid) as exc:
        return KeyResolution(key_message=str(exc), binding_message=str(exc))
    candidates = (
        published.by_kid(kid)
        if isinstance(kid, str) and kid
        else [key for _kid, key in published.keys]
    )
    sources = ", ".join(published.sources)
    if not candidates:
        message = f"{sources} lists no key" + (f" with kid {kid!r}" if kid else "")
        return KeyResolution(key_message=message, binding=CheckResult.FAIL, binding_message=message)
    return KeyResolution(
        keys=candidates,
        key_message=f"a key published by {sources}",
        binding=CheckResult.PASS,
        binding_message=f"the key is listed by {sources}",
    )


def _embedded_jwk(
    jwk: Mapping[str, Any], issuer_id: str | None, ctx: VerifyContext
) -> KeyResolution:
    if "d" in jwk:
        return KeyResolution(malformed="the jwk header contains a private key")
    try:
        key = jwk_to_public_key(jwk)
    except HrkitError as exc:
        return KeyResolution(malformed=f"unusable jwk header: {exc}")
    resolution = KeyResolution(keys=[key], key_message="the key in the token's jwk header")
    if issuer_id is None:
        resolution.binding_message = "the credential names no issuer to bind the key to"
        return resolution
    # An embedded key proves only that someone holding it signed: the issuer must list it.
    bind_to_issuer(resolution, key, issuer_id, ctx)
    return resolution
