"""Achievements (badge classes) of a tenant."""

from __future__ import annotations

from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.tables import Achievement


class AchievementRepository(ScopedRepository[Achievement]):
    model = Achievement

    def by_uri(self, uri: str) -> Achievement | None:
        return self.session.scalars(self.select(Achievement.uri == uri)).one_or_none()

    def by_issuer_and_name(self, issuer_id: int | None, name: str) -> Achievement | None:
        stmt = self.select(
            Achievement.uri.is_(None), Achievement.issuer_id == issuer_id, Achievement.name == name
        ).limit(1)
        return self.session.scalars(stmt).first()
