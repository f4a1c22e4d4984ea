"""The checks every format shares: validity period, recipient, issuer trust."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hrkit.model.enums import CheckName, CheckResult, VerificationStatus
from hrkit.model.people import normalize_email
from hrkit.verify.context import VerifyContext
from hrkit.verify.datamodel.recipient import recipient_matches
from hrkit.verify.result import Check, Facts


def validity_check(facts: Facts, ctx: VerifyContext) -> Check:
    """`expired` after validUntil/exp, `not_yet_valid` before validFrom/nbf, with clock skew."""
    now, skew = ctx.now, ctx.clock_skew
    if facts.valid_until is not None and now > facts.valid_until + skew:
        return Check(
            CheckName.VALIDITY_PERIOD,
            CheckResult.FAIL,
            f"expired on {_iso(facts.valid_until)}",
            VerificationStatus.EXPIRED,
        )
    starts = facts.valid_from or facts.issued_on
    if starts is not None and now < starts - skew:
        return Check(
            CheckName.VALIDITY_PERIOD,
            CheckResult.FAIL,
            f"not valid before {_iso(starts)}",
            VerificationStatus.NOT_YET_VALID,
        )
    if facts.valid_until is None:
        return Check(CheckName.VALIDITY_PERIOD, CheckResult.PASS, "no expiry")
    return Check(
        CheckName.VALIDITY_PERIOD, CheckResult.PASS, f"valid until {_iso(facts.valid_until)}"
    )


def trust_check(facts: Facts, ctx: VerifyContext) -> tuple[Check, bool | None]:
    """`untrusted_issuer` when a registry is configured and the known issuer is not in it."""
    if ctx.trust is None:
        return Check(CheckName.ISSUER_TRUST, CheckResult.SKIPPED, "no trust registry"), None
    if not facts.issuer_id:
        return Check(CheckName.ISSUER_TRUST, CheckResult.SKIPPED, "the issuer is not known"), None
    name = ctx.trust.lookup(facts.issuer_id)
    if name is None:
        message = f"{facts.issuer_id} is not in the trust registry"
        return Check(CheckName.ISSUER_TRUST, CheckResult.FAIL, message), False
    return Check(CheckName.ISSUER_TRUST, CheckResult.PASS, f"trusted as {name!r}"), True


def recipient_check(identities: Sequence[Mapping[str, Any]], ctx: VerifyContext) -> Check:
    """Compare `ctx.recipient` with the credential's email identities (plain or salted hashes).

    `identities` are OB identity objects (`type`/`identityType`, `identity`/`identityHash`,
    `hashed`, `salt`). A credential that names no email identity cannot mismatch: skipped.
    """
    if ctx.recipient is None:
        return Check(CheckName.RECIPIENT, CheckResult.SKIPPED, "no recipient given")
    wanted = normalize_email(ctx.recipient)
    usable = [i for i in identities if _is_email_identity(i)]
    if not usable:
        return Check(
            CheckName.RECIPIENT, CheckResult.SKIPPED, "the credential names no email recipient"
        )
    for identity in usable:
        if recipient_matches(_as_ob2_recipient(identity), wanted):
            return Check(CheckName.RECIPIENT, CheckResult.PASS, f"issued to {wanted}")
    return Check(CheckName.RECIPIENT, CheckResult.FAIL, f"not issued to {wanted}")


def _is_email_identity(identity: Mapping[str, Any]) -> bool:
    # OB 3.0: `identityType` (the object's `type` is "IdentityObject"); OB 2.0: `type`.
    kind = str(identity.get("identityType") or identity.get("type") or "").lower()
    return kind in {"email", "emailaddress"}


def _as_ob2_recipient(identity: Mapping[str, Any]) -> dict[str, Any]:
    """OB 3.0 IdentityObject → OB 2.0 recipient shape (the hash rules are the same)."""
    if "identityHash" in identity:
        return {
            "type": "email",
            "identity": identity.get("identityHash"),
            "hashed": identity.get("hashed", False),
            "salt": identity.get("salt"),
        }
    return dict(identity)


def subject_identities(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The email identities of a VC's subjects: OB 3.0 `identifier`s and `mailto:` subject ids."""
    found: list[Mapping[str, Any]] = []
    subjects = document.get("credentialSubject")
    for subject in subjects if isinstance(subjects, list) else [subjects]:
        if not isinstance(subject, Mapping):
            continue
        for identifier in _as_list(subject.get("identifier")):
            if isinstance(identifier, Mapping):
                found.append(identifier)
        subject_id = subject.get("id")
        if isinstance(subject_id, str) and subject_id.lower().startswith("mailto:"):
            found.append({"type": "email", "identity": subject_id[7:], "hashed": False})
        if isinstance(subject.get("email"), str):
            found.append({"type": "email", "identity": subject["email"], "hashed": False})
    return found


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _iso(value: Any) -> str:
    return str(value.isoformat().replace("+00:00", "Z"))
