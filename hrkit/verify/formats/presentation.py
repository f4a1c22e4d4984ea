"""Verifiable Presentations (JSON, JWT, SD-JWT, COSE): each enclosed credential on its own.

A presentation's own proof shows who presented it (the holder); it cannot make an enclosed
credential more or less genuine, so it is reported next to each credential, never mixed into
the credential's status.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from hrkit.model.enums import CheckName, CheckResult, CredentialFormat
from hrkit.verify import jose, mediatypes
from hrkit.verify.context import VerifyContext
from hrkit.verify.dataintegrity import ProofError, proofs_of, verify_proof
from hrkit.verify.datamodel.vc import validate_presentation
from hrkit.verify.document import Document
from hrkit.verify.formats.base import malformed
from hrkit.verify.formats.data_integrity import DataIntegrityVerifier
from hrkit.verify.formats.vc_jose import (
    Envelope,
    VcJoseVerifier,
    envelope_of,
    is_presentation_claims,
)
from hrkit.verify.keys import resolve_method, resolve_token_key
from hrkit.verify.result import Verification

MAX_CREDENTIALS = 100
_VP_FORMAT = {
    CredentialFormat.VC_JWT: CredentialFormat.VP_JWT,
    CredentialFormat.VC_SD_JWT: CredentialFormat.VP_SD_JWT,
    CredentialFormat.VC_COSE: CredentialFormat.VP_COSE,
}


class PresentationVerifier:
    name: ClassVar[str] = "vp"

    def __init__(self, json_verifier: DataIntegrityVerifier, jose_verifier: VcJoseVerifier) -> None:
        self.json_verifier = json_verifier
        self.jose_verifier = jose_verifier

    def verify(self, document: Document, context: VerifyContext) -> list[Verification] | None:
        value = document.json()
        if isinstance(value, dict):
            if "VerifiablePresentation" not in _types(value):
                return None
            holder_proof = _json_holder_proof(value, context)
            return self._credentials(
                document, value, CredentialFormat.VP_JSON, holder_proof, legacy=False, ctx=context
            )
        text = document.stripped
        if (text and text[0] in "{[<") or not document.data.strip():
            return None
        try:
            envelope = envelope_of(document)
        except jose.TokenError:
            return None  # the credential verifiers report malformed tokens
        if envelope is None or not is_presentation_claims(envelope.claims):
            return None
        vp_format = _VP_FORMAT[envelope.format]
        legacy = (
            isinstance(envelope.claims.get("vp"), Mapping) and "@context" not in envelope.claims
        )
        vp = dict(envelope.claims["vp"]) if legacy else envelope.claims
        problem = mediatypes.check_media_types(
            envelope.typ,
            envelope.cty,
            expected_typ=_presentation_typ(envelope.format),
            expected_cty=mediatypes.PRESENTATION_CTY,
        )
        if problem:
            return [malformed(document, problem, format=vp_format, check=CheckName.SCHEMA)]
        holder = _holder(vp) or envelope.claims.get("iss")
        holder_proof = _token_holder_proof(
            envelope, holder if isinstance(holder, str) else None, context
        )
        return self._credentials(document, vp, vp_format, holder_proof, legacy=legacy, ctx=context)

    def _credentials(
        self,
        document: Document,
        vp: dict[str, Any],
        vp_format: CredentialFormat,
        holder_proof: dict[str, Any],
        *,
        legacy: bool,
        ctx: VerifyContext,
    ) -> list[Verification]:
        entries = vp.get("verifiableCredential")
        entries = entries if isinstance(entries, list) else [] if entries is None else [entries]
        if not entries:
            problems = validate_presentation(vp) or ["the presentation holds no credential"]
            return [
                malformed(
                    document, "; ".join(problems[:3]), format=vp_format, check=CheckName.SCHEMA
                )
            ]
        info = {
            "id": vp.get("id") if isinstance(vp.get("id"), str) else None,
            "holder": _holder(vp),
            "format": vp_format.value,
            "proof": holder_proof,
        }
        results = []
        for position, entry in enumerate(entries[:MAX_CREDENTIALS]):
            verification = self._one(document, entry, legacy=legacy, ctx=ctx)
            verification.presentation = {**info, "position": position}
            results.append(verification)
        return results

    def _one(
        self, document: Document, entry: Any, *, legacy: bool, ctx: VerifyContext
    ) -> Verification:
        if isinstance(entry, str):
            if not legacy:
                return malformed(
                    document,
                    "a VCDM 2.0 presentation must envelope credentials, not list strings",
                    check=CheckName.SCHEMA,
                )
            return self._enveloped(document, entry.encode(), ctx)
        if not isinstance(entry, dict):
            return malformed(
                document, "a presented credential is not an object", check=CheckName.SCHEMA
            )
        if "EnvelopedVerifiableCredential" in _types(entry):
            try:
                _media_type, content = mediatypes.parse_enveloped_data_url(entry.get("id"))
            except jose.TokenError as exc:
                return malformed(document, str(exc), check=CheckName.SCHEMA)
            return self._enveloped(document, content, ctx)
        raw = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        return self.json_verifier.verify_credential(entry, document.label, raw, ctx)

    def _enveloped(self, document: Document, content: bytes, ctx: VerifyContext) -> Verification:
        inner = Document(document.label, content, depth=document.depth + 1)
        results = self.jose_verifier.verify(inner, ctx)
        if not results:
            return malformed(document, "the enveloped credential is not a secured credential")
        return results[0]


def _types(value: Mapping[str, Any]) -> list[Any]:
    types = value.get("type")
    return types if isinstance(types, list) else [types]


def _holder(vp: Mapping[str, Any]) -> str | None:
    holder = vp.get("holder")
    if isinstance(holder, Mapping):
        holder = holder.get("id")
    return holder if isinstance(holder, str) else None


def _presentation_typ(fmt: CredentialFormat) -> frozenset[str]:
    if fmt is CredentialFormat.VC_SD_JWT:
        return mediatypes.PRESENTATION_SD_JWT_TYP
    if fmt is CredentialFormat.VC_COSE:
        return mediatypes.PRESENTATION_COSE_TYP
    return mediatypes.PRESENTATION_JWT_TYP


def _json_holder_proof(vp: dict[str, Any], ctx: VerifyContext) -> dict[str, Any]:
    try:
        proofs = proofs_of(vp)
    except ProofError as exc:
        return {"result": CheckResult.FAIL.value, "message": str(exc)}
    if not proofs:
        return {"result": CheckResult.SKIPPED.value, "message": "the presentation is not signed"}
    holder = _holder(vp)
    proof = proofs[0]
    resolution = resolve_method(proof.get("verificationMethod"), holder, ctx)
    if resolution.malformed or not resolution.keys:
        message = resolution.malformed or resolution.key_message
        return {"result": CheckResult.INDETERMINATE.value, "message": message}
    try:
        verify_proof(vp, proof, resolution.keys[0])
    except ProofError as exc:
        return {"result": CheckResult.FAIL.value, "message": str(exc)}
    return _holder_binding(resolution.binding, resolution.binding_message)


def _token_holder_proof(
    envelope: Envelope, holder: str | None, ctx: VerifyContext
) -> dict[str, Any]:
    resolution = resolve_token_key(envelope.kid, envelope.jwk, holder, ctx)
    if resolution.malformed or not resolution.keys:
        message = resolution.malformed or resolution.key_message
        return {"result": CheckResult.INDETERMINATE.value, "message": message}
    for key in resolution.keys:
        try:
            envelope.verify_with(key)
        except jose.TokenError:
            continue
        return _holder_binding(resolution.binding, resolution.binding_message)
    return {"result": CheckResult.FAIL.value, "message": "the presentation's signature is invalid"}


def _holder_binding(binding: CheckResult, message: str) -> dict[str, Any]:
    if binding is CheckResult.PASS:
        return {"result": CheckResult.PASS.value, "message": f"signed by the holder; {message}"}
    return {"result": binding.value, "message": f"signature valid, but {message}"}
