"""People of a tenant."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import aliased

from hrkit.model.enums import PersonKind
from hrkit.model.people import normalize_email
from hrkit.store.bulk import insert_rows
from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.tables import Person
from hrkit.store.types import utcnow
from hrkit.store.visibility import team, visible_people


class PeopleRepository(ScopedRepository[Person]):
    model = Person

    def visible_to_principal(self) -> Any | None:
        if self.scope.principal is None:
            return None
        return visible_people(self.scope.principal, self.scope.tenant_id)

    def by_email(self, email: str) -> Person | None:
        stmt = self.select(Person.email == normalize_email(email))
        return self.session.scalars(stmt).one_or_none()

    def by_emails(self, emails: list[str]) -> dict[str, Person]:
        wanted = {normalize_email(e) for e in emails}
        if not wanted:
            return {}
        rows = self.session.scalars(self.select(Person.email.in_(wanted)))
        return {row.email: row for row in rows}

    def iter(
        self, kind: PersonKind | None = None, search: str | None = None, batch: int = 1000
    ) -> Iterator[Person]:
        """Every person (of `kind`), ordered by email, streamed in keyset-paginated batches."""
        where = [] if kind is None else [Person.kind == kind]
        if search:
            pattern = f"%{search.lower()}%"
            where.append(or_(Person.email.like(pattern), Person.name.ilike(pattern)))
        last = ""
        while True:
            rows = self.find(*where, Person.email > last, order_by=[Person.email], limit=batch)
            yield from rows
            if len(rows) < batch:
                return
            last = rows[-1].email

    # Bulk reads and writes for spreadsheet imports: plain rows and executemany statements,
    # because loading and flushing 100,000 ORM objects costs more than reading the file.

    def snapshot(self, emails: Iterable[str], chunk: int = 5000) -> dict[str, Any]:
        """Email → (id, email, kind, manager_id, and every importable column) for `emails`.

        Many emails against a tenant not much larger: one scan of the tenant beats thousands
        of IN parameters (each list is compiled and bound anew).
        """
        columns = [Person.id, Person.email, Person.kind, Person.manager_id, *IMPORTABLE]
        found: dict[str, Any] = {}  # email -> Row
        if self.session.scalar(select(Person.id).where(*self.scope_filter()).limit(1)) is None:
            return found  # a first import into the tenant: nobody to look up
        wanted = set(emails)
        if not wanted:
            return found
        if len(wanted) > chunk and self.count() <= 4 * len(wanted):
            for row in self.session.execute(select(*columns).where(*self.scope_filter())):
                if row.email in wanted:
                    found[row.email] = row
            return found
        ordered = sorted(wanted)
        for start in range(0, len(ordered), chunk):
            stmt = select(*columns).where(
                *self.scope_filter(), Person.email.in_(ordered[start : start + chunk])
            )
            for row in self.session.execute(stmt):
                found[row.email] = row
        return found

    def manager_links(self) -> dict[str, str | None]:
        """Email → manager's email for every person of the tenant (for cycle checks)."""
        manager = aliased(Person)
        stmt = (
            select(Person.email, manager.email)
            .outerjoin(manager, manager.id == Person.manager_id)
            .where(*self.scope_filter())
        )
        return {row[0]: row[1] for row in self.session.execute(stmt)}

    def insert_many(
        self, kind: PersonKind, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """Insert people of `kind` given as tuples of the `columns`' values."""
        now = utcnow()
        insert_rows(
            self.session.connection(),
            Person.__table__,  # type: ignore[arg-type]
            columns,
            rows,
            {"tenant_id": self.scope.tenant_id, "kind": kind, "created_at": now, "updated_at": now},
        )

    def ids_inserted_after(self, last_id: int) -> dict[str, int]:
        """Email → id of the people with ids above `last_id` (those a bulk insert just made)."""
        stmt = select(Person.email, Person.id).where(*self.scope_filter(), Person.id > last_id)
        return {row[0]: row[1] for row in self.session.connection().execute(stmt)}

    def last_id(self) -> int:
        """The highest person id of any tenant (ids only grow)."""
        return int(self.session.scalar(select(func.max(Person.id))) or 0)

    def ids_by_email(self, emails: Iterable[str], chunk: int = 5000) -> dict[str, int]:
        """Email → id for those of `emails` that are stored."""
        wanted = sorted(set(emails))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), chunk):
            stmt = select(Person.email, Person.id).where(
                *self.scope_filter(), Person.email.in_(wanted[start : start + chunk])
            )
            for email, pk in self.session.connection().execute(stmt):
                found[email] = pk
        return found

    def update_many(self, rows: Sequence[dict[str, Any]]) -> None:
        """Update people by id; each dict holds `id` and the columns that change."""
        by_keys: dict[frozenset[str], list[dict[str, Any]]] = {}
        for row in rows:
            by_keys.setdefault(frozenset(row), []).append(row)
        tenant = self.scope.tenant_id
        for keys, group in by_keys.items():
            values: dict[str, Any] = {k: bindparam(f"v_{k}") for k in keys if k != "id"}
            stmt = (
                update(Person)
                .where(Person.tenant_id == tenant, Person.id == bindparam("v_id"))
                .values(**values, updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            params = [{f"v_{k}": v for k, v in row.items()} for row in group]
            self.session.connection().execute(stmt, params)

    def team_members(
        self, manager_email: str, limit: int | None = None, chunk: int = 5000
    ) -> list[Person]:
        """The manager and the employees reporting to them, transitively, that the scope sees
        (the first `limit` of them by id, when given).

        The team's ids come first, in a statement of their own: a manager's scope filter holds
        a `team` CTE too, and one statement cannot hold two CTEs of the same name.
        """
        members = select(team(manager_email, self.scope.tenant_id).c.id)
        ids = sorted(self.session.scalars(members))[:limit]
        found: list[Person] = []
        for start in range(0, len(ids), chunk):
            found.extend(
                self.find(
                    Person.kind == PersonKind.EMPLOYEE, Person.id.in_(ids[start : start + chunk])
                )
            )
        return found

    def managers(self, limit: int = 5000) -> list[Person]:
        """Visible employees with at least one employee reporting to them, by name."""
        report = aliased(Person)
        has_reports = (
            select(report.manager_id)
            .where(report.tenant_id == self.scope.tenant_id, report.kind == PersonKind.EMPLOYEE)
            .where(report.manager_id.is_not(None))
        )
        return self.find(
            Person.kind == PersonKind.EMPLOYEE,
            Person.id.in_(has_reports),
            order_by=[Person.name, Person.email],
            limit=limit,
        )

    def identities(self, kind: PersonKind | None = None) -> list[Any]:
        """(id, email, name, kind) of every person the scope sees (of `kind`), as plain rows:
        what ranking a whole company needs, without loading 100,000 ORM objects."""
        where = [] if kind is None else [Person.kind == kind]
        stmt = select(Person.id, Person.email, Person.name, Person.kind).where(
            *self.scope_filter(), *where
        )
        return list(self.session.execute(stmt))


IMPORTABLE = (
    Person.name,
    Person.external_id,
    Person.department,
    Person.title,
    Person.phone,
    Person.position,
    Person.notes,
)
