"""HR Open Standards: one LER-RS 4.4 JSON document per person.

Each document is an `LER-RSType` (schemas in `schemas/hropen/`, from the HR Open LER-RS
package; see NOTICE.txt there) holding the person, their e-mail, their certifications and the
skills those certifications map to.

Decisions:

* One file per person, `hropen_<first 32 hex of SHA-256 of the lower-cased e-mail>.json`:
  deterministic, safe on every file system, and free of personal data in the name. The
  e-mail and, when known, the external id (`person.id.value`) are inside.
* A verified credential ("upsert") is a `VerifiableCertificationType`: exactly
  `{"verifications": [credential]}` (the type allows no other property). The credential is
  embedded verbatim: a JSON credential as its JSON object; a compact JWS/JWT (VC-JWT, SD-JWT,
  a signed OB 2.0 assertion) as a W3C VC 2.0 `EnvelopedVerifiableCredential` whose `id` is a
  `data:` URL holding the compact string unchanged, because a verification entry is a
  credential object, never a bare string.
* An "end" row is an HR Open `CertificationType` (the other branch of the resume's
  certification `anyOf`) with `id.value` = the credential's own id, `status` "revoked",
  "expired", "suspended" or "inactive", `effectiveTimePeriod.validTo` = the end date and the
  required `issuingAuthority`; the ended credential is no longer embedded as verified.
* `skills` lists, once each, the names of the skills mapped from the person's verified
  credentials in the file (`HROpenSkillInternalType`, which requires only `name`).
* A file holds what this run exports for the person (all of it with `--full`).
* Rows are grouped per person as they arrive. Rows ordered by person write each file once,
  straight away. Rows of a person whose file is already written are spilled to a temporary
  SQLite file and merged at the end, each file read back and rewritten once, so any order
  gives the same documents. Memory holds one person's rows at a time plus the file list.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal

from connectors.targets.common import (
    achievement_label,
    credential_number,
    iso_date,
    issuer_label,
    nonempty,
    status_label,
    stops_on,
)
from hrkit.model.enums import CredentialFormat
from hrkit.ports import ExportRow

LER_RS_TYPE = "http://schema.hropenstandards.org/4.4/recruiting/json/ler-rs/LER-RSType.json"
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
# VC-JOSE-COSE media types of the secured forms; RFC 7515's application/jose for other JWS.
_MEDIA_TYPES = {
    CredentialFormat.VC_JWT.value: "application/vc+jwt",
    CredentialFormat.VP_JWT.value: "application/vc+jwt",
    CredentialFormat.VC_SD_JWT.value: "application/vc+sd-jwt",
    CredentialFormat.VP_SD_JWT.value: "application/vc+sd-jwt",
    CredentialFormat.VC_COSE.value: "application/vc+cose",
    CredentialFormat.VP_COSE.value: "application/vc+cose",
}
DEFAULT_MEDIA_TYPE = "application/jose"


def person_key(row: ExportRow) -> str:
    return row.person_email.strip().casefold()


def file_name(key: str) -> str:
    """The file of the person whose `person_key` is `key`."""
    return f"hropen_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.json"


def embedded_credential(row: ExportRow) -> dict[str, Any]:
    """The verbatim credential as a verification entry: its JSON, or an enveloped JWS."""
    text = row.raw.strip()
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, dict):
            return value
    media_type = _MEDIA_TYPES.get(row.format or "", DEFAULT_MEDIA_TYPE)
    return {
        "@context": VC_V2_CONTEXT,
        "id": f"data:{media_type},{text}",
        "type": "EnvelopedVerifiableCredential",
    }


def certification(row: ExportRow) -> dict[str, Any]:
    """The resume certification entry of one credential row."""
    if row.action != "end":
        return {"verifications": [embedded_credential(row)]}
    dates = (("validFrom", iso_date(row.issued_on)), ("validTo", iso_date(stops_on(row))))
    period = {key: value for key, value in dates if value}
    entry: dict[str, Any] = {
        "id": {"value": credential_number(row)},
        "name": achievement_label(row),
        "status": status_label(row).lower(),
        "issuingAuthority": {"name": issuer_label(row)},
    }
    if period:
        entry["effectiveTimePeriod"] = period
    return entry


def skill_names(row: ExportRow) -> list[str]:
    """Names of the skills a verified credential maps to (none for an end row)."""
    if row.action == "end":
        return []
    return [
        name
        for mapping in row.skills
        if isinstance(name := mapping.get("name"), str) and name.strip()
    ]


def _part(rows: list[ExportRow]) -> dict[str, Any]:
    """What a run of one person's rows adds to their document (JSON, so it can be spilled)."""
    entries = {row.credential_id: certification(row) for row in rows}  # a repeat: last wins
    return {
        "certifications": list(entries.values()),
        "skills": [name for row in rows for name in skill_names(row)],
        "external": next((row.person_external_id for row in rows if row.person_external_id), None),
    }


def _new_document(row: ExportRow) -> dict[str, Any]:
    return {
        "type": LER_RS_TYPE,
        "person": {"name": {"formattedName": row.person_name}},
        "communication": {"email": [{"address": row.person_email}]},
        "certifications": [],
    }


def _add(doc: dict[str, Any], part: dict[str, Any]) -> None:
    doc["certifications"].extend(part["certifications"])
    if part["external"] and "id" not in doc["person"]:
        doc["person"]["id"] = {"value": part["external"]}
    names = [skill["name"] for skill in doc.get("skills", [])] + part["skills"]
    if names:
        doc["skills"] = [{"name": name} for name in dict.fromkeys(names)]


class _Spill:
    """Runs of rows for people whose file is already written, kept on disk until the end.

    A temporary SQLite file in the staging folder (removed before `write` returns; the engine
    clears the folder after a crash): created only when rows are not ordered by person.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None
        self.db: sqlite3.Connection | None = None

    def add(self, name: str, part: dict[str, Any]) -> None:
        if self.db is None:
            handle, path = tempfile.mkstemp(prefix=".hropen-", suffix=".spill", dir=self.folder)
            os.close(handle)
            self.path = Path(path)
            self.db = sqlite3.connect(path)
            self.db.execute("PRAGMA journal_mode = OFF")
            self.db.execute("PRAGMA synchronous = OFF")
            self.db.execute("CREATE TABLE late (seq INTEGER PRIMARY KEY, name TEXT, part TEXT)")
        self.db.execute("INSERT INTO late (name, part) VALUES (?, ?)", (name, json.dumps(part)))

    def files(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """(file name, its spilled parts in arrival order), file by file."""
        if self.db is None:
            return
        rows = self.db.execute("SELECT name, part FROM late ORDER BY name, seq")
        for name, group in itertools.groupby(rows, key=lambda row: str(row[0])):
            yield name, [json.loads(part) for _, part in group]

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def _save(doc: dict[str, Any], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        json.dump(doc, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


class HrOpenTarget:
    """LER-RS JSON documents, one per person, named `hropen_<hash>.json`."""

    name: ClassVar[str] = "hropen"
    kind: ClassVar[Literal["target"]] = "target"

    def write(self, rows: Iterable[ExportRow], out_dir: Path) -> list[Path]:
        stream = nonempty(rows)
        if stream is None:
            return []
        written: dict[str, Path] = {}
        spill = _Spill(out_dir)
        try:
            for key, group in itertools.groupby(stream, key=person_key):
                run = list(group)
                name = file_name(key)
                if name in written:
                    spill.add(name, _part(run))
                    continue
                doc = _new_document(run[0])
                _add(doc, _part(run))
                written[name] = out_dir / name
                _save(doc, written[name])
            for name, parts in spill.files():
                with written[name].open(encoding="utf-8") as handle:
                    doc = json.load(handle)
                for part in parts:
                    _add(doc, part)
                _save(doc, written[name])
        finally:
            spill.close()
        return list(written.values())
