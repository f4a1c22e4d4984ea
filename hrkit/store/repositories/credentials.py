"""Credentials of a tenant; every change of outcome or data takes a new change_seq."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import inspect
from sqlalchemy.orm import selectinload

from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.repositories.tenants import TenantRepository
from hrkit.store.tables import Credential


class CredentialRepository(ScopedRepository[Credential]):
    model = Credential

    def stamp(self, credential: Credential) -> int:
        """Give `credential` the tenant's next change_seq (call once per change, before commit)."""
        seq = TenantRepository(self.session).next_change_seq(self.scope.tenant_id)
        credential.change_seq = seq
        return seq

    def save(self, credential: Credential) -> Credential:
        """Stage a new or changed credential with a fresh change_seq."""
        self.stamp(credential)
        if inspect(credential).transient:
            self.add(credential)
        self.session.flush()
        return credential

    def by_holder_and_hash(self, holder_id: int, raw_sha256: str) -> Credential | None:
        stmt = self.select(Credential.holder_id == holder_id, Credential.raw_sha256 == raw_sha256)
        return self.session.scalars(stmt).one_or_none()

    def changed_after(self, seq: int, limit: int | None = None) -> Sequence[Credential]:
        """Credentials whose change_seq is above `seq`, in change order."""
        stmt = self.select(Credential.change_seq > seq).order_by(Credential.change_seq)
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(self.session.scalars(stmt))

    def with_checks(self, ids: Sequence[int]) -> list[Credential]:
        stmt = (
            self.select(Credential.id.in_(list(ids)))
            .options(selectinload(Credential.checks))
            .order_by(Credential.id)
        )
        return list(self.session.scalars(stmt))
