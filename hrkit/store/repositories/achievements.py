"""Achievements (badge classes) of a tenant."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.tables import Achievement, Issuer


class AchievementRepository(ScopedRepository[Achievement]):
    model = Achievement

    def by_uri(self, uri: str) -> Achievement | None:
        return self.session.scalars(self.select(Achievement.uri == uri)).one_or_none()

    def by_issuer_and_name(self, issuer_id: int | None, name: str) -> Achievement | None:
        stmt = self.select(
            Achievement.uri.is_(None), Achievement.issuer_id == issuer_id, Achievement.name == name
        ).limit(1)
        return self.session.scalars(stmt).first()

    def skill_sources(self, ids: Sequence[int]) -> dict[int, tuple[str | None, str, list[Any]]]:
        """id → (uri, name, alignments): what mapping rules and alignments are matched on."""
        stmt = select(
            Achievement.id, Achievement.uri, Achievement.name, Achievement.alignments
        ).where(*self.scope_filter(), Achievement.id.in_(ids))
        return {row.id: (row.uri, row.name, row.alignments) for row in self.session.execute(stmt)}

    def catalogue(self, *, trusted_only: bool = False) -> list[Any]:
        """(id, uri, name, alignments) of every achievement of the tenant; with `trusted_only`,
        of those whose issuer the tenant trusts (what recommendations may suggest)."""
        stmt = select(
            Achievement.id, Achievement.uri, Achievement.name, Achievement.alignments
        ).where(*self.scope_filter())
        if trusted_only:
            stmt = stmt.join(Issuer, Issuer.id == Achievement.issuer_id).where(
                Issuer.trusted.is_(True)
            )
        return list(self.session.execute(stmt.order_by(Achievement.id)))
