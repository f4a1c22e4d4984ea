"""`badgr`: a Badgr (Canvas Credentials) backpack export, as JSON.

LOCATION is a JSON file holding a list of backpack assertions, either bare or under `result`
(the v2 API's `GET /v2/backpack/assertions`), `badges` or `assertions`. Each entry may be:

- a v2 backpack assertion: `openBadgeId` (the hosted assertion URL), `recipient` (`identity`,
  `hashed`, `type`, `plaintextIdentity`), `issuedOn`, `createdAt`, `acceptance`;
- a v1 earner badge: `json` (the Open Badges assertion), `recipient_identifier`, `acceptance`;
- an Open Badges assertion itself.

An embedded assertion is yielded as it is (its hosted copy is fetched when it is verified);
otherwise the assertion URL (`openBadgeId`, the embedded `id` or `verify.url`) is fetched
through the guarded fetcher. Badges the earner rejected (`acceptance: Rejected`) are skipped.
The holder is the entry's `plaintextIdentity` / `recipient_identifier`, else a plain email
recipient, else the assertion's own plain recipient. The cursor is `createdAt` (when the badge
entered the backpack), else the issue date: a re-pull reads entries from the last one seen on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from connectors.sources.base import (
    Problems,
    Source,
    fetch_document,
    is_url,
    not_before,
    time_cursor,
)
from connectors.sources.holders import credential_json, email_of, plain_email
from hrkit.errors import TerminalConnectorError
from hrkit.fileio import FileTooLarge, read_limited
from hrkit.ports import SourceDocument
from hrkit.verify import jsonload

MAX_EXPORT_BYTES = 200_000_000
_LIST_KEYS = ("result", "badges", "assertions")


class BadgrSource(Source):
    """Assertions from a Badgr backpack export (v1 or v2 API shape)."""

    name = "badgr"

    def read(self, location: str, cursor: str | None = None) -> Iterator[SourceDocument]:
        problems = Problems()
        entries = _entries(location)
        with self.network() as fetcher:
            for position, entry in enumerate(entries):
                ref = f"{location}#{position}"
                if not isinstance(entry, Mapping):
                    problems.add(ref, "an entry is not a JSON object")
                    continue
                if str(entry.get("acceptance", "")).lower() == "rejected":
                    continue
                at = _cursor(entry)
                if not not_before(at, cursor):
                    continue
                embedded = _embedded(entry)
                url = _assertion_url(entry)
                if embedded is not None:
                    content: bytes | None = embedded
                elif url is not None:
                    content = fetch_document(fetcher, url, problems)
                else:
                    problems.add(ref, "no assertion and no assertion URL")
                    continue
                if content is None:
                    continue
                email = _entry_email(entry) or plain_email(credential_json(content) or {}) or ""
                yield SourceDocument(content, email, ref=url or ref, cursor=at)
        problems.raise_if_any()


def _entries(location: str) -> list[Any]:
    if is_url(location.strip()):
        raise TerminalConnectorError("badgr reads a backpack export file, not a URL")
    path = Path(location).expanduser()
    try:
        value = jsonload.loads(read_limited(path, MAX_EXPORT_BYTES), max_bytes=MAX_EXPORT_BYTES)
    except FileTooLarge:
        too_large = f"{location} is larger than {MAX_EXPORT_BYTES} bytes"
        raise TerminalConnectorError(too_large) from None
    except OSError as exc:
        raise TerminalConnectorError(f"cannot read {location}: {exc.strerror or exc}") from None
    except jsonload.MalformedInput as exc:
        raise TerminalConnectorError(f"{location} is not a backpack export: {exc}") from None
    if isinstance(value, Mapping):
        value = next((value[k] for k in _LIST_KEYS if isinstance(value.get(k), list)), [value])
    if not isinstance(value, list):
        raise TerminalConnectorError(f"{location} is not a backpack export (a list of assertions)")
    return value


def _is_assertion(value: object) -> bool:
    """An Open Badges assertion in plain form (not the v1 API's typed wrappers)."""
    if not isinstance(value, Mapping):
        return False
    if "@context" in value:
        return True
    return isinstance(value.get("id"), str) and "recipient" in value and "badge" in value


def _embedded(entry: Mapping[str, Any]) -> bytes | None:
    """The assertion the entry carries, as JSON text; None when only its URL is known."""
    for candidate in (entry.get("json"), entry.get("originalJson")):
        if isinstance(candidate, str) and candidate.lstrip().startswith("{"):
            return candidate.encode()
        if _is_assertion(candidate):
            return json.dumps(candidate, ensure_ascii=False).encode()
    if "openBadgeId" not in entry and _is_assertion(entry):
        return json.dumps(entry, ensure_ascii=False).encode()
    return None


def _assertion_url(entry: Mapping[str, Any]) -> str | None:
    embedded = _json_of(entry) or entry
    verify = embedded.get("verify") or embedded.get("verification")
    for candidate in (
        entry.get("openBadgeId"),
        _id(embedded.get("id")),
        verify.get("url") if isinstance(verify, Mapping) else None,
    ):
        if isinstance(candidate, str) and is_url(candidate):
            return candidate
    return None


def _json_of(entry: Mapping[str, Any]) -> Mapping[str, Any] | None:
    found = entry.get("json")
    return found if isinstance(found, Mapping) else None


def _id(value: object) -> object:
    # The v1 API wraps values: {"type": "@id", "id": "https://…"}.
    return value.get("id") if isinstance(value, Mapping) else value


def _entry_email(entry: Mapping[str, Any]) -> str | None:
    recipient = entry.get("recipient")
    plaintext = recipient.get("plaintextIdentity") if isinstance(recipient, Mapping) else None
    return email_of(plaintext) or email_of(entry.get("recipient_identifier")) or plain_email(entry)


def _cursor(entry: Mapping[str, Any]) -> str | None:
    embedded = _json_of(entry) or {}
    for value in (
        entry.get("createdAt"),
        entry.get("issuedOn"),
        embedded.get("issuedOn"),
        embedded.get("issued_on"),
    ):
        if isinstance(value, Mapping):
            value = value.get("@value")
        found = time_cursor(value)
        if found:
            return found
    return None
