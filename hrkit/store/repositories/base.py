"""The tenant scope applied in one place: every scoped repository builds its queries here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from hrkit.store.scope import Scope
from hrkit.store.tables.base import TenantOwned

M = TypeVar("M", bound=TenantOwned)


class ScopedRepository(Generic[M]):
    """Reads and writes rows of `model` that belong to `scope`'s tenant, and no others."""

    model: ClassVar[type[Any]]

    def __init__(self, session: Session, scope: Scope) -> None:
        self.session = session
        self.scope = scope

    def select(self, *where: Any) -> Select[M]:
        """`SELECT model WHERE tenant = scope.tenant AND visible AND *where`: the only way rows
        are read."""
        return select(self.model).where(*self.scope_filter(), *where)

    def scope_filter(self) -> list[Any]:
        """The tenant condition, plus what the scope's principal may see of this model."""
        visible = self.visible_to_principal()
        tenant = self.model.tenant_id == self.scope.tenant_id
        return [tenant] if visible is None else [tenant, visible]

    def visible_to_principal(self) -> Any | None:
        """A SQL condition narrowing rows to the principal's view; None when all are visible."""
        return None

    def get(self, row_id: int) -> M | None:
        return self.session.scalars(self.select(self.model.id == row_id)).one_or_none()

    def get_many(self, ids: Iterable[int]) -> dict[int, M]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        rows = self.session.scalars(self.select(self.model.id.in_(wanted)))
        return {row.id: row for row in rows}

    def find(self, *where: Any, order_by: Sequence[Any] = (), limit: int | None = None) -> list[M]:
        stmt = self.select(*where).order_by(*(order_by or (self.model.id,)))
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(self.session.scalars(stmt))

    def count(self, *where: Any) -> int:
        stmt = select(func.count()).select_from(self.model).where(*self.scope_filter(), *where)
        return int(self.session.scalar(stmt) or 0)

    def add(self, row: M) -> M:
        """Attach `row` to the scope's tenant (whatever tenant it claimed) and stage it."""
        row.tenant_id = self.scope.tenant_id
        self.session.add(row)
        return row

    def delete(self, row: M) -> None:
        if row.tenant_id != self.scope.tenant_id:
            raise ValueError("row belongs to another tenant")
        self.session.delete(row)
