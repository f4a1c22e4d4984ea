"""Open Badges 3.0 and CLR 2.0: the 1EdTech validator's fixtures, the spec's examples, and
hand-written cases. A credential's data-model problems are VCDM's plus OB's, as the engine runs
them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from hrkit.verify.datamodel import is_open_badge, validate_credential, validate_ob3
from tests.verify.datamodel.shared import CONFORMANCE, fixture_params, load, needs_fixtures

OB30 = "1edtech-validator-fixtures/ob30"
V2 = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

# Files whose data model is valid; their upstream failures (if any) come from other checks.
VALID = {
    "simple.json", "complete.json", "complete_v1.json", "simple_v1.json",
    "simple-multiple-proofs.json", "endorsement-valid.json", "simple-did-key-method.json",
    "simple-did-web-method.json", "simple-eddsa-2022.json", "simple-context-alias.json",
    "simple-context-version.json", "credential-status-revoked.json",
    "bit-string-list/credential-status-revoked.json",
    "bit-string-list/credential-status-revoked-blank-nodes.json",
    # status list / schema URLs that cannot be fetched: a status check, not the data model
    "endorsement-err-schema-status-refresh.json",
    # validity period, signature and key errors: the data model itself is fine
    "simple-err-expired.json", "simple-err-proof-method.json",
    "simple-err-proof-method-unknown-did-method.json",
    "simple-err-proof-method-unknown-scheme.json", "simple-err-proof-value.json",
}  # fmt: skip
# Invalid files and (the start of) one problem each must yield.
INVALID = {
    "simple-err-type.json": "type: must include one of OpenBadgeCredential",
    "simple-err-issuer.json": "issuer: required",
    "simple-err-context.json": "@context[0]: must be https://www.w3.org/ns/credentials/v2",
    "simple-err-credential-subject-type.json": "credentialSubject.type: must include Achievement",
    "simple-err-credential-subject-identifier-type.json":
        "credentialSubject.identifier[0].type: must include IdentityObject",
    "simple-err-credential-subject-result-type.json":
        "credentialSubject.result[1].type: must include Result",
    "simple-err-credential-subject-achievement-result-description-type.json":
        "credentialSubject.achievement.resultDescription[2].type: must include ResultDescription",
    "simple-err-credential-subject-profile-type.json":
        "credentialSubject.source.type: must include Profile",
    "simple-err-evidence-type.json": "evidence[1].type: must include Evidence",
    "simple-err-issuer-type.json": "issuer.type: must include Profile",
    "simple-err-issuer-otheridentifier-type.json":
        "issuer.otherIdentifier[1].type: must include IdentifierEntry",
    "simple-err-issuer-parentorg-type.json": "issuer.parentOrg.type: must include Profile",
    "simple-err-proof-method-no-scheme.json": "proof[0].verificationMethod: must be a URL",
    # no achievement at all (besides the error the file is named after)
    "simple-err-issued.json": "credentialSubject.achievement: required",
    "simple-noproof.json": "credentialSubject.achievement: required",
    # a selectively disclosed credential that leaves out the required `name`
    "sd/derivedcredential.json": "name: required",
}  # fmt: skip


def problems_of(document: Any) -> list[str]:
    return [*validate_credential(document), *validate_ob3(document)]


@pytest.mark.parametrize("path", fixture_params(OB30))
def test_1edtech_ob30_fixture(path: Path) -> None:
    name = str(path.relative_to(CONFORMANCE / OB30))
    assert name in VALID or name in INVALID, f"unclassified fixture {name}"
    problems = problems_of(load(path))
    if name in VALID:
        assert problems == []
    else:
        assert any(p.startswith(INVALID[name]) for p in problems), problems


@pytest.mark.parametrize("path", fixture_params("1edtech-validator-fixtures/clr20"))
def test_1edtech_clr20_fixture(path: Path) -> None:
    document = load(path)
    assert is_open_badge(document)
    assert problems_of(document) == []


@pytest.mark.parametrize("path", fixture_params("ob3-spec-examples-unsigned"))
def test_ob3_spec_example(path: Path) -> None:
    assert problems_of(load(path)) == []


@needs_fixtures
@pytest.mark.parametrize(
    "name",
    [
        "ob3-eddsa-rdfc-2022/signed-credential.json",
        "ob3-eddsa-rdfc-2022/unsigned-credential.json",
        "clr2-eddsa-rdfc-2022/signed-credential.json",
        "clr2-eddsa-rdfc-2022/unsigned-credential.json",
    ],
)
def test_signed_vectors(name: str) -> None:
    assert problems_of(load(CONFORMANCE / name)) == []


def badge(**extra: Any) -> dict[str, Any]:
    return {
        "@context": [V2, OB_CONTEXT],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Badge",
        "issuer": {"id": "https://example.org/issuer", "type": ["Profile"], "name": "Org"},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.org/achievements/1",
                "type": ["Achievement"],
                "name": "Teamwork",
                "description": "Works in teams.",
                "criteria": {"narrative": "Do it."},
            },
        },
        **extra,
    }


def edited(path: str, value: Any, document: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of `document` (default: `badge()`) with `value` set at a dotted path (None
    deletes)."""
    result = copy.deepcopy(document if document is not None else badge())
    *parents, last = path.split(".")
    node = result
    for key in parents:
        node = node[key]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return result


ACHIEVEMENT = "credentialSubject.achievement"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("@context", [V2], "@context: must include the Open Badges 3.0 context"),
        ("id", None, "id: required"),
        ("name", None, "name: required"),
        ("validFrom", None, "validFrom: required"),
        ("issuer", "https://example.org/issuer", "issuer: must be a Profile object"),
        ("issuer.type", "Organization", "issuer.type: must include Profile"),
        ("issuer.url", "example.org", "issuer.url: must be a URL"),
        ("awardedDate", "yesterday", "awardedDate: not an XML Schema dateTime"),
        ("credentialSubject.id", None, "credentialSubject: must have an id or an identifier"),
        ("credentialSubject.identifier", [{"type": "IdentityObject", "hashed": "no",
                                           "identityHash": "a@b.c", "identityType": "email"}],
         "credentialSubject.identifier[0].hashed: must be a boolean"),
        ("credentialSubject.identifier", {"type": "IdentityObject"},
         "credentialSubject.identifier.hashed: required"),
        (ACHIEVEMENT, None, "credentialSubject.achievement: required"),
        (ACHIEVEMENT, "https://example.org/achievements/1",
         "credentialSubject.achievement: must be an object"),
        (f"{ACHIEVEMENT}.description", None, f"{ACHIEVEMENT}.description: required"),
        (f"{ACHIEVEMENT}.type", None, f"{ACHIEVEMENT}.type: must include Achievement"),
        (f"{ACHIEVEMENT}.type", 3, f"{ACHIEVEMENT}.type: must be a string or an array"),
        (f"{ACHIEVEMENT}.criteria", {}, f"{ACHIEVEMENT}.criteria: must have an id or a narrative"),
        (f"{ACHIEVEMENT}.alignment", [{"type": ["Alignment"], "targetName": "X"}],
         f"{ACHIEVEMENT}.alignment[0].targetUrl: required"),
        (f"{ACHIEVEMENT}.image", {"id": "https://example.org/i.png"},
         f"{ACHIEVEMENT}.image.type: must include Image"),
        (f"{ACHIEVEMENT}.creator", {"type": ["Profile"]}, f"{ACHIEVEMENT}.creator.id: required"),
        ("credentialSubject.result", [{"type": ["Result"], "resultDescription": "urn:x"}],
         "credentialSubject.result[0].resultDescription: not a resultDescription"),
        ("evidence", [{"type": ["Evidence"]}, {"type": "Proof"}],
         "evidence[1].type: must include Evidence"),
        ("endorsement", ["not a credential"], "endorsement[0]: must be an object"),
    ],
)  # fmt: skip
def test_ob3_rules(path: str, value: Any, expected: str) -> None:
    assert problems_of(badge()) == []
    problems = problems_of(edited(path, value))
    assert any(p.startswith(expected) for p in problems), problems


def test_only_open_badges_are_checked() -> None:
    plain = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:subject"},
    }
    assert not is_open_badge(plain)
    assert validate_ob3(plain) == []
    # An OB context without an OB type claims the data model and breaks it.
    claimed = {**plain, "@context": [V2, OB_CONTEXT]}
    assert is_open_badge(claimed)
    assert validate_ob3(claimed) == [
        "type: must include one of OpenBadgeCredential, AchievementCredential, "
        "EndorsementCredential, ClrCredential"
    ]


def test_a_subject_list_is_not_an_achievement_subject() -> None:
    document = edited("credentialSubject", [badge()["credentialSubject"]])
    assert "credentialSubject: must be a single object" in validate_ob3(document)


def test_nested_credentials_are_validated_in_full_under_their_path() -> None:
    endorsement = {
        "@context": [V2, OB_CONTEXT],
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": "https://example.org/endorser", "type": ["Profile"]},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "https://example.org/issuer", "type": "EndorsementSubject"},
    }
    document = edited(f"{ACHIEVEMENT}.endorsement", [endorsement])
    assert problems_of(document) == []  # embedded endorsements may omit id and name
    broken = edited("credentialSubject.type", "Subject", endorsement)
    problems = validate_ob3(edited(f"{ACHIEVEMENT}.endorsement", [broken]))
    assert problems == [
        f"{ACHIEVEMENT}.endorsement[0].credentialSubject.type: must include EndorsementSubject"
    ]
    undated = edited("validFrom", "2024-01-01", endorsement)
    problems = validate_ob3(edited("endorsement", undated))
    assert problems[0].startswith("endorsement.validFrom: not an XML Schema dateTime")


def clr(*credentials: Any) -> dict[str, Any]:
    return {
        "@context": [V2, "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", OB_CONTEXT],
        "id": "urn:uuid:clr",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": "Transcript",
        "issuer": {"id": "https://example.org/issuer", "type": ["Profile"]},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["ClrSubject"],
            "verifiableCredential": list(credentials),
        },
    }


def test_clr_subjects_carry_achievement_credentials() -> None:
    assert problems_of(clr(badge(), "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln")) == []
    assert "credentialSubject.verifiableCredential: must not be empty" in validate_ob3(clr())
    nested = edited("name", None)
    problems = validate_ob3(clr(badge(), nested, "plain text"))
    assert problems == [
        "credentialSubject.verifiableCredential[1].name: required",
        "credentialSubject.verifiableCredential[2]: must be an AchievementCredential",
    ]
    without_context = edited("@context", [V2, OB_CONTEXT], clr(badge()))
    assert validate_ob3(without_context) == ["@context: must include the CLR 2.0 context"]


def test_deep_nesting_is_bounded() -> None:
    endorsement: dict[str, Any] = {"type": ["VerifiableCredential", "EndorsementCredential"]}
    document = endorsement
    for _ in range(200):
        inner: dict[str, Any] = {"type": ["VerifiableCredential", "EndorsementCredential"]}
        document["endorsement"] = [inner]
        document = inner
    problems = validate_ob3(edited("endorsement", [endorsement]))
    assert any(p.endswith(": nested too deeply") for p in problems)
    assert max(p.count("endorsement[0]") for p in problems) < 20
