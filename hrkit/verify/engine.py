"""The engine: unwrap an input (baked image, URL), find its format, verify it."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from hrkit.errors import FetchError, FetchRefusedError
from hrkit.model.enums import CheckName, CheckResult
from hrkit.plugins import verifiers as plugin_verifiers
from hrkit.verify.baked import BakedImageError, extract_baked, is_baked_image
from hrkit.verify.context import VerifyContext
from hrkit.verify.document import Document
from hrkit.verify.formats.base import Verifier, malformed
from hrkit.verify.formats.data_integrity import DataIntegrityVerifier
from hrkit.verify.formats.ob2 import Ob2Verifier
from hrkit.verify.formats.presentation import PresentationVerifier
from hrkit.verify.formats.vc_jose import VcJoseVerifier
from hrkit.verify.result import Check, Verification

MAX_UNWRAP_DEPTH = 3


class Engine:
    """Verifies documents; built-in formats first, then plug-ins from `hrkit.verifiers`."""

    def __init__(self, extra: Sequence[Verifier] = ()) -> None:
        self.data_integrity = DataIntegrityVerifier(self.verify_status_list)
        self.jose = VcJoseVerifier(self.verify_status_list)
        self.ob2 = Ob2Verifier()
        self.presentation = PresentationVerifier(self.data_integrity, self.jose)
        self.verifiers: list[Verifier] = [
            self.presentation,
            self.ob2,  # before the JOSE verifier: an OB 2.0 JWS is also a compact JWS
            self.jose,
            self.data_integrity,
            *extra,
        ]

    @classmethod
    def with_plugins(cls) -> Engine:
        """An engine that also tries every verifier registered under `hrkit.verifiers`."""
        return cls([plugin_verifiers.get(name)() for name in plugin_verifiers.names()])

    def verify(self, document: Document, ctx: VerifyContext) -> list[Verification]:
        """Every credential in `document` (one, or one per credential of a presentation)."""
        if document.depth > MAX_UNWRAP_DEPTH:
            return [malformed(document, "too many nested documents (image → URL → …)")]
        if is_baked_image(document.data):
            try:
                payload = extract_baked(document.data)
            except BakedImageError as exc:
                return [malformed(document, str(exc))]
            return self.verify(document.derived(payload), ctx)
        if _is_url(document.stripped):
            return self._verify_url(document, ctx)
        if document.json_error:
            return [malformed(document, document.json_error)]
        for verifier in self.verifiers:
            results = verifier.verify(document, ctx)
            if results is not None:
                return results
        return [malformed(document, _unrecognised(document))]

    def _verify_url(self, document: Document, ctx: VerifyContext) -> list[Verification]:
        url = document.stripped
        try:
            fetched = ctx.fetcher.fetch(url)
        except FetchRefusedError as exc:
            return [_unobtainable(document, str(exc))]
        except FetchError as exc:
            if exc.status_code == 410:
                return [self.ob2.gone(document.label, url)]
            return [_unobtainable(document, str(exc))]
        return self.verify(document.derived(fetched.content, source_url=fetched.final_url), ctx)

    def verify_status_list(self, content: bytes, url: str, ctx: VerifyContext) -> Verification:
        """Verify a status list credential (JSON or JWT) fetched from `url`."""
        return self.verify(Document(url, content, source_url=url), ctx)[0]


def _is_url(text: str) -> bool:
    if not text.startswith(("http://", "https://")) or len(text) > 4096:
        return False
    if any(c.isspace() for c in text):
        return False
    parts = urlsplit(text)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _unobtainable(document: Document, message: str) -> Verification:
    return Verification(
        input=document.label,
        format=None,
        checks=[Check(CheckName.PARSE, CheckResult.INDETERMINATE, message)],
        raw=document.stripped,
    )


def _unrecognised(document: Document) -> str:
    if document.text is None:
        return "not a credential: binary data that is neither a baked PNG nor an SVG badge"
    if not document.stripped:
        return "empty input"
    return "not a credential in any supported format (JSON-LD, JWT, SD-JWT, COSE, OB 2.0)"
