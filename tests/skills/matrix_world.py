"""A small tenant for skill-matrix tests: a manager tree, candidates, one role, credentials whose
status now differs (verified, expired by date, revoked) — stored as rows, levels given by rules.

acme: Bea Boss → Lee Lead → Dana Dev, Eli Dev; Olga Other (no manager); two candidates.
Role "Backend Engineer": python 3 (essential, w 1), sql 2 (essential, w 1), testing 2 (w 0.5).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hrkit.model.enums import CredentialFormat, PersonKind, VerificationStatus
from hrkit.services.roles import RequirementInput, upsert_role
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.tables import Achievement, Credential, Issuer, Person, Skill, SkillMapping

NOW = datetime(2025, 1, 1, tzinfo=UTC)
LATER = NOW + timedelta(days=365)
PY, SQL, TEST, JAVA = (f"urn:skill:{name}" for name in ("python", "sql", "testing", "java"))
SKILL_NAMES = {PY: "Python", SQL: "SQL", TEST: "Testing", JAVA: "Java"}
ROLE = "Backend Engineer"
VERIFIED, EXPIRED, REVOKED = (
    VerificationStatus.VERIFIED,
    VerificationStatus.EXPIRED,
    VerificationStatus.REVOKED,
)

# email → (kind, manager's email, name, department)
PEOPLE = {
    "boss@acme.example": (PersonKind.EMPLOYEE, None, "Bea Boss", "Engineering"),
    "lead@acme.example": (PersonKind.EMPLOYEE, "boss@acme.example", "Lee Lead", "Engineering"),
    "dev1@acme.example": (PersonKind.EMPLOYEE, "lead@acme.example", "Dana Dev", "Engineering"),
    "dev2@acme.example": (PersonKind.EMPLOYEE, "lead@acme.example", "Eli Dev", "Engineering"),
    "other@acme.example": (PersonKind.EMPLOYEE, None, "Olga Other", "Sales"),
    "cand1@acme.example": (PersonKind.CANDIDATE, None, "Cara Candidate", None),
    "cand2@acme.example": (PersonKind.CANDIDATE, None, "Cole Candidate", None),
}
# achievement name → the (skill, level) its mapping rule gives
ACHIEVEMENTS = {
    "Python Pro": (PY, 4),
    "Python Intro": (PY, 1),
    "SQL Basics": (SQL, 2),
    "Testing": (TEST, 3),
    "Java": (JAVA, 3),
}
# (holder, achievement, stored status, valid until)
HOLDINGS = [
    ("boss@acme.example", "Python Pro", VERIFIED, None),
    ("lead@acme.example", "SQL Basics", VERIFIED, None),
    ("lead@acme.example", "Testing", VERIFIED, None),
    ("dev1@acme.example", "Python Pro", VERIFIED, None),
    ("dev1@acme.example", "SQL Basics", VERIFIED, None),
    ("dev2@acme.example", "Python Intro", VERIFIED, None),
    ("dev2@acme.example", "SQL Basics", VERIFIED, NOW + timedelta(days=180)),  # ages out
    ("dev2@acme.example", "Java", REVOKED, None),
    ("other@acme.example", "Java", VERIFIED, None),
    ("cand1@acme.example", "Python Pro", VERIFIED, None),
    ("cand1@acme.example", "SQL Basics", VERIFIED, None),
    ("cand2@acme.example", "Python Intro", VERIFIED, None),
    ("cand2@acme.example", "Testing", EXPIRED, None),
]


@dataclass
class MatrixWorld:
    tenant: str
    people: dict[str, int] = field(default_factory=dict)  # email → pk
    skills: dict[str, int] = field(default_factory=dict)  # uri → pk
    credentials: dict[tuple[str, str], int] = field(default_factory=dict)
    role_id: int = 0


def build_world(db: Database, tenant: str = "acme") -> MatrixWorld:
    world = MatrixWorld(tenant)
    with db.transaction() as session:
        tenants = TenantRepository(session)
        if tenants.by_slug(tenant) is None:
            tenants.create(tenant)
        scope = tenants.scope(tenant)
        repos = Repositories(session, scope)
        for uri, name in SKILL_NAMES.items():
            skill = repos.skills.add(Skill(uri=uri, name=name, framework="custom"))
            session.flush()
            world.skills[uri] = skill.id
        for email, (kind, manager, name, department) in PEOPLE.items():
            person = repos.people.add(
                Person(
                    kind=kind,
                    email=email,
                    name=name,
                    department=department,
                    manager_id=world.people[manager] if manager else None,
                )
            )
            session.flush()
            world.people[email] = person.id
        issuer = repos.issuers.add(Issuer(uri="did:web:academy.example", name="Academy"))
        session.flush()
        achievements: dict[str, int] = {}
        for name, (uri, level) in ACHIEVEMENTS.items():
            slug = name.lower().replace(" ", "-")
            row = repos.achievements.add(
                Achievement(uri=f"https://academy.example/{slug}", name=name, issuer_id=issuer.id)
            )
            session.add(
                SkillMapping(
                    tenant_id=scope.tenant_id,
                    achievement=name,
                    skill_id=world.skills[uri],
                    level=level,
                )
            )
            session.flush()
            achievements[name] = row.id
        for seq, (email, name, status, valid_until) in enumerate(HOLDINGS, start=1):
            raw = f"{email} {name}"
            credential = Credential(
                tenant_id=scope.tenant_id,
                holder_id=world.people[email],
                issuer_id=issuer.id,
                achievement_id=achievements[name],
                raw=raw,
                raw_sha256=hashlib.sha256(raw.encode()).hexdigest(),
                status=status,
                change_seq=seq,
                format=CredentialFormat.VC_JWT,
                issued_on=datetime(2024, 3, 1, tzinfo=UTC),
                valid_until=valid_until,
                verified_at=NOW - timedelta(days=1),
                source="test",
            )
            session.add(credential)
            session.flush()
            world.credentials[(email, name)] = credential.id
        role = upsert_role(
            session,
            scope,
            ROLE,
            requirements=[
                RequirementInput(TEST, 2, essential=False),
                RequirementInput(SQL, 2),
                RequirementInput(PY, 3),
            ],
        )
        world.role_id = role.id
    return world
