"""`credly`: Open Badges 2.0 hosted assertions, listed or from an organisation's export.

LOCATION is one of:

- an assertion URL (`https://api.credly.com/v1/obi/v2/badge_assertions/<id>`);
- a text file of assertion URLs, one per line, optionally followed by the holder's email
  (`URL,EMAIL` or `URL EMAIL`); blank lines and `#` comments are skipped;
- a CSV export of issued badges (Credly's analytics export or the issued-badges report). Its
  header is matched case-insensitively, spaces and underscores alike: the email comes from
  `Issued to Email` / `Recipient Email` / `Email`, the assertion from `Assertion URL` /
  `OBI URL`, else from `Badge URL` / `Public URL` (a `credly.com/badges/<id>` page becomes the
  assertion `api.credly.com/v1/obi/v2/badge_assertions/<id>`; any other URL is used as given),
  else from `Earner Badge ID` / `Badge ID`; the name from `Issued to First Name`, `… Middle
  Name` and `… Last Name`; the date from `Issue Date` / `Issued At` / `Issued at date`.

Every assertion is fetched through the guarded fetcher. The holder is the row's email, else the
assertion's plain (unhashed) recipient. The cursor is the issue date: a re-pull reads rows
issued on or after the last one seen (a file of URLs has no dates and is read in full).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from connectors.sources.base import (
    Problems,
    Source,
    fetch_document,
    is_url,
    not_before,
    time_cursor,
)
from connectors.sources.holders import credential_json, plain_email
from hrkit.errors import HrkitError, TerminalConnectorError
from hrkit.fileio import FileTooLarge, read_limited
from hrkit.model.people import parse_email
from hrkit.ports import SourceDocument

ASSERTION_URL = "https://api.credly.com/v1/obi/v2/badge_assertions/{id}"
MAX_EXPORT_BYTES = 100_000_000
_CREDLY_HOSTS = frozenset({"credly.com", "www.credly.com"})
_BADGE_PAGE = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?badges/([0-9a-fA-F-]{36})(?:/.*)?$")
_BADGE_ID = re.compile(r"^[0-9a-fA-F-]{36}$")
COLUMNS = {
    "email": ("issued to email", "recipient email", "email", "earner email"),
    "assertion": ("assertion url", "obi url", "assertion", "open badge id"),
    "page": ("badge url", "public url", "url"),
    "id": ("earner badge id", "badge id", "id"),
    "first": ("issued to first name", "first name"),
    "middle": ("issued to middle name", "middle name"),
    "last": ("issued to last name", "last name"),
    "issued": ("issue date", "issued at", "issued at date", "issued on", "date issued"),
}


@dataclass(frozen=True)
class Row:
    line: int
    url: str | None
    email: str | None = None
    name: str | None = None
    cursor: str | None = None


class CredlySource(Source):
    """OB 2.0 hosted assertions: one URL, a list of URLs, or an issued-badges CSV export."""

    name = "credly"

    def read(self, location: str, cursor: str | None = None) -> Iterator[SourceDocument]:
        problems = Problems()
        rows = self._rows(location.strip())
        seen: set[str] = set()
        with self.network() as fetcher:
            for row in rows:
                if not not_before(row.cursor, cursor):
                    continue
                if row.url is None:
                    problems.add(f"{location} line {row.line}", "no assertion URL or badge id")
                    continue
                if row.url in seen:
                    continue
                seen.add(row.url)
                content = fetch_document(fetcher, row.url, problems)
                if content is None:
                    continue
                credential = credential_json(content)
                email = row.email or (plain_email(credential) if credential else None) or ""
                yield SourceDocument(content, email, row.name, ref=row.url, cursor=row.cursor)
        problems.raise_if_any()

    def _rows(self, location: str) -> list[Row]:
        if is_url(location):
            return [Row(1, location)]
        path = Path(location).expanduser()
        try:
            text = read_limited(path, MAX_EXPORT_BYTES).decode("utf-8-sig")
        except (OSError, FileTooLarge, UnicodeDecodeError) as exc:
            raise TerminalConnectorError(f"cannot read {location}: {_reason(exc)}") from None
        if is_url(_first_word(text)):
            return list(_url_lines(text))
        return list(_export_rows(text, location))


def _first_word(text: str) -> str:
    for line in text.splitlines():
        words = line.replace(",", " ").split()
        if words and not words[0].startswith("#"):
            return words[0]
    return ""


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)


def _url_lines(text: str) -> Iterator[Row]:
    for line, raw in enumerate(text.splitlines(), start=1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        url, _, rest = entry.replace(",", " ", 1).partition(" ")
        yield Row(line, url if is_url(url) else None, _email(rest.strip()))


def _export_rows(text: str, location: str) -> Iterator[Row]:
    reader = csv.DictReader(io.StringIO(text))
    columns = _columns(reader.fieldnames or [])
    if "email" not in columns or not {"assertion", "page", "id"} & columns.keys():
        raise TerminalConnectorError(
            f"{location} is neither a list of assertion URLs nor an issued-badges export "
            "(a CSV with an email column and a badge URL or badge id column)"
        )
    for line, row in enumerate(reader, start=2):
        value = {key: (row.get(name) or "").strip() for key, name in columns.items()}
        if not any(value.values()):
            continue
        parts = (value.get("first"), value.get("middle"), value.get("last"))
        name = " ".join(part for part in parts if part)
        yield Row(
            line,
            _assertion_url(value),
            _email(value.get("email", "")),
            name or None,
            time_cursor(value.get("issued")),
        )


def _columns(header: Sequence[str]) -> dict[str, str]:
    """Our key → the header's own spelling, for the columns found."""
    spelled = {" ".join(h.replace("_", " ").lower().split()): h for h in header if h}
    found = {}
    for key, names in COLUMNS.items():
        for name in names:
            if name in spelled:
                found[key] = spelled[name]
                break
    return found


def _assertion_url(value: Mapping[str, str]) -> str | None:
    if is_url(value.get("assertion", "")):
        return value["assertion"]
    page = value.get("page", "")
    if is_url(page):
        parts = urlsplit(page)
        match = _BADGE_PAGE.match(parts.path)
        if parts.hostname in _CREDLY_HOSTS and match:
            return ASSERTION_URL.format(id=match.group(1).lower())
        return page
    badge_id = value.get("id", "")
    return ASSERTION_URL.format(id=badge_id.lower()) if _BADGE_ID.match(badge_id) else None


def _email(value: str) -> str | None:
    if not value:
        return None
    try:
        return parse_email(value)
    except HrkitError:
        return value  # the pull reports it: a wrong address must not silently fall back
