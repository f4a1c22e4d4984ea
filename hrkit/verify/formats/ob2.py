"""Open Badges 2.0 assertions: hosted (JSON re-fetched from its `id`) and signed (compact JWS)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from hrkit.model.enums import CheckName, CheckResult, CredentialFormat, VerificationStatus
from hrkit.verify import jose
from hrkit.verify.assess import schema_check
from hrkit.verify.context import VerifyContext
from hrkit.verify.datamodel.openbadges2 import OB2_CONTEXTS, SIGNED, validate_ob2_assertion
from hrkit.verify.datamodel.values import as_list, type_values
from hrkit.verify.document import Document
from hrkit.verify.formats.base import malformed
from hrkit.verify.ob2_hosted import gone_message, verify_hosted
from hrkit.verify.ob2_signed import verify_signed
from hrkit.verify.result import Check, Facts, Verification

MAX_TOKEN_BYTES = 1_000_000
OBI_VOCABULARY = "https://w3id.org/openbadges#"
# OB 2.0 classes that are documents of their own but not credentials: given alone they are
# named, not verified.
NOT_ASSERTIONS = frozenset(
    {
        "BadgeClass", "Issuer", "Profile", "CryptographicKey", "RevocationList", "Endorsement",
        "AlignmentObject", "Criteria", "Evidence", "Image", "VerificationObject",
    }
)  # fmt: skip


class Ob2Verifier:
    """`ob2-hosted` and `ob2-signed` assertions; None for anything that is not OB 2.0."""

    name: ClassVar[str] = "ob2"

    def verify(self, document: Document, context: VerifyContext) -> list[Verification] | None:
        text = document.stripped
        if text.startswith("{"):
            value = document.json()
            if not is_ob2_document(value):
                return None
            return [self._json(value, document, context)]
        if jose.looks_like_compact_jws(text) and is_ob2_document(_peek_payload(document)):
            return [self._jws(text, document, context)]
        return None

    def gone(self, label: str, url: str) -> Verification:
        """The verification of an assertion URL that answered HTTP 410: withdrawn, so revoked."""
        return Verification(
            input=label,
            format=CredentialFormat.OB2_HOSTED,
            checks=[
                Check(CheckName.PARSE, CheckResult.SKIPPED, f"no document: {url} is gone"),
                Check(
                    CheckName.STATUS,
                    CheckResult.FAIL,
                    gone_message(url),
                    VerificationStatus.REVOKED,
                ),
            ],
            facts=Facts(credential_id=url),
            raw=url,
        )

    def _json(self, value: dict[str, Any], document: Document, ctx: VerifyContext) -> Verification:
        kind = non_assertion_kind(value)
        if kind is not None:
            return malformed(
                document,
                f"an Open Badges 2.0 {kind} is not an assertion: only assertions are verified",
                check=CheckName.SCHEMA,
            )
        verification = value.get("verification")
        kinds = type_values(verification) if isinstance(verification, dict) else []
        if SIGNED.intersection(kinds):
            return _signed_without_jws(value, document)
        return verify_hosted(value, document.label, document.stripped, ctx)

    def _jws(self, text: str, document: Document, ctx: VerifyContext) -> Verification:
        try:
            jws = jose.parse_compact(text)
        except jose.AlgorithmNone as exc:
            return _unsigned(document, str(exc))
        except jose.TokenError as exc:
            return malformed(document, str(exc), format=CredentialFormat.OB2_SIGNED)
        return verify_signed(jws, document.label, ctx)


def has_ob2_context(value: Mapping[str, Any]) -> bool:
    """The OB 2.0 context by URL, or copied inline (as some issuers and 1EdTech's fixtures do)."""
    return any(
        (isinstance(c, str) and c in OB2_CONTEXTS)
        or (isinstance(c, Mapping) and c.get("obi") == OBI_VOCABULARY)
        for c in as_list(value.get("@context"))
    )


def is_ob2_document(value: Any) -> bool:
    """An OB 2.0 document: the v2 context, or an `Assertion` with its recipient and badge."""
    if not isinstance(value, Mapping):
        return False
    if has_ob2_context(value):
        return True
    return "Assertion" in type_values(value) and "recipient" in value and "badge" in value


def non_assertion_kind(value: Mapping[str, Any]) -> str | None:
    """What an OB 2.0 document that is no assertion is (`BadgeClass` …); None for assertions,
    including ones with a wrong `type` that still name a badge or a recipient."""
    types = type_values(value)
    if "Assertion" in types or "badge" in value or "recipient" in value:
        return None
    known = [t for t in types if t in NOT_ASSERTIONS]
    if known:
        return known[0]
    return f"document of type {', '.join(types)}" if types else "document without a type"


def _peek_payload(document: Document) -> Any:
    """The JWS payload as JSON, read before the header is judged (to claim the format)."""
    if "ob2-peek" not in document.memo:
        text = document.stripped
        payload = None
        envelope = document.memo.get("envelope")
        if envelope is not None and not isinstance(envelope, Exception):
            payload = envelope.claims  # parsed already (header accepted): no second decode
        elif len(text) <= MAX_TOKEN_BYTES:  # larger ones are refused by every JWS parser anyway
            try:
                payload = jose.json_object(jose.b64url_decode(text.split(".")[1]), "JWS payload")
            except (jose.TokenError, IndexError):
                payload = None
        document.memo["ob2-peek"] = payload
    return document.memo["ob2-peek"]


def _signed_without_jws(value: dict[str, Any], document: Document) -> Verification:
    """A signed assertion's JSON alone: its signature lives in the JWS, so nothing proves it."""
    problems = validate_ob2_assertion(value)
    return Verification(
        input=document.label,
        format=CredentialFormat.OB2_SIGNED,
        checks=[
            Check(CheckName.PARSE, CheckResult.PASS, "parsed"),
            schema_check(problems, "Open Badges 2.0 assertion"),
            Check(
                CheckName.SIGNATURE,
                CheckResult.FAIL,
                "a signed assertion must be given as its JWS, not as the JSON it signs",
                VerificationStatus.INVALID,
            ),
        ],
        raw=document.stripped,
        document=value,
    )


def _unsigned(document: Document, message: str) -> Verification:
    """`alg: none` is an unsigned token posing as a signed one: invalid, not merely malformed."""
    return Verification(
        input=document.label,
        format=CredentialFormat.OB2_SIGNED,
        checks=[
            Check(CheckName.PARSE, CheckResult.PASS, "parsed"),
            Check(CheckName.SIGNATURE, CheckResult.FAIL, message, VerificationStatus.INVALID),
        ],
        raw=document.stripped,
    )
