"""A record of every spreadsheet import (dry runs included) with its per-row report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hrkit.model.enums import PersonKind
from hrkit.store.tables.base import Base, TenantOwned, enum_column
from hrkit.store.types import utcnow


class ImportRun(TenantOwned, Base):
    __tablename__ = "import_runs"
    __table_args__ = (Index("ix_import_runs_tenant_started", "tenant_id", "started_at"),)

    kind: Mapped[PersonKind] = mapped_column(enum_column(PersonKind, 16))
    filename: Mapped[str] = mapped_column(String(1000))
    file_sha256: Mapped[str] = mapped_column(String(64))
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    credentials: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[Any]] = mapped_column(default=list)
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
