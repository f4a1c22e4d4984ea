"""Which credentials a sync hands its target, and how they become ExportRows.

One window of a run decides everything: the changes above the watermark up to the newest
committed one (all of them with `full`), plus — when one may have come due — credentials exported
earlier as verified whose validUntil has passed since (expiry bumps no change_seq). The same
predicates select the rows streamed to the target and, at commit, the SyncExport rows that
record them, so the bookkeeping always matches the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, Select, String, and_, select, type_coerce
from sqlalchemy.orm import aliased

from hrkit.model.enums import PersonKind, VerificationStatus
from hrkit.ports import ExportRow
from hrkit.store.repositories.credentials import CredentialRepository
from hrkit.store.tables import Achievement, Credential, Issuer, Person, SyncExport
from hrkit.sync.skills import SkillLookup

VERIFIED = VerificationStatus.VERIFIED
EXPIRED = VerificationStatus.EXPIRED
BATCH = 5_000

_STATUS = {status.value: status for status in VerificationStatus}
_FIELDS = frozenset(f.name for f in fields(ExportRow))
# Building a frozen dataclass runs object.__setattr__ once per field (~5 µs a row, a third of a
# million-row export); setting __dict__ gives the same object when the class has no __slots__
# and no __post_init__ (checked here) and the dict holds every field (checked on the first row).
_FAST = not hasattr(ExportRow, "__slots__") and not hasattr(ExportRow, "__post_init__")


@dataclass(frozen=True)
class Window:
    """What one run of `target` covers for one tenant."""

    tenant_id: int
    target: str
    after: int  # the watermark: changes above it are new
    upto: int  # the newest committed change the run covers
    full: bool
    now: datetime
    # Also end credentials exported as verified whose validUntil has passed since.
    aged: bool

    @property
    def empty(self) -> bool:
        return not self.full and self.upto <= self.after and not self.aged


def in_range(window: Window) -> list[Any]:
    """Conditions on credentials: the tenant's changes the window covers."""
    conditions = [
        Credential.tenant_id == window.tenant_id,
        Credential.change_seq <= window.upto,
    ]
    if not window.full:
        conditions.append(Credential.change_seq > window.after)
    return conditions


def held_by_employees() -> Any:
    """The credential's holder is an employee, for statements that do not join the holder.

    HRIS systems hold employees: a candidate's credentials stay out of every export (the `hris`
    role never sees candidates either) until the candidate is hired, which gives their
    credentials new change numbers. Streams join the holder and test `Person.kind` directly.
    """
    holder = aliased(Person, name="holder")
    return (
        select(holder.id)
        .where(holder.id == Credential.holder_id, holder.kind == PersonKind.EMPLOYEE)
        .exists()
    )


def aged_before(window: Window) -> list[Any]:
    """Conditions on credentials older than the range whose status now is no longer verified
    (joined with an export that is still live, they are the ones that aged to expired)."""
    return [
        Credential.tenant_id == window.tenant_id,
        Credential.change_seq <= window.after,
        CredentialRepository.effective_status(window.now) != VERIFIED.value,
    ]


def _columns(window: Window, dialect: str, raw: bool, skills: bool) -> list[Any]:
    def when(column: Any) -> Any:
        # SQLite keeps datetimes as ISO text; parsing it here (fromisoformat) is several times
        # faster than SQLAlchemy's regular-expression result processor.
        # (verified_at / updated_at: the day a change was seen, for end rows.)
        return type_coerce(column, String) if dialect == "sqlite" else column

    status = type_coerce(CredentialRepository.effective_status(window.now), String)
    columns = [
        Credential.id,
        Credential.credential_uri,
        Credential.change_seq,
        status,
        Person.email,
        Person.name,
        Person.external_id,
        Achievement.uri,
        Achievement.name,
        type_coerce(Achievement.kind, String),
        Issuer.uri,
        Issuer.name,
        when(Credential.issued_on),
        when(Credential.valid_until),
        when(Credential.verified_at),
        when(Credential.updated_at),
        type_coerce(Credential.format, String),
    ]
    if raw:
        columns.append(Credential.raw)
    if skills:
        columns += [Credential.achievement_id, Credential.result_levels]
    return columns


def selections(window: Window, dialect: str, raw: bool, skills: bool = False) -> list[Select[Any]]:
    """The statements whose rows, in this order, are the run's rows (ordered by change)."""
    e = aliased(SyncExport, name="e")  # what the target holds of each credential
    status = type_coerce(CredentialRepository.effective_status(window.now), String)
    live = e.status == VERIFIED

    def base(*where: Any, exported_only: bool = False) -> Select[Any]:
        exported = and_(
            e.tenant_id == Credential.tenant_id,
            e.target == window.target,
            e.credential_id == Credential.id,
        )
        stmt = (
            select(*_columns(window, dialect, raw, skills))
            .select_from(Credential)
            .join(Person, Person.id == Credential.holder_id)
            .outerjoin(Achievement, Achievement.id == Credential.achievement_id)
            .outerjoin(Issuer, Issuer.id == Credential.issuer_id)
        )
        stmt = stmt.join(e, exported) if exported_only else stmt.outerjoin(e, exported)
        return stmt.where(*where).order_by(Credential.change_seq, Credential.id)

    found = []
    if window.aged and not window.full:
        found.append(base(*aged_before(window), live, exported_only=True))
    if window.full or window.upto > window.after:
        # Verified now, or no longer verified but exported as verified: an end row.
        employee = Person.kind == PersonKind.EMPLOYEE  # the same rule as held_by_employees
        found.append(base(*in_range(window), employee, (status == VERIFIED.value) | live))
    return found


def stream(
    connection: Connection,
    window: Window,
    *,
    raw: bool = True,
    skills: SkillLookup | None = None,
    batch: int = BATCH,
) -> Iterator[ExportRow]:
    """The run's rows, fetched `batch` at a time (a server-side cursor on PostgreSQL).

    `raw` False leaves the documents unread (`raw` is ""); `skills` fills ExportRow.skills.
    """
    dialect = connection.dialect.name
    parse = _parser(dialect)
    make = _maker()
    lookup = skills if skills is not None and skills.enabled else None
    at = 18 if raw else 17  # where the achievement id and result levels are
    for stmt in selections(window, dialect, raw, lookup is not None):
        batches: Iterable[Sequence[Any]]
        if dialect == "sqlite":
            # pysqlite steps lazily anyway; its tuples need no result processing here (every
            # column is text or an integer; JSON stays text), so they skip SQLAlchemy's Rows.
            result = connection.execute(stmt)
            batches = iter(partial(result.cursor.fetchmany, batch), [])
        else:
            result = connection.execute(stmt.execution_options(yield_per=batch))
            batches = result.partitions()
        try:
            for partition in batches:
                for r in partition:
                    status = _STATUS[r[3]]
                    valid_until = None if r[13] is None else parse(r[13])
                    if status is VERIFIED:
                        action, ended_on = "upsert", None
                    else:
                        action = "end"
                        ended_on = _ended_on(status, valid_until, parse(r[14]), parse(r[15]))
                        ended_on = ended_on or window.now
                    # A literal: building the dict this way is the cheapest per-row step left.
                    yield make(
                        {
                            "action": action,
                            "credential_id": r[0],
                            "credential_uri": r[1],
                            "change_seq": r[2],
                            "status": status,
                            "person_email": r[4],
                            "person_name": r[5],
                            "person_external_id": r[6],
                            "achievement_uri": r[7],
                            "achievement_name": r[8],
                            "achievement_kind": r[9],
                            "issuer_uri": r[10],
                            "issuer_name": r[11],
                            "issued_on": None if r[12] is None else parse(r[12]),
                            "valid_until": valid_until,
                            "ended_on": ended_on,
                            "format": r[16],
                            "raw": r[17] if raw else "",
                            "skills": () if lookup is None else lookup.of(r[at], r[at + 1]),
                        }
                    )
        finally:
            result.close()


def _ended_on(
    status: VerificationStatus,
    valid_until: datetime | None,
    verified_at: datetime | None,
    updated_at: datetime | None,
) -> datetime | None:
    """An expiry ends on validUntil; anything else on the day the change was seen."""
    if status is EXPIRED and valid_until is not None:
        return valid_until
    return verified_at or updated_at


def _maker() -> Callable[[dict[str, Any]], ExportRow]:
    """ExportRow from a dict of every field: its own constructor, or — when the class allows
    it — the same object built without a per-field object.__setattr__."""
    if not _FAST:
        return lambda values: ExportRow(**values)
    new = object.__new__
    set_dict = object.__setattr__
    checked = False

    def make(values: dict[str, Any]) -> ExportRow:
        nonlocal checked
        if not checked:
            if values.keys() != _FIELDS:
                raise TypeError(f"ExportRow fields {sorted(_FIELDS)} != {sorted(values)}")
            checked = True
        row: ExportRow = new(ExportRow)
        set_dict(row, "__dict__", values)
        return row

    return make


def _parser(dialect: str) -> Any:
    if dialect != "sqlite":
        return lambda value: value
    cache: dict[str, datetime] = {}
    fromiso = datetime.fromisoformat

    def parse(value: str | None) -> datetime | None:
        if value is None:
            return None
        found = cache.get(value)
        if found is None:
            if len(cache) > 100_000:  # timestamps that never repeat: keep memory flat
                cache.clear()
            # Appending the offset is ten times cheaper than .replace(tzinfo=UTC).
            found = cache[value] = fromiso(value + "+00:00")
        return found

    return parse
