"""Baked badges: the credential embedded in a PNG (`iTXt`/`tEXt` chunk) or an SVG element.

Open Badges 2.0 bakes into a PNG chunk with the keyword `openbadges` and an SVG element
`openbadges:assertion` (namespace `http://openbadges.org`); Open Badges 3.0 uses the keyword
`openbadgecredential` and the element `openbadges:credential`
(`https://purl.imsglobal.org/ob/v3p0`). The payload is JSON, a compact JWS, or a URL.
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from hrkit.errors import HrkitError

MAX_IMAGE_BYTES = 10_000_000
MAX_PAYLOAD_BYTES = 2_000_000
# Real badges have a handful of chunks (IDAT may be split into many); this bounds the walk.
MAX_PNG_CHUNKS = 10_000

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORDS = (b"openbadges", b"openbadgecredential")
SVG_ELEMENTS = frozenset(
    {
        "{http://openbadges.org}assertion",
        "{https://purl.imsglobal.org/ob/v3p0}credential",
    }
)

# What may precede the root element of an SVG document: a BOM, whitespace, an XML declaration,
# comments, processing instructions and a DOCTYPE (no internal subset: that is refused later).
_SVG_PROLOGUE = re.compile(
    rb"(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*",
    re.DOTALL | re.IGNORECASE,
)
_SVG_SNIFF_BYTES = 4096


class BakedImageError(HrkitError):
    """A PNG or SVG that is not a readable baked badge."""

    code = "BAKED_IMAGE"


def is_baked_image(data: bytes) -> bool:
    """Whether `data` is a PNG or an SVG document (baked or not: extract_baked decides)."""
    if data.startswith(PNG_SIGNATURE):
        return True
    head = data[:_SVG_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    prologue = _SVG_PROLOGUE.match(head)
    rest = head[prologue.end() :] if prologue else head
    if rest[:4].lower() == b"<svg":
        return True
    # A long prologue (licence comments) may push `<svg` beyond the sniffed head.
    return head.lstrip()[:5] == b"<?xml" and b"<svg" in data[:MAX_IMAGE_BYTES]


def extract_baked(data: bytes) -> bytes:
    """The credential payload (JSON, compact JWS or URL) baked into a PNG or SVG image."""
    if len(data) > MAX_IMAGE_BYTES:
        raise BakedImageError(f"image larger than {MAX_IMAGE_BYTES} bytes ({len(data)})")
    payload = _from_png(data) if data.startswith(PNG_SIGNATURE) else _from_svg(data)
    payload = payload.strip()
    if not payload:
        raise BakedImageError("the baked badge payload is empty")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise BakedImageError(f"the baked payload is larger than {MAX_PAYLOAD_BYTES} bytes")
    return payload


def _from_png(data: bytes) -> bytes:
    found: list[bytes] = []
    pos = len(PNG_SIGNATURE)
    for _ in range(MAX_PNG_CHUNKS):
        if len(data) - pos < 12:
            raise BakedImageError("PNG is truncated: a chunk header runs past the end of the file")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body_start = pos + 8
        body_end = body_start + length
        # The 4-byte CRC follows the body; it is not checked, but it must be there.
        if body_end + 4 > len(data):
            raise BakedImageError(f"PNG is truncated: chunk {_name(kind)} runs past the end")
        if kind == b"IEND":
            break
        if kind in (b"iTXt", b"tEXt"):
            payload = _text_chunk(kind, data[body_start:body_end])
            if payload is not None:
                found.append(payload)
                if len(found) > 1:
                    raise BakedImageError("PNG has more than one openbadges chunk")
        pos = body_end + 4
    else:
        raise BakedImageError(f"PNG has more than {MAX_PNG_CHUNKS} chunks")
    if not found:
        raise BakedImageError("PNG is not a baked badge: no openbadges chunk")
    return found[0]


def _text_chunk(kind: bytes, body: bytes) -> bytes | None:
    """The payload of an `openbadges` text chunk; None for any other keyword."""
    keyword, sep, rest = body.partition(b"\x00")
    if not sep or keyword not in PNG_KEYWORDS:
        return None
    if kind == b"tEXt":
        return rest
    # iTXt: compression flag, compression method, language tag\0, translated keyword\0, text.
    if len(rest) < 2:
        raise BakedImageError("PNG iTXt openbadges chunk is truncated")
    flag, method = rest[0], rest[1]
    parts = rest[2:].split(b"\x00", 2)
    if len(parts) != 3:
        raise BakedImageError("PNG iTXt openbadges chunk is truncated")
    text = parts[2]
    if flag == 0:
        return text
    if flag != 1 or method != 0:
        raise BakedImageError(f"PNG iTXt chunk has an unknown compression ({flag}, {method})")
    return _inflate(text)


def _inflate(compressed: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        # One byte over the cap is enough to know the payload is too large: a zlib bomb stops
        # there instead of inflating into memory.
        text = inflater.decompress(compressed, MAX_PAYLOAD_BYTES + 1)
    except zlib.error:
        raise BakedImageError("PNG iTXt openbadges chunk is not valid zlib data") from None
    if len(text) > MAX_PAYLOAD_BYTES:
        raise BakedImageError(
            f"PNG iTXt openbadges chunk inflates to more than {MAX_PAYLOAD_BYTES} bytes"
        )
    if not inflater.eof:
        raise BakedImageError("PNG iTXt openbadges chunk is truncated zlib data")
    return text


def _name(kind: bytes) -> str:
    return kind.decode("ascii", "replace")


def _from_svg(data: bytes) -> bytes:
    try:
        # defusedxml refuses entity declarations and external references: no billion laughs,
        # no XXE; a plain DOCTYPE naming the SVG DTD (as real badges have) is still read.
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise BakedImageError(f"SVG refused: {type(exc).__name__} (DTD entities)") from None
    except SafeET.ParseError as exc:
        raise BakedImageError(f"SVG is not well-formed XML: {exc}") from None
    found = [element for element in root.iter() if element.tag in SVG_ELEMENTS]
    if not found:
        raise BakedImageError("SVG is not a baked badge: no openbadges:assertion element")
    if len(found) > 1:
        raise BakedImageError("SVG has more than one openbadges:assertion element")
    return _svg_payload(found[0])


def _svg_payload(element: Any) -> bytes:
    # The element text (CDATA) holds JSON; a `verify` attribute holds a compact JWS (signed) or
    # the assertion URL (hosted, often next to a JSON copy). A JWS is the credential itself and
    # wins over any copy; a hosted copy's truth is re-fetched from its `id` anyway.
    text = str(element.text or "").strip()
    verify = str(element.get("verify") or "").strip()
    if verify.startswith("ey") and verify.count(".") == 2:
        return verify.encode()
    return (text or verify).encode()
