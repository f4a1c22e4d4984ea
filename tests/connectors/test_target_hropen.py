"""The `hropen` target: LER-RS documents read back with json and validated with jsonschema."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from connectors.targets.hropen import LER_RS_TYPE, HrOpenTarget
from tests.conftest import unavailable
from tests.connectors.target_rows import (
    HYPERLINK_NAME,
    JWT,
    ROW_A,
    ROW_B,
    ROW_C,
    ROW_D,
    ROW_D_NUMBER,
    SAMPLE,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "connectors" / "targets" / "schemas" / "hropen"
BASE = "http://schema.hropenstandards.org/4.4/"
# Where each bundled schema sits in the HR Open package: its relative $refs resolve from there.
PLACES = {
    "LER-RSType.json": "recruiting/json/LER-RSType.json",
    "VerifiableCertificationType.json": "recruiting/json/ler-rs/VerifiableCertificationType.json",
    "SkillType.json": "recruiting/json/ler-rs/SkillType.json",
    "CertificationType.json": "common/json/profile/CertificationType.json",
}

# The files the bundled schemas reference but the format notes do not include. Each stand-in
# is the least the schemas' own descriptions promise; whatever is not listed accepts anything.
_OB3_TYPES = {"enum": ["OpenBadgeCredential", "AchievementCredential"]}
_OB3 = {
    "type": "object",
    "required": ["@context", "type", "credentialSubject"],
    # draft-04 "contains": not every item is something other than an OB 3.0 type.
    "properties": {"type": {"type": "array", "not": {"items": {"not": _OB3_TYPES}}}},
}
STAND_INS: dict[str, Any] = {
    # "A Verifiable Credential (VC) of the type Open Badge v3".
    "recruiting/json/ler-rs/1EdTech/ob_v3p0_achievementcredential_schema_draft4.json": _OB3,
    # "A Verifiable Credential (VC) of any type" (another branch of the same oneOf: not OB 3.0).
    "recruiting/json/ler-rs/OtherVerifiableCredentialType.json": {
        "type": "object",
        "required": ["@context", "type"],
        "not": _OB3,
    },
    # A verifying organisation, an external reference and HR Open's own provisional VC: none
    # of them is a credential hrkit embeds.
    "recruiting/json/ler-rs/VerifyingOrganizationType.json": {"not": {}},
    "recruiting/json/ler-rs/RefSchemeType.json": {"not": {}},
    "recruiting/json/ler-rs/ProvisionalVerifiableCredentialLicenseType.json": {"not": {}},
    # Shapes as the package's own instance examples show them.
    "common/json/base/IdentifierType.json": {
        "type": "object",
        "required": ["value"],
        "properties": {"value": {"type": "string"}},
    },
    "common/json/base/EffectiveTimePeriodType.json": {
        "type": "object",
        "properties": {"validFrom": {"type": "string"}, "validTo": {"type": "string"}},
    },
    "common/json/base/FormattedDateTimeType.json": {
        "type": "string",
        "pattern": r"^\d{4}(-\d{2}(-\d{2}(T.+)?)?)?$",
    },
}


@pytest.fixture(scope="module")
def validate() -> Any:
    """validate(instance, pointer): jsonschema errors of `instance` against a bundled schema."""
    try:
        import jsonschema
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4
    except ImportError:
        unavailable("jsonschema is not installed: it belongs in the test extra")

    def retrieve(uri: str) -> Resource[Any]:
        return DRAFT4.create_resource(STAND_INS.get(uri.removeprefix(BASE), {}))

    registry: Registry[Any] = Registry(retrieve=retrieve).with_resources(
        (BASE + place, Resource.from_contents(json.loads((SCHEMAS / name).read_text())))
        for name, place in PLACES.items()
    )

    def errors(instance: Any, pointer: str) -> list[str]:
        validator = jsonschema.Draft4Validator({"$ref": BASE + pointer}, registry=registry)
        return [error.message for error in validator.iter_errors(instance)]

    return errors


def documents(out_dir: Path, rows: Any) -> dict[str, dict[str, Any]]:
    paths = HrOpenTarget().write(rows, out_dir)
    assert sorted(paths) == sorted(out_dir.iterdir())
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in paths}


def file_for(email: str) -> str:
    return f"hropen_{hashlib.sha256(email.casefold().encode()).hexdigest()[:32]}.json"


def test_one_document_per_person_named_by_a_hash(tmp_path: Path) -> None:
    docs = documents(tmp_path, iter(SAMPLE))
    assert list(docs) == [file_for(e) for e in ("zoe@example.org", "mallory@example.com")] + [
        file_for("ada@example.org")
    ]
    assert all(re.fullmatch(r"hropen_[0-9a-f]{32}\.json", name) for name in docs)
    assert sum(len(doc["certifications"]) for doc in docs.values()) == len(SAMPLE)


def test_a_verified_credential_is_embedded_and_an_ended_one_is_end_dated(tmp_path: Path) -> None:
    doc = documents(tmp_path, SAMPLE)[file_for("zoe@example.org")]
    assert doc == {
        "type": LER_RS_TYPE,
        "person": {"name": {"formattedName": "Zoë Ångström 李小龍"}, "id": {"value": "E-100"}},
        "communication": {"email": [{"address": "zoe@example.org"}]},
        "certifications": [
            {"verifications": [json.loads(ROW_A.raw)]},
            {
                "id": {"value": ROW_C.credential_uri},
                "name": "Kubernetes Admin",
                "status": "revoked",
                "issuingAuthority": {"name": "Académie Ω"},
                "effectiveTimePeriod": {"validFrom": "2024-03-01", "validTo": "2025-06-15"},
            },
        ],
        "skills": [{"name": "Python"}, {"name": "SQL"}],
    }


def test_a_jwt_is_enveloped_verbatim_and_names_are_kept_as_given(tmp_path: Path) -> None:
    doc = documents(tmp_path, [ROW_B])[file_for("mallory@example.com")]
    assert doc["person"] == {"name": {"formattedName": HYPERLINK_NAME}}  # no external id
    assert doc["certifications"] == [
        {
            "verifications": [
                {
                    "@context": "https://www.w3.org/ns/credentials/v2",
                    "id": f"data:application/vc+jwt,{JWT}",
                    "type": "EnvelopedVerifiableCredential",
                }
            ]
        }
    ]


def test_a_json_credential_without_id_or_skills(tmp_path: Path) -> None:
    doc = documents(tmp_path, [ROW_D])[file_for("ada@example.org")]
    assert doc["certifications"] == [{"verifications": [json.loads(ROW_D.raw)]}]
    assert "skills" not in doc
    (tmp_path / "end").mkdir()
    ended = documents(tmp_path / "end", [replace(ROW_D, action="end")])
    [entry] = next(iter(ended.values()))["certifications"]
    assert entry["id"] == {"value": ROW_D_NUMBER}
    assert entry["status"] == "inactive"
    assert entry["effectiveTimePeriod"] == {"validFrom": "2024-03-01"}


def test_rows_in_any_order_give_the_same_documents(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ordered = documents(tmp_path / "a", [ROW_A, ROW_C, ROW_B, ROW_D])
    scattered = documents(tmp_path / "b", [ROW_A, ROW_D, ROW_B, ROW_C])
    assert scattered.keys() == ordered.keys()
    for name, doc in ordered.items():
        assert scattered[name] == doc


def test_documents_validate_against_the_ler_rs_schemas(tmp_path: Path, validate: Any) -> None:
    docs = documents(tmp_path, SAMPLE)
    for doc in docs.values():
        assert validate(doc, PLACES["LER-RSType.json"]) == []
        for entry in doc["certifications"]:
            if "verifications" in entry:
                assert validate(entry, PLACES["VerifiableCertificationType.json"]) == []
            else:
                pointer = (
                    PLACES["LER-RSType.json"] + "#/definitions/HROpenCertificationInternalType"
                )
                assert validate(entry, pointer) == []


def test_the_schema_check_is_not_vacuous(tmp_path: Path, validate: Any) -> None:
    doc = documents(tmp_path, [ROW_A])[file_for("zoe@example.org")]
    wrong = copy.deepcopy(doc)
    wrong["certifications"][0]["name"] = "a verifiable certification has no other property"
    assert validate(wrong["certifications"][0], PLACES["VerifiableCertificationType.json"])
    assert validate(wrong, PLACES["LER-RSType.json"])  # and no other branch takes it
    assert validate({**doc, "type": "LER-RS"}, PLACES["LER-RSType.json"])
