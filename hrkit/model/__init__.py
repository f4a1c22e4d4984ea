"""Domain types: enums, value objects and the rules that belong to them."""

from __future__ import annotations

from hrkit.model.access import AccessRole
from hrkit.model.enums import (
    AchievementKind,
    CheckName,
    CheckResult,
    CredentialFormat,
    PersonKind,
    VerificationStatus,
)
from hrkit.model.people import normalize_email

__all__ = [
    "AccessRole",
    "AchievementKind",
    "CheckName",
    "CheckResult",
    "CredentialFormat",
    "PersonKind",
    "VerificationStatus",
    "normalize_email",
]
