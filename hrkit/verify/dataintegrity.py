"""Data Integrity proofs on credentials: `eddsa-rdfc-2022` (and its earlier name `eddsa-2022`),
`eddsa-jcs-2022` (W3C vc-di-eddsa) and `Ed25519Signature2020`, with proof sets and chains.

Verification only. The caller resolves `proof["verificationMethod"]` to a public key (did:key,
did:web, issuer profile, …) and passes it in; nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from hrkit.errors import ValidationError
from hrkit.verify.jsonld import Budget, canonicalize, check_document
from hrkit.verify.multibase import PublicKey, multibase_decode
from hrkit.verify.proof_errors import LimitExceeded as LimitExceeded
from hrkit.verify.proof_errors import ProofError as ProofError
from hrkit.verify.proof_errors import ProofInvalid as ProofInvalid
from hrkit.verify.proof_errors import UndefinedTerm as UndefinedTerm
from hrkit.verify.proof_errors import UnknownContext as UnknownContext
from hrkit.verify.proof_errors import UnsupportedProof as UnsupportedProof

ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
# xsd:dateTime; the calendar is checked by datetime.fromisoformat afterwards.
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")

Json = dict[str, Any]
# (unsecured document, proof options, budget) -> the 64 bytes that were signed
Hasher = Callable[[Json, Json, "_Time"], bytes]


def proofs_of(document: Json) -> list[Json]:
    """The document's `proof` as a list (it may be one object or an array); [] when absent."""
    value = document.get("proof")
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    for item in items:
        _check_shape(item)
    return list(items)


def verify_proof(
    document: Json, proof: Json, public_key: PublicKey, *, budget: Budget | None = None
) -> None:
    """Verify one proof of `document` with the key its verificationMethod resolved to.

    Raises `UnsupportedProof` (type/cryptosuite not implemented), `ProofInvalid` (signature or
    consistency) or `LimitExceeded` (the canonicalization budget). A proof with `previousProof`
    (a proof chain) is verified over the document holding the proofs it names, as the
    vc-data-integrity spec requires; the proofs of a set are each verified on their own.
    """
    clock = _Time(budget or Budget())
    _check_shape(proof)
    suite_name, hasher = _suite(proof)
    if not isinstance(public_key, ed25519.Ed25519PublicKey):
        raise ProofInvalid(f"{suite_name} needs an Ed25519 key, not {_key_kind(public_key)}")
    signature = _signature(proof)
    _check_options(proof, suite_name)
    all_proofs = proofs_of(document)
    if proof not in all_proofs:
        raise ProofInvalid("the proof is not one of the document's proofs")
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    previous = _previous_proofs(proof, all_proofs)
    if previous:
        unsecured["proof"] = previous
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    signed = hasher(unsecured, options, clock)
    try:
        public_key.verify(signature, signed)
    except InvalidSignature:
        raise ProofInvalid(f"the {suite_name} signature does not verify") from None


# --- the suites --------------------------------------------------------------------------------


@dataclass
class _Time:
    """One budget for the whole verification: each canonicalization gets what is left."""

    budget: Budget
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = time.monotonic()

    def left(self) -> Budget:
        remaining = self.budget.deadline - (time.monotonic() - self.started)
        if remaining <= 0:
            raise LimitExceeded(
                f"proof verification exceeded its {self.budget.deadline:g} s budget"
            )
        return replace(self.budget, deadline=remaining)


def _rdfc_hash(document: Json, options: Json, clock: _Time) -> bytes:
    _use_proof_context(document, options)
    if "@context" not in document:
        raise ProofInvalid("an RDF-canonicalized proof needs a document with @context")
    return _sha256(canonicalize(options, budget=clock.left())) + _sha256(
        canonicalize(document, budget=clock.left())
    )


def _jcs_hash(document: Json, options: Json, clock: _Time) -> bytes:
    _use_proof_context(document, options)
    budget = clock.left()
    check_document(document, budget)
    check_document(options, budget)
    return _sha256(_jcs(options)) + _sha256(_jcs(document))


def _ed25519_2020_hash(document: Json, options: Json, clock: _Time) -> bytes:
    """jsonld-signatures: canonical proof options under the document's @context (unless the proof
    brings its own), without the signature properties, then the canonical document."""
    if ED25519_2020_CONTEXT not in _as_list(document.get("@context")):
        raise ProofInvalid(f"Ed25519Signature2020 needs the {ED25519_2020_CONTEXT} context")
    options = {"@context": document["@context"], **options}
    for key in ("jws", "signatureValue"):
        options.pop(key, None)
    return _sha256(canonicalize(options, budget=clock.left())) + _sha256(
        canonicalize(document, budget=clock.left())
    )


_CRYPTOSUITES: dict[str, Hasher] = {
    "eddsa-rdfc-2022": _rdfc_hash,
    "eddsa-2022": _rdfc_hash,  # the draft name older OB 3.0 issuers still emit
    "eddsa-jcs-2022": _jcs_hash,
}


def unsupported_reason(proof: Json) -> str | None:
    """Why hrkit cannot verify this proof's type/cryptosuite, or None when it can."""
    try:
        _suite(proof)
    except ProofError as exc:
        return str(exc)
    return None


def _suite(proof: Json) -> tuple[str, Hasher]:
    kind = proof["type"]
    if kind == "Ed25519Signature2020":
        return kind, _ed25519_2020_hash
    if kind != "DataIntegrityProof":
        raise UnsupportedProof(f"proof type {kind!r} is not supported")
    cryptosuite = proof.get("cryptosuite")
    if not isinstance(cryptosuite, str) or not cryptosuite:
        raise ProofInvalid("a DataIntegrityProof needs a cryptosuite")
    hasher = _CRYPTOSUITES.get(cryptosuite)
    if hasher is None:
        raise UnsupportedProof(f"cryptosuite {cryptosuite!r} is not supported")
    return cryptosuite, hasher


def _use_proof_context(document: Json, options: Json) -> None:
    """vc-di-eddsa: a proof @context must begin the document's, and then replaces it; the proof
    configuration is hashed under the document's @context."""
    if "@context" in options:
        proof_context = _as_list(options["@context"])
        if _as_list(document.get("@context"))[: len(proof_context)] != proof_context:
            raise ProofInvalid("the proof @context does not begin the document's @context")
        document["@context"] = options["@context"]
    if "@context" in document:
        options["@context"] = document["@context"]


# --- shapes ------------------------------------------------------------------------------------


def _check_shape(proof: Any) -> None:
    if not isinstance(proof, dict):
        raise ProofInvalid("a proof must be a JSON object")
    if not isinstance(proof.get("type"), str) or not proof["type"]:
        raise ProofInvalid("a proof needs a string type")


def _signature(proof: Json) -> bytes:
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofInvalid("proofValue must be a multibase base58btc (z…) string")
    try:
        signature = multibase_decode(value)
    except ValidationError as exc:
        raise ProofInvalid(f"proofValue is not valid base58btc: {exc}") from None
    if len(signature) != 64:
        raise ProofInvalid(f"proofValue decodes to {len(signature)} bytes, not 64")
    return signature


def _check_options(proof: Json, suite_name: str) -> None:
    for key in ("verificationMethod", "proofPurpose"):
        if not isinstance(proof.get(key), str) or not proof[key]:
            raise ProofInvalid(f"the proof needs a {key}")
    if "created" not in proof and suite_name == "Ed25519Signature2020":
        raise ProofInvalid("an Ed25519Signature2020 proof needs created")
    for key in ("created", "expires"):
        if key in proof and not _is_datetime(proof[key]):
            raise ProofInvalid(f"proof {key} {proof[key]!r} is not an XML Schema dateTime")


def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str) or not _DATETIME.match(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _previous_proofs(proof: Json, all_proofs: list[Json]) -> list[Json]:
    previous = proof.get("previousProof")
    if previous is None:
        return []
    wanted = [previous] if isinstance(previous, str) else previous
    if not isinstance(wanted, list) or not all(isinstance(item, str) for item in wanted):
        raise ProofInvalid("previousProof must be a proof id or a list of them")
    if proof.get("id") in wanted:
        raise ProofInvalid("a proof cannot name itself as its previousProof")
    by_id = {item["id"]: item for item in all_proofs if isinstance(item.get("id"), str)}
    for proof_id in wanted:
        if proof_id not in by_id:
            raise ProofInvalid(f"previousProof {proof_id!r} is not among the document's proofs")
    return [by_id[proof_id] for proof_id in wanted]


# --- small helpers -----------------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _sha256(text: str | bytes) -> bytes:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).digest()


def _jcs(value: Json) -> bytes:
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise ProofInvalid(f"cannot canonicalize as JCS (RFC 8785): {exc}") from None


def _key_kind(key: PublicKey) -> str:
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"an EC {key.curve.name} key"
    return f"a {type(key).__name__}"
