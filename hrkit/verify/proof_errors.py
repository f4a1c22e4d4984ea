"""Errors of Data Integrity proof verification and JSON-LD canonicalization."""

from __future__ import annotations

from hrkit.errors import HrkitError


class ProofError(HrkitError):
    """A Data Integrity proof could not be verified."""

    code = "PROOF"


class ProofInvalid(ProofError):
    """The signature does not verify, or the proof or document is inconsistent or altered."""

    code = "PROOF_INVALID"


class UndefinedTerm(ProofInvalid):
    """A term or IRI of the document would be dropped or left relative by JSON-LD processing, so
    a signature over the canonical form would cover less than the document says."""

    code = "PROOF_UNDEFINED_TERM"


class UnsupportedProof(ProofError):
    """The proof `type` or `cryptosuite` is one hrkit does not implement."""

    code = "PROOF_UNSUPPORTED"


class UnknownContext(ProofError):
    """The document names a JSON-LD context that is not bundled (contexts are never fetched)."""

    code = "PROOF_UNKNOWN_CONTEXT"

    def __init__(self, url: str) -> None:
        super().__init__(f"JSON-LD context {url!r} is not bundled (contexts are never fetched)")
        self.url = url


class LimitExceeded(ProofError):
    """Canonicalization exceeded its budget (size, quads, blank nodes, work or time)."""

    code = "PROOF_LIMIT_EXCEEDED"
