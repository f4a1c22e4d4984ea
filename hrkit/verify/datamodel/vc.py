"""W3C Verifiable Credentials Data Model 1.1 and 2.0: credentials and presentations.

Each validator returns one-line problems naming the property path (empty: valid). The version
comes from the first `@context` item.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hrkit.verify.datamodel.contexts import V1, V2, context_problems
from hrkit.verify.datamodel.dates import parse_datetime
from hrkit.verify.datamodel.errors import DataModelError
from hrkit.verify.datamodel.values import (
    as_list,
    is_object,
    is_url,
    join,
    looks_like_jws,
    ref_id,
    text_problems,
    type_problems,
    type_values,
)

ENVELOPED_CREDENTIAL = "EnvelopedVerifiableCredential"
# Properties whose entries (an object or an array of objects) must each say their `type`.
_TYPED_ENTRIES = (
    "credentialStatus",
    "credentialSchema",
    "refreshService",
    "termsOfUse",
    "evidence",
)
_DATES = {V2: ("validFrom", "validUntil", True), V1: ("issuanceDate", "expirationDate", False)}


def validate_credential(doc: Mapping[str, Any]) -> list[str]:
    """Problems of a verifiable credential against VCDM 1.1 or 2.0 (empty list: valid)."""
    out: list[str] = []
    if not is_object(doc):
        return ["credential: must be a JSON object"]
    version = context_problems(doc, out)
    credential_body(doc, version, "", out)
    return out


def validate_presentation(doc: Mapping[str, Any]) -> list[str]:
    """Problems of a verifiable presentation and of every credential it embeds."""
    out: list[str] = []
    if not is_object(doc):
        return ["presentation: must be a JSON object"]
    version = context_problems(doc, out)
    _types(doc, "", "VerifiablePresentation", out)
    _identifier(doc, "", out)
    if "holder" in doc:
        holder = doc["holder"]
        if isinstance(holder, Mapping):
            if not is_url(holder.get("id")):
                out.append("holder.id: must be a URL")
        elif not is_url(holder):
            out.append("holder: must be a URL or an object with a URL id")
    if "verifiableCredential" in doc:
        entries = as_list(doc["verifiableCredential"])
        if not entries:
            out.append("verifiableCredential: must not be empty")
        for index, entry in enumerate(entries):
            _presented(entry, f"verifiableCredential[{index}]", version, out)
    _typed_entries(doc, "", ("termsOfUse",), out)
    proof_problems(doc, "", out)
    return out


def self_asserted_problems(vp: Mapping[str, Any]) -> list[str]:
    """Holder binding of self-asserted credentials: every embedded credential without a proof
    of its own is secured only by the presentation, so its `issuer` must be the `holder`."""
    out: list[str] = []
    holder = ref_id(vp.get("holder"))
    for index, entry in enumerate(as_list(vp.get("verifiableCredential"))):
        if not isinstance(entry, Mapping) or "proof" in entry or _is_enveloped(entry):
            continue
        where = f"verifiableCredential[{index}]"
        if holder is None:
            out.append(f"holder: required: {where} is self-asserted (it has no proof)")
        elif ref_id(entry.get("issuer")) != holder:
            out.append(f"{where}.issuer: must equal the holder of a self-asserted credential")
    return out


def credential_body(doc: Mapping[str, Any], version: str, path: str, out: list[str]) -> None:
    """Everything but `@context`, for a credential at `path` ('' at the top)."""
    _types(doc, path, "VerifiableCredential", out)
    _identifier(doc, path, out)
    _issuer(doc, path, out)
    _subjects(doc, path, out)
    _validity(doc, version, path, out)
    for key in ("name", "description"):
        if key in doc:
            text_problems(doc[key], join(path, key), out)
    _typed_entries(doc, path, _TYPED_ENTRIES, out)
    for index, status in _entries(doc, "credentialStatus"):
        where = join(path, f"credentialStatus{index}")
        if "id" in status and not is_url(status["id"]):
            out.append(f"{where}.id: must be a single URL")
        elif "id" not in status and version == V1:
            out.append(f"{where}.id: required")
    for index, schema in _entries(doc, "credentialSchema"):
        if not is_url(schema.get("id")):
            out.append(f"{join(path, f'credentialSchema{index}')}.id: must be a URL")
    proof_problems(doc, path, out)


def proof_problems(doc: Mapping[str, Any], path: str, out: list[str]) -> None:
    """Embedded proofs: objects with a `type`; a verification method, when given, is a URL."""
    if "proof" not in doc:
        return
    _typed_entries(doc, path, ("proof",), out)
    for index, proof in _entries(doc, "proof"):
        where = join(path, f"proof{index}")
        method = proof.get("verificationMethod")
        if method is not None and not is_url(ref_id(method)):
            out.append(f"{where}.verificationMethod: must be a URL")
        if "DataIntegrityProof" in type_values(proof) and not isinstance(
            proof.get("cryptosuite"), str
        ):
            out.append(f"{where}.cryptosuite: required for a DataIntegrityProof")


def _types(doc: Mapping[str, Any], path: str, wanted: str, out: list[str]) -> None:
    before = len(out)
    type_problems(doc, path, out, required=True)
    if len(out) == before and wanted not in type_values(doc):
        out.append(f"{join(path, 'type')}: must include {wanted}")


def _identifier(doc: Mapping[str, Any], path: str, out: list[str]) -> None:
    if "id" in doc and not is_url(doc["id"]):
        out.append(f"{join(path, 'id')}: must be a single URL")


def _issuer(doc: Mapping[str, Any], path: str, out: list[str]) -> None:
    where = join(path, "issuer")
    if "issuer" not in doc:
        out.append(f"{where}: required")
        return
    issuer = doc["issuer"]
    if isinstance(issuer, Mapping):
        if not is_url(issuer.get("id")):
            out.append(f"{where}.id: must be a URL")
        for key in ("name", "description"):
            if key in issuer:
                text_problems(issuer[key], f"{where}.{key}", out)
    elif not is_url(issuer):
        out.append(f"{where}: must be a URL or an object with a URL id")


def _subjects(doc: Mapping[str, Any], path: str, out: list[str]) -> None:
    where = join(path, "credentialSubject")
    if "credentialSubject" not in doc:
        out.append(f"{where}: required")
        return
    value = doc["credentialSubject"]
    subjects = value if isinstance(value, list) else [value]
    if not subjects:
        out.append(f"{where}: must not be empty")
    for index, subject in enumerate(subjects):
        at = f"{where}[{index}]" if isinstance(value, list) else where
        if not isinstance(subject, Mapping):
            out.append(f"{at}: must be an object")
        elif not subject:
            out.append(f"{at}: must make at least one claim")
        elif "id" in subject and not is_url(subject["id"]):
            out.append(f"{at}.id: must be a single URL")


def _validity(doc: Mapping[str, Any], version: str, path: str, out: list[str]) -> None:
    start_key, end_key, require_tz = _DATES[version]
    if version == V1 and start_key not in doc:
        out.append(f"{join(path, start_key)}: required")
    start = _date(doc, start_key, path, require_tz, out)
    end = _date(doc, end_key, path, require_tz, out)
    if start is not None and end is not None and end < start:
        out.append(f"{join(path, end_key)}: earlier than {start_key}")


def _date(
    doc: Mapping[str, Any], key: str, path: str, require_tz: bool, out: list[str]
) -> datetime | None:
    if key not in doc:
        return None
    try:
        return parse_datetime(doc[key], field=join(path, key), require_tz=require_tz)
    except DataModelError as error:
        out.append(error.message)
        return None


def _entries(doc: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
    """The object entries of `key` with their path suffix (`''` for a single object)."""
    value = doc.get(key)
    if isinstance(value, list):
        return [(f"[{i}]", v) for i, v in enumerate(value) if isinstance(v, Mapping)]
    return [("", value)] if isinstance(value, Mapping) else []


def _typed_entries(
    doc: Mapping[str, Any], path: str, keys: tuple[str, ...], out: list[str]
) -> None:
    for key in keys:
        if key not in doc:
            continue
        value = doc[key]
        if isinstance(value, list) and not value:
            out.append(f"{join(path, key)}: must not be empty")
        for index, entry in enumerate(value if isinstance(value, list) else [value]):
            where = join(path, f"{key}[{index}]" if isinstance(value, list) else key)
            if isinstance(entry, Mapping):
                type_problems(entry, where, out, required=True)
            else:
                out.append(f"{where}: must be an object")


def _is_enveloped(entry: Mapping[str, Any]) -> bool:
    return ENVELOPED_CREDENTIAL in type_values(entry)


def _presented(entry: Any, where: str, version: str, out: list[str]) -> None:
    """One `verifiableCredential` entry of a presentation."""
    if not isinstance(entry, Mapping):
        # VCDM 1.1 presentations may carry VC-JWTs as strings; 2.0 wants objects only.
        if not (version == V1 and looks_like_jws(entry)):
            out.append(f"{where}: must be a credential object")
        return
    if _is_enveloped(entry):
        value = entry.get("id")
        if not (isinstance(value, str) and value.startswith("data:")):
            out.append(f"{where}.id: must be a data: URL")
        if "@context" not in entry:
            out.append(f"{where}.@context: required")
        return
    out.extend(f"{where}.{problem}" for problem in validate_credential(entry))
