"""The sync bookkeeping of one tenant: the target's state row (locked for the run), what each
target holds (SyncExport), and the record of runs (SyncRun)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, func, literal, select, type_coerce, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from hrkit.errors import SyncError
from hrkit.model.enums import VerificationStatus
from hrkit.store.repositories.credentials import CredentialRepository
from hrkit.store.repositories.tenants import TenantRepository
from hrkit.store.tables import Credential, SyncExport, SyncRun, SyncState
from hrkit.sync.rows import VERIFIED, Window, aged_before, held_by_employees, in_range

TARGET = "target"


class SyncBusyError(SyncError):
    """Another sync of the same target holds its state: trying again later can help."""

    code = "SYNC_BUSY"
    retryable = True


class SyncLedger:
    def __init__(self, session: Session, tenant_id: int) -> None:
        self.session = session
        self.tenant_id = tenant_id

    def _state_where(self, target: str) -> list[Any]:
        return [
            SyncState.tenant_id == self.tenant_id,
            SyncState.connector == TARGET,
            SyncState.name == target,
        ]

    def ensure_state(self, target: str) -> None:
        """Create the target's state row when it is missing (concurrent callers are fine)."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = (
            insert(SyncState)
            .values(tenant_id=self.tenant_id, connector=TARGET, name=target, watermark=0, cursor={})
            .on_conflict_do_nothing(index_elements=["tenant_id", "connector", "name"])
        )
        self.session.execute(stmt)

    def current_state(self, target: str) -> SyncState | None:
        """The target's state without locking it (dry runs)."""
        return self.session.scalars(
            select(SyncState).where(*self._state_where(target))
        ).one_or_none()

    def lock_state(self, target: str) -> SyncState:
        """The target's state row, locked until the transaction ends.

        PostgreSQL: `FOR UPDATE SKIP LOCKED`, so a second sync of the same target is told at
        once that one is running. SQLite: the run's BEGIN IMMEDIATE already serialises writers.
        """
        stmt = select(SyncState).where(*self._state_where(target))
        stmt = stmt.with_for_update(skip_locked=True)
        try:
            found = self.session.scalars(stmt).one_or_none()
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == "40001":  # committed after our snapshot
                raise SyncBusyError(_busy(target)) from exc
            raise
        if found is None:
            if self.session.get_bind().dialect.name == "postgresql":
                raise SyncBusyError(_busy(target))
            self.ensure_state(target)
            found = self.session.scalars(stmt).one()
        return found

    def head(self) -> int:
        """The tenant's newest committed change (every change up to it is visible)."""
        return TenantRepository(self.session).current_change_seq(self.tenant_id)

    def mark(self, window: Window) -> None:
        """Record what the window's rows told the target: verified ones as held, the others as
        ended. Runs in the transaction that streamed them, so both see the same credentials."""
        now = window.now
        status = type_coerce(CredentialRepository.effective_status(now), String)
        held = and_(
            SyncExport.tenant_id == self.tenant_id,
            SyncExport.target == window.target,
            SyncExport.status == VerificationStatus.VERIFIED,
        )
        ended_sets = []
        if window.full or window.upto > window.after:
            ended_sets.append(in_range(window))
        if window.aged and not window.full:
            ended_sets.append(aged_before(window))
        for conditions in ended_sets:
            ended = select(Credential.id).where(*conditions, status != VERIFIED.value)
            own = Credential.id == SyncExport.credential_id
            self.session.execute(
                update(SyncExport)
                .where(held, SyncExport.credential_id.in_(ended))
                .values(
                    status=select(status).where(own).scalar_subquery(),
                    change_seq=select(Credential.change_seq).where(own).scalar_subquery(),
                    exported_at=now,
                )
                .execution_options(synchronize_session=False)
            )
        if window.full or window.upto > window.after:
            self._hold(window, status)

    def _hold(self, window: Window, status: Any) -> None:
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        current = select(
            Credential.tenant_id,
            literal(window.target, String),
            Credential.id,
            literal(VERIFIED.value, String),
            Credential.change_seq,
            literal(window.now, SyncExport.exported_at.type),
        ).where(*in_range(window), held_by_employees(), status == VERIFIED.value)
        columns = ["tenant_id", "target", "credential_id", "status", "change_seq", "exported_at"]
        stmt = insert(SyncExport).from_select(columns, current)
        stmt = stmt.on_conflict_do_update(
            index_elements=["tenant_id", "target", "credential_id"],
            set_={
                "status": stmt.excluded.status,
                "change_seq": stmt.excluded.change_seq,
                "exported_at": stmt.excluded.exported_at,
            },
        )
        self.session.execute(stmt)

    def next_expiry(self, target: str) -> datetime | None:
        """The earliest validUntil among the credentials the target holds as verified."""
        stmt = (
            select(func.min(Credential.valid_until))
            .select_from(SyncExport)
            .join(Credential, Credential.id == SyncExport.credential_id)
            .where(
                SyncExport.tenant_id == self.tenant_id,
                SyncExport.target == target,
                SyncExport.status == VerificationStatus.VERIFIED,
                Credential.valid_until.is_not(None),
            )
        )
        found = self.session.scalar(stmt)
        return found if isinstance(found, datetime) else None

    def record_run(
        self,
        window: Window,
        *,
        exported: int,
        files: list[str],
        started_at: datetime,
        finished_at: datetime,
    ) -> int:
        run = SyncRun(
            tenant_id=self.tenant_id,
            target=window.target,
            full=window.full,
            dry_run=False,
            from_seq=window.after,
            to_seq=window.upto,
            exported=exported,
            files=files,
            started_at=started_at,
            finished_at=finished_at,
        )
        self.session.add(run)
        self.session.flush()
        return run.id

    def run(self, run_id: int) -> SyncRun | None:
        return self.session.scalars(
            select(SyncRun).where(SyncRun.tenant_id == self.tenant_id, SyncRun.id == run_id)
        ).one_or_none()


def _busy(target: str) -> str:
    return f"a sync of target {target!r} is already running for this tenant; try again later"
