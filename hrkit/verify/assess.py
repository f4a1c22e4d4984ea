"""From a credential's JSON and its proof checks to a full verification (every format's tail)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hrkit.model.enums import CheckName, CheckResult, CredentialFormat, VerificationStatus
from hrkit.verify.checks import recipient_check, subject_identities, trust_check, validity_check
from hrkit.verify.context import VerifyContext
from hrkit.verify.datamodel.facts import credential_facts
from hrkit.verify.datamodel.openbadges3 import validate_ob3
from hrkit.verify.datamodel.vc import validate_credential
from hrkit.verify.result import Check, Facts, Verification
from hrkit.verify.status import ListVerifier, status_check

MAX_PROBLEMS_SHOWN = 3


def schema_check(problems: Sequence[str], what: str) -> Check:
    if not problems:
        return Check(CheckName.SCHEMA, CheckResult.PASS, f"valid {what}")
    shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    message = shown + (f" (+{more} more)" if more > 0 else "")
    return Check(CheckName.SCHEMA, CheckResult.FAIL, message, VerificationStatus.MALFORMED)


def data_model_name(vc: dict[str, Any]) -> str:
    types = vc.get("type")
    types = types if isinstance(types, list) else [types]
    contexts = vc.get("@context")
    first = contexts[0] if isinstance(contexts, list) and contexts else contexts
    version = "VCDM 2.0" if first == "https://www.w3.org/ns/credentials/v2" else "VCDM 1.1"
    if "ClrCredential" in types:
        return f"CLR 2.0 credential ({version})"
    if {"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"} & set(types):
        return f"Open Badges 3.0 credential ({version})"
    return f"{version} credential"


def assess_credential(
    vc: dict[str, Any],
    *,
    label: str,
    format: CredentialFormat | None,
    raw: str,
    proof_checks: list[Check],
    ctx: VerifyContext,
    verify_list: ListVerifier,
    extra_problems: Sequence[str] = (),
    facts: Facts | None = None,
) -> Verification:
    """Run the data-model, status, validity, recipient and trust checks around `proof_checks`."""
    facts = facts or credential_facts(vc)
    problems = [*extra_problems, *validate_credential(vc), *validate_ob3(vc)]
    schema = schema_check(problems, data_model_name(vc))
    proven = schema.result is CheckResult.PASS and all(
        c.result is CheckResult.PASS
        for c in proof_checks
        if c.check in (CheckName.SIGNATURE, CheckName.KEY_BINDING)
        and c.result is not CheckResult.INDETERMINATE
    )
    signed = any(
        c.check is CheckName.SIGNATURE and c.result is CheckResult.PASS for c in proof_checks
    )
    if ctx.status_depth > 0:
        status = Check(CheckName.STATUS, CheckResult.SKIPPED, "a status list has no status")
    elif proven and signed:
        status = status_check(vc, facts.issuer_id, ctx, verify_list)
    else:
        # Status lists are named by the document: never fetch URLs from an unproven one.
        status = Check(CheckName.STATUS, CheckResult.SKIPPED, "not checked: the proof failed")
    return conclude(
        vc,
        label=label,
        format=format,
        raw=raw,
        facts=facts,
        schema=schema,
        proof_checks=proof_checks,
        status=status,
        identities=subject_identities(vc),
        ctx=ctx,
    )


def conclude(
    document: dict[str, Any],
    *,
    label: str,
    format: CredentialFormat | None,
    raw: str,
    facts: Facts,
    schema: Check,
    proof_checks: Sequence[Check],
    status: Check,
    identities: Sequence[Mapping[str, Any]],
    ctx: VerifyContext,
) -> Verification:
    """Add the checks every format ends with (validity, recipient, trust), in contract order."""
    trust, trusted = trust_check(facts, ctx)
    checks = [
        Check(CheckName.PARSE, CheckResult.PASS, "parsed"),
        schema,
        *proof_checks,
        status,
        validity_check(facts, ctx),
        recipient_check(identities, ctx),
        trust,
    ]
    return Verification(
        input=label,
        format=format,
        checks=checks,
        facts=facts,
        raw=raw,
        issuer_trusted=trusted,
        document=document,
    )
