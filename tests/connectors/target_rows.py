"""Export rows built by hand for the HRIS target tests, and the targets under test."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from connectors.targets.bamboohr import BambooHRTarget
from connectors.targets.hropen import HrOpenTarget
from connectors.targets.oracle_hdl import OracleHdlTarget
from connectors.targets.successfactors import SuccessFactorsTarget
from connectors.targets.workday import WorkdayTarget
from hrkit.model.enums import VerificationStatus
from hrkit.ports import ExportRow, HrisTarget

ASSIGNED_BY = "3001000"
TARGETS: dict[str, Callable[[], HrisTarget]] = {
    "workday": WorkdayTarget,
    "successfactors": SuccessFactorsTarget,
    "bamboohr": BambooHRTarget,
    "hropen": HrOpenTarget,
    "oracle-hdl": lambda: OracleHdlTarget(assigned_by=ASSIGNED_BY),
}

ISSUED = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
# 23:00 at UTC-5 is already the next day in UTC: dates are UTC dates.
UNTIL = datetime(2027, 2, 28, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
ENDED = datetime(2025, 6, 15, 12, 0)  # naive: taken as UTC

HYPERLINK_NAME = '=HYPERLINK("http://evil.example/x","click me")'
HYPERLINK_BADGE = '=HYPERLINK("http://evil.example/y","Free badge")'
PIPE_SKILL = "+cmd|' /C calc'!A0"


def ob3_credential(credential_id: str, name: str) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://issuer.example.org", "type": ["Profile"], "name": "Académie Ω"},
        "validFrom": "2024-03-01T09:30:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {"id": "https://issuer.example.org/a/1", "name": name},
        },
        "proof": {"type": "DataIntegrityProof", "proofValue": "z3FXQ…"},
    }


def compact_jwt(payload: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'ES256', 'typ': 'vc+jwt'})}.{part(payload)}.c2lnbmF0dXJl"


def make_row(**overrides: Any) -> ExportRow:
    base = ExportRow(
        action="upsert",
        credential_id=1,
        credential_uri="urn:uuid:11111111-1111-4111-8111-111111111111",
        change_seq=11,
        status=VerificationStatus.VERIFIED,
        person_email="zoe@example.org",
        person_name="Zoë Ångström 李小龍",
        person_external_id="E-100",
        achievement_uri="https://issuer.example.org/a/1",
        achievement_name="Sécurité Cloud — Niveau 2",
        achievement_kind="badge",
        issuer_uri="https://issuer.example.org",
        issuer_name="Académie Ω",
        issued_on=ISSUED,
        valid_until=UNTIL,
        ended_on=None,
        format="vc-data-integrity",
        raw="{}",
        skills=(),
    )
    return replace(base, **overrides)


JWT = compact_jwt({"iss": "https://badges.example.com", "vc": {"type": ["VerifiableCredential"]}})

# A: unicode, JSON credential, skills, expiry in another time zone.
ROW_A = make_row(
    raw=json.dumps(ob3_credential("urn:uuid:11111111-1111-4111-8111-111111111111", "Sécurité")),
    skills=(
        {"uri": "http://data.europa.eu/esco/skill/python", "name": "Python", "level": 3},
        {"uri": "http://data.europa.eu/esco/skill/sql", "name": "SQL", "level": None},
    ),
)
# B: formula-like texts, no external id (e-mail fallback), a JWT, no expiry, an https id.
ROW_B = make_row(
    credential_id=2,
    change_seq=12,
    credential_uri="https://badges.example.com/assertions/2",
    person_email="mallory@example.com",
    person_name=HYPERLINK_NAME,
    person_external_id=None,
    achievement_name=HYPERLINK_BADGE,
    issuer_name="@Evil Corp",
    issuer_uri="https://badges.example.com",
    valid_until=None,
    format="vc-jwt",
    raw=JWT,
    skills=({"name": PIPE_SKILL, "level": 2.0},),
)
# C: the end of a credential exported earlier (revoked), same holder as A.
ROW_C = make_row(
    action="end",
    credential_id=3,
    change_seq=13,
    credential_uri="urn:uuid:33333333-3333-4333-8333-333333333333",
    status=VerificationStatus.REVOKED,
    achievement_name="Kubernetes Admin",
    ended_on=ENDED,
    raw=json.dumps(ob3_credential("urn:uuid:33333333-3333-4333-8333-333333333333", "K8s")),
    skills=({"name": "Python", "level": 3},),
)
# D: a credential without an id, names only as URIs, no expiry, no skills.
ROW_D = make_row(
    credential_id=4,
    change_seq=14,
    credential_uri=None,
    person_email="Ada@Example.org",
    person_name="Ada Lovelace",
    person_external_id="E-200",
    achievement_name=None,
    achievement_uri="https://example.org/achievements/x",
    issuer_name=None,
    issuer_uri="did:web:issuer.example",
    valid_until=None,
    format="ob2-hosted",
    raw='{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "x"}',
)
SAMPLE = (ROW_A, ROW_B, ROW_C, ROW_D)
# ROW_D's credential number: RFC 6920 SHA-256 of its raw text.
_DIGEST = hashlib.sha256(ROW_D.raw.encode()).digest()
ROW_D_NUMBER = "ni:///sha-256;" + base64.urlsafe_b64encode(_DIGEST).rstrip(b"=").decode()

PADDING = "x" * 4000


def many_rows(count: int, per_person: int = 10, scattered: bool = False) -> Iterator[ExportRow]:
    """`count` rows made one at a time, `per_person` rows per holder: consecutive ones, or
    (`scattered`) a holder's rows spread through the whole stream, as change order has them."""
    people = max(1, count // per_person)
    for i in range(count):
        person = i % people if scattered else i // per_person
        credential_uri = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
        yield ExportRow(
            action="end" if i % 7 == 0 else "upsert",
            credential_id=i,
            credential_uri=credential_uri,
            change_seq=i,
            status=VerificationStatus.EXPIRED if i % 7 == 0 else VerificationStatus.VERIFIED,
            person_email=f"person{person}@example.org",
            person_name=f"Person {person}",
            person_external_id=f"E{person}",
            achievement_uri="https://issuer.example.org/a/1",
            achievement_name=f"Achievement {i % 100}",
            achievement_kind="badge",
            issuer_uri="https://issuer.example.org",
            issuer_name="Issuer",
            issued_on=ISSUED,
            valid_until=UNTIL,
            ended_on=ENDED if i % 7 == 0 else None,
            format="vc-data-integrity",
            raw=json.dumps({"@context": [], "id": credential_uri, "type": [], "pad": PADDING}),
            skills=({"name": f"Skill {i % 50}", "level": i % 5},),
        )
