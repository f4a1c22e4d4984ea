"""Data Integrity proofs and offline, budgeted JSON-LD canonicalization.

The public vectors (W3C vc-di-eddsa, the OB 3.0 / CLR 2.0 spec vectors, the 1EdTech validator
fixtures) come from `../shared/conformance`; the tamper, strictness and budget cases sign their
own fresh credentials so that they do not depend on the vectors.
"""

from __future__ import annotations

import hashlib
import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

import hrkit.verify.jsonld as jsonld_module
from hrkit.errors import HrkitError
from hrkit.verify.dataintegrity import (
    LimitExceeded,
    ProofError,
    ProofInvalid,
    UndefinedTerm,
    UnknownContext,
    UnsupportedProof,
    proofs_of,
    verify_proof,
)
from hrkit.verify.jsonld import Budget, canonicalize, document_loader, supported_context_urls
from hrkit.verify.multibase import PublicKey, b58encode, multikey_to_public_key

CONFORMANCE = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
needs_vectors = pytest.mark.skipif(
    not CONFORMANCE.is_dir(), reason=f"conformance vectors not found at {CONFORMANCE}"
)
VECTORS = CONFORMANCE / "w3c-vc-di-eddsa" / "TestVectors"
CONTEXTS = Path(jsonld_module.__file__).parent / "contexts"

V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
V1 = "https://www.w3.org/2018/credentials/v1"
DI_V1 = "https://w3id.org/security/data-integrity/v1"


def _load(relative: str) -> Any:
    return json.loads((CONFORMANCE / relative).read_text())


def _sha256(data: str | bytes) -> bytes:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).digest()


def _fresh_key() -> ed25519.Ed25519PublicKey:
    return ed25519.Ed25519PrivateKey.generate().public_key()


def _key_for(verification_method: str) -> PublicKey:
    """The key a multikey VM names (fragment or last DID segment); a fresh key when the VM
    names none (e.g. `#key-1`: the vector's key is published elsewhere, so it cannot verify)."""
    candidates = [verification_method.rsplit(":", 1)[-1]]
    if "#" in verification_method:
        candidates.insert(0, verification_method.split("#", 1)[1])
    for candidate in candidates:
        try:
            return multikey_to_public_key(candidate)
        except HrkitError:
            continue
    return _fresh_key()


def _outcome(document: dict[str, Any], proof: dict[str, Any], key: PublicKey | None = None) -> str:
    try:
        verify_proof(document, proof, key or _key_for(proof.get("verificationMethod", "")))
    except ProofError as exc:
        assert "\n" not in str(exc)
        return type(exc).__name__
    return "ok"


# --- the public vectors ------------------------------------------------------------------------

OK, INVALID, UNDEFINED = "ok", "ProofInvalid", "UndefinedTerm"
W3C = "w3c-vc-di-eddsa/TestVectors/"
OB30 = "1edtech-validator-fixtures/ob30/"
CLR20 = "1edtech-validator-fixtures/clr20/"
UNSUPPORTED, UNKNOWN_CONTEXT = "UnsupportedProof", "UnknownContext"

# One outcome per proof, in order. The 1EdTech `simple-err-*` fixtures were altered after
# signing; under strict JSON-LD most already fail as UndefinedTerm (a ProofInvalid) because the
# alteration introduced a term or type the contexts do not define. Without strictness every one
# of them fails the signature instead, except expired/issued/issuer, which keep valid signatures.
EXPECTED: list[tuple[str, list[str]]] = [
    (W3C + "eddsa-rdfc-2022/signedDataInt.json", [OK]),
    # needs https://w3id.org/citizenship/v4rc1, which no snapshot has: refused, never fetched
    (W3C + "eddsa-rdfc-2022/employ/signedDataInt.json", [UNKNOWN_CONTEXT]),
    (W3C + "eddsa-jcs-2022/signedJCS.json", [OK]),
    (W3C + "Ed25519Signature2020/signedEdSig.json", [OK]),
    (W3C + "proof-set-chain/signedProofSet1.json", [OK]),
    (W3C + "proof-set-chain/signedProofSet2.json", [OK, OK]),
    (W3C + "proof-set-chain/signedProofChain1.json", [OK, OK, OK]),
    (W3C + "proof-set-chain/signedProofChain2.json", [OK, OK, OK, OK]),
    ("ob3-eddsa-rdfc-2022/signed-credential.json", [OK]),
    ("clr2-eddsa-rdfc-2022/signed-credential.json", [OK]),
    (CLR20 + "complex.json", [OK]),
    (CLR20 + "simple.json", [OK]),
    (CLR20 + "simple_v1.json", [OK]),
    (CLR20 + "simple_old_safesigned.json", [UNKNOWN_CONTEXT]),
    (OB30 + "bit-string-list/credential-status-revoked.json", [OK]),
    (
        OB30 + "bit-string-list/credential-status-revoked-blank-nodes.json",
        [OK],
    ),
    (OB30 + "complete.json", [OK]),
    # type "1EdTechCredentialRefresh" is not in the v1-era OB context: a relative IRI
    (OB30 + "complete_v1.json", [UNDEFINED]),
    (OB30 + "credential-status-revoked.json", [OK]),
    (OB30 + "endorsement-err-schema-status-refresh.json", [INVALID]),
    (OB30 + "endorsement-valid.json", [OK]),
    (OB30 + "sd/derivedcredential.json", [UNSUPPORTED]),
    (OB30 + "simple.json", [OK]),
    (OB30 + "simple_v1.json", [OK]),
    (OB30 + "simple-context-alias.json", [OK]),
    (OB30 + "simple-context-version.json", [OK]),
    (OB30 + "simple-did-key-method.json", [OK]),
    (OB30 + "simple-did-web-method.json", [OK]),
    (OB30 + "simple-eddsa-2022.json", [OK]),
    (OB30 + "simple-multiple-proofs.json", [UNSUPPORTED, OK]),
    (OB30 + "simple-err-context.json", [UNDEFINED]),
    (
        OB30 + "simple-err-credential-subject-achievement-result-description-type.json",
        [UNDEFINED],
    ),
    (OB30 + "simple-err-credential-subject-identifier-type.json", [UNDEFINED]),
    (OB30 + "simple-err-credential-subject-profile-type.json", [UNDEFINED]),
    (OB30 + "simple-err-credential-subject-result-type.json", [UNDEFINED]),
    (OB30 + "simple-err-credential-subject-type.json", [UNDEFINED]),
    (OB30 + "simple-err-evidence-type.json", [UNDEFINED]),
    (OB30 + "simple-err-expired.json", [OK]),
    (OB30 + "simple-err-issued.json", [OK]),
    (OB30 + "simple-err-issuer.json", [OK]),
    (OB30 + "simple-err-issuer-otheridentifier-type.json", [UNDEFINED]),
    (OB30 + "simple-err-issuer-parentorg-type.json", [UNDEFINED]),
    (OB30 + "simple-err-issuer-type.json", [UNDEFINED]),
    # the VM "z6Mk…" has no scheme: a relative IRI in the proof
    (OB30 + "simple-err-proof-method-no-scheme.json", [UNDEFINED]),
    (OB30 + "simple-err-proof-method-unknown-did-method.json", [INVALID]),
    (OB30 + "simple-err-proof-method-unknown-scheme.json", [INVALID]),
    (OB30 + "simple-err-proof-method.json", [INVALID]),
    (OB30 + "simple-err-proof-value.json", [INVALID]),
    (OB30 + "simple-err-type.json", [UNDEFINED]),
]


@needs_vectors
@pytest.mark.parametrize(("path", "expected"), EXPECTED, ids=[path for path, _ in EXPECTED])
def test_vector_outcomes(path: str, expected: list[str]) -> None:
    document = _load(path)
    assert [_outcome(document, proof) for proof in proofs_of(document)] == expected


@needs_vectors
def test_every_signed_fixture_is_in_the_table() -> None:
    listed = {path for path, _ in EXPECTED}
    signed = {
        str(path.relative_to(CONFORMANCE))
        for folder in ("1edtech-validator-fixtures/ob30", "1edtech-validator-fixtures/clr20")
        for path in (CONFORMANCE / folder).rglob("*.json")
        if "proof" in json.loads(path.read_text())
    }
    signed |= {str(p.relative_to(CONFORMANCE)) for p in VECTORS.rglob("signed*.json")}
    assert signed <= listed


@needs_vectors
@pytest.mark.parametrize("folder", ["ob3-eddsa-rdfc-2022", "clr2-eddsa-rdfc-2022"])
def test_1edtech_vectors_reproduce_byte_for_byte(folder: str) -> None:
    signed = _load(f"{folder}/signed-credential.json")
    facts = _load(f"{folder}/key-and-intermediates.json")
    unsigned = _load(f"{folder}/unsigned-credential.json")
    (proof,) = proofs_of(signed)
    proof_config = {**proof, "@context": signed["@context"]}
    del proof_config["proofValue"]

    document_canon = canonicalize(unsigned, budget=Budget())
    proof_canon = canonicalize(proof_config, budget=Budget())

    assert document_canon == (CONFORMANCE / folder / "document-canon.nq").read_text()
    assert proof_canon == (CONFORMANCE / folder / "proof-canon.nq").read_text()
    assert _sha256(document_canon).hex() == facts["Document hash (hex)"]
    assert _sha256(proof_canon).hex() == facts["Proof hash (hex)"]
    key = ed25519.Ed25519PublicKey.from_public_bytes(bytes.fromhex(facts["Public key (hex)"]))
    verify_proof(signed, proof, key)


@needs_vectors
@pytest.mark.parametrize(
    ("folder", "suffix"),
    [("eddsa-rdfc-2022", "DataInt"), ("Ed25519Signature2020", "EdSig"), ("eddsa-jcs-2022", "JCS")],
)
def test_w3c_intermediate_values(folder: str, suffix: str) -> None:
    base = VECTORS / folder
    unsigned = json.loads((VECTORS / "unsigned.json").read_text())
    config = json.loads((base / f"proofConfig{suffix}.json").read_text())
    if folder == "Ed25519Signature2020":
        unsigned["@context"] = config["@context"]
    if folder == "eddsa-jcs-2022":
        document_canon, proof_canon = rfc8785.dumps(unsigned), rfc8785.dumps(config)
        assert proof_canon.decode() == (base / f"proofCanon{suffix}.txt").read_text()
    else:
        document_canon = canonicalize(unsigned, budget=Budget()).encode()
        proof_canon = canonicalize(config, budget=Budget()).encode()
        assert document_canon.decode() == (base / f"canonDoc{suffix}.txt").read_text()
        assert proof_canon.decode() == (base / f"proofCanon{suffix}.txt").read_text()
    combined = _sha256(proof_canon) + _sha256(document_canon)
    assert combined.hex() == (base / f"combinedHash{suffix}.txt").read_text().strip()
    key = multikey_to_public_key(
        json.loads((VECTORS / "keyPair.json").read_text())["publicKeyMultibase"]
    )
    assert isinstance(key, ed25519.Ed25519PublicKey)
    key.verify(bytes.fromhex((base / f"sigHex{suffix}.txt").read_text().strip()), combined)


@needs_vectors
def test_p256_keys_give_unsupported_for_ecdsa_and_invalid_for_eddsa() -> None:
    derived = _load(OB30 + "sd/derivedcredential.json")
    (proof,) = proofs_of(derived)
    p256 = _key_for(proof["verificationMethod"])
    assert isinstance(p256, ec.EllipticCurvePublicKey)
    with pytest.raises(UnsupportedProof, match="ecdsa-sd-2023"):
        verify_proof(derived, proof, p256)
    simple = _load(OB30 + "simple.json")
    with pytest.raises(ProofInvalid, match="needs an Ed25519 key"):
        verify_proof(simple, proofs_of(simple)[0], p256)


# --- self-signed credentials: tampering ---------------------------------------------------------


def _credential() -> dict[str, Any]:
    return {
        "@context": [V2, EXAMPLES_V2],
        "id": "urn:uuid:0b7a1c3e-9d55-4a5e-8e43-1f3b2c9d7a10",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2024-05-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject", "name": "Ada Lovelace"},
    }


def _sign(
    document: dict[str, Any],
    key: ed25519.Ed25519PrivateKey,
    *,
    cryptosuite: str = "eddsa-rdfc-2022",
    **extra: Any,
) -> dict[str, Any]:
    """A proof made the way vc-di-eddsa says, added to (a copy of) `document`'s proofs."""
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": cryptosuite,
        "created": "2024-05-01T12:00:00Z",
        "verificationMethod": "did:example:issuer#key-1",
        "proofPurpose": "assertionMethod",
        **extra,
    }
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {**proof, "@context": document["@context"]}
    if cryptosuite == "eddsa-jcs-2022":
        proof["@context"] = document["@context"]
        data = _sha256(rfc8785.dumps(config)) + _sha256(rfc8785.dumps(unsecured))
    else:
        if "previousProof" in proof:
            wanted = proof["previousProof"]
            wanted = [wanted] if isinstance(wanted, str) else wanted
            unsecured["proof"] = [p for p in proofs_of(document) if p.get("id") in wanted]
        data = _sha256(canonicalize(config, budget=Budget())) + _sha256(
            canonicalize(unsecured, budget=Budget())
        )
    proof["proofValue"] = "z" + b58encode(key.sign(data))
    return {**document, "proof": [*proofs_of(document), proof]}


SUITES = ["eddsa-rdfc-2022", "eddsa-jcs-2022"]


@pytest.fixture
def private_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.mark.parametrize("suite", SUITES)
def test_a_fresh_credential_verifies(suite: str, private_key: ed25519.Ed25519PrivateKey) -> None:
    signed = _sign(_credential(), private_key, cryptosuite=suite)
    assert _outcome(signed, signed["proof"][0], private_key.public_key()) == OK


@pytest.mark.parametrize("suite", SUITES)
def test_one_changed_character_is_invalid(
    suite: str, private_key: ed25519.Ed25519PrivateKey
) -> None:
    signed = _sign(_credential(), private_key, cryptosuite=suite)
    signed["credentialSubject"] = {**signed["credentialSubject"], "name": "Ada Lovelacf"}
    assert _outcome(signed, signed["proof"][0], private_key.public_key()) == INVALID


@pytest.mark.parametrize("suite", SUITES)
def test_a_changed_created_is_invalid(suite: str, private_key: ed25519.Ed25519PrivateKey) -> None:
    signed = _sign(_credential(), private_key, cryptosuite=suite)
    signed["proof"][0]["created"] = "2024-05-01T12:00:01Z"
    assert _outcome(signed, signed["proof"][0], private_key.public_key()) == INVALID


@pytest.mark.parametrize("suite", SUITES)
def test_a_wrong_key_is_invalid(suite: str, private_key: ed25519.Ed25519PrivateKey) -> None:
    signed = _sign(_credential(), private_key, cryptosuite=suite)
    assert _outcome(signed, signed["proof"][0], _fresh_key()) == INVALID


def test_an_undefined_term_added_after_signing_is_refused(
    private_key: ed25519.Ed25519PrivateKey,
) -> None:
    # VCDM 1.1 has no @vocab: an undefined term would silently vanish from the signed graph
    credential = {
        "@context": [V1, DI_V1],
        "id": "urn:uuid:5f0e7c0a-2b9e-4a8e-9b1e-6b8f0d2e4c11",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "issuanceDate": "2024-05-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject"},
    }
    signed = _sign(credential, private_key)
    assert _outcome(signed, signed["proof"][0], private_key.public_key()) == OK
    signed["credentialSubject"] = {**signed["credentialSubject"], "degree": "PhD"}
    with pytest.raises(UndefinedTerm, match="'degree'"):
        verify_proof(signed, signed["proof"][0], private_key.public_key())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"proofValue": "u" + "A" * 86}, "base58btc"),
        ({"proofValue": "z" + b58encode(b"\x01" * 63)}, "63 bytes"),
        ({"proofValue": "z0OIl"}, "base58"),
        ({"proofValue": 42}, "base58btc"),
        ({"created": "yesterday"}, "dateTime"),
        ({"created": "2024-02-30T12:00:00Z"}, "dateTime"),
        ({"expires": "2024-13-01T00:00:00Z"}, "dateTime"),
        ({"verificationMethod": None}, "verificationMethod"),
        ({"proofPurpose": ""}, "proofPurpose"),
        ({"cryptosuite": None}, "cryptosuite"),
        ({"@context": [EXAMPLES_V2]}, "@context"),
        ({"previousProof": "urn:uuid:missing"}, "previousProof"),
        ({"previousProof": [7]}, "previousProof"),
    ],
)
def test_inconsistent_proofs_are_invalid(
    change: dict[str, Any], message: str, private_key: ed25519.Ed25519PrivateKey
) -> None:
    signed = _sign(_credential(), private_key)
    proof = {**signed["proof"][0], **change}
    signed["proof"] = [proof]
    with pytest.raises(ProofInvalid, match=message):
        verify_proof(signed, proof, private_key.public_key())


@pytest.mark.parametrize(
    ("proof_type", "cryptosuite", "named"),
    [
        ("DataIntegrityProof", "bbs-2023", "bbs-2023"),
        ("DataIntegrityProof", "ecdsa-rdfc-2019", "ecdsa-rdfc-2019"),
        ("DataIntegrityProof", "ecdsa-sd-2023", "ecdsa-sd-2023"),
        ("RsaSignature2018", None, "RsaSignature2018"),
        ("JsonWebSignature2020", None, "JsonWebSignature2020"),
    ],
)
def test_unknown_suites_are_unsupported(
    proof_type: str, cryptosuite: str | None, named: str, private_key: ed25519.Ed25519PrivateKey
) -> None:
    signed = _sign(_credential(), private_key)
    proof = {**signed["proof"][0], "type": proof_type, "cryptosuite": cryptosuite}
    signed["proof"] = [proof]
    with pytest.raises(UnsupportedProof, match=named):
        verify_proof(signed, proof, private_key.public_key())


def test_a_proof_from_elsewhere_is_invalid(private_key: ed25519.Ed25519PrivateKey) -> None:
    signed = _sign(_credential(), private_key)
    other = _sign(_credential(), private_key, created="2020-01-01T00:00:00Z")
    with pytest.raises(ProofInvalid, match="not one of the document's proofs"):
        verify_proof(signed, other["proof"][0], private_key.public_key())


def test_proof_sets_verify_each_proof_with_its_own_key() -> None:
    first, second = ed25519.Ed25519PrivateKey.generate(), ed25519.Ed25519PrivateKey.generate()
    signed = _sign(_sign(_credential(), first, id="urn:p1"), second, id="urn:p2")
    one, two = signed["proof"]
    assert _outcome(signed, one, first.public_key()) == OK
    assert _outcome(signed, two, second.public_key()) == OK
    assert _outcome(signed, two, first.public_key()) == INVALID


def test_proof_chains_cover_the_previous_proofs() -> None:
    first, second = ed25519.Ed25519PrivateKey.generate(), ed25519.Ed25519PrivateKey.generate()
    chained = _sign(_sign(_credential(), first, id="urn:p1"), second, previousProof="urn:p1")
    one, two = chained["proof"]
    assert _outcome(chained, two, second.public_key()) == OK
    # removing the earlier proof breaks the chain
    dropped = {**chained, "proof": [two]}
    with pytest.raises(ProofInvalid, match="urn:p1"):
        verify_proof(dropped, two, second.public_key())
    # altering the earlier proof (which the later one signs) breaks the later one
    altered_first = {**one, "created": "2024-05-01T12:00:02Z"}
    altered = {**chained, "proof": [altered_first, two]}
    assert _outcome(altered, two, second.public_key()) == INVALID


def test_proofs_of_shapes(private_key: ed25519.Ed25519PrivateKey) -> None:
    proof = _sign(_credential(), private_key)["proof"][0]
    assert proofs_of(_credential()) == []
    assert proofs_of({**_credential(), "proof": proof}) == [proof]
    assert proofs_of({**_credential(), "proof": [proof, proof]}) == [proof, proof]
    for bad in ("z123", [proof, "z123"], {"created": "2024-01-01T00:00:00Z"}, {"type": 3}):
        with pytest.raises(ProofInvalid):
            proofs_of({**_credential(), "proof": bad})


# --- strict JSON-LD ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"@context": [V1], "id": "urn:x", "unknownTerm": "x"}, "'unknownTerm'"),
        ({"@context": [V1], "id": "relative/path", "type": ["VerifiableCredential"]}, "relative"),
        ({"@context": [V1], "id": "urn:x", "type": ["NoSuchType"]}, "relative IRI 'NoSuchType'"),
        ({"@context": [V2, {"gone": None}], "id": "urn:x", "gone": 1}, "mapped to null"),
        ({"@context": {"@import": V2}, "id": "urn:x"}, "@import"),
        ({"@context": {"@foo": "http://ex.org/foo"}, "@id": "urn:x"}, "reserved"),
        ({"@context": {"p": "@bar"}, "@id": "urn:x"}, "reserved"),
        ({"@context": {"p": "_:b0"}, "@id": "urn:x", "p": "v"}, "blank node"),
        ({"@context": {"@vocab": "http://ex.org/"}, "@id": "urn:x", "_:p": "v"}, "blank node"),
    ],
)
def test_strict_mode_refuses_what_would_be_dropped(document: dict[str, Any], message: str) -> None:
    with pytest.raises(UndefinedTerm, match=message):
        canonicalize(document, budget=Budget())


@pytest.mark.parametrize(
    "document",
    [
        {"@context": 5, "@id": "urn:x"},
        {"@context": {"@vocab": "http://ex.org/"}, "@id": 5},
        {"@context": {"@vocab": "http://ex.org/"}, "p": float("nan")},
        {"@context": {"@vocab": "http://ex.org/"}, "p": {1, 2}},
        ["not", "an", "object"],
    ],
)
def test_malformed_json_ld_is_invalid_not_a_crash(document: Any) -> None:
    with pytest.raises(ProofInvalid):
        canonicalize(document, budget=Budget())


# --- the frozen context registry ---------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize(
    "context",
    [
        "https://example.org/contexts/unknown.jsonld",
        "http://www.w3.org/ns/credentials/v2",  # no http:// alias upstream, so none here
        "relative-context.jsonld",
    ],
)
def test_unknown_contexts_are_refused_without_network(context: str, no_network: list[Any]) -> None:
    document = {"@context": [V2, context], "id": "urn:x", "type": ["VerifiableCredential"]}
    with pytest.raises(UnknownContext) as caught:
        canonicalize(document, budget=Budget())
    assert "is not bundled" in str(caught.value)
    assert no_network == []


def test_every_bundled_context_loads_offline_and_processes_cleanly(no_network: list[Any]) -> None:
    for url in sorted(supported_context_urls()):
        document = document_loader(url, {})["document"]
        # processed as a URL and inline, under filterwarnings=error: no pyld warning, no
        # construct the strict checks refuse (reserved terms, @import, blank-node terms)
        assert canonicalize({"@context": url, "@id": "urn:x"}, budget=Budget()) == ""
        inline = {"@context": document["@context"], "@id": "urn:x"}
        assert canonicalize(inline, budget=Budget()) == ""
    assert no_network == []


def test_the_index_names_the_required_urls_and_existing_files() -> None:
    index = json.loads((CONTEXTS / "index.json").read_text())
    assert set(index) == supported_context_urls()
    assert all((CONTEXTS / name).is_file() for name in index.values())
    required = {
        V2,
        V1,
        EXAMPLES_V2,
        "https://www.w3.org/2018/credentials/examples/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://w3id.org/security/suites/ed25519-2020/v1",
        DI_V1,
        "https://www.w3.org/ns/credentials/status/v1",
        "https://w3id.org/openbadges/v2",
    }
    assert required <= set(index)


@needs_vectors
def test_the_index_keeps_the_1edtech_url_map() -> None:
    bundle = CONFORMANCE / "contexts-1edtech-validator-bundle"
    for line in (bundle / "URL_MAP.tsv").read_text().splitlines():
        if line.strip():
            url, name = line.split("\t")
            assert document_loader(url)["document"] == json.loads((bundle / name).read_text())


def test_contexts_are_parsed_once_and_handed_out_as_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    document_loader(EXAMPLES_V2)
    first = document_loader(V2)["document"]
    first["@context"]["id"] = "tampered"

    def no_files(*args: Any) -> Any:
        raise AssertionError("context files re-read")

    monkeypatch.setattr(jsonld_module, "files", no_files)
    assert document_loader(V2)["document"]["@context"]["id"] == "@id"
    assert canonicalize(_credential(), budget=Budget())


# --- the budget --------------------------------------------------------------------------------


def _clique(size: int) -> dict[str, Any]:
    """Blank nodes all linked to all others by one predicate: every node looks the same to
    Hash First Degree Quads, so RDFC-1.0 tries permutations, factorial in `size`."""
    ids = [f"_:n{i}" for i in range(size)]
    return {
        "@context": {"p": {"@id": "http://example.org/p", "@type": "@id"}},
        "@graph": [{"@id": node, "p": [other for other in ids if other != node]} for node in ids],
    }


def test_small_symmetric_graphs_still_canonicalize() -> None:
    assert canonicalize(_clique(4), budget=Budget()).count("\n") == 12


@pytest.mark.parametrize("size", [20, 40])
def test_a_poison_graph_is_refused_within_the_deadline(size: int) -> None:
    budget = Budget(deadline=1.0, max_deep_iterations=10**9)  # only the clock can stop it
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="1 s budget"):
        canonicalize(_clique(size), budget=budget)
    assert time.monotonic() - started < budget.deadline + 1.0


def test_a_poison_graph_is_refused_by_the_work_cap() -> None:
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="Hash N-Degree Quads"):
        canonicalize(_clique(7), budget=Budget(deadline=60, max_deep_iterations=500))
    assert time.monotonic() - started < 2.0


def test_a_long_array_is_cut_off_by_the_deadline_during_expansion() -> None:
    # pyld's node map is quadratic in the length of one array; without the checks inside
    # expansion this took minutes before a single quad could be counted
    document = _credential()
    document["credentialSubject"] = {
        "id": "did:example:s",
        "items": [f"v{i}" for i in range(20000)],
    }
    started = time.monotonic()
    with pytest.raises(LimitExceeded):
        canonicalize(document, budget=Budget(deadline=1.0))
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        (Budget(max_input_bytes=200), "larger than 200 bytes"),
        (Budget(max_quads=3), "more than 3 quads"),
        (Budget(max_blank_nodes=0), "more than 0 blank nodes"),
        (Budget(max_depth=2), "deeper than 2 levels"),
    ],
)
def test_budget_limits(budget: Budget, message: str) -> None:
    document = _credential()
    document["credentialSubject"] = {**document["credentialSubject"], "degree": {"name": "BSc"}}
    with pytest.raises(LimitExceeded, match=message):
        canonicalize(document, budget=budget)


def test_oversized_input_is_refused_before_json_ld_processing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("pyld ran on an oversized document")

    monkeypatch.setattr(jsonld_module._CheckingProcessor, "to_rdf", never)
    document = _credential()
    document["description"] = "x" * 1_100_000
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="larger than 1000000 bytes"):
        canonicalize(document, budget=Budget())
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize("suite", SUITES)
def test_verify_proof_applies_the_budget(
    suite: str, private_key: ed25519.Ed25519PrivateKey
) -> None:
    signed = _sign(_credential(), private_key, cryptosuite=suite)
    proof = signed["proof"][0]
    verify_proof(signed, proof, private_key.public_key(), budget=Budget())
    with pytest.raises(LimitExceeded):
        verify_proof(signed, proof, private_key.public_key(), budget=Budget(max_input_bytes=100))
