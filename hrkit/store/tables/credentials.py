"""Issuers, achievements, credentials (raw document kept verbatim) and their checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrkit.model.enums import (
    AchievementKind,
    CheckName,
    CheckResult,
    CredentialFormat,
    VerificationStatus,
)
from hrkit.store.tables.base import Base, TenantOwned, Timestamps, enum_column
from hrkit.store.tables.people import Person


class Issuer(TenantOwned, Timestamps, Base):
    """An issuer seen in a credential or named in the trust registry (`trusted`)."""

    __tablename__ = "issuers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "uri"),
        Index("ix_issuers_tenant_trusted", "tenant_id", "trusted"),
    )

    uri: Mapped[str] = mapped_column(String(2048))
    name: Mapped[str | None] = mapped_column(String(400))
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)


class Achievement(TenantOwned, Timestamps, Base):
    """What a credential attests (OB2 BadgeClass, OB3 Achievement)."""

    __tablename__ = "achievements"
    __table_args__ = (
        UniqueConstraint("tenant_id", "uri"),
        Index("ix_achievements_tenant_name", "tenant_id", "name"),
    )

    issuer_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("issuers.id", ondelete="SET NULL")
    )
    uri: Mapped[str | None] = mapped_column(String(2048))
    name: Mapped[str] = mapped_column(String(400))
    kind: Mapped[AchievementKind] = mapped_column(
        enum_column(AchievementKind, 32), default=AchievementKind.BADGE
    )
    description: Mapped[str | None] = mapped_column(Text)
    # OB alignments as given: [{"targetUrl", "targetCode", "targetName", "targetFramework", …}]
    alignments: Mapped[list[Any]] = mapped_column(default=list)

    issuer: Mapped[Issuer | None] = relationship(lazy="raise")


class Credential(TenantOwned, Timestamps, Base):
    __tablename__ = "credentials"
    __table_args__ = (
        # The same document submitted twice for the same holder is one credential.
        UniqueConstraint("tenant_id", "holder_id", "raw_sha256"),
        Index("ix_credentials_tenant_change_seq", "tenant_id", "change_seq"),
        Index("ix_credentials_tenant_status", "tenant_id", "status"),
        Index("ix_credentials_tenant_holder", "tenant_id", "holder_id"),
        Index("ix_credentials_tenant_issuer", "tenant_id", "issuer_id"),
        Index("ix_credentials_tenant_verified_at", "tenant_id", "verified_at"),
    )

    holder_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("people.id", ondelete="CASCADE"))
    issuer_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("issuers.id", ondelete="SET NULL")
    )
    achievement_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("achievements.id", ondelete="SET NULL")
    )
    # The credential's own id (VC `id`, OB2 assertion `id`/URL), when the document gives one.
    credential_uri: Mapped[str | None] = mapped_column(String(2048))
    format: Mapped[CredentialFormat | None] = mapped_column(enum_column(CredentialFormat, 32))
    raw: Mapped[str] = mapped_column(Text)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str | None] = mapped_column(String(2048))
    issued_on: Mapped[datetime | None]
    valid_from: Mapped[datetime | None]
    valid_until: Mapped[datetime | None]
    status: Mapped[VerificationStatus] = mapped_column(enum_column(VerificationStatus, 32))
    verified_at: Mapped[datetime | None]
    change_seq: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str | None] = mapped_column(String(100))
    # OB 3.0 results that give a level: [{"level": 1-5, "targets": [skill uri or code, …]}]
    # (an empty `targets` means the achievement's own alignments), for the skills engine.
    result_levels: Mapped[list[Any]] = mapped_column(default=list, server_default=text("'[]'"))

    holder: Mapped[Person] = relationship(lazy="raise")
    issuer: Mapped[Issuer | None] = relationship(lazy="raise")
    achievement: Mapped[Achievement | None] = relationship(lazy="raise")
    checks: Mapped[list[VerificationCheck]] = relationship(
        lazy="raise",
        order_by="VerificationCheck.position",
        cascade="all, delete-orphan",
        back_populates="credential",
    )


class VerificationCheck(TenantOwned, Base):
    __tablename__ = "verification_checks"
    __table_args__ = (Index("ix_verification_checks_credential", "credential_id", "position"),)

    credential_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("credentials.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    check: Mapped[CheckName] = mapped_column(enum_column(CheckName, 32))
    result: Mapped[CheckResult] = mapped_column(enum_column(CheckResult, 16))
    message: Mapped[str | None] = mapped_column(Text)
    # The status a non-passing result implies when it is not the check's default (e.g.
    # `suspended` for a status check): lets stored results be re-assessed without re-fetching.
    outcome: Mapped[VerificationStatus | None] = mapped_column(enum_column(VerificationStatus, 32))

    credential: Mapped[Credential] = relationship(lazy="raise", back_populates="checks")
