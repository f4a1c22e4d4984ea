"""A small company for fit tests: skills, achievements aligned to them, a mapping rule, one role,
and people whose verified credentials give known levels — written straight into the tables, so
that hundreds of people cost milliseconds. `expected_levels` says what L must be, computed
independently of hrkit's engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from hrkit.model.enums import PersonKind, VerificationStatus
from hrkit.services.roles import RequirementInput, upsert_role
from hrkit.store.database import Database
from hrkit.store.repositories import Repositories, TenantRepository
from hrkit.store.tables import Achievement, Credential, Issuer, Person, Skill, SkillMapping

SKILL = {key: f"https://skills.example/{key}" for key in ("s1", "s2", "s3", "s4")}
NAMES = {"s1": "Python", "s2": "SQL", "s3": "Statistics", "s4": "Cloud"}
# name, uri, aligned skills (level 3 each): what a credential for it gives.
ACHIEVEMENTS = {
    "a1": ("Alpha Badge", "https://badges.example/a1", ("s1",)),
    "a2": ("Beta Badge", "https://badges.example/a2", ("s2", "s3")),
    "a3": ("Gamma Certificate", "https://badges.example/a3", ("s1", "s4")),
    "a4": ("Delta Badge", "https://badges.example/a4", ("s4",)),
    "a5": ("Epsilon Badge", "https://badges.example/a5", ("s2",)),
}
# A rule on a glob of the name: Gamma gives s1 at 5 (beats its alignment's 3).
RULES = [("gamma *", "s1", 5), ("https://badges.example/a5", "s2", 1)]
ROLE = "Engineer"
REQUIREMENTS = [
    RequirementInput(SKILL["s1"], 4),  # essential, weight 1.0
    RequirementInput(SKILL["s2"], 3),  # essential, weight 1.0
    RequirementInput(SKILL["s3"], 2, essential=False),  # weight 0.5
    RequirementInput(SKILL["s4"], 5, essential=False, weight=2.0),
]
# Which achievements person n holds: a cycle of combinations (one with nothing).
HOLDINGS = [("a1",), ("a2",), ("a3",), ("a1", "a2"), ("a2", "a3", "a4"), (), ("a4", "a5"), ("a5",)]


@dataclass
class Company:
    tenant: str
    people: dict[str, int] = field(default_factory=dict)  # email → id
    kinds: dict[str, PersonKind] = field(default_factory=dict)
    holdings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skills: dict[str, int] = field(default_factory=dict)  # key → id
    achievements: dict[str, int] = field(default_factory=dict)  # key → id
    role_id: int = 0


def build_company(
    db: Database, tenant: str = "acme", employees: int = 8, candidates: int = 4
) -> Company:
    """`employees` in a tree (e000 manages e001..e003, e001 manages the rest), `candidates`."""
    company = Company(tenant)
    with db.transaction() as session:
        tenants = TenantRepository(session)
        if tenants.by_slug(tenant) is None:
            tenants.create(tenant)
        scope = tenants.scope(tenant)
        repos = Repositories(session, scope)
        for key, uri in SKILL.items():
            skill = repos.skills.add(Skill(uri=uri, name=NAMES[key], framework="custom"))
            session.flush()
            company.skills[key] = skill.id
        issuer = repos.issuers.add(Issuer(uri="did:web:issuer.example", name="Issuer"))
        session.flush()
        for key, (name, uri, aligned) in ACHIEVEMENTS.items():
            row = repos.achievements.add(
                Achievement(
                    issuer_id=issuer.id,
                    uri=uri,
                    name=name,
                    alignments=[{"targetUrl": SKILL[s], "targetName": NAMES[s]} for s in aligned],
                )
            )
            session.flush()
            company.achievements[key] = row.id
        for achievement, skill, level in RULES:
            session.add(
                SkillMapping(
                    tenant_id=scope.tenant_id,
                    achievement=achievement,
                    skill_id=company.skills[skill],
                    level=level,
                )
            )
        emails = [(f"e{n:03d}@acme.example", PersonKind.EMPLOYEE) for n in range(employees)]
        emails += [(f"c{n:03d}@mail.example", PersonKind.CANDIDATE) for n in range(candidates)]
        seq = 0
        for n, (email, kind) in enumerate(emails):
            manager = None
            if kind is PersonKind.EMPLOYEE and n:
                manager = company.people["e000@acme.example" if n <= 3 else "e001@acme.example"]
            person = repos.people.add(
                Person(kind=kind, name=email.split("@")[0].upper(), email=email, manager_id=manager)
            )
            session.flush()
            company.people[email] = person.id
            company.kinds[email] = kind
            company.holdings[email] = HOLDINGS[n % len(HOLDINGS)]
            for key in company.holdings[email]:
                seq += 1
                session.add(
                    Credential(
                        tenant_id=scope.tenant_id,
                        holder_id=person.id,
                        issuer_id=issuer.id,
                        achievement_id=company.achievements[key],
                        raw=f"{email} {key}",
                        raw_sha256=f"{person.id:032d}{seq:032d}",
                        status=VerificationStatus.VERIFIED,
                        change_seq=seq,
                    )
                )
        role = upsert_role(session, scope, ROLE, requirements=REQUIREMENTS)
        company.role_id = role.id
    return company


def expected_levels(holdings: tuple[str, ...]) -> dict[str, int]:
    """L by skill key, from the rules of PRODUCT.md §8 applied by hand to this company."""
    levels: dict[str, int] = {}
    for key in holdings:
        name, uri, aligned = ACHIEVEMENTS[key]
        given = dict.fromkeys(aligned, 3)
        for pattern, skill, level in RULES:
            if pattern == uri or (pattern.endswith("*") and name.lower().startswith(pattern[:-1])):
                given[skill] = level  # the rule wins, even when lower
        for skill, level in given.items():
            levels[skill] = max(levels.get(skill, 0), level)
    return levels


def expected_fit(holdings: tuple[str, ...]) -> tuple[float, bool, list[tuple[str, int, int, bool]]]:
    """(score, ready, gaps as (skill uri, required, held, essential)) for the role, by hand."""
    held = expected_levels(holdings)
    weights = [
        (r, r.weight if r.weight is not None else (1.0 if r.essential else 0.5))
        for r in REQUIREMENTS
    ]
    key_of = {uri: key for key, uri in SKILL.items()}
    # Exact rationals, then one rounding: what a correctly computed score must equal.
    total = sum(Fraction(w) for _, w in weights)
    score = sum(
        Fraction(w) * Fraction(min(held.get(key_of[r.skill_uri], 0), r.level), r.level)
        for r, w in weights
    )
    ready = all(held.get(key_of[r.skill_uri], 0) >= r.level for r in REQUIREMENTS if r.essential)
    gaps = sorted(
        (
            (not r.essential, -w, r.skill_uri, r.level, held.get(key_of[r.skill_uri], 0))
            for r, w in weights
            if held.get(key_of[r.skill_uri], 0) < r.level
        ),
    )
    return (
        float(score / total),
        ready,
        [(uri, level, have, not optional) for optional, _, uri, level, have in gaps],
    )
