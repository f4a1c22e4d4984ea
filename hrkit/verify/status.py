"""Credential status: Bitstring Status List, StatusList2021, 1EdTech and OB 2.0 revocation lists.

A list that cannot be fetched, whose own proof fails, or whose issuer is not the credential's
issuer makes the check `indeterminate`, never `pass`: an attacker who can block or forge the list
must not turn a revoked credential into a verified one.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hrkit.errors import FetchError, HrkitError
from hrkit.model.enums import CheckName, CheckResult, VerificationStatus
from hrkit.verify.context import DocumentUnavailable, VerifyContext
from hrkit.verify.did import did_of
from hrkit.verify.multibase import multibase_decode
from hrkit.verify.result import Check, Verification

# The spec's minimum list is 16 KiB (131,072 entries); 16 MiB leaves room for huge issuers while a
# gzip bomb stops at the cap instead of exhausting memory.
MAX_DECODED_LIST_BYTES = 16 * 1024 * 1024
MAX_ENCODED_LIST_BYTES = 4 * 1024 * 1024

BITSTRING_TYPES = {"BitstringStatusListEntry", "StatusList2021Entry"}
ListVerifier = Callable[[bytes, str, VerifyContext], Verification]


class StatusUnavailable(HrkitError):
    code = "STATUS_UNAVAILABLE"


@dataclass(frozen=True)
class _Outcome:
    result: CheckResult
    message: str
    status: VerificationStatus | None = None


def status_check(
    document: Mapping[str, Any],
    issuer_id: str | None,
    ctx: VerifyContext,
    verify_list: ListVerifier,
) -> Check:
    """The `status` check of a VC: every `credentialStatus` entry must say "not revoked"."""
    entries = document.get("credentialStatus")
    if entries is None:
        return Check(CheckName.STATUS, CheckResult.PASS, "no credentialStatus: not revocable")
    entries = entries if isinstance(entries, list) else [entries]
    outcomes = [
        _entry_outcome(entry, document, issuer_id, ctx, verify_list) for entry in entries[:8]
    ]
    return _combine(outcomes)


def ob2_revocation_check(
    assertion_id: str | None, revocation_list_url: str | None, issuer_id: str, ctx: VerifyContext
) -> Check:
    """OB 2.0 signed assertions: the issuer's `revocationList` must not list the assertion."""
    if not revocation_list_url:
        return Check(CheckName.STATUS, CheckResult.PASS, "the issuer publishes no revocation list")
    try:
        revocations = _fetch_json(revocation_list_url, ctx, "revocation list")
    except StatusUnavailable as exc:
        return Check(CheckName.STATUS, CheckResult.INDETERMINATE, str(exc))
    if not isinstance(revocations, Mapping):
        return Check(CheckName.STATUS, CheckResult.INDETERMINATE, "the revocation list is invalid")
    owner = revocations.get("issuer")
    if isinstance(owner, str) and owner != issuer_id:
        return Check(
            CheckName.STATUS,
            CheckResult.INDETERMINATE,
            f"the revocation list belongs to {owner}, not to the issuer {issuer_id}",
        )
    for item in _as_list(revocations.get("revokedAssertions")):
        revoked_id = item.get("id") if isinstance(item, Mapping) else item
        if assertion_id and revoked_id == assertion_id:
            reason = item.get("revocationReason") if isinstance(item, Mapping) else None
            return Check(
                CheckName.STATUS,
                CheckResult.FAIL,
                "revoked" + (f": {reason}" if reason else ""),
                VerificationStatus.REVOKED,
            )
    return Check(CheckName.STATUS, CheckResult.PASS, "not in the issuer's revocation list")


def _entry_outcome(
    entry: Any,
    document: Mapping[str, Any],
    issuer_id: str | None,
    ctx: VerifyContext,
    verify_list: ListVerifier,
) -> _Outcome:
    if not isinstance(entry, Mapping):
        return _Outcome(CheckResult.INDETERMINATE, "credentialStatus entry is not an object")
    kind = entry.get("type")
    try:
        if kind in BITSTRING_TYPES:
            return _bitstring(entry, issuer_id, ctx, verify_list)
        if kind == "1EdTechRevocationList":
            return _edtech_list(entry, document, issuer_id, ctx)
    except StatusUnavailable as exc:
        return _Outcome(CheckResult.INDETERMINATE, str(exc))
    return _Outcome(CheckResult.INDETERMINATE, f"unsupported credentialStatus type {kind!r}")


def _bitstring(
    entry: Mapping[str, Any], issuer_id: str | None, ctx: VerifyContext, verify_list: ListVerifier
) -> _Outcome:
    purpose = str(entry.get("statusPurpose", "revocation"))
    url = entry.get("statusListCredential")
    try:
        index = int(entry.get("statusListIndex", ""))
        size = int(entry.get("statusSize", 1))
    except (TypeError, ValueError):
        return _Outcome(CheckResult.INDETERMINATE, "statusListIndex/statusSize are not integers")
    if not isinstance(url, str) or index < 0 or not 1 <= size <= 8:
        return _Outcome(CheckResult.INDETERMINATE, "invalid status list entry")
    bits, list_purposes = ctx.remember(
        f"status-list:{url}", lambda: _load_list(url, issuer_id, ctx, verify_list)
    )
    if purpose not in list_purposes:
        raise StatusUnavailable(f"the status list {url} is not for {purpose!r}")
    value = _read_bits(bits, index, size, url)
    if purpose == "revocation":
        if value:
            return _Outcome(CheckResult.FAIL, f"revoked (list {url})", VerificationStatus.REVOKED)
        return _Outcome(CheckResult.PASS, "not revoked")
    if purpose == "suspension":
        if value:
            return _Outcome(
                CheckResult.FAIL, f"suspended (list {url})", VerificationStatus.SUSPENDED
            )
        return _Outcome(CheckResult.PASS, "not suspended")
    # `message` and `refresh` purposes carry information, not a verdict.
    return _Outcome(CheckResult.PASS, f"{purpose} status {value:#x}")


def _load_list(
    url: str, issuer_id: str | None, ctx: VerifyContext, verify_list: ListVerifier
) -> tuple[bytes, set[str]]:
    try:
        fetched = ctx.fetcher.fetch(
            url, accept="application/vc+ld+json, application/vc+jwt, application/json"
        )
    except FetchError as exc:
        raise StatusUnavailable(f"cannot obtain the status list: {exc}") from None
    verification = verify_list(fetched.content, url, ctx.for_status_list())
    status = verification.status
    # The list itself must be genuine and the credential's issuer's; its own `status` is not
    # checked (lists carry none) and an untrusted/expired list still can't vouch.
    if status is not VerificationStatus.VERIFIED:
        reasons = "; ".join(
            f"{c.check.value}: {c.message}"
            for c in verification.checks
            if c.result in (CheckResult.FAIL, CheckResult.INDETERMINATE)
        )
        raise StatusUnavailable(f"the status list {url} is {status.value} ({reasons})")
    list_issuer = verification.facts.issuer_id
    if issuer_id is None or list_issuer is None or did_of(list_issuer) != did_of(issuer_id):
        raise StatusUnavailable(
            f"the status list {url} is issued by {list_issuer}, not by the issuer {issuer_id}"
        )
    document = verification.document or {}
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and subject:
        subject = subject[0]
    if not isinstance(subject, Mapping):
        raise StatusUnavailable(f"the status list {url} has no credentialSubject")
    purposes = subject.get("statusPurpose", "revocation")
    purpose_set = {str(p) for p in (purposes if isinstance(purposes, list) else [purposes])}
    return _decode_list(subject.get("encodedList"), url), purpose_set


def _decode_list(encoded: Any, url: str) -> bytes:
    if not isinstance(encoded, str) or len(encoded) > MAX_ENCODED_LIST_BYTES:
        raise StatusUnavailable(f"the status list {url} has no usable encodedList")
    try:
        if encoded.startswith("u"):
            compressed = multibase_decode(encoded)  # Bitstring Status List: multibase base64url
        else:
            padded = encoded + "=" * (-len(encoded) % 4)
            compressed = base64.b64decode(padded.replace("-", "+").replace("_", "/"))
    except (HrkitError, binascii.Error, ValueError):
        raise StatusUnavailable(f"the status list {url} is not valid base64") from None
    inflater = zlib.decompressobj(wbits=47)  # gzip or zlib, auto-detected
    try:
        bits = inflater.decompress(compressed, MAX_DECODED_LIST_BYTES)
    except zlib.error:
        raise StatusUnavailable(f"the status list {url} is not valid GZIP") from None
    if inflater.unconsumed_tail:
        raise StatusUnavailable(
            f"the status list {url} decompresses to more than {MAX_DECODED_LIST_BYTES} bytes"
        )
    return bits


def _read_bits(bits: bytes, index: int, size: int, url: str) -> int:
    start = index * size
    end = start + size
    if end > len(bits) * 8:
        raise StatusUnavailable(f"statusListIndex {index} is outside the list {url}")
    value = 0
    for position in range(start, end):
        # Index 0 is the left-most (most significant) bit of the first byte.
        value = (value << 1) | ((bits[position // 8] >> (7 - position % 8)) & 1)
    return value


def _edtech_list(
    entry: Mapping[str, Any], document: Mapping[str, Any], issuer_id: str | None, ctx: VerifyContext
) -> _Outcome:
    url = entry.get("id")
    if not isinstance(url, str):
        return _Outcome(CheckResult.INDETERMINATE, "1EdTechRevocationList entry has no id")
    revocations = _fetch_json(url, ctx, "revocation list")
    if not isinstance(revocations, Mapping):
        raise StatusUnavailable(f"the revocation list {url} is not a JSON object")
    owner = revocations.get("issuer")
    owner_id = owner.get("id") if isinstance(owner, Mapping) else owner
    if isinstance(owner_id, str) and issuer_id and did_of(owner_id) != did_of(issuer_id):
        raise StatusUnavailable(f"the revocation list {url} belongs to {owner_id}")
    credential_id = document.get("id")
    for item in _as_list(revocations.get("revokedCredentials")):
        listed = isinstance(item, Mapping) and credential_id and item.get("id") == credential_id
        if listed and item.get("revoked", True) is not False:
            reason = item.get("revocationReason")
            message = "revoked" + (f": {reason}" if reason else "") + f" (list {url})"
            return _Outcome(CheckResult.FAIL, message, VerificationStatus.REVOKED)
    return _Outcome(CheckResult.PASS, "not in the issuer's revocation list")


def _fetch_json(url: str, ctx: VerifyContext, what: str) -> Any:
    try:
        return ctx.fetch_json(url, what)
    except DocumentUnavailable as exc:
        raise StatusUnavailable(str(exc)) from None


def _combine(outcomes: Sequence[_Outcome]) -> Check:
    """Any revocation wins; then suspension; then any indeterminate entry; else pass."""
    for wanted in (VerificationStatus.REVOKED, VerificationStatus.SUSPENDED):
        for outcome in outcomes:
            if outcome.status is wanted:
                return Check(CheckName.STATUS, outcome.result, outcome.message, outcome.status)
    for outcome in outcomes:
        if outcome.result is CheckResult.INDETERMINATE:
            return Check(CheckName.STATUS, CheckResult.INDETERMINATE, outcome.message)
    return Check(CheckName.STATUS, CheckResult.PASS, "; ".join(o.message for o in outcomes))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
