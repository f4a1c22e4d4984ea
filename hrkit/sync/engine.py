"""`run_sync`: export a tenant's credential changes to an HRIS target, exactly once.

The loop owns everything but the file format: it locks the target's state, picks the window
(hrkit.sync.rows), streams rows to the target's `write` into a staging folder, places the files
(hrkit.sync.files) and only then, in the same transaction that read the rows, advances the
watermark and records what the target now holds. A run killed at any point leaves either
nothing committed (and a marker that the next run uses to redo the same range under the same
names) or everything committed.
"""

from __future__ import annotations

import itertools
import os
import signal
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from hrkit.errors import HrkitError, NotFoundError, SyncError, TerminalConnectorError
from hrkit.model.status import CLOCK_SKEW
from hrkit.ports import ExportRow
from hrkit.store.database import Database
from hrkit.store.repositories.tenants import TenantRepository
from hrkit.store.types import utcnow
from hrkit.sync.files import Pending, Placement, stem
from hrkit.sync.ledger import SyncBusyError, SyncLedger
from hrkit.sync.rows import Window, stream
from hrkit.sync.skills import SkillLookup

# Test hook: the crash tests kill a real `hrkit sync` at these points (never set it otherwise).
CRASH_ENV = "HRKIT_SYNC_CRASH_AT"
Progress = Callable[[int], None]


@dataclass(frozen=True)
class SyncResult:
    target: str
    tenant: str
    exported: int
    ended: int
    files: list[Path]
    watermark: int
    from_seq: int
    to_seq: int
    full: bool
    dry_run: bool
    run_id: int | None = None
    run: int | None = None
    out_dir: Path | None = None
    file_names: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The `--json` line: the contract's keys first."""
        return {
            "target": self.target,
            "exported": self.exported,
            "files": [str(path) for path in self.files],
            "watermark": self.watermark,
            "ended": self.ended,
            "upserted": self.exported - self.ended,
            "from_seq": self.from_seq,
            "to_seq": self.to_seq,
            "full": self.full,
            "dry_run": self.dry_run,
            "run": self.run,
            "tenant": self.tenant,
        }


def load_target(name: str) -> Any:
    """An instance of the registered target `name`."""
    from hrkit.plugins import targets

    try:
        found = targets.get(name)
    except NotFoundError as exc:
        if name in {broken.name for broken in targets.broken()}:
            raise
        known = ", ".join(targets.names()) or "none"
        raise NotFoundError(f"unknown target {name!r} (known targets: {known})") from exc
    target = found() if isinstance(found, type) else found
    if not callable(getattr(target, "write", None)):
        raise TerminalConnectorError(f"target {name!r} has no write(rows, out_dir) method")
    return target


def run_sync(
    db: Database,
    tenant: str,
    target: str,
    out_dir: Path,
    *,
    full: bool = False,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> SyncResult:
    """Export the changes since the last run of `target` (everything with `full`) to `out_dir`.

    `dry_run` reads what would be exported and writes nothing, not even `out_dir`.
    """
    writer = load_target(target)
    job = _Job(tenant, target, out_dir, full, now or utcnow(), progress)
    if dry_run:
        return _dry_run(db, job)
    if db.dialect == "postgresql":
        with db.transaction() as session:  # the row to lock must exist before the run's snapshot
            tenant_id = TenantRepository(session).scope(tenant).tenant_id
            SyncLedger(session, tenant_id).ensure_state(target)
    try:
        return _run(db, job, writer)
    except OperationalError as exc:  # SQLite: the busy timeout ran out behind another writer
        if db.dialect == "sqlite" and "database is locked" in str(exc.orig):
            raise SyncBusyError(
                f"the database stayed locked by another writer (a sync of {target!r}?): "
                "try again later"
            ) from exc
        raise


@dataclass(frozen=True)
class _Job:
    tenant: str
    target: str
    out_dir: Path
    full: bool
    now: datetime
    progress: Progress | None


def _run(db: Database, job: _Job, writer: Any) -> SyncResult:
    started = utcnow()
    placement = Placement(job.out_dir, job.tenant, job.target)
    with db.transaction() as session:
        if db.dialect == "postgresql":
            # One snapshot for the rows streamed and the bookkeeping written after them.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        scope = TenantRepository(session).scope(job.tenant)
        ledger = SyncLedger(session, scope.tenant_id)
        state = ledger.lock_state(job.target)  # every step below happens under this lock
        cursor = dict(state.cursor or {})
        runs = int(cursor.get("runs", 0))
        try:
            job.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SyncError(f"cannot create {job.out_dir}: {exc.strerror or exc}") from exc
        pending = placement.pending()
        # A marker of a run whose watermark was never committed (an earlier one's is left over
        # from a kill between commit and clean-up, or from a run in another folder).
        unfinished = pending is not None and pending.run > runs
        stale: list[str] = []
        upto = ledger.head()
        if pending is not None and unfinished:
            stale = [*pending.files, *pending.stale]
            same = (pending.watermark, pending.run, pending.full)
            if same == (state.watermark, runs + 1, job.full):
                upto = min(upto, pending.upto)  # redo the same range under the same names
        window = _window(ledger, job, state.watermark, upto, cursor)
        if window.empty and not unfinished:
            if pending is not None:
                placement.finish()
            return _result(job, window, state.watermark)  # nothing new: no files, no writes
        rows = stream(
            session.connection(),
            window,
            raw=bool(getattr(writer, "needs_raw", True)),
            skills=SkillLookup(session, scope),
        )
        counter = _Counter(rows, job.progress)
        first = 1 if job.full else window.after + 1
        staged = _write(writer, counter, placement, stem(job.target, runs + 1, first, window.upto))
        names = [name for _, name in staged]
        if staged:
            placement.record(
                Pending(
                    uuid.uuid4().hex, runs + 1, state.watermark, window.upto, job.full, names, stale
                )
            )
        _crash_point("after_files")
        placement.place(staged, stale)
        _crash_point("after_rename")
        ledger.mark(window)
        cursor["runs"] = runs + 1 if staged else runs
        cursor["next_expiry"] = _next_expiry(ledger, window, cursor, counter.earliest_expiry)
        state.cursor = cursor
        state.watermark = max(state.watermark, window.upto)
        run_id = None
        if counter.total or window.upto > window.after:
            run_id = ledger.record_run(
                window,
                exported=counter.total,
                files=names,
                started_at=started,
                finished_at=utcnow(),
            )
        session.flush()
        _crash_point("before_commit")
    _crash_point("after_commit")
    placement.finish()
    return _result(
        job,
        window,
        state.watermark,
        counter=counter,
        names=names,
        run_id=run_id,
        run=runs + 1 if staged else None,
        before=window.after,
    )


def _window(
    ledger: SyncLedger, job: _Job, watermark: int, upto: int, cursor: dict[str, Any]
) -> Window:
    return Window(
        tenant_id=ledger.tenant_id,
        target=job.target,
        after=watermark,
        upto=upto,
        full=job.full,
        now=job.now,
        aged=not job.full and _expiry_due(cursor, job.now),
    )


def _result(
    job: _Job,
    window: Window,
    watermark: int,
    *,
    counter: _Counter | None = None,
    names: list[str] | None = None,
    run_id: int | None = None,
    run: int | None = None,
    before: int | None = None,
    dry_run: bool = False,
) -> SyncResult:
    names = names or []
    return SyncResult(
        target=job.target,
        tenant=job.tenant,
        exported=counter.total if counter else 0,
        ended=counter.ended if counter else 0,
        files=[job.out_dir / name for name in names],
        watermark=watermark,
        from_seq=watermark if before is None else before,
        to_seq=window.upto,
        full=job.full,
        dry_run=dry_run,
        run_id=run_id,
        run=run,
        out_dir=None if dry_run else job.out_dir,
        file_names=names,
    )


def _write(
    writer: Any, counter: _Counter, placement: Placement, name_stem: str
) -> list[tuple[Path, str]]:
    """Hand the rows to the target in a fresh staging folder; [] when there are none."""
    rows = iter(counter)
    first = next(rows, None)
    if first is None:
        return []
    placement.prepare()
    name = placement.target
    try:
        try:
            paths = writer.write(itertools.chain([first], rows), placement.staging)
        except (HrkitError, SQLAlchemyError):
            raise  # the target's own typed error, or the database under the rows
        except OSError as exc:
            raise SyncError(f"target {name!r} could not write its files: {exc}") from exc
        except Exception as exc:  # a bug in the target: say whose, keep the cause
            raise TerminalConnectorError(
                f"target {name!r} failed: {type(exc).__name__}: {exc}"
            ) from exc
        if not counter.exhausted:
            raise TerminalConnectorError(f"target {name!r} returned before writing every row")
        return placement.staged([Path(p) for p in paths], name_stem)
    except BaseException:
        placement.discard_staging()
        raise


def _dry_run(db: Database, job: _Job) -> SyncResult:
    with db.session() as session:
        scope = TenantRepository(session).scope(job.tenant)
        ledger = SyncLedger(session, scope.tenant_id)
        state = ledger.current_state(job.target)
        watermark = state.watermark if state else 0
        cursor = dict(state.cursor or {}) if state else {}
        window = _window(ledger, job, watermark, ledger.head(), cursor)
        counter = _Counter(stream(session.connection(), window, raw=False), job.progress)
        for _row in counter:
            pass
    return _result(job, window, watermark, counter=counter, dry_run=True)


class _Counter:
    """Counts the rows a target consumes, and notes the earliest expiry among the live ones."""

    def __init__(self, rows: Iterable[ExportRow], progress: Progress | None) -> None:
        self._rows = rows
        self._progress = progress
        self.total = 0
        self.ended = 0
        self.exhausted = False
        self.earliest_expiry: datetime | None = None

    def __iter__(self) -> Iterator[ExportRow]:
        progress = self._progress
        earliest = None
        for row in self._rows:
            self.total += 1
            if row.action == "end":
                self.ended += 1
            elif row.valid_until is not None and (earliest is None or row.valid_until < earliest):
                earliest = self.earliest_expiry = row.valid_until
            if progress is not None and not self.total % 1000:
                progress(self.total)
            yield row
        self.exhausted = True
        if progress is not None:
            progress(self.total)


def _expiry_due(cursor: dict[str, Any], now: datetime) -> bool:
    """Whether a credential the target holds as verified may have expired since the last run:
    `next_expiry` is a lower bound of their validUntil (None: none expires; absent: unknown)."""
    if "next_expiry" not in cursor:
        return True
    value = cursor["next_expiry"]
    return value is not None and datetime.fromisoformat(value) < now - CLOCK_SKEW


def _next_expiry(
    ledger: SyncLedger, window: Window, cursor: dict[str, Any], earliest: datetime | None
) -> str | None:
    if window.full:
        # Every credential the target held was either exported again or ended by this run.
        found = earliest
    elif window.aged:
        found = ledger.next_expiry(window.target)
    else:
        old = cursor.get("next_expiry")
        found = datetime.fromisoformat(old) if old else None
        if earliest is not None and (found is None or earliest < found):
            found = earliest
    return found.isoformat() if found is not None else None


def _crash_point(name: str) -> None:
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
