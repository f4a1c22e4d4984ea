"""Safety checks on an xlsx or ods archive before any spreadsheet parser sees its bytes.

Every member is inflated once, in 1 MiB pieces, counting what comes out: the total against
`max_unzipped_bytes`, each large member's ratio against `max_ratio` (zip bombs), while the
XML prologs are checked for DTDs and entity declarations and the sheets for their reach.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import struct
import zipfile
import zlib
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError, fromstring

from hrkit.errors import SpreadsheetError
from hrkit.imports.extent import OdsScan, Overflow, XlsxSheetScan, exact_xlsx_reach

if TYPE_CHECKING:
    from hrkit.imports.readers import ReadLimits

CHUNK = 1 << 20
# Below this inflated size a member's ratio does not matter: it cannot hurt.
RATIO_FLOOR = 1 << 20
# Kept in memory to map sheet names to their parts (both are a few kilobytes in practice).
WORKBOOK_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
_PART_LIMIT = 10_000_000

# What a damaged or unsupported archive raises from zipfile and the decompressors.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    OSError,
    EOFError,
    zlib.error,
    struct.error,
    ValueError,
)


@dataclass
class Checked:
    """What the checks learnt: worksheets that reach too far (by lower-case member name)."""

    overflows: dict[str, Overflow] = field(default_factory=dict)
    parts: dict[str, bytes] = field(default_factory=dict)


def check_archive(data: bytes, filename: str, kind: str, limits: ReadLimits) -> Checked:
    """Refuse zip bombs (ZIP_BOMB), DTDs (XML_FORBIDDEN) and damage (CORRUPT) in an xlsx/ods."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _check(archive, filename, kind, limits)
    except _ZIP_ERRORS as error:
        raise SpreadsheetError(
            f"{filename} is a damaged {kind} file ({_reason(error)})", code="CORRUPT"
        ) from None


def _check(archive: zipfile.ZipFile, filename: str, kind: str, limits: ReadLimits) -> Checked:
    members = archive.infolist()
    too_much = f"it unpacks to more than {limits.max_unzipped_bytes} bytes"
    if len(members) > limits.max_members:
        raise _bomb(filename, f"it holds more than {limits.max_members} files")
    if sum(info.file_size for info in members) > limits.max_unzipped_bytes:
        raise _bomb(filename, too_much)
    checked = Checked()
    total = 0
    for info in members:
        watch = _Watch(filename, info, kind, limits)
        inflated = 0
        with closing(_inflate(archive, info, limits.max_unzipped_bytes - total + 1)) as pieces:
            for chunk in pieces:
                inflated += len(chunk)
                total += len(chunk)
                if total > limits.max_unzipped_bytes:
                    raise _bomb(filename, too_much)
                if inflated > RATIO_FLOOR and inflated > limits.max_ratio * info.compress_size:
                    ratio = f"{info.filename} is compressed more than {limits.max_ratio} to 1"
                    raise _bomb(filename, ratio)
                watch.feed(chunk)
        if inflated != info.file_size:
            raise zipfile.BadZipFile(f"{info.filename} is not the size its header says")
        watch.finish(archive, checked)
    return checked


class _Watch:
    """The checks that read one member's bytes while they are inflated."""

    def __init__(self, filename: str, info: zipfile.ZipInfo, kind: str, limits: ReadLimits):
        self.filename = filename
        self.info = info
        self.limits = limits
        name = self.name = info.filename.lower()
        sheet = kind == "xlsx" and name.startswith("xl/worksheets/")
        xml = name.endswith(".xml") or (kind == "xlsx" and name.endswith(".rels"))
        self.prolog = _Prolog(filename, info.filename) if xml or sheet else None
        self.sheet = XlsxSheetScan(limits.max_rows, limits.max_columns) if sheet else None
        content = kind == "ods" and name == "content.xml"
        self.ods = OdsScan(limits.max_rows, limits.max_columns) if content else None
        part = name in WORKBOOK_PARTS and info.file_size < _PART_LIMIT
        self.kept: list[bytes] | None = [] if part else None

    def feed(self, chunk: bytes) -> None:
        if self.prolog is not None:
            self.prolog = self.prolog.feed(chunk)
        if self.sheet is not None:
            self.sheet.feed(chunk)
        if self.ods is not None:
            try:
                self.ods.feed(chunk)
            except ValueError as error:
                raise self._corrupt("ods", error) from None
        if self.kept is not None:
            self.kept.append(chunk)

    def finish(self, archive: zipfile.ZipFile, checked: Checked) -> None:
        if self.prolog is not None:
            self.prolog.finish()
        if self.kept is not None:
            checked.parts[self.name] = b"".join(self.kept)
        if self.ods is not None:
            self.ods.finish()
            found = self.ods.overflow
            if found is not None:
                raise SpreadsheetError(found.describe(self.filename), code=found.code)
        if self.sheet is not None:
            self.sheet.finish()
            if self.sheet.suspect:
                overflow = self._exact(archive)
                if overflow is not None:
                    checked.overflows[self.name] = overflow

    def _exact(self, archive: zipfile.ZipFile) -> Overflow | None:
        rows, columns = self.limits.max_rows, self.limits.max_columns
        try:
            with closing(_inflate(archive, self.info, self.info.file_size + 1)) as pieces:
                return exact_xlsx_reach(pieces, rows, columns)
        except ValueError as error:
            raise self._corrupt("xlsx", error) from None

    def _corrupt(self, kind: str, error: Exception) -> SpreadsheetError:
        return SpreadsheetError(
            f"{self.filename} is a damaged {kind} file ({self.info.filename}: {error})",
            code="CORRUPT",
        )


def overflow_of(checked: Checked, sheet: str) -> Overflow | None:
    """Why worksheet `sheet` must not be loaded, if it reaches too far.

    When the workbook's parts cannot say which member holds the sheet, any worksheet that
    reaches too far counts against it: loading the wrong one could abort the process.
    """
    if not checked.overflows:
        return None
    member = _sheet_members(checked.parts).get(sheet)
    found = checked.overflows.get(member) if member else next(iter(checked.overflows.values()))
    return dataclasses.replace(found, sheet=sheet) if found else None


def _sheet_members(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → lower-case member name, resolved the way calamine resolves it."""
    try:
        relations = fromstring(parts[WORKBOOK_PARTS[1]])
        workbook = fromstring(parts[WORKBOOK_PARTS[0]])
    except (KeyError, ParseError, DefusedXmlException):
        return {}
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in relations.iter()
        if element.tag.endswith("Relationship")
    }
    members: dict[str, str] = {}
    for element in workbook.iter():
        if not element.tag.endswith("}sheet") and element.tag != "sheet":
            continue
        ids = [v for k, v in element.attrib.items() if k.endswith("relationships}id")]
        target = targets.get(ids[0]) if ids else None
        if target is None:
            continue
        if target.startswith("/xl/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = "xl/" + target
        members[element.get("name", "")] = target.lower()
    return members


def _inflate(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int
) -> Generator[bytes, None, None]:
    """The member's bytes as its compressed stream really holds them, at most `budget`.

    zipfile stops at the size the header declares; a header that understates its member would
    pass here while another reader inflates it all. So the declared size is lifted to the
    budget and the true size compared with it afterwards (the CRC then covers every byte).
    """
    probe = copy.copy(info)
    probe.file_size = budget
    with archive.open(probe) as member:
        while chunk := member.read(CHUNK):
            yield chunk


class _RootReached(Exception):
    """The first start tag: nothing after it can declare a DTD."""


class _StopAtRoot:
    def start(self, tag: str, attributes: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None:
        return None

    def data(self, text: str) -> None:
        return None

    def close(self) -> None:
        return None


class _Prolog:
    """Feeds a member's leading bytes to a defused parser until its root element starts."""

    def __init__(self, filename: str, member: str) -> None:
        self._filename = filename
        self._member = member
        self._parser = DefusedXMLParser(
            target=_StopAtRoot(), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        self._fed = False

    def feed(self, chunk: bytes) -> _Prolog | None:
        """Itself while the root has not been reached; None once the prolog is known clean."""
        self._fed = True
        try:
            self._parser.feed(chunk)
        except _RootReached:
            return None
        except DefusedXmlException:
            raise self._forbidden() from None
        except ParseError as error:
            raise self._corrupt(error) from None
        return self

    def finish(self) -> None:
        if not self._fed:
            return  # an empty member: the parser that needs it reports it
        try:
            self._parser.close()
        except _RootReached:
            return
        except DefusedXmlException:
            raise self._forbidden() from None
        except ParseError as error:
            raise self._corrupt(error) from None

    def _forbidden(self) -> SpreadsheetError:
        return SpreadsheetError(
            f"{self._filename} declares a DTD or XML entities in {self._member}; "
            "such files are refused because they can expand without bound or read other files",
            code="XML_FORBIDDEN",
        )

    def _corrupt(self, error: Exception) -> SpreadsheetError:
        return SpreadsheetError(
            f"{self._filename} is damaged: {self._member} is not XML ({error})", code="CORRUPT"
        )


def _bomb(filename: str, why: str) -> SpreadsheetError:
    return SpreadsheetError(f"{filename} looks like a zip bomb: {why}", code="ZIP_BOMB")


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:200]
