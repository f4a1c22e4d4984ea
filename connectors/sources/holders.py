"""Whom a credential belongs to: what it says itself, or what a `holders.csv` file maps.

The credential's own word counts only when it is readable: an OB 2.0 `recipient` or an OB 3.0
`credentialSubject.identifier` of type email that is not hashed, a `mailto:` subject id, or a
subject `email`. Hashed recipients need a mapping (or `--holder`).

`holders.csv` (UTF-8, a header row) maps documents to people: `email` (required), `name`
(optional), and per row a `file` (path relative to the folder, or a bare file name) and/or an
`id` (a presentation holder or credential subject id, e.g. a DID).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hrkit.errors import HrkitError, TerminalConnectorError
from hrkit.fileio import FileTooLarge, read_limited
from hrkit.model.people import normalize_email, parse_email

HOLDERS_FILE = "holders.csv"
_MAX_HOLDERS_BYTES = 20_000_000
_ID_COLUMNS = ("id", "holder", "did", "subject")
_EMAIL_TYPES = frozenset({"email", "emailaddress"})


@dataclass(frozen=True)
class Holder:
    email: str
    name: str | None = None


NOBODY = Holder("")


def json_or_claims(data: bytes) -> tuple[Any, bool]:
    """(the JSON value, False) when `data` is JSON text, (its claims, True) when it is a compact
    JWT (unverified), else (None, False)."""
    from hrkit.verify import jose

    text = data.decode("utf-8-sig", "replace").strip()
    if text.startswith("{"):
        try:
            return json.loads(text), False
        except (ValueError, RecursionError):
            return None, False
    if not jose.looks_like_compact_jws(text):
        return None, False
    try:
        return jose.json_object(jose.b64url_decode(text.split(".")[1]), "JWT claims"), True
    except jose.TokenError:
        return None, False


def credential_json(data: bytes) -> dict[str, Any] | None:
    """The credential in `data` as JSON (a JWT's claims, a baked image's payload), unverified."""
    from hrkit.verify.baked import extract_baked, is_baked_image

    if is_baked_image(data):
        try:
            data = extract_baked(data)
        except HrkitError:
            return None
    value, jwt = json_or_claims(data)
    if not isinstance(value, dict):
        return None
    for claim in ("vc", "vp") if jwt else ():
        if isinstance(value.get(claim), dict) and "@context" not in value:
            return dict(value[claim])
    return value


def plain_email(credential: Mapping[str, Any]) -> str | None:
    """The recipient email the credential states in plain text, if it states one."""
    from hrkit.verify.checks import subject_identities
    from hrkit.verify.datamodel.recipient import HASHED_IDENTITY

    identities: list[Mapping[str, Any]] = []
    recipient = credential.get("recipient")
    if isinstance(recipient, Mapping):
        identities.append(recipient)
    identities.extend(subject_identities(credential))
    for identity in identities:
        kind = str(identity.get("identityType") or identity.get("type") or "email").lower()
        value = identity.get("identity", identity.get("identityHash"))
        if kind not in _EMAIL_TYPES or not isinstance(value, str):
            continue
        hashed = identity.get("hashed")
        if hashed is True or (hashed is None and HASHED_IDENTITY.fullmatch(value.strip())):
            continue
        try:
            return parse_email(value)
        except HrkitError:
            continue
    return None


def subject_ids(credential: Mapping[str, Any]) -> list[str]:
    """The credential's subject ids (DIDs, URLs), for a mapping to look up."""
    subjects = credential.get("credentialSubject")
    found = []
    for subject in subjects if isinstance(subjects, list) else [subjects]:
        if isinstance(subject, Mapping) and isinstance(subject.get("id"), str):
            found.append(subject["id"])
    return found


def email_of(identifier: object) -> str | None:
    """`identifier` as an email when it is one (`mailto:` URIs included)."""
    if not isinstance(identifier, str):
        return None
    try:
        return parse_email(identifier)
    except HrkitError:
        return None


@dataclass
class HolderMap:
    """The rows of a `holders.csv`: by file (relative path or name) and by identifier."""

    by_file: dict[str, Holder] = field(default_factory=dict)
    by_id: dict[str, Holder] = field(default_factory=dict)
    mtime_ns: int = 0

    @classmethod
    def beside(cls, folder: Path) -> HolderMap:
        """The map in `folder/holders.csv`; an empty map when there is none."""
        path = folder / HOLDERS_FILE
        if not path.is_file():
            return cls()
        return cls.load(path)

    @classmethod
    def load(cls, path: Path) -> HolderMap:
        try:
            text = read_limited(path, _MAX_HOLDERS_BYTES).decode("utf-8-sig")
            mtime = path.stat().st_mtime_ns
        except (OSError, FileTooLarge, UnicodeDecodeError) as exc:
            raise TerminalConnectorError(f"cannot read {path}: {exc}") from None
        rows = csv.DictReader(io.StringIO(text))
        columns = {(name or "").strip().lower(): name for name in rows.fieldnames or []}
        if "email" not in columns:
            raise TerminalConnectorError(f"{path} has no email column (header: email,file,id)")
        mapping = cls(mtime_ns=mtime)
        for line, row in enumerate(rows, start=2):
            mapping._add(path, line, {k: (row.get(v) or "").strip() for k, v in columns.items()})
        return mapping

    def _add(self, path: Path, line: int, row: Mapping[str, str]) -> None:
        if not any(row.values()):
            return
        try:
            holder = Holder(parse_email(row["email"]), row.get("name") or None)
        except HrkitError as exc:
            raise TerminalConnectorError(f"{path} line {line}: {exc}") from None
        keys = [row[c] for c in _ID_COLUMNS if row.get(c)]
        if not row.get("file") and not keys:
            raise TerminalConnectorError(f"{path} line {line}: give a file or an id")
        if row.get("file"):
            self.by_file[_relative(row["file"])] = holder
        for key in keys:
            self.by_id[key] = holder
            if key.lower().startswith("mailto:"):
                self.by_id[normalize_email(key)] = holder

    def for_file(self, relative: str) -> Holder | None:
        relative = _relative(relative)
        return self.by_file.get(relative) or self.by_file.get(relative.rsplit("/", 1)[-1])

    def for_ids(self, identifiers: Iterable[object]) -> Holder | None:
        for identifier in identifiers:
            if isinstance(identifier, str) and identifier in self.by_id:
                return self.by_id[identifier]
        return None


def _relative(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


def resolve(credential: Mapping[str, Any] | None, holders: HolderMap) -> Holder:
    """The holder of `credential`: mapped by subject id, else its plain recipient email."""
    if credential is None:
        return NOBODY
    mapped = holders.for_ids(subject_ids(credential))
    if mapped is not None:
        return mapped
    email = plain_email(credential)
    return Holder(email) if email else NOBODY
