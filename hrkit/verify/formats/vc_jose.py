"""Credentials secured as a whole: VC-JWT (VCDM 1.1 `vc` claim and VCDM 2.0), SD-JWT, COSE."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from hrkit.errors import HrkitError
from hrkit.model.enums import CheckName, CheckResult, CredentialFormat, VerificationStatus
from hrkit.verify import cose, jose, mediatypes, sdjwt
from hrkit.verify.assess import assess_credential
from hrkit.verify.context import VerifyContext
from hrkit.verify.datamodel.facts import credential_facts
from hrkit.verify.document import Document
from hrkit.verify.formats.base import malformed
from hrkit.verify.keys import KeyResolution, resolve_token_key
from hrkit.verify.result import Check, Facts, Verification
from hrkit.verify.status import ListVerifier

# JWT timestamps are whole seconds; a credential's dates may carry milliseconds.
CLAIM_TOLERANCE_S = 1


@dataclass
class Envelope:
    """What the securing mechanism gave us: the claims, the signature check, the key hints."""

    format: CredentialFormat
    claims: dict[str, Any]
    raw: str
    verify_with: Any  # Callable[[key], None] raising jose.SignatureInvalid
    kid: Any
    jwk: Any
    alg: str
    typ: Any
    cty: Any
    # SD-JWT disclosures that do not match the signed digests: the token was altered.
    tampered: str | None = None


def open_envelope(text: str, data: bytes) -> Envelope | None:
    """Parse a compact JWS, SD-JWT or COSE_Sign1 (raises jose.TokenError); None if none of them."""
    if sdjwt.looks_like_sd_jwt(text):
        sd = sdjwt.parse_sd_jwt(text)
        tampered = None
        try:
            claims = sdjwt.disclosed_claims(sd)
        except sdjwt.DisclosureInvalid as exc:
            claims, tampered = sd.jws.payload_json(), str(exc)
        header = sd.jws.header
        return Envelope(
            CredentialFormat.VC_SD_JWT,
            claims,
            text.strip(),
            lambda key: jose.verify_jws(sd.jws, key),
            header.get("kid"),
            header.get("jwk"),
            str(header.get("alg")),
            header.get("typ"),
            header.get("cty"),
            tampered,
        )
    if jose.looks_like_compact_jws(text):
        jws = jose.parse_compact(text)
        header = jws.header
        return Envelope(
            CredentialFormat.VC_JWT,
            jws.payload_json(),
            jws.raw,
            lambda key: jose.verify_jws(jws, key),
            header.get("kid"),
            header.get("jwk"),
            str(header.get("alg")),
            header.get("typ"),
            header.get("cty"),
        )
    if cose.looks_like_cose(text or data):
        message = cose.parse_cose_sign1(cose.decode_cose_text(text or data))
        claims = jose.json_object(message.payload, "COSE payload")
        return Envelope(
            CredentialFormat.VC_COSE,
            claims,
            text.strip() or data.hex(),
            lambda key: cose.verify_cose_sign1(message, key),
            cose.cose_kid(message),
            None,
            cose.cose_alg_name(message),
            cose.cose_typ(message),
            cose.cose_content_type(message),
        )
    return None


def envelope_of(document: Document) -> Envelope | None:
    """`open_envelope` of the document, parsed once (raises the same jose.TokenError again)."""
    if "envelope" not in document.memo:
        try:
            document.memo["envelope"] = open_envelope(document.stripped, document.data)
        except jose.TokenError as exc:
            document.memo["envelope"] = exc
    found = document.memo["envelope"]
    if isinstance(found, jose.TokenError):
        raise found
    return found  # type: ignore[no-any-return]


def is_presentation_claims(claims: Mapping[str, Any]) -> bool:
    types = claims.get("type")
    types = types if isinstance(types, list) else [types]
    return ("vp" in claims and "@context" not in claims) or "VerifiablePresentation" in types


def is_ob2_claims(claims: Mapping[str, Any]) -> bool:
    context = claims.get("@context")
    return context == "https://w3id.org/openbadges/v2" or (
        "badge" in claims and "recipient" in claims and "verification" in claims
    )


class VcJoseVerifier:
    """`vc-jwt`, `vc-sd-jwt` and `vc-cose` credentials."""

    name: ClassVar[str] = CredentialFormat.VC_JWT.value

    def __init__(self, verify_list: ListVerifier) -> None:
        self.verify_list = verify_list

    def verify(self, document: Document, context: VerifyContext) -> list[Verification] | None:
        text = document.stripped
        if (text and text[0] in "{[<") or not document.data.strip():
            return None  # JSON, markup, or nothing: other formats (binary may be raw COSE)
        try:
            envelope = envelope_of(document)
        except jose.AlgorithmNone as exc:
            return [_alg_none(document, exc)]
        except jose.TokenError as exc:
            return [malformed(document, str(exc), format=_guess_format(text))]
        if envelope is None or is_presentation_claims(envelope.claims):
            return None
        if is_ob2_claims(envelope.claims):
            return None  # an Open Badges 2.0 signed assertion: its own verifier
        return [self.verify_envelope(envelope, document.label, context)]

    def verify_envelope(self, envelope: Envelope, label: str, ctx: VerifyContext) -> Verification:
        claims = envelope.claims
        doc = Document(label, envelope.raw.encode())
        legacy = isinstance(claims.get("vc"), Mapping) and "@context" not in claims
        forbidden = mediatypes.forbidden_vc_jwt_claims(claims)
        if forbidden:
            return malformed(
                doc,
                f"the claims {', '.join(forbidden)} must not appear in a VC-JOSE credential",
                format=envelope.format,
                check=CheckName.SCHEMA,
            )
        media_error = _media_error(envelope)
        if media_error:
            return malformed(doc, media_error, format=envelope.format, check=CheckName.SCHEMA)
        vc = _with_jwt_claims(dict(claims["vc"]), claims) if legacy else claims
        facts = credential_facts(vc)
        issuer_id = facts.issuer_id or (
            claims["iss"] if isinstance(claims.get("iss"), str) else None
        )
        resolution = resolve_token_key(envelope.kid, envelope.jwk, issuer_id, ctx)
        if resolution.malformed:
            return malformed(
                doc, resolution.malformed, format=envelope.format, check=CheckName.SCHEMA
            )
        proof_checks = [_signature(envelope, resolution), _binding(resolution)]
        mismatch = claim_mismatches(claims, facts) if legacy or "iss" in claims else []
        problem = (
            f"the disclosures were altered: {envelope.tampered}"
            if envelope.tampered
            else "the JWT claims disagree with the credential: " + "; ".join(mismatch)
            if mismatch
            else None
        )
        if problem and proof_checks[0].result is CheckResult.PASS:
            proof_checks[0] = Check(
                CheckName.SIGNATURE, CheckResult.FAIL, problem, VerificationStatus.INVALID
            )
        return assess_credential(
            vc,
            label=label,
            format=envelope.format,
            raw=envelope.raw,
            proof_checks=proof_checks,
            ctx=ctx,
            verify_list=self.verify_list,
            facts=_with_token_window(facts, claims),
        )


def _guess_format(text: str) -> CredentialFormat | None:
    if "~" in text:
        return CredentialFormat.VC_SD_JWT
    return CredentialFormat.VC_JWT if text.count(".") == 2 else None


def _alg_none(document: Document, exc: HrkitError) -> Verification:
    """`alg: none` is an unsigned token pretending to be signed: invalid, not merely malformed."""
    return Verification(
        input=document.label,
        format=CredentialFormat.VC_JWT,
        checks=[
            Check(CheckName.PARSE, CheckResult.PASS, "parsed"),
            Check(CheckName.SIGNATURE, CheckResult.FAIL, str(exc), VerificationStatus.INVALID),
        ],
        raw=document.stripped,
    )


def _media_error(envelope: Envelope) -> str | None:
    if envelope.format is CredentialFormat.VC_SD_JWT:
        typ = mediatypes.CREDENTIAL_SD_JWT_TYP
    elif envelope.format is CredentialFormat.VC_COSE:
        typ = mediatypes.CREDENTIAL_COSE_TYP
    else:
        typ = mediatypes.CREDENTIAL_JWT_TYP
    return mediatypes.check_media_types(
        envelope.typ, envelope.cty, expected_typ=typ, expected_cty=mediatypes.CREDENTIAL_CTY
    )


def _signature(envelope: Envelope, resolution: KeyResolution) -> Check:
    if not resolution.keys:
        return Check(
            CheckName.SIGNATURE,
            CheckResult.INDETERMINATE,
            f"no key to check the {envelope.alg} signature: {resolution.key_message}",
        )
    errors = []
    for key in resolution.keys:
        try:
            envelope.verify_with(key)
        except jose.TokenError as exc:
            errors.append(str(exc))
            continue
        return Check(
            CheckName.SIGNATURE,
            CheckResult.PASS,
            f"{envelope.alg} signature verified with {resolution.key_message}",
        )
    return Check(CheckName.SIGNATURE, CheckResult.FAIL, errors[0], VerificationStatus.INVALID)


def _binding(resolution: KeyResolution) -> Check:
    return Check(CheckName.KEY_BINDING, resolution.binding, resolution.binding_message)


def _with_jwt_claims(vc: dict[str, Any], claims: Mapping[str, Any]) -> dict[str, Any]:
    """VC-JWT 1.1: registered claims stand in for the properties the `vc` claim leaves out."""
    if "issuer" not in vc and isinstance(claims.get("iss"), str):
        vc["issuer"] = claims["iss"]
    if "id" not in vc and isinstance(claims.get("jti"), str):
        vc["id"] = claims["jti"]
    subject = vc.get("credentialSubject")
    if isinstance(subject, Mapping) and "id" not in subject and isinstance(claims.get("sub"), str):
        vc["credentialSubject"] = {**subject, "id": claims["sub"]}
    for claim, prop in (("nbf", "issuanceDate"), ("exp", "expirationDate")):
        if prop not in vc and "validFrom" not in vc and _is_number(claims.get(claim)):
            vc[prop] = _from_epoch(claims[claim]).isoformat().replace("+00:00", "Z")
    return vc


def claim_mismatches(claims: Mapping[str, Any], facts: Facts) -> list[str]:
    """Registered JWT claims that contradict the credential (`iss`, `jti`, `sub`, `nbf`, `exp`)."""
    problems = []
    pairs = (("iss", facts.issuer_id), ("jti", facts.credential_id), ("sub", facts.subject_id))
    for claim, text in pairs:
        if claim in claims and text is not None and claims[claim] != text:
            problems.append(f"{claim} {claims[claim]!r} is not {text!r}")
    starts = facts.valid_from or facts.issued_on
    for claim, when in (("nbf", starts), ("exp", facts.valid_until)):
        if claim in claims and when is not None:
            if not _is_number(claims[claim]):
                problems.append(f"{claim} is not a NumericDate")
            elif abs(float(claims[claim]) - when.timestamp()) > CLAIM_TOLERANCE_S:
                problems.append(f"{claim} {claims[claim]} is not {when.isoformat()}")
    return problems


def _with_token_window(facts: Facts, claims: Mapping[str, Any]) -> Facts:
    """The token's own `nbf`/`exp` bound the validity window too (updates `facts`)."""
    if _is_number(claims.get("exp")):
        exp = _from_epoch(claims["exp"])
        facts.valid_until = exp if facts.valid_until is None else min(facts.valid_until, exp)
    if _is_number(claims.get("nbf")):
        nbf = _from_epoch(claims["nbf"])
        facts.valid_from = nbf if facts.valid_from is None else max(facts.valid_from, nbf)
    return facts


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _from_epoch(value: float) -> datetime:
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (OverflowError, OSError, ValueError):
        return datetime.max.replace(tzinfo=UTC)
