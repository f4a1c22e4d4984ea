"""Declarative base: constraint naming (stable migrations) and the tenant-owned mixin."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, MetaData
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from hrkit.store.types import BigIntPK, JSONType, UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSONType,
        list[Any]: JSONType,
    }


def enum_column(enum: type[Enum], length: int = 32) -> SAEnum:
    """An enum stored as its value in a VARCHAR: portable, and new members need no migration."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class IdMixin:
    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)


class TenantOwned(IdMixin):
    """Every domain row: an id and the tenant it belongs to (repositories always filter on it)."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(BigInteger, ForeignKey("tenants.id", ondelete="CASCADE"))


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


__all__ = ["Base", "IdMixin", "JSONType", "TenantOwned", "Timestamps", "enum_column"]
