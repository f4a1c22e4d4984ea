"""Tenants: create, list, and resolve a name to the scope every other service works in."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hrkit.store.repositories.tenants import TenantRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Tenant


def resolve_scope(session: Session, slug: str) -> Scope:
    return TenantRepository(session).scope(slug)


def create_tenant(session: Session, slug: str, name: str | None = None) -> Tenant:
    return TenantRepository(session).create(slug, name)


def list_tenants(session: Session) -> list[Tenant]:
    return TenantRepository(session).all()
