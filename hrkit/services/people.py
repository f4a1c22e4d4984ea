"""People: listing (imports live in hrkit.imports)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from hrkit.model.enums import PersonKind
from hrkit.store.repositories.people import PeopleRepository
from hrkit.store.scope import Scope


def list_people(
    session: Session, scope: Scope, kind: PersonKind | None = None
) -> Iterator[dict[str, Any]]:
    """Every person of the tenant (of `kind`) as the contract's flat record, by email."""
    people = PeopleRepository(session, scope)
    managers: dict[int, str] = {}
    for batch in _batched(people.iter(kind), 1000):
        wanted = {p.manager_id for p in batch if p.manager_id and p.manager_id not in managers}
        managers.update({m.id: m.email for m in people.get_many(i for i in wanted if i).values()})
        for person in batch:
            yield {
                "email": person.email,
                "name": person.name,
                "kind": person.kind.value,
                "external_id": person.external_id,
                "manager_email": managers.get(person.manager_id) if person.manager_id else None,
                "department": person.department,
                "title": person.title,
            }


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
