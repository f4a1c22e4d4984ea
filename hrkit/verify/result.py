"""What a verification yields: checks, the overall status, and the credential's facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hrkit.model.enums import (
    AchievementKind,
    CheckName,
    CheckResult,
    CredentialFormat,
    VerificationStatus,
)
from hrkit.model.status import first_status

# The status a failing check implies when it does not name one itself.
_FAIL_OUTCOME = {
    CheckName.PARSE: VerificationStatus.MALFORMED,
    CheckName.SCHEMA: VerificationStatus.MALFORMED,
    CheckName.SIGNATURE: VerificationStatus.INVALID,
    CheckName.KEY_BINDING: VerificationStatus.INVALID,
    CheckName.STATUS: VerificationStatus.REVOKED,
    CheckName.VALIDITY_PERIOD: VerificationStatus.EXPIRED,
    CheckName.RECIPIENT: VerificationStatus.RECIPIENT_MISMATCH,
    CheckName.ISSUER_TRUST: VerificationStatus.UNTRUSTED_ISSUER,
}


@dataclass(frozen=True)
class Check:
    """One check's result. `outcome` names the status a fail implies when it is not the default
    for the check (e.g. `suspended` for a status check, `not_yet_valid` for a validity check)."""

    check: CheckName
    result: CheckResult
    message: str | None = None
    outcome: VerificationStatus | None = None

    def implied_status(self) -> VerificationStatus | None:
        if self.result is CheckResult.FAIL:
            return self.outcome or _FAIL_OUTCOME[self.check]
        if self.result is CheckResult.INDETERMINATE:
            # A needed document could not be obtained: the outcome cannot be known.
            return self.outcome or VerificationStatus.UNVERIFIABLE
        return None

    def to_json(self) -> dict[str, Any]:
        return {"check": self.check.value, "result": self.result.value, "message": self.message}


def overall_status(checks: list[Check]) -> VerificationStatus:
    """The first status of the contract's table that any check implies; `verified` otherwise."""
    return first_status([s for c in checks if (s := c.implied_status()) is not None])


@dataclass
class Facts:
    """What the credential says about itself (never trusted before the checks pass)."""

    credential_id: str | None = None
    issuer_id: str | None = None
    issuer_name: str | None = None
    subject_id: str | None = None
    achievement_id: str | None = None
    achievement_name: str | None = None
    achievement_kind: AchievementKind | None = None
    achievement_description: str | None = None
    issued_on: datetime | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    # OB alignments as given: targetUrl, targetCode, targetName, targetFramework, …
    alignments: list[dict[str, Any]] = field(default_factory=list)
    # OB3 results with their achieved level, for the skills engine.
    results: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Verification:
    """The verification of one credential (a presentation gives one per enclosed credential)."""

    input: str
    format: CredentialFormat | None
    checks: list[Check]
    facts: Facts = field(default_factory=Facts)
    # The credential itself, verbatim (JSON text or compact JWS), as it should be stored.
    raw: str = ""
    issuer_trusted: bool | None = None
    # The parsed credential (for a VC-JWT: its VC claims), for callers that need more than facts.
    document: dict[str, Any] | None = None
    # For a credential found in a presentation: the presentation's id, holder, format and proof.
    presentation: dict[str, Any] | None = None

    @property
    def status(self) -> VerificationStatus:
        return overall_status(self.checks)

    def check(self, name: CheckName) -> Check | None:
        return next((c for c in self.checks if c.check is name), None)

    def skills(self) -> list[dict[str, Any]]:
        """The alignments in the contract's shape: framework, code, url, name."""
        return [
            {
                "framework": a.get("targetFramework"),
                "code": a.get("targetCode"),
                "url": a.get("targetUrl"),
                "name": a.get("targetName"),
            }
            for a in self.facts.alignments
        ]

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object for `hrkit verify --json` (every key present)."""
        f = self.facts
        own_format = self.format.value if self.format else None
        return {
            "input": self.input,
            "status": self.status.value,
            "format": self.presentation["format"] if self.presentation else own_format,
            "credential_format": own_format,
            "credential_id": f.credential_id,
            "issuer": {"id": f.issuer_id, "name": f.issuer_name, "trusted": self.issuer_trusted},
            "subject": {"id": f.subject_id},
            "achievement": {
                "id": f.achievement_id,
                "name": f.achievement_name,
                "kind": f.achievement_kind.value if f.achievement_kind else None,
            },
            "issued_on": _iso(f.issued_on),
            "valid_from": _iso(f.valid_from),
            "valid_until": _iso(f.valid_until),
            "skills": self.skills(),
            "checks": [c.to_json() for c in self.checks],
            "presentation": self.presentation,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
