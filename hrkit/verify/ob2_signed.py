"""Open Badges 2.0 signed assertions: a JWS checked with a key the issuer's Profile lists.

The key comes from `verification.creator` (a CryptographicKey document) or, without one, from
the issuer Profile's `publicKey`. A key document's own `owner` claim proves nothing: the Profile
the issuer publishes at its id must list the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hrkit.model.enums import CheckName, CheckResult, CredentialFormat, VerificationStatus
from hrkit.verify import jose
from hrkit.verify.context import DocumentUnavailable, VerifyContext
from hrkit.verify.datamodel.values import as_list, ref_id
from hrkit.verify.did import KeyInvalid
from hrkit.verify.keys import AnyPublicKey, fingerprint, vm_public_key
from hrkit.verify.ob2_graph import Ob2Graph, assemble, is_http, resolve_graph, same_id
from hrkit.verify.result import Check, Verification
from hrkit.verify.status import ob2_revocation_check

MAX_PROFILE_KEYS = 8
_KEY_MEMBERS = ("publicKeyPem", "publicKeyJwk", "publicKeyMultibase", "publicKeyBase58")
Candidate = tuple[str, AnyPublicKey]


def verify_signed(jws: jose.CompactJws, label: str, ctx: VerifyContext) -> Verification:
    """Verify a signed assertion: signature, key binding, then the issuer's revocation list."""
    assertion = jws.payload_json()
    graph = resolve_graph(assertion, ctx)
    verification = assertion.get("verification")
    creator = verification.get("creator") if isinstance(verification, Mapping) else None
    if is_http(creator):
        signature, binding = _with_creator(jws, creator, graph, ctx)
    else:
        if creator is not None:
            graph.problems.append("verification.creator: must be the URL of a CryptographicKey")
        signature, binding = _with_profile_keys(jws, graph, ctx)
    issuer, issuer_id = graph.issuer, graph.issuer_id
    proven = signature.result is CheckResult.PASS and binding.result is CheckResult.PASS
    if proven and issuer is not None and issuer_id is not None:
        assertion_id = assertion.get("id")
        status = ob2_revocation_check(
            assertion_id if isinstance(assertion_id, str) else None,
            ref_id(issuer.get("revocationList")),
            issuer_id,
            ctx,
        )
    else:
        # The revocation list is named by the issuer's profile: only worth reading (and only
        # safe to fetch) once the assertion is proven to be that issuer's.
        status = Check(
            CheckName.STATUS, CheckResult.SKIPPED, "not checked: the signature is unproven"
        )
    return assemble(
        graph,
        label=label,
        format=CredentialFormat.OB2_SIGNED,
        raw=jws.raw,
        proof_checks=[signature, binding],
        status=status,
        ctx=ctx,
    )


def _with_creator(
    jws: jose.CompactJws, creator: str, graph: Ob2Graph, ctx: VerifyContext
) -> tuple[Check, Check]:
    try:
        document = ctx.fetch_json(creator, "key")
    except DocumentUnavailable as exc:
        return _unknown(CheckName.SIGNATURE, str(exc)), _unknown(CheckName.KEY_BINDING, str(exc))
    if not isinstance(document, Mapping):
        message = f"the key document {creator} is not a JSON object"
        return _unknown(CheckName.SIGNATURE, message), _unknown(CheckName.KEY_BINDING, message)
    try:
        key = vm_public_key(document)
    except KeyInvalid as exc:
        failed = _fail(CheckName.SIGNATURE, f"the key {creator} is unusable: {exc}")
        return failed, Check(CheckName.KEY_BINDING, CheckResult.SKIPPED, "no usable key")
    signature, _used = _verify(jws, [(creator, key)], [])
    return signature, _creator_binding(creator, key, document, graph)


def _creator_binding(
    creator: str, key: AnyPublicKey, document: Mapping[str, Any], graph: Ob2Graph
) -> Check:
    if graph.issuer is None:
        return _unknown(
            CheckName.KEY_BINDING,
            f"cannot check that the issuer lists the key {creator}: {graph.unavailable}",
        )
    issuer_id = graph.issuer_id
    unbound = _unbound_issuer(issuer_id)
    if unbound:
        return _fail(CheckName.KEY_BINDING, unbound)
    own = document.get("id")
    if own is not None and not same_id(own, creator):
        return _fail(CheckName.KEY_BINDING, f"the key document at {creator} names itself {own}")
    if not _lists(graph.issuer, creator, key):
        listed = ", ".join(str(ref_id(e)) for e in as_list(graph.issuer.get("publicKey"))) or "none"
        return _fail(
            CheckName.KEY_BINDING,
            f"key {creator} is not listed by the issuer profile {issuer_id} (publicKey: {listed})",
        )
    owner = document.get("owner")
    if isinstance(owner, str) and not same_id(owner, issuer_id):
        return _fail(
            CheckName.KEY_BINDING,
            f"key {creator} is listed by the issuer profile {issuer_id} but owned by {owner}",
        )
    return Check(
        CheckName.KEY_BINDING,
        CheckResult.PASS,
        f"key {creator} is listed by the issuer profile {issuer_id}",
    )


def _lists(profile: Mapping[str, Any], creator: str, key: AnyPublicKey) -> bool:
    """Whether the profile's `publicKey` names `creator` or embeds the same key material."""
    for entry in as_list(profile.get("publicKey"))[:MAX_PROFILE_KEYS]:
        if isinstance(entry, str) and same_id(entry, creator):
            return True
        if not isinstance(entry, Mapping):
            continue
        if not any(member in entry for member in _KEY_MEMBERS):
            if same_id(entry.get("id"), creator):
                return True
            continue
        try:
            if fingerprint(vm_public_key(entry)) == fingerprint(key):
                return True
        except KeyInvalid:
            continue
    return False


def _with_profile_keys(
    jws: jose.CompactJws, graph: Ob2Graph, ctx: VerifyContext
) -> tuple[Check, Check]:
    """No `creator`: try the keys the issuer profile lists (each is bound by being listed)."""
    if graph.issuer is None:
        message = (
            f"no verification.creator, and no issuer profile to list keys: {graph.unavailable}"
        )
        return _unknown(CheckName.SIGNATURE, message), _unknown(CheckName.KEY_BINDING, message)
    issuer_id = graph.issuer_id
    unbound = _unbound_issuer(issuer_id)
    candidates, missing = _profile_keys(graph.issuer, ctx)
    if not candidates:
        message = f"no verification.creator, and the issuer profile {issuer_id} lists no usable key"
        if missing:
            message += f" ({missing[0]})"
            return _unknown(CheckName.SIGNATURE, message), _unknown(CheckName.KEY_BINDING, message)
        return _unknown(CheckName.SIGNATURE, message), _fail(CheckName.KEY_BINDING, message)
    signature, used = _verify(jws, candidates, missing)
    if unbound:
        return signature, _fail(CheckName.KEY_BINDING, unbound)
    if used is None:
        return signature, Check(
            CheckName.KEY_BINDING, CheckResult.SKIPPED, "no key listed by the issuer verified it"
        )
    return signature, Check(
        CheckName.KEY_BINDING,
        CheckResult.PASS,
        f"key {used} is listed by the issuer profile {issuer_id}",
    )


def _profile_keys(
    profile: Mapping[str, Any], ctx: VerifyContext
) -> tuple[list[Candidate], list[str]]:
    """The usable keys a profile lists, and why the others could not be obtained."""
    candidates: list[Candidate] = []
    missing: list[str] = []
    for entry in as_list(profile.get("publicKey"))[:MAX_PROFILE_KEYS]:
        where = ref_id(entry) or "embedded key"
        document: Any = entry
        if isinstance(entry, str) and is_http(entry):
            try:
                document = ctx.fetch_json(entry, "key")
            except DocumentUnavailable as exc:
                missing.append(str(exc))
                continue
        if not isinstance(document, Mapping):
            continue
        try:
            candidates.append((where, vm_public_key(document)))
        except KeyInvalid:
            continue  # one unusable key does not hide the others
    return candidates, missing


def _verify(
    jws: jose.CompactJws, candidates: list[Candidate], missing: list[str]
) -> tuple[Check, str | None]:
    """The signature check over `candidates`; the key that verified, if one did."""
    alg = jws.header.get("alg")
    errors = []
    for where, key in candidates:
        try:
            jose.verify_jws(jws, key)
        except jose.TokenError as exc:
            errors.append(f"{exc} with key {where}")
            continue
        message = f"{alg} signature verified with key {where}"
        return Check(CheckName.SIGNATURE, CheckResult.PASS, message), where
    if missing:
        # A listed key that could not be read may be the one that signed.
        return _unknown(CheckName.SIGNATURE, f"{errors[0]}; {missing[0]}"), None
    return _fail(CheckName.SIGNATURE, errors[0]), None


def _unbound_issuer(issuer_id: str | None) -> str | None:
    """Why a profile cannot vouch for a key: an id that is no URL is not where it was read."""
    if is_http(issuer_id):
        return None
    return f"the issuer id {issuer_id!r} is not an HTTP(S) URL: its profile binds no key"


def _fail(check: CheckName, message: str) -> Check:
    return Check(check, CheckResult.FAIL, message, VerificationStatus.INVALID)


def _unknown(check: CheckName, message: str) -> Check:
    return Check(check, CheckResult.INDETERMINATE, message)
