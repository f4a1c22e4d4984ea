"""Who a caller is inside a tenant: the access roles of the contract."""

from __future__ import annotations

from enum import StrEnum

from hrkit.errors import ValidationError


class AccessRole(StrEnum):
    HR_ADMIN = "hr_admin"
    RECRUITER = "recruiter"
    MANAGER = "manager"
    HRIS = "hris"

    @classmethod
    def parse(cls, value: str) -> AccessRole:
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(role.value for role in cls)
            raise ValidationError(f"unknown role {value!r} (known roles: {known})") from None
