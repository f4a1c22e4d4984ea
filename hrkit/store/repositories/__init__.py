"""Repositories: the only code that queries tables; every query is scoped to one tenant."""

from __future__ import annotations

from hrkit.store.repositories.achievements import AchievementRepository
from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.repositories.bundle import Repositories
from hrkit.store.repositories.credentials import CredentialRepository
from hrkit.store.repositories.issuers import IssuerRepository
from hrkit.store.repositories.people import PeopleRepository
from hrkit.store.repositories.skills import RoleRepository, SkillRepository
from hrkit.store.repositories.tenants import TenantRepository

__all__ = [
    "AchievementRepository",
    "CredentialRepository",
    "IssuerRepository",
    "PeopleRepository",
    "Repositories",
    "RoleRepository",
    "ScopedRepository",
    "SkillRepository",
    "TenantRepository",
]
