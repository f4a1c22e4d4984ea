"""`people import`: a recruiter's or an HRIS spreadsheet into the tenant, with a per-row report.

The file is read and validated completely before anything is written; credentials are verified
with no transaction open; then one transaction writes people, manager links, credentials and
the import's record, so a failure leaves the database as it was. A dry run does everything but
verify and write, and reports what an import would do.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from hrkit.imports.managers import resolve_managers
from hrkit.imports.plan import (
    CREATED,
    INSERT_COLUMNS,
    INVALID,
    MERGED,
    UNCHANGED,
    UPDATED,
    Plan,
    plan_people,
)
from hrkit.imports.readers import ReadLimits, Workbook, open_workbook
from hrkit.imports.rows import Problem, Record, RowReader, merge_duplicates
from hrkit.imports.table import Table, read_table
from hrkit.model.enums import PersonKind
from hrkit.services.import_credentials import (
    Track,
    claims,
    mark_new_credentials,
    store_credentials,
    verify_rows,
)
from hrkit.services.tenants import resolve_scope
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories
from hrkit.store.scope import Scope
from hrkit.store.tables import ImportRun
from hrkit.store.types import utcnow
from hrkit.verify.result import Verification
from hrkit.verify.runner import VerifyOptions

# Columns of a person that HRIS exports carry (with the kind: only employees are exported).
EXPORTED_COLUMNS = frozenset({"kind", "name", "external_id"})


@dataclass(frozen=True)
class ImportOptions:
    kind: PersonKind = PersonKind.CANDIDATE
    dry_run: bool = False
    verify: VerifyOptions = field(default_factory=VerifyOptions)
    workers: int | None = None
    limits: ReadLimits = field(default_factory=ReadLimits)
    # Stored people of these kinds are left alone; their rows are refused (FORBIDDEN).
    protected: frozenset[PersonKind] = frozenset()
    # Fill RowResult.person_id (the API returns the people; the CLI does not need them).
    person_ids: bool = False
    source: str = "import"
    # Wraps the stream of credential verifications (the CLI's progress bar on a terminal).
    track: Track | None = None


@dataclass
class RowResult:
    """What became of one data row (`merged`: its values went into a later row's person)."""

    row: int
    status: str
    email: str | None = None
    name: str | None = None
    person_id: int | None = None
    credential_ids: list[int] = field(default_factory=list)


# A data row as the import goes: (row number, email, name as read, status); the status of a
# row that becomes a person is PENDING until the plan says what happens to that person.
PENDING = "pending"
Row = tuple[int, str | None, str | None, str]


@dataclass
class ImportResult:
    filename: str
    kind: PersonKind
    dry_run: bool
    table: Table
    rows: list[Row]
    problems: list[Problem]
    note: str | None = None
    credentials: int = 0
    # The people of the file (one per email), and what the plan does with each of them.
    records: list[Record] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)
    person_ids: dict[str, int] = field(default_factory=dict)
    credential_ids: dict[str, list[int]] = field(default_factory=dict)

    @cached_property
    def results(self) -> list[RowResult]:
        """What became of each data row (built when asked for: a summary only counts them)."""
        names = {r.email: r.name for r in self.records}
        ids, credentials = self.person_ids, self.credential_ids
        results: list[RowResult] = []
        for number, email, name, status in self.rows:
            if status != PENDING or email is None:
                results.append(RowResult(number, status, email, name))
                continue
            status, name = self.statuses[email], names[email] or name
            person, ids_made = ids.get(email), credentials.get(email, [])
            results.append(RowResult(number, status, email, name, person, ids_made))
        return results

    def counts(self) -> Counter[str]:
        counts = Counter(map(itemgetter(3), self.rows))  # the statuses
        del counts[PENDING]  # a row for each person of the plan
        counts.update(self.statuses.values())
        return counts

    def summary(self) -> dict[str, Any]:
        """The contract's summary object (rows … errors), then what else a script may want."""
        header = self.table.header
        counts = self.counts()
        return {
            "rows": len(self.rows),
            "created": counts.get(CREATED, 0),
            "updated": counts.get(UPDATED, 0),
            "unchanged": counts.get(UNCHANGED, 0),
            "credentials": self.credentials,
            "errors": [p.to_json() for p in self.problems],
            "invalid": counts.get(INVALID, 0),
            "merged": counts.get(MERGED, 0),
            "dry_run": self.dry_run,
            "file": self.filename,
            "kind": self.kind.value,
            "sheet": self.table.sheet,
            "header_row": header.row,
            "mapping": [
                {
                    "column": c.letter,
                    "header": c.header,
                    "field": c.field,
                    "method": c.method,
                    "score": c.score,
                    "note": c.note,
                }
                for c in header.columns
                if c.header or c.field
            ],
            "note": self.note,
        }


def import_people(
    db: Database,
    tenant: str,
    data: bytes,
    filename: str,
    options: ImportOptions,
    *,
    workbook: Workbook | None = None,
) -> ImportResult:
    """Read, validate, verify and store one spreadsheet; SpreadsheetError when unreadable.

    `workbook` is `data` already opened (the CLI opens it first, to prefetch its sheet while
    the rest of hrkit loads); it is closed here.
    """
    with _collector_paused():
        return _import(db, tenant, data, filename, options, workbook)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's rows are in memory.

    A 100,000-row file allocates millions of small objects that live until the import ends;
    every generation-2 pass rescans all of them and measured 40% of the import's time. Nothing
    here forms reference cycles that need collecting early; reference counting still frees.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            # What was allocated meanwhile sits in the youngest generation, and the first
            # collection after re-enabling would traverse all of it (0.3 s after 100,000 rows).
            # Moved to the oldest generation, where survivors end up anyway, it is skipped.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _import(
    db: Database,
    tenant: str,
    data: bytes,
    filename: str,
    options: ImportOptions,
    workbook: Workbook | None,
) -> ImportResult:
    workbook = workbook or open_workbook(data, filename, options.limits)
    try:
        # An unknown tenant fails before a large sheet is read (a prefetched one is still being
        # parsed meanwhile, so this costs the import nothing).
        with db.session() as session:
            resolve_scope(session, tenant)
        table = read_table(workbook, filename, options.kind)
    finally:
        workbook.close()
    records, rows, problems = _validate(table)
    result = ImportResult(
        filename, options.kind, options.dry_run, table, rows, problems, workbook.note
    )
    verified = (
        {}
        if options.dry_run
        else verify_rows(db, tenant, records, options.verify, options.workers, options.track)
    )
    if options.dry_run:
        with db.session() as session:
            _apply(session, resolve_scope(session, tenant), records, verified, result, options)
        return result
    with db.transaction() as session:
        scope = resolve_scope(session, tenant)
        _apply(session, scope, records, verified, result, options)
        _record_run(session, scope, data, result)
    return result


def _validate(table: Table) -> tuple[list[Record], list[Row], list[Problem]]:
    reader = RowReader(table.header, table.rows)
    records: list[Record] = []
    rows: list[Row] = []
    problems: list[Problem] = []
    for number, cells in table.rows:
        read = reader.read(number, cells)
        if isinstance(read, Record):
            records.append(read)
            rows.append((number, read.email, read.name, PENDING))
        else:
            problems.extend(read)
            rows.append((number, *reader.identity(cells), INVALID))
    records, duplicates = merge_duplicates(records)
    problems.extend(duplicates)
    if duplicates:
        merged = {row for record in records for row in record.merged}
        rows = [(n, e, name, MERGED if n in merged else s) for n, e, name, s in rows]
    in_order(problems, table)
    return records, rows, problems


def in_order(problems: list[Problem], table: Table) -> None:
    """Sort problems as a reader meets them: by row, then left to right."""
    position = {c.header: c.index for c in reversed(table.header.columns)}
    problems.sort(key=lambda p: (p.row or 0, position.get(p.column or "", -1)))


def _apply(
    session: Session,
    scope: Scope,
    records: list[Record],
    verified: dict[str, list[Verification]],
    result: ImportResult,
    options: ImportOptions,
) -> None:
    """Plan against the stored people; unless dry, write the plan and store the credentials."""
    repos = Repositories(session, scope)
    stored = repos.people.snapshot(r.email for r in records)
    if options.protected:
        records[:] = _refuse_protected(records, stored, options.protected, result)
        kept = {r.email for r in records}
        verified = {email: found for email, found in verified.items() if email in kept}
    managers: dict[str, str | None] = {}
    if options.kind is PersonKind.EMPLOYEE and any(r.values.get("manager_email") for r in records):
        links = repos.people.manager_links()
        column = result.table.header.of("manager_email")
        managers, manager_problems = resolve_managers(
            records, links, column[0].header if column else None
        )
        result.problems.extend(manager_problems)
        in_order(result.problems, result.table)
        managers = {e: b for e, b in managers.items() if links.get(e) != b}
    plan = plan_people(records, stored, managers, options.kind)
    statuses = dict(plan.statuses)
    ids: dict[str, int] = {}
    credential_ids: dict[str, list[int]] = {}
    if options.dry_run:
        mark_new_credentials(session, scope, records, stored, statuses)
        result.credentials = sum(len(r.credentials) + claims(r) for r in records)
    else:
        need_ids = options.person_ids or bool(verified) or bool(plan.managers)
        ids = _write(session, scope, plan, stored, options.kind, need_ids)
        result.credentials = store_credentials(
            session,
            scope,
            ids,
            verified,
            statuses,
            credential_ids,
            source=options.source,
            now=options.verify.now,
        )
    result.records = records
    result.statuses = statuses
    result.person_ids = ids
    result.credential_ids = credential_ids


def _refuse_protected(
    records: list[Record],
    stored: dict[str, Any],
    protected: frozenset[PersonKind],
    result: ImportResult,
) -> list[Record]:
    refused = {r.email for r in records if r.email in stored and stored[r.email].kind in protected}
    if not refused:
        return records
    column = result.table.header.of("email")[0].header
    rows: list[Row] = []
    for number, email, name, status in result.rows:
        if status != INVALID and email in refused:
            if status != MERGED:
                result.problems.append(
                    Problem(number, column, "FORBIDDEN", "you may not import this person")
                )
            status = INVALID
        rows.append((number, email, name, status))
    result.rows = rows
    in_order(result.problems, result.table)
    return [r for r in records if r.email not in refused]


def _write(
    session: Session,
    scope: Scope,
    plan: Plan,
    stored: dict[str, Any],
    kind: PersonKind,
    need_ids: bool,
) -> dict[str, int]:
    """Insert and update people, then set manager links; email → id of everyone involved
    (empty unless `need_ids`: reading 100,000 new ids back costs a tenth of an import)."""
    repos = Repositories(session, scope)
    people = repos.people
    last = people.last_id()
    people.insert_many(kind, INSERT_COLUMNS, plan.inserts)
    people.update_many(plan.updates)
    # A hire, a new name or employee id changes what HRIS exports say of the person's
    # credentials: new change numbers bring them into the next incremental sync.
    exported = [row["id"] for row in plan.updates if EXPORTED_COLUMNS.intersection(row)]
    if exported:
        repos.credentials.renumber_holders(exported)
    if not need_ids:
        return {}
    ids = people.ids_inserted_after(last) if plan.inserts else {}
    ids.update({e: row.id for e, row in stored.items()})
    if plan.managers:
        ids.update(people.ids_by_email(b for b in plan.managers.values() if b and b not in ids))
        people.update_many(
            [
                {"id": ids[email], "manager_id": ids[boss] if boss else None}
                for email, boss in plan.managers.items()
            ]
        )
    return ids


def _record_run(session: Session, scope: Scope, data: bytes, result: ImportResult) -> None:
    summary = result.summary()
    run = ImportRun(
        kind=result.kind,
        filename=result.filename[:1000],
        file_sha256=hashlib.sha256(data).hexdigest(),
        dry_run=result.dry_run,
        rows=summary["rows"],
        created=summary["created"],
        updated=summary["updated"],
        unchanged=summary["unchanged"],
        credentials=summary["credentials"],
        errors=summary["errors"],
        mapping={
            "sheet": summary["sheet"],
            "header_row": summary["header_row"],
            "columns": summary["mapping"],
        },
        finished_at=utcnow(),
    )
    run.tenant_id = scope.tenant_id
    session.add(run)
