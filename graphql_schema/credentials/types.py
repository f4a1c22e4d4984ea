"""Credentials, achievements and verification checks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import Select, select
from strawberry.scalars import JSON

from graphql_schema.context import Info
from graphql_schema.enums import AchievementKind, VerificationStatus
from graphql_schema.ids import global_id
from graphql_schema.issuers.types import Issuer
from graphql_schema.node import Node
from graphql_schema.pagination import EdgeBase, PageInfo
from hrkit.model.enums import CredentialFormat
from hrkit.model.status import effective_status
from hrkit.store.tables import Achievement as AchievementRow
from hrkit.store.tables import Credential as CredentialRow
from hrkit.store.tables import Issuer as IssuerRow
from hrkit.store.tables import VerificationCheck as CheckRow

if TYPE_CHECKING:
    from graphql_schema.people.types import Person
    from graphql_schema.skills.types import PersonSkill


@strawberry.type
class Achievement(Node):
    uri: str | None
    name: str
    kind: AchievementKind
    description: str | None
    alignments: JSON

    @classmethod
    def from_row(cls, row: AchievementRow) -> Achievement:
        return cls(
            id=strawberry.ID(global_id("Achievement", row.id)),
            uri=row.uri,
            name=row.name,
            kind=row.kind,
            description=row.description,
            alignments=list(row.alignments or []),
        )


@strawberry.type
class VerificationCheck:
    check: str
    result: str
    message: str | None

    @classmethod
    def from_row(cls, row: CheckRow) -> VerificationCheck:
        return cls(check=row.check.value, result=row.result.value, message=row.message)


UNKNOWN_ISSUER = Issuer(id=strawberry.ID(global_id("Issuer", 0)), uri="", name=None, trusted=False)
UNKNOWN_ACHIEVEMENT = Achievement(
    id=strawberry.ID(global_id("Achievement", 0)),
    uri=None,
    name="(unknown)",
    kind=AchievementKind.OTHER,
    description=None,
    alignments=[],
)


@strawberry.type
class Credential(Node):
    format: str | None
    status: VerificationStatus = strawberry.field(
        description="The outcome now: a stored `verified` result reads `expired` past validUntil."
    )
    stored_status: VerificationStatus = strawberry.field(
        description="The outcome of the last verification."
    )
    credential_id: str | None = strawberry.field(description="The credential's own id.")
    issued_on: datetime | None
    valid_until: datetime | None
    verified_at: datetime | None
    change_seq: int
    issuer: Issuer = strawberry.field(
        description="The issuer; a placeholder with an empty uri when it could not be read."
    )
    achievement: Achievement = strawberry.field(
        description="What it attests; a placeholder named (unknown) when it could not be read."
    )
    pk: strawberry.Private[int]
    holder_pk: strawberry.Private[int]

    @classmethod
    def from_values(cls, row: Any, now: datetime, shared: dict[Any, Any]) -> Credential:
        """From a row of CREDENTIAL_COLUMNS; issuers and achievements are built once per
        request (`shared`), as hundreds of credentials name the same few."""
        issuer = UNKNOWN_ISSUER
        if row.issuer_pk is not None:
            issuer = shared.get(("Issuer", row.issuer_pk))
            if issuer is None:
                issuer = shared[("Issuer", row.issuer_pk)] = Issuer(
                    id=strawberry.ID(global_id("Issuer", row.issuer_pk)),
                    uri=row.issuer_uri,
                    name=row.issuer_name,
                    trusted=row.issuer_trusted,
                )
        achievement = UNKNOWN_ACHIEVEMENT
        if row.achievement_pk is not None:
            achievement = shared.get(("Achievement", row.achievement_pk))
            if achievement is None:
                achievement = shared[("Achievement", row.achievement_pk)] = Achievement(
                    id=strawberry.ID(global_id("Achievement", row.achievement_pk)),
                    uri=row.achievement_uri,
                    name=row.achievement_name,
                    kind=row.achievement_kind,
                    description=row.achievement_description,
                    alignments=list(row.achievement_alignments or []),
                )
        return cls._of(row, now, issuer, achievement)

    @classmethod
    def from_row(cls, row: CredentialRow, now: datetime) -> Credential:
        issuer = row.__dict__.get("issuer")  # eager-loaded with the row when it has one
        achievement = row.__dict__.get("achievement")
        return cls._of(
            row,
            now,
            Issuer.from_row(issuer) if issuer is not None else UNKNOWN_ISSUER,
            Achievement.from_row(achievement) if achievement is not None else UNKNOWN_ACHIEVEMENT,
        )

    @classmethod
    def _of(cls, row: Any, now: datetime, issuer: Issuer, achievement: Achievement) -> Credential:
        """From a stored row or a row of CREDENTIAL_COLUMNS (they share these names)."""
        return cls(
            id=strawberry.ID(global_id("Credential", row.id)),
            format=row.format.value if isinstance(row.format, CredentialFormat) else row.format,
            status=effective_status(row.status, row.valid_until, now),
            stored_status=row.status,
            credential_id=row.credential_uri,
            issued_on=row.issued_on,
            valid_until=row.valid_until,
            verified_at=row.verified_at,
            change_seq=row.change_seq,
            issuer=issuer,
            achievement=achievement,
            pk=row.id,
            holder_pk=row.holder_id,
        )

    @strawberry.field
    async def holder(
        self, info: Info
    ) -> Annotated[Person, strawberry.lazy("graphql_schema.people.types")]:
        from graphql_schema.people.dataloaders import person_by_id

        person = await person_by_id(info).load(self.holder_pk)
        assert person is not None, "a visible credential has a visible holder"
        return person

    @strawberry.field
    async def checks(self, info: Info) -> list[VerificationCheck]:
        from graphql_schema.credentials.dataloaders import checks_of

        return await checks_of(info).load(self.pk)

    @strawberry.field(description="The skills this credential gives (when it counts).")
    async def skills(
        self, info: Info
    ) -> list[Annotated[PersonSkill, strawberry.lazy("graphql_schema.skills.types")]]:
        from graphql_schema.skills.dataloaders import skills_of_credential

        return await skills_of_credential(info).load(self.pk)

    @strawberry.field(description="The document exactly as it was submitted.")
    async def document(self, info: Info) -> str:
        from graphql_schema.credentials.dataloaders import document_of

        return await document_of(info).load(self.pk)


@strawberry.type
class CredentialEdge(EdgeBase):
    node: Credential


@strawberry.type
class CredentialConnection:
    edges: list[CredentialEdge]
    page_info: PageInfo
    total_count: int


@strawberry.input
class CredentialFilter:
    status: list[VerificationStatus] | None = None
    holder_id: strawberry.ID | None = None
    issuer_uri: str | None = None


CREDENTIAL_COLUMNS = (
    CredentialRow.id,
    CredentialRow.holder_id,
    CredentialRow.format,
    CredentialRow.status,
    CredentialRow.credential_uri,
    CredentialRow.issued_on,
    CredentialRow.valid_until,
    CredentialRow.verified_at,
    CredentialRow.change_seq,
    IssuerRow.id.label("issuer_pk"),
    IssuerRow.uri.label("issuer_uri"),
    IssuerRow.name.label("issuer_name"),
    IssuerRow.trusted.label("issuer_trusted"),
    AchievementRow.id.label("achievement_pk"),
    AchievementRow.uri.label("achievement_uri"),
    AchievementRow.name.label("achievement_name"),
    AchievementRow.kind.label("achievement_kind"),
    AchievementRow.description.label("achievement_description"),
    AchievementRow.alignments.label("achievement_alignments"),
)


def credential_rows(*where: Any) -> Select[Any]:
    """Plain rows (no ORM objects) of credentials with their issuer and achievement: the hot
    path of credential lists, where building thousands of ORM objects costs the most."""
    return (
        select(*CREDENTIAL_COLUMNS)
        .select_from(CredentialRow)
        .outerjoin(IssuerRow, IssuerRow.id == CredentialRow.issuer_id)
        .outerjoin(AchievementRow, AchievementRow.id == CredentialRow.achievement_id)
        .where(*where)
    )
