"""The contract's GraphQL enums, made from the domain's enums (names are the GraphQL values)."""

from __future__ import annotations

import strawberry

from hrkit.model.enums import AchievementKind as DomainAchievementKind
from hrkit.model.enums import PersonKind as DomainPersonKind
from hrkit.model.enums import VerificationStatus as DomainVerificationStatus

PersonKind = strawberry.enum(DomainPersonKind, name="PersonKind")
VerificationStatus = strawberry.enum(DomainVerificationStatus, name="VerificationStatus")
AchievementKind = strawberry.enum(DomainAchievementKind, name="AchievementKind")
