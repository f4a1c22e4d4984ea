"""The import report as the API returns it: the same figures and problems as the CLI's summary."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from graphql_schema.context import Info
from hrkit.services.import_people import ImportResult

if TYPE_CHECKING:
    from graphql_schema.people.types import Person


@strawberry.enum
class ImportRowStatus(Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    MERGED = "merged"
    INVALID = "invalid"


@strawberry.type
class ImportProblem:
    row: int | None
    column: str | None = strawberry.field(description="The column's header as in the file.")
    code: str
    message: str
    level: str = strawberry.field(description="`error` (row not imported) or `warning`.")


@strawberry.type
class ImportColumn:
    column: str = strawberry.field(description="The column's letter (A, B, …).")
    header: str
    field: str | None = strawberry.field(description="The field it was read as; null: ignored.")
    method: str = strawberry.field(description="exact, alias, fuzzy or ignored.")
    score: float | None


@strawberry.type
class ImportRow:
    row: int
    email: str | None
    name: str | None
    status: ImportRowStatus
    person_pk: strawberry.Private[int | None]

    @strawberry.field(description="The person the row became (null in a dry run).")
    async def person(
        self, info: Info
    ) -> Annotated[Person, strawberry.lazy("graphql_schema.people.types")] | None:
        from graphql_schema.people.dataloaders import person_by_id

        return await person_by_id(info).load(self.person_pk) if self.person_pk else None


@strawberry.type
class ImportReport:
    rows: int
    created: int
    updated: int
    unchanged: int
    credentials: int
    errors: list[ImportProblem]
    dry_run: bool
    sheet: str | None
    header_row: int | None
    mapping: list[ImportColumn]
    results: list[ImportRow] = strawberry.field(description="One per data row, in file order.")

    @classmethod
    def of(cls, result: ImportResult) -> ImportReport:
        summary = result.summary()
        return cls(
            rows=summary["rows"],
            created=summary["created"],
            updated=summary["updated"],
            unchanged=summary["unchanged"],
            credentials=summary["credentials"],
            errors=[ImportProblem(**problem) for problem in summary["errors"]],
            dry_run=result.dry_run,
            sheet=summary["sheet"],
            header_row=summary["header_row"],
            mapping=[
                ImportColumn(
                    column=m["column"],
                    header=m["header"],
                    field=m["field"],
                    method=m["method"],
                    score=m["score"],
                )
                for m in summary["mapping"]
            ],
            results=[
                ImportRow(
                    row=r.row,
                    email=r.email,
                    name=r.name,
                    status=ImportRowStatus(r.status),
                    person_pk=r.person_id,
                )
                for r in result.results
            ],
        )
