"""Skills (taxonomy), roles with their requirements, and achievement → skill mapping rules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrkit.store.tables.base import Base, TenantOwned, Timestamps


class Skill(TenantOwned, Timestamps, Base):
    __tablename__ = "skills"
    __table_args__ = (
        UniqueConstraint("tenant_id", "uri"),
        Index("ix_skills_tenant_framework", "tenant_id", "framework"),
        Index("ix_skills_tenant_name", "tenant_id", "name"),
    )

    uri: Mapped[str] = mapped_column(String(2048))
    name: Mapped[str] = mapped_column(String(400))
    framework: Mapped[str] = mapped_column(String(40))
    code: Mapped[str | None] = mapped_column(String(200))
    skill_type: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    alt_labels: Mapped[list[Any]] = mapped_column(default=list)
    # URIs of the broader concepts (ESCO allows several); for browsing, never for fit.
    broader: Mapped[list[Any]] = mapped_column(default=list)


class Role(TenantOwned, Timestamps, Base):
    __tablename__ = "roles"
    __table_args__ = (
        UniqueConstraint("tenant_id", "title"),
        Index("ix_roles_tenant_open", "tenant_id", "open"),
    )

    title: Mapped[str] = mapped_column(String(400))
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str | None] = mapped_column(Text)

    requirements: Mapped[list[RoleRequirement]] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="role"
    )


class RoleRequirement(TenantOwned, Base):
    __tablename__ = "role_requirements"
    __table_args__ = (
        UniqueConstraint("role_id", "skill_id"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
        CheckConstraint("weight > 0", name="weight_positive"),
        Index("ix_role_requirements_tenant_skill", "tenant_id", "skill_id"),
    )

    role_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("roles.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("skills.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(SmallInteger)
    essential: Mapped[bool] = mapped_column(Boolean, default=True)
    weight: Mapped[float] = mapped_column(Float)

    role: Mapped[Role] = relationship(lazy="raise", back_populates="requirements")
    skill: Mapped[Skill] = relationship(lazy="raise")


class SkillMapping(TenantOwned, Timestamps, Base):
    """Credentials for `achievement` (uri, exact name or `*` glob) give `skill` at `level`."""

    __tablename__ = "skill_mappings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "achievement", "skill_id"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
    )

    achievement: Mapped[str] = mapped_column(String(2048))
    skill_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("skills.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(SmallInteger)

    skill: Mapped[Skill] = relationship(lazy="raise")
