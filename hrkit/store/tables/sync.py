"""Sync bookkeeping: per-target watermarks and source cursors, runs, and what each target holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrkit.model.enums import VerificationStatus
from hrkit.store.tables.base import Base, TenantOwned, enum_column
from hrkit.store.types import utcnow


class SyncState(TenantOwned, Base):
    """Where a connector stands: a target's `watermark` (change_seq) or a source's `cursor`."""

    __tablename__ = "sync_states"
    __table_args__ = (UniqueConstraint("tenant_id", "connector", "name"),)

    connector: Mapped[str] = mapped_column(String(16))  # "target" | "source"
    name: Mapped[str] = mapped_column(String(100))
    watermark: Mapped[int] = mapped_column(BigInteger, default=0)
    cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SyncRun(TenantOwned, Base):
    __tablename__ = "sync_runs"
    __table_args__ = (Index("ix_sync_runs_tenant_target", "tenant_id", "target", "id"),)

    target: Mapped[str] = mapped_column(String(100))
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    from_seq: Mapped[int] = mapped_column(BigInteger)
    to_seq: Mapped[int] = mapped_column(BigInteger)
    exported: Mapped[int] = mapped_column(Integer, default=0)
    files: Mapped[list[Any]] = mapped_column(default=list)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class SyncExport(TenantOwned, Base):
    """The last state of a credential that a target was given (to end-date it when it changes)."""

    __tablename__ = "sync_exports"
    __table_args__ = (UniqueConstraint("tenant_id", "target", "credential_id"),)

    target: Mapped[str] = mapped_column(String(100))
    credential_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("credentials.id", ondelete="CASCADE")
    )
    status: Mapped[VerificationStatus] = mapped_column(enum_column(VerificationStatus, 32))
    change_seq: Mapped[int] = mapped_column(BigInteger)
    exported_at: Mapped[datetime] = mapped_column(default=utcnow)
