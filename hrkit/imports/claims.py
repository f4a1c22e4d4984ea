"""Self-reported claims: a badge named in a spreadsheet with no credential to check.

A row that names a badge, an issuer or dates but carries no credential document still tells the
recruiter something; hrkit keeps it as a credential whose status is `unverifiable`, so it is
listed with the person and never counted as proof.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from hrkit.model.enums import CheckName, CheckResult
from hrkit.verify.result import Check, Facts, Verification

CLAIM_TYPE = "SelfReportedClaim"
MESSAGE = (
    "a self-reported claim from a spreadsheet: there is no credential document to verify; "
    "ask for the badge's URL or file"
)


def claim_verification(claim: dict[str, str | date | None], label: str) -> Verification:
    """The stored form of a claim: its cells as canonical JSON, status `unverifiable`."""
    document = {"type": CLAIM_TYPE} | {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in sorted(claim.items())
        if value is not None
    }
    issued, expires = claim.get("issued"), claim.get("expires")
    name, issuer = claim.get("badge_name"), claim.get("issuer")
    return Verification(
        input=label,
        format=None,
        checks=[Check(CheckName.PARSE, CheckResult.INDETERMINATE, MESSAGE)],
        facts=Facts(
            issuer_name=issuer if isinstance(issuer, str) else None,
            achievement_name=name if isinstance(name, str) else None,
            issued_on=_midnight(issued),
            valid_until=_midnight(expires),
        ),
        raw=json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    )


def _midnight(value: str | date | None) -> datetime | None:
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None
