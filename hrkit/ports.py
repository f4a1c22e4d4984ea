"""The ports connectors implement: where credentials come from and where they go.

Both are one-method contracts. The sync loop in the core owns state (cursors, watermarks) and
atomic file placement; a connector only reads or writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

from hrkit.model.enums import VerificationStatus


@dataclass(frozen=True)
class SourceDocument:
    """One raw credential document from a source, with the person it belongs to."""

    document: str | bytes
    holder_email: str
    holder_name: str | None = None
    # Where the document came from (URL, path, export key): the source's primary key.
    ref: str = ""
    # An increasing position in the source (e.g. an update timestamp); the loop keeps the largest.
    cursor: str | None = None


@dataclass(frozen=True)
class ExportRow:
    """One credential as a target receives it: flat, verified values plus the raw document."""

    action: Literal["upsert", "end"]
    credential_id: int
    credential_uri: str | None
    change_seq: int
    status: VerificationStatus
    person_email: str
    person_name: str
    person_external_id: str | None
    achievement_uri: str | None
    achievement_name: str | None
    achievement_kind: str | None
    issuer_uri: str | None
    issuer_name: str | None
    issued_on: datetime | None
    valid_until: datetime | None
    # The date an "end" row ends the credential (revocation seen, expiry): None for upserts.
    ended_on: datetime | None
    format: str | None
    raw: str
    skills: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)


@runtime_checkable
class IssuerSource(Protocol):
    """Yields credential documents from `location`, after `cursor` when the source allows."""

    name: ClassVar[str]
    kind: ClassVar[Literal["source"]]

    def read(self, location: str, cursor: str | None = None) -> Iterator[SourceDocument]: ...


@runtime_checkable
class HrisTarget(Protocol):
    """Writes the files one HRIS imports into `out_dir`; returns them (names deterministic)."""

    name: ClassVar[str]
    kind: ClassVar[Literal["target"]]

    def write(self, rows: Iterable[ExportRow], out_dir: Path) -> list[Path]: ...
