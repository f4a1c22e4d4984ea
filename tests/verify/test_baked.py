"""Baked badges: payloads out of the conformance PNG/SVG fixtures, hostile images refused."""

from __future__ import annotations

import json
import struct
import time
import zlib
from pathlib import Path

import pytest

from hrkit.verify import jose
from hrkit.verify.baked import (
    MAX_PAYLOAD_BYTES,
    BakedImageError,
    extract_baked,
    is_baked_image,
)

FIXTURES = Path("/work/shared/conformance/1edtech-validator-fixtures")
BAKED = sorted(
    [*FIXTURES.glob("ob20/*.png"), *FIXTURES.glob("ob30/*.png"), *FIXTURES.glob("ob30/*.svg")]
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A 1x1 PNG: IHDR, one IDAT, IEND (the chunks around which tests insert text chunks).
IHDR = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
IDAT = zlib.compress(b"\x00\x00\x00\x00\x00")
ASSERTION = b'{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion"}'
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
OB2_NS = 'xmlns:openbadges="http://openbadges.org"'
pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason="conformance fixtures absent")


def chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def itxt(text: bytes, *, compressed: bool = False, keyword: bytes = b"openbadges") -> bytes:
    flag = b"\x01\x00" if compressed else b"\x00\x00"
    body = zlib.compress(text) if compressed else text
    return chunk(b"iTXt", keyword + b"\x00" + flag + b"\x00\x00" + body)


def png(*extra: bytes) -> bytes:
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", IHDR)
        + b"".join(extra)
        + chunk(b"IDAT", IDAT)
        + chunk(b"IEND", b"")
    )


def refused_quickly(data: bytes, match: str) -> None:
    started = time.perf_counter()
    with pytest.raises(BakedImageError, match=match):
        extract_baked(data)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("path", BAKED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_yields_a_parseable_credential(path: Path) -> None:
    data = path.read_bytes()
    assert is_baked_image(data)
    payload = extract_baked(data).decode()
    if payload.startswith("{"):
        assert isinstance(json.loads(payload), dict)
    else:
        assert isinstance(jose.parse_compact(payload).payload_json(), dict)


def test_the_ob20_png_holds_the_hosted_assertion() -> None:
    payload = json.loads(extract_baked((FIXTURES / "ob20/simple-badge.png").read_bytes()))
    assert payload["id"] == "https://example.org/beths-robotics-badge.json"
    assert payload["verification"] == {"type": "hosted"}


def test_an_ordinary_png_is_an_image_but_not_a_baked_badge() -> None:
    data = (FIXTURES / "ob20/assets/beths-robot-badge.png").read_bytes()
    assert is_baked_image(data)
    with pytest.raises(BakedImageError, match="not a baked badge: no openbadges chunk"):
        extract_baked(data)


@pytest.mark.parametrize(
    "chunk_bytes",
    [
        itxt(ASSERTION),
        itxt(ASSERTION, compressed=True),
        itxt(ASSERTION, keyword=b"openbadgecredential"),
        chunk(b"tEXt", b"openbadges\x00" + ASSERTION),
    ],
    ids=["itxt", "itxt-zlib", "itxt-ob3-keyword", "legacy-text"],
)
def test_png_text_chunks(chunk_bytes: bytes) -> None:
    assert extract_baked(png(chunk(b"tEXt", b"Comment\x00hello"), chunk_bytes)) == ASSERTION


def test_a_png_baked_with_a_url() -> None:
    url = b"https://example.org/assertions/1"
    assert extract_baked(png(itxt(url))) == url


def test_two_openbadges_chunks_are_refused() -> None:
    refused_quickly(png(itxt(ASSERTION), itxt(ASSERTION)), "more than one openbadges chunk")


def test_an_ob2_and_an_ob3_chunk_together_are_refused() -> None:
    twice = png(itxt(ASSERTION), itxt(ASSERTION, keyword=b"openbadgecredential"))
    refused_quickly(twice, "more than one openbadges chunk")


@pytest.mark.parametrize("cut", [10, 30, 60])
def test_a_truncated_png_is_refused(cut: int) -> None:
    data = png(itxt(ASSERTION))
    refused_quickly(data[: len(data) - cut], "truncated")


def test_a_png_without_iend_is_refused() -> None:
    data = PNG_SIGNATURE + chunk(b"IHDR", IHDR) + itxt(ASSERTION)
    refused_quickly(data, "truncated")


def test_a_chunk_length_beyond_the_file_is_refused() -> None:
    forged = struct.pack(">I", 0xFFFFFFF0) + b"iTXt" + b"openbadges\x00"
    refused_quickly(PNG_SIGNATURE + chunk(b"IHDR", IHDR) + forged, "truncated")


def test_a_zlib_bomb_is_refused() -> None:
    bomb = itxt(b"{" + b" " * (MAX_PAYLOAD_BYTES * 3) + b"}", compressed=True)
    assert len(bomb) < 50_000
    refused_quickly(png(bomb), "inflates to more than")


def test_invalid_zlib_data_is_refused() -> None:
    broken = chunk(b"iTXt", b"openbadges\x00\x01\x00\x00\x00not zlib")
    refused_quickly(png(broken), "not valid zlib")


def test_too_many_chunks_are_refused() -> None:
    filler = chunk(b"tEXt", b"x\x00y") * 10_001
    refused_quickly(png(filler, itxt(ASSERTION)), "more than 10000 chunks")


def test_an_oversized_image_is_refused() -> None:
    refused_quickly(png(chunk(b"zzZz", b"\x00" * 10_000_001)), "image larger than")


def test_ob2_svg_with_cdata_json() -> None:
    svg = (
        f"<?xml version='1.0'?>\n<!-- a badge -->\n<svg {SVG_NS} {OB2_NS}>"
        f"<openbadges:assertion verify='https://example.org/a.json'><![CDATA[{ASSERTION.decode()}]]>"
        "</openbadges:assertion></svg>"
    ).encode()
    assert is_baked_image(svg)
    assert extract_baked(svg) == ASSERTION


def test_ob2_svg_with_a_hosted_url_only() -> None:
    svg = (
        f"<svg {SVG_NS} {OB2_NS}><openbadges:assertion verify='https://example.org/a.json'/></svg>"
    ).encode()
    assert extract_baked(svg) == b"https://example.org/a.json"


def test_ob2_svg_signed_jws_wins_over_a_copy() -> None:
    jws = "eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln"
    svg = (
        f"<svg {SVG_NS} {OB2_NS}><openbadges:assertion verify='{jws}'>"
        f"<![CDATA[{ASSERTION.decode()}]]></openbadges:assertion></svg>"
    ).encode()
    assert extract_baked(svg) == jws.encode()


def test_an_svg_without_the_element_is_not_a_baked_badge() -> None:
    svg = f"\ufeff<svg {SVG_NS}><g/></svg>".encode()
    assert is_baked_image(svg)
    refused_quickly(svg, "no openbadges:assertion element")


def test_an_svg_with_two_assertions_is_refused() -> None:
    element = f"<openbadges:assertion>{ASSERTION.decode()}</openbadges:assertion>"
    svg = f"<svg {SVG_NS} {OB2_NS}>{element}{element}</svg>".encode()
    refused_quickly(svg, "more than one")


def test_billion_laughs_is_refused() -> None:
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    svg = (
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol0 "lol">{entities}]>'
        f"<svg {SVG_NS} {OB2_NS}><openbadges:assertion>&lol9;</openbadges:assertion></svg>"
    ).encode()
    assert is_baked_image(svg)
    refused_quickly(svg, "SVG refused")


def test_an_external_entity_is_refused() -> None:
    svg = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<svg {SVG_NS} {OB2_NS}><openbadges:assertion>&xxe;</openbadges:assertion></svg>"
    ).encode()
    refused_quickly(svg, "SVG refused")


def test_malformed_svg_is_refused() -> None:
    refused_quickly(f"<svg {SVG_NS}><g></svg>".encode(), "not well-formed")


@pytest.mark.parametrize(
    "data",
    [
        b'{"@context": "https://w3id.org/openbadges/v2"}',
        b"eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        b"https://example.org/a.json",
        b"<html><body>not a badge</body></html>",
        b"<?xml version='1.0'?><credential/>",
        b"",
    ],
)
def test_other_inputs_are_not_images(data: bytes) -> None:
    assert not is_baked_image(data)
