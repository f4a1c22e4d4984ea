"""Who holds which demo badge, and what each one is meant to verify as.

Bundles are handed out round-robin within each track, so some people hold everything a role
needs and others hold part of it. Among the trusted issuers' credentials every tenth (from the
first) expired in 2024 and every tenth (from the second) is revoked through the issuer's status
list; the untrusted issuer's read `untrusted_issuer`; the rest verify. Dates are fixed and
chosen so no status depends on the day the demo is seeded (until 2035).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from hrkit.demo.catalog import ACHIEVEMENTS, TRUSTED, DemoAchievement
from hrkit.demo.people import CANDIDATES, EMPLOYEES, DemoPerson
from hrkit.demo.signing import DemoIssuer
from hrkit.model.enums import VerificationStatus

Bundle = tuple[str, ...]
_NAMESPACE = uuid.UUID("5b8f5a52-3c1e-4a57-9f1c-6d656d6f6b69")  # fixed: credential ids are stable

_IC_BUNDLES: Mapping[str, tuple[Bundle, ...]] = {
    "backend": (
        ("advanced-python", "relational-databases-sql", "test-driven-development"),
        ("python-foundations", "test-driven-development"),
        ("advanced-python", "cloud-developer-associate"),
        ("java-backend", "relational-databases-sql"),
        ("python-foundations", "relational-databases-sql", "devops-practitioner"),
    ),
    "data": (
        ("data-analytics-professional", "data-storytelling", "relational-databases-sql"),
        ("applied-statistics", "python-foundations"),
        ("data-analysis-nanodegree", "sql-for-analysts"),
        ("data-analytics-professional", "machine-learning-fundamentals"),
        ("data-storytelling", "relational-databases-sql", "applied-statistics"),
    ),
    "platform": (
        ("cloud-developer-associate", "devops-practitioner"),
        ("devops-practitioner",),
        ("cloud-solutions-architect",),
        ("cloud-developer-associate", "relational-databases-sql"),
    ),
    "quality": (
        ("test-driven-development",),
        ("test-driven-development", "java-backend"),
        ("javascript-services",),
    ),
}
_LEADER_BUNDLES: Mapping[str, tuple[Bundle, ...]] = {
    "lead": (("cloud-solutions-architect",),),
    "backend": (("advanced-python",), ("java-backend",)),
    "data": (("applied-statistics",), ("data-analytics-professional",)),
    "platform": (("cloud-solutions-architect",), ("devops-practitioner",)),
    "quality": (("test-driven-development",), ("javascript-services",)),
}
_CANDIDATE_BUNDLES: Mapping[str, tuple[Bundle, ...]] = {
    "backend": (
        ("advanced-python", "relational-databases-sql", "test-driven-development"),
        ("python-foundations",),
        ("sql-for-analysts",),
        ("java-backend",),
        ("machine-learning-fundamentals",),
        ("python-foundations",),
    ),
    "data": (
        ("data-analysis-nanodegree",),
        ("data-analytics-professional", "data-storytelling", "relational-databases-sql"),
        ("applied-statistics",),
        ("sql-for-analysts",),
        ("data-storytelling",),
    ),
    "platform": (("cloud-developer-associate",), ("devops-practitioner",)),
}


@dataclass(frozen=True)
class PlannedCredential:
    """One demo credential: its holder, what it attests, its dates and the status it must get."""

    holder: DemoPerson
    achievement: DemoAchievement
    expected: VerificationStatus
    valid_from: str
    valid_until: str | None
    status_index: int | None  # its bit in the issuer's status list (trusted issuers only)

    @property
    def key(self) -> str:
        return f"{self.holder.external_id}/{self.achievement.key}"

    @property
    def id(self) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, self.key)}"

    @property
    def issuer(self) -> DemoIssuer:
        return self.achievement.issuer


def plan() -> list[PlannedCredential]:
    """Every demo credential, in a fixed order."""
    holdings = [(person, key) for person in (*EMPLOYEES, *CANDIDATES) for key in _bundle(person)]
    planned: list[PlannedCredential] = []
    trusted_seen = 0
    next_index = {issuer.did: 0 for issuer in TRUSTED}
    for person, key in holdings:
        achievement = ACHIEVEMENTS[key]
        issuer = achievement.issuer
        month, day = _day(f"{person.external_id}/{key}")
        if issuer in TRUSTED:
            expected = _trusted_fate(trusted_seen)
            trusted_seen += 1
            index: int | None = next_index[issuer.did]
            next_index[issuer.did] += 1
        else:
            expected, index = VerificationStatus.UNTRUSTED_ISSUER, None
        year = 2021 + (month + day) % 4
        if expected is VerificationStatus.EXPIRED:
            valid_from = f"{2021 + day % 2}-{month:02d}-{day:02d}T09:00:00Z"
            valid_until: str | None = f"2024-{month:02d}-{day:02d}T23:59:59Z"
        else:
            valid_from = f"{year}-{month:02d}-{day:02d}T09:00:00Z"
            valid_until = f"2035-{month:02d}-{day:02d}T23:59:59Z" if achievement.expires else None
        planned.append(
            PlannedCredential(person, achievement, expected, valid_from, valid_until, index)
        )
    return planned


def revoked_indexes(planned: list[PlannedCredential], issuer: DemoIssuer) -> list[int]:
    """The bits `issuer` sets in its status list."""
    return [
        p.status_index
        for p in planned
        if p.issuer == issuer
        and p.expected is VerificationStatus.REVOKED
        and p.status_index is not None
    ]


def _bundle(person: DemoPerson) -> Bundle:
    if person.position is not None:
        bundles = _CANDIDATE_BUNDLES[person.track]
        peers = [p for p in CANDIDATES if p.track == person.track]
    elif _leads(person):
        bundles = _LEADER_BUNDLES[person.track]
        peers = [p for p in EMPLOYEES if p.track == person.track and _leads(p)]
    else:
        bundles = _IC_BUNDLES[person.track]
        peers = [p for p in EMPLOYEES if p.track == person.track and not _leads(p)]
    return bundles[peers.index(person) % len(bundles)]


def _leads(person: DemoPerson) -> bool:
    return any(p.manager == person.external_id for p in EMPLOYEES)


def _trusted_fate(position: int) -> VerificationStatus:
    # These offsets leave two employees and some candidates ready for each open role.
    if position % 10 == 0:
        return VerificationStatus.EXPIRED
    if position % 10 == 1:
        return VerificationStatus.REVOKED
    return VerificationStatus.VERIFIED


def _day(key: str) -> tuple[int, int]:
    """A month and day spread over the year, fixed for `key`."""
    digest = hashlib.sha256(key.encode()).digest()
    return 1 + digest[0] % 12, 1 + digest[1] % 28
