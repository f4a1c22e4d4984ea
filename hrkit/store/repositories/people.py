"""People of a tenant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import or_

from hrkit.model.enums import PersonKind
from hrkit.model.people import normalize_email
from hrkit.store.repositories.base import ScopedRepository
from hrkit.store.tables import Person
from hrkit.store.visibility import visible_people


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
