"""Credentials, achievements and verification checks."""

from __future__ import annotations

from collections.abc import Sequence
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
    def from_values(
        cls, values: Sequence[Any], now: datetime, shared: dict[Any, Any]
    ) -> Credential:
        """From a row of CREDENTIAL_COLUMNS, unpacked by position (a row's attribute lookup by
        name costs more than building the object). Issuers and achievements are built once per
        request (`shared`), as hundreds of credentials name the same few."""
        (
            *credential,
            issuer_pk,
            issuer_uri,
            issuer_name,
            issuer_trusted,
            achievement_pk,
            achievement_uri,
            achievement_name,
            achievement_kind,
            achievement_description,
            achievement_alignments,
        ) = values
        issuer = UNKNOWN_ISSUER
        if issuer_pk is not None:
            issuer = shared.get(("Issuer", issuer_pk))
            if issuer is None:
                issuer = shared[("Issuer", issuer_pk)] = Issuer(
                    id=strawberry.ID(global_id("Issuer", issuer_pk)),
                    uri=issuer_uri,
                    name=issuer_name,
                    trusted=issuer_trusted,
                )
        achievement = UNKNOWN_ACHIEVEMENT
        if achievement_pk is not None:
            achievement = shared.get(("Achievement", achievement_pk))
            if achievement is None:
                achievement = shared[("Achievement", achievement_pk)] = Achievement(
                    id=strawberry.ID(global_id("Achievement", achievement_pk)),
                    uri=achievement_uri,
                    name=achievement_name,
                    kind=achievement_kind,
                    description=achievement_description,
                    alignments=list(achievement_alignments or []),
                )
        return cls._of(*credential, now=now, issuer=issuer, achievement=achievement)

    @classmethod
    def from_row(cls, row: CredentialRow, now: datetime) -> Credential:
        issuer = row.__dict__.get("issuer")  # eager-loaded with the row when it has one
        achievement = row.__dict__.get("achievement")
        return cls._of(
            *(getattr(row, column.key) for column in CREDENTIAL_COLUMNS[:CREDENTIAL_OWN_COLUMNS]),
            now=now,
            issuer=Issuer.from_row(issuer) if issuer is not None else UNKNOWN_ISSUER,
            achievement=(
                Achievement.from_row(achievement)
                if achievement is not None
                else UNKNOWN_ACHIEVEMENT
            ),
        )

    @classmethod
    def _of(
        cls,
        pk: int,
        holder_pk: int,
        fmt: CredentialFormat | str,
        status: VerificationStatus,
        credential_uri: str | None,
        issued_on: datetime | None,
        valid_until: datetime | None,
        verified_at: datetime | None,
        change_seq: int,
        *,
        now: datetime,
        issuer: Issuer,
        achievement: Achievement,
    ) -> Credential:
        """From the credential's own columns, in CREDENTIAL_COLUMNS order."""
        return cls(
            id=strawberry.ID(global_id("Credential", pk)),
            format=fmt.value if isinstance(fmt, CredentialFormat) else fmt,
            status=effective_status(status, valid_until, now),
            stored_status=status,
            credential_id=credential_uri,
            issued_on=issued_on,
            valid_until=valid_until,
            verified_at=verified_at,
            change_seq=change_seq,
            issuer=issuer,
            achievement=achievement,
            pk=pk,
            holder_pk=holder_pk,
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


# The credential's own columns first (Credential._of takes them in this order), then its issuer's
# and achievement's (Credential.from_values unpacks them in this order).
CREDENTIAL_OWN_COLUMNS = 9
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
