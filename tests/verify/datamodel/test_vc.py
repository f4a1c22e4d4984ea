"""VCDM 1.1 and 2.0 validation: the W3C VCDM 2.0 suite's inputs, then hand-written cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hrkit.verify.datamodel import (
    self_asserted_problems,
    validate_credential,
    validate_presentation,
)
from tests.verify.datamodel.shared import fixture_params, load

SUITE = "w3c-vcdm2-test-suite-inputs"
V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"


def as_issued(credential: dict[str, Any]) -> dict[str, Any]:
    """What the suite's issuer does before issuing: its own id as issuer, real dates."""
    issuer = credential.get("issuer")
    if "issuer" not in credential:
        credential["issuer"] = "did:example:issuer"
    elif isinstance(issuer, dict) and "id" not in issuer:
        # The suite's request body fills in the id of an issuer object that has none.
        issuer["id"] = "did:example:issuer"
    now = datetime.now(UTC).replace(microsecond=0)
    placeholders = {
        "FUTURE DATE": (now + timedelta(days=365)).isoformat().replace("+00:00", "Z"),
        "PAST DATE": (now - timedelta(days=365)).isoformat().replace("+00:00", "Z"),
    }
    for key, value in credential.items():
        if isinstance(value, str) and value in placeholders:
            credential[key] = placeholders[value]
    return credential


def suite_problems(path: Path) -> list[str]:
    document = load(path)
    if path.name.startswith("presentation-"):
        problems = validate_presentation(document)
        if path.name.startswith("presentation-self-asserted-"):
            # These credentials carry no proof: the presentation's proof is all that secures them.
            problems += self_asserted_problems(document)
        return problems
    return validate_credential(as_issued(document))


@pytest.mark.parametrize("path", fixture_params(SUITE))
def test_vcdm2_suite_input(path: Path) -> None:
    problems = suite_problems(path)
    if path.stem.endswith("-ok"):
        assert problems == []
    else:  # -fail, -fail-or-inject, and the self-asserted mismatches
        assert problems, "expected at least one problem"
        assert all(isinstance(p, str) and "\n" not in p and ": " in p for p in problems)


def vc2(**extra: Any) -> dict[str, Any]:
    return {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:subject"},
        **extra,
    }


def vc1(**extra: Any) -> dict[str, Any]:
    return {
        "@context": [V1],
        "type": ["VerifiableCredential"],
        "issuer": "https://example.edu/issuers/14",
        "issuanceDate": "2010-01-01T19:23:24",
        "credentialSubject": {"id": "did:example:subject", "degree": "BSc"},
        **extra,
    }


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (vc2(), []),
        (vc2(**{"@context": V2}), []),
        (vc1(), []),
        (vc1(**{"@context": V1}), []),
        (vc1(expirationDate="2030-01-01T00:00:00Z"), []),
        (vc2(validFrom="2010-01-01T00:00:00"), ["validFrom: a timezone is required: "]),
        (vc2(validFrom="2030-01-01T00:00:00Z", validUntil="2020-01-01T00:00:00Z"),
         ["validUntil: earlier than validFrom"]),
        (vc1(issuanceDate=None), ["issuanceDate: must be a dateTime string, not null"]),
        ({k: v for k, v in vc1().items() if k != "issuanceDate"}, ["issuanceDate: required"]),
        (vc1(expirationDate="2000-01-01T00:00:00Z"), ["expirationDate: earlier than issuanceDate"]),
        (vc1(credentialStatus={"type": "StatusList2021Entry"}), ["credentialStatus.id: required"]),
        (vc2(credentialStatus={"type": "BitstringStatusListEntry"}), []),
        (vc2(credentialSubject=[]), ["credentialSubject: must not be empty"]),
        (vc2(credentialSubject="did:example:subject"), ["credentialSubject: must be an object"]),
        (vc2(credentialSubject=[{"id": "did:example:a"}, "x"]),
         ["credentialSubject[1]: must be an object"]),
        (vc2(type="VerifiableCredential"), []),
        (vc2(type=[]), ["type: must not be empty"]),
        (vc2(type=["VerifiableCredential", "Two Words"]),
         ["type: must be a string or an array of strings without spaces"]),
        (vc2(issuer={"id": "did:example:issuer", "name": {"@value": 1}}),
         ["issuer.name: @value must be a string"]),
        (vc2(name=[]), ["name: must not be empty"]),
        (vc2(name={"@value": "X", "@language": "not a tag"}),
         ["name: @language must be a language tag"]),
        (vc2(description={"@value": "X", "@direction": "up"}),
         ["description: @direction must be ltr or rtl"]),
        (vc2(evidence=["https://example.org/evidence"]), ["evidence[0]: must be an object"]),
        (vc2(termsOfUse=[]), ["termsOfUse: must not be empty"]),
        (vc2(proof={"type": "DataIntegrityProof", "proofValue": "z1"}),
         ["proof.cryptosuite: required for a DataIntegrityProof"]),
        (vc2(proof={"type": "Ed25519Signature2020", "verificationMethod": "z6MkNoScheme"}),
         ["proof.verificationMethod: must be a URL"]),
        (vc2(proof={"type": "X", "verificationMethod": {"id": "did:key:z6Mk#z6Mk"}}), []),
        (vc2(id="https://"), ["id: must be a single URL"]),
        (vc2(id="urn:uuid:9c9a36f8-518f-4976-a934-6649502d0008"), []),
        ("not an object", ["credential: must be a JSON object"]),
    ],
)  # fmt: skip
def test_credential_rules(document: Any, expected: list[str]) -> None:
    problems = validate_credential(document)
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ([V2, {"ex": "https://example.org/#", "Thing": "ex:Thing"}], []),
        ([V2, {"Thing": {"@id": "https://example.org/#Thing", "@type": "@id"}}], []),
        ([V2, {"Thing": {"@id": "https ://bad#Thing"}}],
         ["@context[1].Thing.@id: must be an absolute IRI"]),
        ([V2, {"Thing": "Relative"}], ["@context[1].Thing: must map to an absolute IRI"]),
        ([V2, {"Thing": {"@context": {"inner": "not an iri"}}}],
         ["@context[1].Thing.@context.inner: must map to an absolute IRI"]),
        ([V2, {"id": "@id", "name": "https://schema.org/name"}], []),
        ([V2, {"name": "https://example.org/#name"}],
         ["@context[1]: redefines the protected term 'name'"]),
        ([V1, {"VerifiablePresentation": "https://example.org/#VP"}],
         ["@context[1]: redefines the protected term 'VerifiablePresentation'",
          "issuanceDate: required"]),
        ([V2, {"A": {"@id": "https://example.org/#A", "@protected": True}},
          {"A": "https://example.org/#B"}],
         ["@context[2]: redefines the protected term 'A'"]),
        ([V2, {"@protected": True, "A": {"@id": "https://example.org/#A", "@protected": False}},
          {"A": "https://example.org/#B"}], []),
        ([V2, {"@vocab": None}, "https://www.w3.org/ns/credentials/examples/v2"], []),
        ([V2, {"@vocab": "not an iri"}], ["@context[1].@vocab: must be an absolute IRI or null"]),
        ([V2, None], ["@context[1]: must be a URL or an object"]),
        ([], ["@context: must be a non-empty array"]),
        ({"@vocab": "https://example.org/#"}, ["@context: must be a non-empty array"]),
        ("https://example.org/context", ["@context: must start with"]),
    ],
)  # fmt: skip
def test_inline_contexts(context: Any, expected: list[str]) -> None:
    problems = validate_credential(vc2(**{"@context": context}))
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


def test_vocab_null_leaves_only_defined_or_absolute_types() -> None:
    context = [V2, {"@vocab": None, "Defined": "https://example.org/#Defined"}]
    types = ["VerifiableCredential", "Defined", "https://example.org/#Absolute", "Loose"]
    problems = validate_credential(vc2(**{"@context": context, "type": types}))
    assert problems == ["type: 'Loose' is not defined by any context"]


def vp(**extra: Any) -> dict[str, Any]:
    return {"@context": [V2], "type": ["VerifiablePresentation"], **extra}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (vp(), []),
        (vp(verifiableCredential=vc2()), []),
        (vp(verifiableCredential=[]), ["verifiableCredential: must not be empty"]),
        (vp(verifiableCredential=[vc2(issuer=None)]),
         ["verifiableCredential[0].issuer: must be a URL"]),
        (vp(verifiableCredential=[{"@context": V2, "type": "EnvelopedVerifiableCredential",
                                   "id": "https://example.org/vc"}]),
         ["verifiableCredential[0].id: must be a data: URL"]),
        (vp(verifiableCredential=[{"type": "EnvelopedVerifiableCredential", "id": "data:,x"}]),
         ["verifiableCredential[0].@context: required"]),
        ({"@context": [V1], "type": "VerifiablePresentation", "verifiableCredential": ["a.b.c"]},
         []),
        ({"@context": [V1], "type": "VerifiablePresentation", "verifiableCredential": ["nope"]},
         ["verifiableCredential[0]: must be a credential object"]),
        (vp(holder={"id": "did:example:holder", "name": "Alice"}), []),
        (vp(holder=["did:example:holder"]), ["holder: must be a URL or an object"]),
        (vp(termsOfUse={"id": "https://example.org/tou"}), ["termsOfUse.type: required"]),
        (vp(proof=[{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}, "x"]),
         ["proof[1]: must be an object"]),
        ([], ["presentation: must be a JSON object"]),
    ],
)  # fmt: skip
def test_presentation_rules(document: Any, expected: list[str]) -> None:
    problems = validate_presentation(document)
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


def test_self_asserted_credentials_are_bound_to_the_holder() -> None:
    holder = "did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj"
    own = vc2(issuer={"id": holder, "name": "Me"})
    signed = vc2(proof={"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"})
    enveloped = {"@context": V2, "type": "EnvelopedVerifiableCredential", "id": "data:,x"}
    assert self_asserted_problems(vp(holder=holder, verifiableCredential=[own, signed])) == []
    assert self_asserted_problems(vp(holder={"id": holder}, verifiableCredential=own)) == []
    assert self_asserted_problems(vp(verifiableCredential=[signed, enveloped])) == []
    assert self_asserted_problems(vp(verifiableCredential=[signed, own])) == [
        "holder: required: verifiableCredential[1] is self-asserted (it has no proof)"
    ]
    assert self_asserted_problems(vp(holder="did:example:other", verifiableCredential=own)) == [
        "verifiableCredential[0].issuer: must equal the holder of a self-asserted credential"
    ]
