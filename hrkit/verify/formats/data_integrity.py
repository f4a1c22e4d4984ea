"""JSON-LD credentials secured with embedded Data Integrity proofs (and unsecured ones)."""

from __future__ import annotations

from typing import Any, ClassVar

from hrkit.model.enums import CheckName, CheckResult, CredentialFormat, VerificationStatus
from hrkit.verify.assess import assess_credential
from hrkit.verify.context import VerifyContext
from hrkit.verify.dataintegrity import (
    LimitExceeded,
    ProofError,
    UnsupportedProof,
    proofs_of,
    unsupported_reason,
    verify_proof,
)
from hrkit.verify.datamodel.facts import credential_facts
from hrkit.verify.document import Document
from hrkit.verify.formats.base import malformed
from hrkit.verify.keys import KeyResolution, resolve_method
from hrkit.verify.proof_errors import UndefinedTerm, UnknownContext
from hrkit.verify.result import Check, Verification
from hrkit.verify.status import ListVerifier

MAX_PROOFS = 8


def is_credential(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    types = value.get("type")
    types = types if isinstance(types, list) else [types]
    return "VerifiableCredential" in types or ("credentialSubject" in value and "@context" in value)


class DataIntegrityVerifier:
    name: ClassVar[str] = CredentialFormat.VC_DATA_INTEGRITY.value

    def __init__(self, verify_list: ListVerifier) -> None:
        self.verify_list = verify_list

    def verify(self, document: Document, context: VerifyContext) -> list[Verification] | None:
        value = document.json()
        if not is_credential(value):
            return None
        return [self.verify_credential(value, document.label, document.stripped, context)]

    def verify_credential(
        self, vc: dict[str, Any], label: str, raw: str, ctx: VerifyContext
    ) -> Verification:
        facts = credential_facts(vc)
        try:
            proofs = proofs_of(vc)
        except ProofError as exc:
            return malformed(_doc(label, raw), str(exc), format=self.format, check=CheckName.SCHEMA)
        if not proofs:
            proof_checks = [
                Check(
                    CheckName.SIGNATURE,
                    CheckResult.FAIL,
                    "the credential carries no proof: anyone could have written it",
                ),
                Check(CheckName.KEY_BINDING, CheckResult.SKIPPED, "no proof"),
            ]
        else:
            try:
                proof_checks = _verify_proofs(vc, proofs[:MAX_PROOFS], facts.issuer_id, ctx)
            except _Malformed as exc:
                return malformed(_doc(label, raw), str(exc), format=self.format, check=exc.check)
        return assess_credential(
            vc,
            label=label,
            format=self.format,
            raw=raw,
            proof_checks=proof_checks,
            ctx=ctx,
            verify_list=self.verify_list,
            facts=facts,
        )

    format = CredentialFormat.VC_DATA_INTEGRITY


def _doc(label: str, raw: str) -> Document:
    return Document(label, raw.encode())


class _Malformed(Exception):
    def __init__(self, message: str, check: CheckName) -> None:
        super().__init__(message)
        self.check = check


def _verify_proofs(
    vc: dict[str, Any], proofs: list[dict[str, Any]], issuer_id: str | None, ctx: VerifyContext
) -> list[Check]:
    """Every supported proof must verify; at least one must use a key the issuer controls.

    Proofs of a type hrkit does not implement are ignored when another proof secures the
    credential (a proof set may carry an extra one for other verifiers); when none is left the
    credential is in no format hrkit reads.
    """
    supported = [proof for proof in proofs if unsupported_reason(proof) is None]
    if not supported:
        raise _Malformed(str(unsupported_reason(proofs[0])), CheckName.SIGNATURE)
    messages: list[str] = []
    signature = CheckResult.PASS
    bindings: list[KeyResolution] = []
    for proof in supported:
        purpose = proof.get("proofPurpose")
        if purpose not in (None, "assertionMethod"):
            signature = CheckResult.FAIL
            messages.append(f"proofPurpose {purpose!r} is not assertionMethod")
            continue
        resolution = resolve_method(proof.get("verificationMethod"), issuer_id, ctx)
        if resolution.malformed:
            raise _Malformed(resolution.malformed, CheckName.SCHEMA)
        bindings.append(resolution)
        if not resolution.keys:
            signature = _worst(signature, CheckResult.INDETERMINATE)
            messages.append(f"no key to check the proof: {resolution.key_message}")
            continue
        try:
            verify_proof(vc, proof, resolution.keys[0])
        except UndefinedTerm as exc:
            # A term no context defines is dropped from the signed graph: it could say anything.
            raise _Malformed(str(exc), CheckName.SCHEMA) from None
        except (UnsupportedProof, LimitExceeded) as exc:
            raise _Malformed(str(exc), CheckName.SIGNATURE) from None
        except UnknownContext as exc:
            signature = _worst(signature, CheckResult.INDETERMINATE)
            messages.append(f"{exc} (hrkit never fetches contexts)")
            continue
        except ProofError as exc:
            signature = CheckResult.FAIL
            messages.append(str(exc))
            continue
        suite = proof.get("cryptosuite") or proof.get("type")
        messages.append(f"{suite} proof verified with {resolution.key_message}")
    if len(supported) < len(proofs):
        messages.append(f"{len(proofs) - len(supported)} proof(s) of an unsupported type ignored")
    return [
        Check(
            CheckName.SIGNATURE,
            signature,
            "; ".join(messages),
            VerificationStatus.INVALID if signature is CheckResult.FAIL else None,
        ),
        _binding_check(bindings),
    ]


def _worst(current: CheckResult, new: CheckResult) -> CheckResult:
    return CheckResult.FAIL if CheckResult.FAIL in (current, new) else new


def _binding_check(bindings: list[KeyResolution]) -> Check:
    if not bindings:
        return Check(CheckName.KEY_BINDING, CheckResult.SKIPPED, "no key was resolved")
    for wanted in (CheckResult.PASS, CheckResult.INDETERMINATE, CheckResult.FAIL):
        for resolution in bindings:
            if resolution.binding is wanted:
                return Check(CheckName.KEY_BINDING, wanted, resolution.binding_message)
    return Check(CheckName.KEY_BINDING, CheckResult.INDETERMINATE, bindings[0].binding_message)
