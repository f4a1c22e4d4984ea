"""The format plug-in contract and the helpers every format shares."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from hrkit.model.enums import CheckName, CheckResult, CredentialFormat, VerificationStatus
from hrkit.verify.context import VerifyContext
from hrkit.verify.document import Document
from hrkit.verify.result import Check, Verification


@runtime_checkable
class Verifier(Protocol):
    """Verifies the inputs of one format; returns None for inputs that are not its format."""

    name: ClassVar[str]

    def verify(self, document: Document, context: VerifyContext) -> list[Verification] | None: ...


def malformed(
    document: Document,
    message: str,
    *,
    format: CredentialFormat | None = None,
    check: CheckName = CheckName.PARSE,
) -> Verification:
    """A verification that stops at parsing (or at the data model) with one reason."""
    checks = (
        [Check(CheckName.PARSE, CheckResult.PASS, "parsed")] if check is not CheckName.PARSE else []
    )
    checks.append(Check(check, CheckResult.FAIL, message, VerificationStatus.MALFORMED))
    return Verification(
        input=document.label, format=format, checks=checks, raw=document.stripped[:1_000_000]
    )
