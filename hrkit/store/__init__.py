"""Storage: SQLAlchemy tables, tenant-scoped repositories and Alembic migrations."""

from __future__ import annotations

from hrkit.store.database import Database
from hrkit.store.scope import Scope

__all__ = ["Database", "Scope"]
