"""Tenants (with their change counter) and instance-wide settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hrkit.store.tables.base import Base, IdMixin
from hrkit.store.types import utcnow


class Tenant(IdMixin, Base):
    __tablename__ = "tenants"

    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The last change_seq handed out in this tenant. Bumping it with UPDATE … RETURNING locks the
    # row until commit, so change numbers become visible in the order they were handed out.
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InstanceSetting(Base):
    """Instance-wide key/value pairs (e.g. the generated development JWT secret)."""

    __tablename__ = "instance_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
