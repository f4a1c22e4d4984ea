"""Facts a credential states about itself: OB 3.0, CLR, plain VCs and OB 2.0."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrkit.model.enums import AchievementKind
from hrkit.verify.datamodel import achievement_kind, credential_facts, ob2_facts
from hrkit.verify.result import Facts
from tests.verify.datamodel.shared import CONFORMANCE, load, needs_fixtures

OB20 = CONFORMANCE / "1edtech-validator-fixtures" / "ob20"
V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@needs_fixtures
@pytest.mark.parametrize(
    "name",
    [
        "1edtech-validator-fixtures/ob30/complete.json",
        "ob3-spec-examples-unsigned/fullOpenBadge.json",
    ],
)
def test_complete_open_badge(name: str) -> None:
    facts = credential_facts(load(CONFORMANCE / name))
    assert facts.credential_id == "http://1edtech.edu/credentials/3732"
    assert facts.issuer_id == "https://1edtech.edu/issuers/565049"
    assert facts.issuer_name == "1EdTech University"
    assert facts.subject_id == "did:example:ebfeb1f712ebc6f1c276e12ec21"
    assert facts.achievement_id == "https://1edtech.edu/achievements/degree"
    assert facts.achievement_name == "1EdTech University Degree"
    assert facts.achievement_description == "1EdTech University Degree Description"
    assert facts.achievement_kind is AchievementKind.DEGREE
    assert facts.issued_on == facts.valid_from == utc(2010, 1, 1)
    assert facts.valid_until == utc(2030, 1, 1)
    assert len(facts.alignments) == 2
    assert [a["targetCode"] for a in facts.alignments] == ["degree", "degree"]
    assert [a["targetType"] for a in facts.alignments] == ["CFItem", "CTDL"]
    assert facts.alignments[0] == {
        "targetUrl": "https://1edtech.edu/catalog/degree",
        "targetCode": "degree",
        "targetName": "1EdTech University Degree",
        "targetFramework": "1EdTech University Program and Course Catalog",
        "targetType": "CFItem",
    }
    grade, level, status = facts.results
    assert grade["value"] == "A"
    assert grade["resultType"] == "LetterGrade"
    assert grade["requiredValue"] == "C"
    assert level["achievedLevel"] == "urn:uuid:d05a0867-d0ad-4b03-bdb5-28fb5d2aab7a"
    assert level["level"] == {
        "id": "urn:uuid:d05a0867-d0ad-4b03-bdb5-28fb5d2aab7a",
        "name": "Mastery",
        "level": "Mastered",
        "points": "4",
    }
    assert level["alignments"][0]["targetCode"] == "project"
    assert status["status"] == "Completed"
    assert status["level"] is None


@needs_fixtures
def test_vcdm_1_1_open_badge_uses_issuance_date() -> None:
    facts = credential_facts(load(CONFORMANCE / "1edtech-validator-fixtures/ob30/simple_v1.json"))
    assert facts.issued_on == facts.valid_from == utc(2010, 1, 1)
    assert facts.achievement_kind is AchievementKind.BADGE
    assert facts.achievement_name == "Teamwork"


@needs_fixtures
def test_clr_names_itself_and_gathers_its_achievements() -> None:
    facts = credential_facts(load(CONFORMANCE / "1edtech-validator-fixtures/clr20/simple.json"))
    assert facts.issuer_id == "https://example.edu/issuers/565049"
    assert facts.achievement_id is None
    assert facts.achievement_name == "Sample Transcript"
    assert facts.achievement_kind is AchievementKind.OTHER


@needs_fixtures
def test_ob2_basic_assertion_with_its_assets() -> None:
    assertion = load(OB20 / "basic-assertion.json")
    badge = load(OB20 / "assets/robotics-badge.json")
    issuer = load(OB20 / "assets/organization.json")
    facts = ob2_facts(assertion, badge, issuer)
    assert facts == Facts(
        credential_id="https://example.org/beths-robotics-badge.json",
        issuer_id="https://example.org/organization.json",
        issuer_name="An Example Badge Issuer",
        subject_id=None,  # the recipient is hashed
        achievement_id="https://example.org/robotics-badge.json",
        achievement_name="Awesome Robotics Badge",
        achievement_kind=AchievementKind.BADGE,
        achievement_description=(
            "For doing awesome things with robots that people think is pretty great."
        ),
        issued_on=utc(2016, 12, 31, 23, 59, 59),
        valid_from=utc(2016, 12, 31, 23, 59, 59),
        valid_until=None,
    )
    alone = ob2_facts(assertion)
    assert alone.achievement_id == "https://example.org/robotics-badge.json"
    assert alone.issuer_id is None


def test_ob2_embedded_badge_issuer_and_alignments() -> None:
    assertion = {
        "id": "https://example.org/a/1",
        "recipient": {"type": "email", "hashed": False, "identity": "a@example.org"},
        "issuedOn": 1483228799,
        "expires": "2030-01-01",
        "badge": {
            "id": "https://example.org/b/1",
            "name": "Python",
            "issuer": {"id": "https://example.org/i", "name": "Org"},
            "alignment": [
                {
                    "targetName": "Python",
                    "targetUrl": "https://esco.example/s/1",
                    "targetCode": "S1",
                },
                "not an alignment",
            ],
        },
    }
    facts = ob2_facts(assertion)
    assert facts.subject_id == "a@example.org"
    assert facts.issuer_id == "https://example.org/i"
    assert facts.issuer_name == "Org"
    assert facts.valid_until == utc(2030, 1, 1)
    assert facts.issued_on == utc(2016, 12, 31, 23, 59, 59)
    assert facts.alignments == [
        {
            "targetUrl": "https://esco.example/s/1",
            "targetCode": "S1",
            "targetName": "Python",
            "targetFramework": None,
            "targetType": None,
        }
    ]
    assert ob2_facts({**assertion, "issuedOn": "soon", "expires": None}).issued_on is None


def test_plain_credential_names_itself() -> None:
    document = {
        "@context": [V2],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential", "UniversityDegreeCredential"],
        "issuer": {
            "id": "did:example:uni",
            "name": [
                {"@value": "Universität", "@language": "de"},
                {"@value": "University", "@language": "en-GB"},
            ],
        },
        "validFrom": "2020-01-01T00:00:00+01:00",
        "validUntil": "2030-01-01T00:00:00Z",
        "awardedDate": "2019-01-01T00:00:00Z",
        "credentialSubject": [{"id": "did:example:a"}, {"id": "did:example:b"}],
    }
    facts = credential_facts(document)
    assert facts.issuer_name == "University"
    assert facts.subject_id == "did:example:a"
    assert facts.achievement_id is None
    assert facts.achievement_name == "UniversityDegreeCredential"
    assert facts.achievement_kind is AchievementKind.OTHER
    assert facts.issued_on == facts.valid_from == utc(2019, 12, 31, 23)
    assert facts.valid_until == utc(2030, 1, 1)
    named = credential_facts({**document, "name": {"@value": "BSc", "@language": "en"}})
    assert named.achievement_name == "BSc"
    mapped = {
        **document,
        "issuer": {"id": "did:example:uni", "name": {"fr": "Université", "en": "University"}},
    }
    assert credential_facts(mapped).issuer_name == "University"
    # issuanceDate is not a VCDM 2.0 date: awardedDate is the fallback for issued_on
    v2 = {k: v for k, v in document.items() if k != "validFrom"}
    assert credential_facts(v2).issued_on == utc(2019, 1, 1)
    assert credential_facts(v2).valid_from is None


def test_vcdm_1_1_dates() -> None:
    document = {
        "@context": [V1],
        "type": "VerifiableCredential",
        "issuer": "https://example.edu",
        "issuanceDate": "2010-01-01T00:00:00",
        "expirationDate": "2020-01-01T00:00:00Z",
        "validFrom": "2000-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:a"},
    }
    facts = credential_facts(document)
    assert facts.issuer_id == "https://example.edu"
    assert facts.issuer_name is None
    assert facts.issued_on == facts.valid_from == utc(2010, 1, 1)
    assert facts.valid_until == utc(2020, 1, 1)


def test_unreadable_values_become_none() -> None:
    document: dict[str, Any] = {
        "@context": [V2, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": ["two", "ids"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": 7, "name": {"@type": "value"}},
        "validFrom": "Monday",
        "validUntil": 12,
        "credentialSubject": {
            "achievement": {"id": None, "name": 3, "alignment": "x", "achievementType": 9},
            "result": ["x", {"achievedLevel": 5}],
        },
    }
    facts = credential_facts(document)
    assert facts.credential_id is None
    assert facts.issuer_id is None and facts.issuer_name is None
    assert facts.valid_from is None and facts.valid_until is None and facts.issued_on is None
    assert facts.achievement_id is None and facts.achievement_name is None
    assert facts.achievement_kind is AchievementKind.BADGE
    assert facts.alignments == []
    assert facts.results[0]["achievedLevel"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Badge", AchievementKind.BADGE),
        ("MicroCredential", AchievementKind.MICRO_CERTIFICATE),
        ("Certificate", AchievementKind.CERTIFICATE),
        ("Certification", AchievementKind.CERTIFICATE),
        ("CertificateOfCompletion", AchievementKind.CERTIFICATE),
        ("ApprenticeshipCertificate", AchievementKind.CERTIFICATE),
        ("JourneymanCertificate", AchievementKind.CERTIFICATE),
        ("MasterCertificate", AchievementKind.CERTIFICATE),
        ("License", AchievementKind.LICENSE),
        ("Degree", AchievementKind.DEGREE),
        ("AssociateDegree", AchievementKind.DEGREE),
        ("BachelorDegree", AchievementKind.DEGREE),
        ("MasterDegree", AchievementKind.DEGREE),
        ("DoctoralDegree", AchievementKind.DEGREE),
        ("ProfessionalDoctorate", AchievementKind.DEGREE),
        ("ResearchDoctorate", AchievementKind.DEGREE),
        ("Diploma", AchievementKind.DEGREE),
        ("SecondarySchoolDiploma", AchievementKind.DEGREE),
        ("ext:Nanodegree", AchievementKind.NANODEGREE),
        ("ext:UdacityNanoDegree", AchievementKind.NANODEGREE),
        ("NANODEGREE", AchievementKind.NANODEGREE),
        ("Achievement", AchievementKind.OTHER),
        ("Competency", AchievementKind.OTHER),
        ("GeneralEducationDevelopment", AchievementKind.OTHER),
        ("ext:SomethingElse", AchievementKind.OTHER),
    ],
)
def test_achievement_kind(value: str, expected: AchievementKind) -> None:
    assert achievement_kind(value, credential_types=["VerifiableCredential"]) is expected


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["VerifiableCredential", "OpenBadgeCredential"], AchievementKind.BADGE),
        (["VerifiableCredential", "AchievementCredential"], AchievementKind.BADGE),
        (["VerifiableCredential", "ClrCredential"], AchievementKind.OTHER),
        (["VerifiableCredential"], AchievementKind.OTHER),
        ([], AchievementKind.OTHER),
    ],
)
def test_achievement_kind_without_an_achievement_type(
    types: list[str], expected: AchievementKind
) -> None:
    assert achievement_kind(None, credential_types=types) is expected
    assert achievement_kind("", credential_types=types) is expected


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(["id", "type", "name", "issuer", "credentialSubject", "achievement",
                         "validFrom", "issuedOn", "badge", "recipient", "@context", "result",
                         "alignment", "@value", "@language"]),
        children,
        max_size=6,
    ),
    max_leaves=30,
)  # fmt: skip


@given(JSON)
def test_facts_never_raise(document: Any) -> None:
    assert isinstance(credential_facts(document), Facts)
    assert isinstance(ob2_facts(document, document, document), Facts)
