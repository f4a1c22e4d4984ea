"""The database tables, one module per part of the domain model; every row belongs to a tenant."""

from __future__ import annotations

from hrkit.store.tables.base import Base
from hrkit.store.tables.credentials import Achievement, Credential, Issuer, VerificationCheck
from hrkit.store.tables.imports import ImportRun
from hrkit.store.tables.people import Person
from hrkit.store.tables.skills import Role, RoleRequirement, Skill, SkillMapping
from hrkit.store.tables.sync import SyncExport, SyncRun, SyncState
from hrkit.store.tables.tenants import InstanceSetting, Tenant

__all__ = [
    "Achievement",
    "Base",
    "Credential",
    "ImportRun",
    "InstanceSetting",
    "Issuer",
    "Person",
    "Role",
    "RoleRequirement",
    "Skill",
    "SkillMapping",
    "SyncExport",
    "SyncRun",
    "SyncState",
    "Tenant",
    "VerificationCheck",
]
