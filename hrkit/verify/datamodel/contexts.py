"""The `@context` of a VCDM document: base context, version, and a structural check of inline
contexts (term IRIs, protected terms, `@vocab: null`).

This is deliberately not JSON-LD expansion: it catches what the VCDM suites test structurally
(protected-term redefinitions, terms mapped to non-IRIs, types left unmapped by `@vocab: null`)
without loading remote contexts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hrkit.verify.datamodel.values import is_url, type_values

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
BASE_CONTEXTS = (V2, V1)

# The top-level terms of the base contexts (both are `@protected`).
_BASE_TERMS: dict[str, frozenset[str]] = {
    V2: frozenset(
        {
            "id", "type", "description", "digestMultibase", "digestSRI", "mediaType", "name",
            "VerifiableCredential", "VerifiablePresentation", "EnvelopedVerifiableCredential",
            "EnvelopedVerifiablePresentation", "JsonSchema", "JsonSchemaCredential",
            "BitstringStatusList", "BitstringStatusListCredential", "BitstringStatusListEntry",
            "DataIntegrityProof", "_sd", "_sd_alg", "aud", "cnf", "exp", "iat", "iss", "jku",
            "kid", "nbf", "sub", "x5u",
        }
    ),
    V1: frozenset(
        {
            "id", "type", "proof", "VerifiableCredential", "VerifiablePresentation",
            "EcdsaSecp256k1Signature2019", "EcdsaSecp256r1Signature2019",
            "Ed25519Signature2018", "RsaSignature2018",
        }
    ),
}  # fmt: skip
# Definitions simple enough that repeating them verbatim is not a redefinition.
_BASE_SIMPLE: dict[str, dict[str, Any]] = {
    V2: {
        "id": "@id",
        "type": "@type",
        "name": "https://schema.org/name",
        "description": "https://schema.org/description",
    },
    V1: {"id": "@id", "type": "@type"},
}
_KEYWORDS = frozenset(
    {
        "@base", "@container", "@context", "@direction", "@graph", "@id", "@import",
        "@included", "@index", "@json", "@language", "@list", "@nest", "@none", "@prefix",
        "@propagate", "@protected", "@reverse", "@set", "@type", "@value", "@version", "@vocab",
    }
)  # fmt: skip
_MAX_SCOPED_DEPTH = 4
_COMPLEX = object()  # a base definition that no inline definition can equal
# Every base term is protected: its definition, or _COMPLEX when nothing can repeat it.
_BASE_PROTECTED: dict[str, dict[str, Any]] = {
    version: {term: _BASE_SIMPLE[version].get(term, _COMPLEX) for term in terms}
    for version, terms in _BASE_TERMS.items()
}


@dataclass
class _Scan:
    version: str
    protected: dict[str, Any] = field(default_factory=dict)  # by inline contexts
    defined: set[str] = field(default_factory=set)
    vocab_null: bool = False
    remote_extra: bool = False


def base_version(doc: Mapping[str, Any]) -> str | None:
    """V1 or V2 when the first `@context` item is a VCDM base context, else None."""
    contexts = doc.get("@context")
    first = contexts[0] if isinstance(contexts, list) and contexts else contexts
    return first if isinstance(first, str) and first in BASE_CONTEXTS else None


def context_problems(doc: Mapping[str, Any], out: list[str]) -> str:
    """Check `@context`; return the VCDM version to validate the rest with (V2 when unknown)."""
    contexts = doc.get("@context")
    if contexts is None:
        out.append("@context: required")
        return V2
    if isinstance(contexts, str):
        if contexts not in BASE_CONTEXTS:
            out.append(f"@context: must start with {V2} or {V1}")
            return V2
        return contexts
    if not isinstance(contexts, list) or not contexts:
        out.append("@context: must be a non-empty array")
        return V2
    version = base_version(doc)
    if version is None:
        out.append(f"@context[0]: must be {V2} or {V1}")
        version = next((c for c in contexts if c in BASE_CONTEXTS), V2)
    scan = _Scan(version)
    for index, item in enumerate(contexts):
        where = f"@context[{index}]"
        if isinstance(item, str):
            if item in BASE_CONTEXTS:
                continue
            if not is_url(item):
                out.append(f"{where}: not an absolute URL")
            scan.remote_extra = True
        elif isinstance(item, Mapping):
            _inline(item, where, scan, out)
        else:
            out.append(f"{where}: must be a URL or an object")
    if scan.vocab_null and not scan.remote_extra:
        _unmapped_types(doc, scan, out)
    return version


def _inline(context: Mapping[str, Any], where: str, scan: _Scan, out: list[str]) -> None:
    protects = context.get("@protected") is True
    base = _BASE_PROTECTED[scan.version]
    for term, definition in context.items():
        if term.startswith("@"):
            if term == "@vocab" and definition is None:
                scan.vocab_null = True
            elif term == "@vocab" and not (isinstance(definition, str) and _is_iri(definition)):
                out.append(f"{where}.@vocab: must be an absolute IRI or null")
            continue
        protected = scan.protected if term in scan.protected else base
        if term in protected and protected[term] != definition:
            out.append(f"{where}: redefines the protected term {term!r}")
        _definition(term, definition, where, out, 0)
        scan.defined.add(term)
        own = definition.get("@protected") if isinstance(definition, Mapping) else None
        if (
            (own if isinstance(own, bool) else protects)
            and term not in base
            and term not in scan.protected
        ):
            scan.protected[term] = definition


def _definition(term: str, definition: Any, where: str, out: list[str], depth: int) -> None:
    """A term must map to an absolute IRI (or a keyword); scoped contexts are checked too."""
    if definition is None:
        return
    if isinstance(definition, str):
        if not _is_iri(definition):
            out.append(f"{where}.{term}: must map to an absolute IRI")
        return
    if not isinstance(definition, Mapping):
        out.append(f"{where}.{term}: must be an IRI or a term definition object")
        return
    for key in ("@id", "@reverse"):
        if key in definition and not (
            isinstance(definition[key], str) and _is_iri(definition[key])
        ):
            out.append(f"{where}.{term}.{key}: must be an absolute IRI")
    scoped = definition.get("@context")
    if isinstance(scoped, Mapping) and depth < _MAX_SCOPED_DEPTH:
        for inner, inner_definition in scoped.items():
            if not inner.startswith("@"):
                _definition(inner, inner_definition, f"{where}.{term}.@context", out, depth + 1)


def _is_iri(value: str) -> bool:
    return value in _KEYWORDS if value.startswith("@") else is_url(value)


def _unmapped_types(doc: Mapping[str, Any], scan: _Scan, out: list[str]) -> None:
    """With `@vocab: null` and only inline contexts, a type no context defines is unmapped."""
    known = _BASE_TERMS[scan.version]
    for value in type_values(doc):
        if value not in known and value not in scan.defined and not is_url(value):
            out.append(f"type: {value!r} is not defined by any context")
