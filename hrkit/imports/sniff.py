"""What a file is, told from its bytes: a spreadsheet kind, or what else it looks like."""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ENCRYPTED_STREAMS = {"encryptioninfo", "encryptedpackage"}

# Leading bytes of common files people attach by mistake, and how to name them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg media file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Zip-based formats that are not spreadsheets, by a member that marks them.
_ZIP_MARKERS: tuple[tuple[str, str], ...] = (
    ("word/document.xml", "a Word document"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("xl/workbook.bin", "an Excel binary workbook (.xlsb), which is not supported"),
    ("META-INF/MANIFEST.MF", "a Java archive"),
)

_OLE_MARKERS: tuple[tuple[str, str], ...] = (
    ("worddocument", "a Word 97-2003 document"),
    ("powerpoint document", "a PowerPoint 97-2003 presentation"),
    ("__substg1.0_0037001f", "an Outlook message"),
)


@dataclass(frozen=True)
class Sniffed:
    """The kind a file's content shows ("xlsx", "xls", "ods", "csv"), or why it is not one."""

    kind: str | None
    looks_like: str = ""
    encrypted: bool = False


def sniff(data: bytes) -> Sniffed:
    """The spreadsheet kind of `data` by content; kind None with a description otherwise."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    if data.startswith(OLE_MAGIC):
        return _sniff_ole(data)
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return Sniffed(None, name)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return Sniffed(None, "a web page (HTML)")
    if head.startswith(b"<?xml"):
        return Sniffed(None, "an XML document")
    # Everything else is judged as text when decoding it (csvread); binary junk fails there.
    return Sniffed("csv")


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename for info in archive.infolist()}
            mimetype = _small(archive, "mimetype").strip()
            if not mimetype and "content.xml" in names:
                # Without a mimetype member, the manifest can still say "spreadsheet".
                manifest = _small(archive, "META-INF/manifest.xml", 100_000)
                mimetype = ODS_MIMETYPE if ODS_MIMETYPE + b'"' in manifest else b""
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError):
        return Sniffed("xlsx")  # a damaged archive: the zip checks name it CORRUPT
    lowered = {name.lower() for name in names}
    if "xl/workbook.xml" in lowered:
        return Sniffed("xlsx")
    if mimetype == ODS_MIMETYPE:
        return Sniffed("ods")
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        return Sniffed(None, "an OpenDocument file that is not a spreadsheet")
    if mimetype == b"application/epub+zip":
        return Sniffed(None, "an e-book (EPUB)")
    for marker, name in _ZIP_MARKERS:
        if marker.lower() in lowered:
            return Sniffed(None, name)
    return Sniffed(None, "a zip archive")


def _small(archive: zipfile.ZipFile, name: str, limit: int = 200) -> bytes:
    """A member's bytes if it exists and is small (its size is checked before inflating)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= limit else b""


def _sniff_ole(data: bytes) -> Sniffed:
    try:
        streams = ole_stream_names(data)
    except ValueError:
        return Sniffed("xls")  # an unreadable directory: calamine's error names it CORRUPT
    lowered = {name.lower() for name in streams}
    if lowered & _ENCRYPTED_STREAMS:
        return Sniffed(None, "a password-protected Office file", encrypted=True)
    if lowered & {"workbook", "book"}:
        return Sniffed("xls")
    for marker, name in _OLE_MARKERS:
        if marker in lowered:
            return Sniffed(None, name)
    return Sniffed(None, "an Office compound file that holds no workbook")


def ole_stream_names(data: bytes) -> list[str]:
    """The names in an OLE2 compound file's directory; ValueError when it cannot be walked."""
    if len(data) < 512 or not data.startswith(OLE_MAGIC):
        raise ValueError("not an OLE2 compound file")
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        raise ValueError("unsupported sector size")
    size = 1 << shift
    fat_count, first_dir = struct.unpack_from("<II", data, 44)
    first_difat, difat_count = struct.unpack_from("<II", data, 68)
    sectors = max(0, (len(data) - size) // size)

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise ValueError("sector out of range")
        # The header fills sector -1, whatever the sector size.
        return data[(number + 1) * size : (number + 2) * size]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < 0xFFFFFFFA]
    next_difat = first_difat
    for _ in range(min(difat_count, sectors)):
        if next_difat >= 0xFFFFFFFA:
            break
        entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors.extend(s for s in entries[:-1] if s < 0xFFFFFFFA)
        next_difat = entries[-1]
    fat_sectors = fat_sectors[:fat_count]
    fat: list[int] = []
    for number in fat_sectors:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(number)))

    names: list[str] = []
    current = first_dir
    # A chain longer than the file has sectors is a loop; a hostile file must not hang us.
    for _ in range(sectors + 1):
        if current >= 0xFFFFFFFA:
            return names
        block = sector(current)
        for offset in range(0, size, 128):
            length = struct.unpack_from("<H", block, offset + 64)[0]
            kind = block[offset + 66]
            if kind in (1, 2, 5) and 2 <= length <= 64:
                names.append(block[offset : offset + length - 2].decode("utf-16-le", "replace"))
        if current >= len(fat):
            raise ValueError("directory chain leaves the FAT")
        current = fat[current]
    raise ValueError("directory chain does not end")
