"""What every built-in source shares: the guarded fetcher, per-document problems, cursors.

A source yields what it could read and raises, after the last document, one ConnectorError
naming every document it could not read: retryable (the pull keeps its cursor) when any of
them may succeed later, terminal otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from hrkit.errors import (
    FetchError,
    FetchRefusedError,
    TerminalConnectorError,
    TransientConnectorError,
)

if TYPE_CHECKING:  # the network stack loads when a source first reads, not when it registers
    from hrkit.verify.context import DocumentFetcher

# HTTP answers that a later attempt may not repeat; any other 4xx is the same every time.
_RETRYABLE_STATUS = frozenset({408, 425, 429})
_SHOWN_PROBLEMS = 5
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d %b %Y",
    "%b %d, %Y",
    "%B %d, %Y",
)


class Source:
    """A built-in source: constructed with the pull's guarded fetcher (one is made if none)."""

    name: ClassVar[str]
    kind: ClassVar[Literal["source"]] = "source"

    def __init__(self, fetcher: DocumentFetcher | None = None) -> None:
        self._fetcher = fetcher

    @contextmanager
    def network(self) -> Iterator[DocumentFetcher]:
        """The fetcher to use for one read (a private guarded one, closed after, if none given)."""
        if self._fetcher is not None:
            yield self._fetcher
            return
        from hrkit.verify.fetch import Fetcher

        with Fetcher() as fetcher:
            yield fetcher


@dataclass
class Problems:
    """Documents a read could not produce; `raise_if_any()` ends the read with one error."""

    items: list[tuple[str, str, bool]] = field(default_factory=list)

    def add(self, ref: str, message: str, *, retryable: bool = False) -> None:
        self.items.append((ref, message, retryable))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = "; ".join(f"{ref}: {message}" for ref, message, _ in self.items[:_SHOWN_PROBLEMS])
        more = len(self.items) - _SHOWN_PROBLEMS
        text = f"{len(self.items)} document(s) could not be read: {shown}"
        text += f"; and {more} more" if more > 0 else ""
        if any(retryable for _, _, retryable in self.items):
            raise TransientConnectorError(text)
        raise TerminalConnectorError(text)


def fetch_document(fetcher: DocumentFetcher, url: str, problems: Problems) -> bytes | None:
    """The document at `url`, or None after noting why not.

    A `410 Gone` answer gives the URL itself: verifying it reports the credential revoked (the
    fetcher remembers the answer, so the engine does not ask again).
    """
    try:
        return fetcher.fetch(url).content
    except FetchRefusedError as exc:
        problems.add(url, str(exc), retryable=False)
    except FetchError as exc:
        if exc.status_code == 410:
            return url.encode()
        problems.add(url, str(exc), retryable=is_retryable(exc))
    return None


def is_retryable(exc: FetchError) -> bool:
    """Whether fetching again later may succeed: network failures, 5xx, 408, 425, 429."""
    if isinstance(exc, FetchRefusedError):
        return False
    code = exc.status_code
    return code is None or code >= 500 or code in _RETRYABLE_STATUS


def is_url(text: str) -> bool:
    return text.startswith(("https://", "http://")) and not any(c.isspace() for c in text)


def time_cursor(value: object) -> str | None:
    """`value` (ISO-8601 or a common export date format) as a sortable UTC cursor string."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for form in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, form)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def not_before(cursor: str | None, since: str | None) -> bool:
    """Whether an item at `cursor` is read again after `since` (undated items always are).

    Dates in exports are often whole days: the boundary itself is read again, and storing the
    same document twice changes nothing.
    """
    return since is None or cursor is None or cursor >= since
