"""Tenants and their change counter (not tenant-scoped: this is where scopes come from)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hrkit.errors import TenantNotFoundError, ValidationError
from hrkit.settings import check_tenant_slug
from hrkit.store.scope import Scope
from hrkit.store.tables import InstanceSetting, Tenant


class TenantRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_slug(self, slug: str) -> Tenant | None:
        return self.session.scalars(select(Tenant).where(Tenant.slug == slug)).one_or_none()

    def scope(self, slug: str) -> Scope:
        """The scope of tenant `slug`; unknown tenants are an error, never created implicitly."""
        tenant = self.by_slug(slug)
        if tenant is None:
            raise TenantNotFoundError(
                f"unknown tenant {slug!r} (create it with `hrkit tenants add {slug}`)"
            )
        return Scope(tenant_id=tenant.id, tenant_slug=tenant.slug)

    def create(self, slug: str, name: str | None = None) -> Tenant:
        check_tenant_slug(slug)
        if self.by_slug(slug) is not None:
            raise ValidationError(f"tenant {slug!r} already exists", code="TENANT_EXISTS")
        tenant = Tenant(slug=slug, name=name or slug, change_seq=0)
        self.session.add(tenant)
        self.session.flush()
        return tenant

    def all(self) -> list[Tenant]:
        return list(self.session.scalars(select(Tenant).order_by(Tenant.slug)))

    def next_change_seq(self, tenant_id: int, count: int = 1) -> int:
        """Reserve `count` change numbers; returns the last. Holds the tenant row until commit.

        The row lock orders concurrent writers, so a reader never sees change N+1 committed
        while N is still in flight (syncs rely on that to use change_seq as a cursor).
        """
        stmt = (
            update(Tenant)
            .where(Tenant.id == tenant_id)
            .values(change_seq=Tenant.change_seq + count)
            .returning(Tenant.change_seq)
            .execution_options(synchronize_session=False)
        )
        return int(self.session.execute(stmt).scalar_one())

    def current_change_seq(self, tenant_id: int) -> int:
        value = self.session.scalar(select(Tenant.change_seq).where(Tenant.id == tenant_id))
        return int(value or 0)


class InstanceSettings:
    """Instance-wide values kept in the database (shared by every worker on the same database)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> str | None:
        row = self.session.get(InstanceSetting, key)
        return row.value if row else None

    def put_if_absent(self, key: str, value: str) -> str:
        """Store `value` unless `key` is set; returns whichever value is stored."""
        existing = self.get(key)
        if existing is not None:
            return existing
        self.session.add(InstanceSetting(key=key, value=value))
        self.session.flush()
        return value
