"""Everything a verification depends on besides the document: time, network, trust, recipient."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from hrkit.errors import HrkitError
from hrkit.model.status import CLOCK_SKEW


class DocumentUnavailable(HrkitError):
    """A document the verification needs could not be obtained or read."""

    code = "DOCUMENT_UNAVAILABLE"


@dataclass(frozen=True)
class FetchedDocument:
    """A document obtained by the fetcher (from the network or the offline document map)."""

    url: str
    final_url: str
    status_code: int
    content_type: str | None
    content: bytes
    from_map: bool = False


class DocumentFetcher(Protocol):
    """The one way the engine reaches documents (implemented by hrkit.verify.fetch.Fetcher)."""

    def fetch(
        self, url: str, *, accept: str | None = None, max_bytes: int | None = None
    ) -> FetchedDocument:
        """The document at `url`. Raises FetchError (unreachable, timeout, non-2xx status with
        `.status_code` set) or FetchRefusedError (the SSRF guard or a limit refused it)."""
        ...


class TrustRegistry(Protocol):
    """Which issuers the verifier trusts; `None` in the context means trust is not checked."""

    def lookup(self, issuer_id: str) -> str | None:
        """The trusted name of `issuer_id`, or None when it is not trusted."""
        ...


@dataclass
class VerifyContext:
    """Per-run inputs of the engine; cheap to build, safe to reuse across credentials."""

    fetcher: DocumentFetcher
    now: datetime
    trust: TrustRegistry | None = None
    recipient: str | None = None
    clock_skew: timedelta = CLOCK_SKEW
    # 0 for the credentials given; 1 while verifying a status list credential (whose own status
    # is not checked, which also ends any chain of lists pointing at lists).
    status_depth: int = 0
    # Per-run memo (resolved DID documents, status lists, issuer profiles): one fetch per URL.
    memo: dict[str, Any] = field(default_factory=dict)

    def remember(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()` once per key and run; a raised HrkitError is remembered and re-raised."""
        if key not in self.memo:
            try:
                self.memo[key] = (True, compute())
            except HrkitError as exc:
                self.memo[key] = (False, exc)
        ok, value = self.memo[key]
        if not ok:
            raise value
        return value

    def for_status_list(self) -> VerifyContext:
        """The context to verify a status list in: same network and memo, no trust/recipient."""
        return VerifyContext(
            fetcher=self.fetcher,
            now=self.now,
            clock_skew=self.clock_skew,
            status_depth=self.status_depth + 1,
            memo=self.memo,
        )

    def fetch_json(self, url: str, what: str) -> Any:
        """The JSON document at `url`, fetched once per run; DocumentUnavailable otherwise."""
        from hrkit.errors import FetchError
        from hrkit.verify import jsonload

        def load() -> Any:
            try:
                fetched = self.fetcher.fetch(url)
                return jsonload.loads(fetched.content, what=f"{what} {url}")
            except (FetchError, jsonload.MalformedInput) as exc:
                raise DocumentUnavailable(f"cannot obtain the {what}: {exc}") from None

        return self.remember(f"json:{url}", load)
