"""Skill records as taxonomy files give them, checked row by row and collected by uri.

A record carries only the fields its file has columns for: importing a file without
descriptions (the ESCO hierarchy, a custom CSV) must not erase the descriptions an earlier
ESCO download stored. A record without a name can only update a skill that already exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypedDict

from hrkit.skills.table import RowError

MAX_URI, MAX_NAME, MAX_CODE, MAX_TYPE, MAX_FRAMEWORK = 2048, 400, 200, 100, 40

# scheme ":" and then no spaces or characters RFC 3986 never allows unescaped.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")
_WEB = re.compile(r"https?://[^/?#\s]+", re.IGNORECASE)
# ESCO downloads separate several values with new lines, its collections with " | ".
_LABELS = re.compile(r"\s*\n\s*|\s+\|\s+")
_URIS = re.compile(r"[\s|]+")


class SkillFields(TypedDict, total=False):
    name: str
    framework: str
    code: str | None
    skill_type: str | None
    description: str | None
    alt_labels: list[str]
    broader: list[str]


@dataclass
class SkillRecord:
    row: int  # the first row that names the skill
    uri: str
    fields: SkillFields


@dataclass
class Parsed:
    """What a file gives: records by uri (in file order), row problems, data rows read."""

    format: str
    framework: str
    records: dict[str, SkillRecord] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    def error(self, row: int, code: str, message: str) -> None:
        self.errors.append(RowError(row, code, message))

    def add(
        self,
        row: int,
        uri: str | None,
        fields: SkillFields,
        *,
        columns: tuple[str, str] = ("uri", "name"),
        merge: bool = False,
    ) -> None:
        """Check one row's skill and keep it; a uri seen before is an error unless `merge`
        (formats that name a skill once per occupation), where the first values win and
        broader concepts add up. `columns` name the uri and name columns in messages."""
        problem = uri_problem(uri, columns[0]) or _field_problem(fields, columns[1])
        if problem is not None:
            self.error(row, *problem)
            return
        assert uri is not None
        if "broader" in fields:
            fields["broader"] = [b for b in fields["broader"] if b != uri]
        held = self.records.get(uri)
        if held is None:
            self.records[uri] = SkillRecord(row, uri, fields)
        elif merge:
            _merge(held.fields, fields)
        else:
            self.error(row, "DUPLICATE", f"{uri} is already on row {held.row}")


def _merge(held: SkillFields, given: SkillFields) -> None:
    for name, value in given.items():
        if name != "broader" and held.get(name) is None:
            held[name] = value  # type: ignore[literal-required]
    if "broader" in given:
        broader = held.setdefault("broader", [])
        broader.extend(b for b in given["broader"] if b not in broader)


def uri_problem(uri: str | None, column: str) -> tuple[str, str] | None:
    """(code, message) when `uri` is missing or not an absolute URI."""
    if uri is None:
        return "MISSING_URI", f"no {column}"
    if len(uri) > MAX_URI:
        return "INVALID_URI", f"{column} is longer than {MAX_URI} characters"
    if _URI.fullmatch(uri) is None or (uri[:4].lower() == "http" and not _WEB.match(uri)):
        return "INVALID_URI", f"{column} {_short(uri)!r} is not a URI (like https://… or urn:…)"
    return None


def _field_problem(fields: SkillFields, name_column: str) -> tuple[str, str] | None:
    name = fields.get("name")
    if "name" in fields and not name:
        return "MISSING_NAME", f"no {name_column}"
    for label, value, limit in (
        ("name", name, MAX_NAME),
        ("code", fields.get("code"), MAX_CODE),
        ("skill type", fields.get("skill_type"), MAX_TYPE),
        ("framework", fields.get("framework"), MAX_FRAMEWORK),
    ):
        if value is not None and len(value) > limit:
            return "TOO_LONG", f"the {label} is longer than {limit} characters"
    for broader in fields.get("broader", []):
        problem = uri_problem(broader, "broader concept")
        if problem is not None:
            return problem
    return None


def labels(value: str | None) -> list[str]:
    """Alternative labels, new-line or " | " separated, without repeats."""
    return list(dict.fromkeys(v for v in _LABELS.split(value or "") if v))


def uris(value: str | None) -> list[str]:
    """URIs separated by " | ", new lines or spaces, without repeats."""
    return list(dict.fromkeys(v for v in _URIS.split(value or "") if v))


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
