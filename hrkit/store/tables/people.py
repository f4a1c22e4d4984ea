"""People: employees and candidates, with the manager tree."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrkit.model.enums import PersonKind
from hrkit.store.tables.base import Base, TenantOwned, Timestamps, enum_column


class Person(TenantOwned, Timestamps, Base):
    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        Index("ix_people_tenant_kind", "tenant_id", "kind", "id"),
        # A manager's reports; people without a manager (every candidate) are not indexed.
        Index(
            "ix_people_tenant_manager",
            "tenant_id",
            "manager_id",
            sqlite_where=text("manager_id IS NOT NULL"),
            postgresql_where=text("manager_id IS NOT NULL"),
        ),
    )

    kind: Mapped[PersonKind] = mapped_column(enum_column(PersonKind, 16))
    name: Mapped[str] = mapped_column(String(400))
    # Stored normalised (hrkit.model.people.normalize_email): the per-tenant identity of a person.
    email: Mapped[str] = mapped_column(String(320))
    external_id: Mapped[str | None] = mapped_column(String(200))
    manager_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("people.id", ondelete="SET NULL")
    )
    department: Mapped[str | None] = mapped_column(String(400))
    title: Mapped[str | None] = mapped_column(String(400))
    phone: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[str | None] = mapped_column(String(400))
    notes: Mapped[str | None] = mapped_column(Text)

    manager: Mapped[Person | None] = relationship(remote_side="Person.id", lazy="raise")
