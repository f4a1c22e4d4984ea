"""Who is calling the API: validated token claims, and what their roles let them see."""

from __future__ import annotations

from dataclasses import dataclass

from hrkit.model.access import AccessRole
from hrkit.model.enums import PersonKind


@dataclass(frozen=True)
class Principal:
    """An authenticated caller within one tenant."""

    subject: str
    tenant: str
    roles: frozenset[AccessRole]

    def has(self, *roles: AccessRole) -> bool:
        return bool(self.roles.intersection(roles))

    def sees_all(self, kind: PersonKind) -> bool:
        """Whether every person of `kind` is visible (the contract's role table)."""
        if kind is PersonKind.EMPLOYEE:
            return self.has(AccessRole.HR_ADMIN, AccessRole.HRIS)
        return self.has(AccessRole.HR_ADMIN, AccessRole.RECRUITER)

    @property
    def manager_email(self) -> str | None:
        """A manager sees themselves and their reports, found from `sub` (their email)."""
        return self.subject if AccessRole.MANAGER in self.roles else None
