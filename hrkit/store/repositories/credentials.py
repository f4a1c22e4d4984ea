"""Credentials of a tenant; every change of outcome or data takes a new change_seq."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, inspect, select, update
from sqlalchemy.orm import selectinload

from hrkit.model.enums import VerificationStatus
from hrkit.model.status import CLOCK_SKEW, PRECEDENCE
from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.repositories.tenants import TenantRepository
from hrkit.store.tables import Credential, Person
from hrkit.store.visibility import visible_people

EXPIRED = VerificationStatus.EXPIRED


class CredentialRepository(ScopedRepository[Credential]):
    model = Credential

    def visible_to_principal(self) -> Any | None:
        """A credential is visible exactly when its holder is."""
        if self.scope.principal is None:
            return None
        holders = select(Person.id).where(
            Person.tenant_id == self.scope.tenant_id,
            visible_people(self.scope.principal, self.scope.tenant_id),
        )
        return Credential.holder_id.in_(holders)

    @staticmethod
    def effective_status_in(statuses: Sequence[VerificationStatus], now: datetime) -> Any:
        """SQL for "the credential's status now is one of `statuses`": a stored result whose
        validUntil has passed reads as expired (hrkit.model.status.effective_status)."""
        return CredentialRepository.effective_status(now).in_([s.value for s in statuses])

    @staticmethod
    def effective_status(now: datetime) -> Any:
        """SQL for the credential's status now, as its string value: a stored result whose
        validUntil has passed reads as expired (hrkit.model.status.effective_status)."""
        outranked = [s for s in VerificationStatus if PRECEDENCE[s] > PRECEDENCE[EXPIRED]]
        aged = and_(
            Credential.valid_until.is_not(None),
            Credential.valid_until < now - CLOCK_SKEW,
            Credential.status.in_(outranked),
        )
        return case((aged, EXPIRED.value), else_=Credential.status)

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

    def fingerprints(self, holder_ids: Sequence[int]) -> dict[int, set[str]]:
        """Holder id → the document hashes and credential URIs stored for them."""
        found: dict[int, set[str]] = {}
        for start in range(0, len(holder_ids), 5000):
            stmt = select(
                Credential.holder_id, Credential.raw_sha256, Credential.credential_uri
            ).where(
                *self.scope_filter(), Credential.holder_id.in_(holder_ids[start : start + 5000])
            )
            for holder_id, digest, uri in self.session.execute(stmt):
                found.setdefault(holder_id, set()).update(v for v in (digest, uri) if v)
        return found

    def counting(self, holder_ids: Sequence[int], now: datetime) -> list[Any]:
        """(holder_id, credential id, achievement_id, result_levels) of the credentials that
        are `verified` now: the ones that give skills (PRODUCT.md §8)."""
        stmt = select(
            Credential.holder_id,
            Credential.id,
            Credential.achievement_id,
            Credential.result_levels,
        ).where(
            *self.scope_filter(),
            Credential.holder_id.in_(holder_ids),
            Credential.achievement_id.is_not(None),
            self.effective_status_in([VerificationStatus.VERIFIED], now),
        )
        return list(self.session.execute(stmt))

    def renumber_holders(self, holder_ids: Sequence[int], chunk: int = 5000) -> int:
        """Give every credential of these holders a new change_seq: what an export says about
        them changed (a hire, a new name or employee id). Returns how many were renumbered."""
        ids: list[int] = []
        for start in range(0, len(holder_ids), chunk):
            part = holder_ids[start : start + chunk]
            ids.extend(
                self.session.scalars(
                    select(Credential.id).where(
                        Credential.tenant_id == self.scope.tenant_id,
                        Credential.holder_id.in_(part),
                    )
                )
            )
        if not ids:
            return 0
        ids.sort()
        last = TenantRepository(self.session).next_change_seq(self.scope.tenant_id, len(ids))
        first = last - len(ids) + 1
        stmt = (
            update(Credential)
            .where(Credential.id == bindparam("c_id"))
            .values(change_seq=bindparam("c_seq"))
            .execution_options(synchronize_session=False)
        )
        self.session.connection().execute(
            stmt, [{"c_id": i, "c_seq": first + n} for n, i in enumerate(ids)]
        )
        return len(ids)
