"""Where connectors stand: source cursors (SyncState rows with connector "source")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.tables import SyncState

SOURCE = "source"


class SourceCursorRepository(ScopedRepository[SyncState]):
    """The saved cursor of each source and location (`name`)."""

    model = SyncState

    def by_name(self, name: str) -> SyncState | None:
        stmt = self.select(SyncState.connector == SOURCE, SyncState.name == name)
        return self.session.scalars(stmt).one_or_none()

    def save(self, name: str, cursor: dict[str, Any]) -> SyncState:
        """Store `cursor` for `name`; two pulls creating the same cursor at once are fine."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        self.session.execute(
            insert(SyncState)
            .values(
                tenant_id=self.scope.tenant_id,
                connector=SOURCE,
                name=name,
                watermark=0,
                cursor={},
            )
            .on_conflict_do_nothing(index_elements=["tenant_id", "connector", "name"])
        )
        state = self.by_name(name)
        assert state is not None
        state.cursor = cursor
        state.updated_at = datetime.now(UTC)
        self.session.flush()
        return state
