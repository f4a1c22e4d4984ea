"""How far a sheet reaches, found in its XML before calamine loads it.

calamine stores a sheet as a dense grid from its first to its last non-empty cell, so a file
of a few kilobytes with one cell in A1 and one in XFD1048576 (xlsx), or one cell repeated a
thousand times across 100,000 repeated rows (ods), asks for hundreds of gigabytes and aborts
the whole process. These scanners find the reach from the XML, where it is written.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from xml.parsers import expat


@dataclass(frozen=True)
class Overflow:
    """A sheet reaching beyond a limit: code TOO_MANY_ROWS or TOO_MANY_COLUMNS."""

    code: str
    limit: int
    sheet: str | None = None

    def describe(self, filename: str) -> str:
        what = "rows" if self.code == "TOO_MANY_ROWS" else "columns"
        where = f"sheet {self.sheet!r} of {filename}" if self.sheet else filename
        return f"{where} has more than {self.limit} {what}"


class Chunks:
    """Cuts a byte stream before its last "<" so that no tag is split between pieces."""

    def __init__(self) -> None:
        self._carry = b""

    def cut(self, chunk: bytes) -> bytes:
        data = self._carry + chunk if self._carry else chunk
        last = data.rfind(b"<")
        if last <= 0:
            self._carry = data if last == 0 else b""
            return b"" if last == 0 else data
        self._carry = data[last:]
        return data[:last]

    def rest(self) -> bytes:
        rest, self._carry = self._carry, b""
        return rest


def _at_most(limit: str, first: str, rest: str) -> str:
    """A regex for strings of `first` + `rest` characters ordered no higher than `limit`.

    Shorter strings always order lower (true of decimal numbers without leading zeros and of
    spreadsheet column letters alike); equal lengths order character by character.
    """

    def below(char: str, chars: str) -> str:
        allowed = chars[: chars.index(char)]
        return "[" + "".join(_both_cases(c) for c in allowed) + "]" if allowed else ""

    def any_of(chars: str) -> str:
        return "[" + "".join(_both_cases(c) for c in chars) + "]"

    parts = []
    if len(limit) > 1:
        parts.append(any_of(first) + any_of(rest) + f"{{0,{len(limit) - 2}}}")
    for i, char in enumerate(limit):
        lower = below(char, first if i == 0 else rest)
        if lower:
            tail = len(limit) - i - 1
            parts.append(
                "".join(re.escape(c) if c.isdigit() else _class(c) for c in limit[:i])
                + lower
                + (any_of(rest) + f"{{{tail}}}" if tail else "")
            )
    parts.append("".join(re.escape(c) if c.isdigit() else _class(c) for c in limit))
    return "(?:" + "|".join(parts) + ")"


def _both_cases(char: str) -> str:
    return char + char.lower() if char.isalpha() else char


def _class(char: str) -> str:
    return "[" + _both_cases(char) + "]"


def column_letters(number: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@lru_cache(maxsize=8)
def _odd_cell(max_rows: int, max_columns: int) -> re.Pattern[bytes]:
    # Any cell tag that is not `<c r="A1"` with A within max_columns and 1 within max_rows.
    upper = string.ascii_uppercase
    columns = _at_most(column_letters(max_columns), upper, upper)
    rows = _at_most(str(max_rows), "123456789", string.digits)
    return re.compile(rb'<c(?! r="' + (columns + rows).encode() + rb'")[\s/>]')


# A prefixed cell or row element (<x:c ...>) escapes the plain-byte patterns above.
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_DECLARED = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_PLAIN_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}


class XlsxSheetScan:
    """A fast look at a worksheet's XML: `suspect` when it needs `exact_xlsx_reach`.

    Files as Excel, LibreOffice and the common libraries write them give every cell its
    reference as the first attribute, so one regex over the bytes shows that all of them lie
    within the limits. Anything else (no references, prefixes, another encoding, a reference
    beyond a limit) is read exactly, which costs seconds but only for unusual files.
    """

    def __init__(self, max_rows: int, max_columns: int) -> None:
        self._odd = _odd_cell(max_rows, max_columns)
        self._chunks = Chunks()
        self._started = False
        self.suspect = False

    def feed(self, chunk: bytes) -> None:
        if self.suspect:
            return
        if not self._started:
            self._started = True
            head = chunk[:300].removeprefix(b"\xef\xbb\xbf").lstrip()
            declared = _DECLARED.search(head[: head.find(b">") + 1])
            encoding = declared.group(1).lower() if declared else b"utf-8"
            plain = head.startswith(b"<") and b"\x00" not in head[:4]
            self.suspect = not plain or encoding not in _PLAIN_ENCODINGS
        self._scan(self._chunks.cut(chunk))

    def finish(self) -> None:
        self._scan(self._chunks.rest())

    def _scan(self, piece: bytes) -> None:
        if not self.suspect and piece:
            self.suspect = bool(self._odd.search(piece) or _PREFIXED.search(piece))


class _Stop(Exception):
    def __init__(self, overflow: Overflow) -> None:
        self.overflow = overflow


_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]+)")


def _position(reference: str) -> tuple[int, int | None]:
    """0-based (row, column) of "B7" (column None for a bare row number), as calamine reads it."""
    match = _REFERENCE.fullmatch(reference)
    if not match or int(match.group(2)) == 0:
        raise ValueError(f"not a cell reference: {reference[:20]!r}")
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, column - 1 if match.group(1) else None


def exact_xlsx_reach(chunks: Iterable[bytes], max_rows: int, max_columns: int) -> Overflow | None:
    """Follow calamine's cell positions through a worksheet's XML; ValueError when malformed."""
    walk = _Walk(max_rows, max_columns)
    try:
        _parse(chunks, walk.start, walk.end)
    except _Stop as stop:
        return stop.overflow
    return None


class _Walk:
    """calamine's cursor: a cell without a reference sits right of the previous one."""

    def __init__(self, max_rows: int, max_columns: int) -> None:
        self.max_rows = max_rows
        self.max_columns = max_columns
        self.row = 0
        self.column = 0
        self.cell: tuple[int, int] | None = None
        self.filled = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if self.cell is not None:
            self.filled = True  # any child (<v>, <is>, <f>) may give the cell a value
        elif local == "row" and "r" in attributes:
            self.row = _position(attributes["r"])[0]
        elif local == "c":
            if "r" in attributes:
                row, column = _position(attributes["r"])
                if column is None:
                    raise ValueError("a cell reference without a column")
                self.column = column
                self.cell = (row, column)
            else:
                self.cell = (self.row, self.column)
            self.filled = False

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "c" and self.cell is not None:
            if self.filled:
                _check(self.cell[0] + 1, self.cell[1] + 1, self.max_rows, self.max_columns)
            self.cell = None
            self.column += 1
        elif local == "row" and self.cell is None:
            self.row += 1
            self.column = 0


def _check(row: int, column: int, max_rows: int, max_columns: int) -> None:
    if row > max_rows:
        raise _Stop(Overflow("TOO_MANY_ROWS", max_rows))
    if column > max_columns:
        raise _Stop(Overflow("TOO_MANY_COLUMNS", max_columns))


def _parse(
    chunks: Iterable[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end

    def forbidden(*_: object) -> None:
        raise ValueError("a DTD inside a worksheet")

    parser.StartDoctypeDeclHandler = forbidden
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise ValueError(f"malformed XML ({error})") from None


_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
    rb"""((?:[^>"']|"[^"]*"|'[^']*')*)>"""
)
_REPEATED = re.compile(rb"""number-(?:rows|columns)-repeated\s*=\s*(["'])(.*?)\1""", re.S)
_NAME = re.compile(rb"""table:name\s*=\s*(["'])(.*?)\1""", re.S)


class OdsScan:
    """Follows the repeated rows and cells of an ods content.xml as calamine expands them.

    `overflow` is set at the first table that reaches beyond a limit. Cells count as filled
    when they carry an office: value attribute or a formula (what calamine reads); repeated
    empty cells and rows, which LibreOffice writes up to the sheet's edge, cost nothing.
    """

    def __init__(self, max_rows: int, max_columns: int) -> None:
        self._max_rows = max_rows
        self._max_columns = max_columns
        self._chunks = Chunks()
        self._sheet: str | None = None
        self._rows = 0
        self._row_repeat = 1
        self._column = 0
        self._last_filled = 0
        self.overflow: Overflow | None = None

    def feed(self, chunk: bytes) -> None:
        if self.overflow is None:
            self._scan(self._chunks.cut(chunk))

    def finish(self) -> None:
        if self.overflow is None:
            self._scan(self._chunks.rest())

    def _scan(self, piece: bytes) -> None:
        for match in _ODS_TAG.finditer(piece):
            closing, name, attributes = match.groups()
            if name == b"table-cell" or name == b"covered-table-cell":
                if not closing:
                    self._cell(attributes)
            elif name == b"table-row":
                if closing:
                    self._end_row()
                else:
                    self._row_repeat = _repeat(attributes)
                    self._column = self._last_filled = 0
                    if attributes.endswith(b"/"):
                        self._end_row()
            elif not closing:
                found = _NAME.search(attributes)
                self._sheet = (
                    html.unescape(found.group(2).decode("utf-8", "replace")) if found else None
                )
                self._rows = 0
            if self.overflow is not None:
                return

    def _cell(self, attributes: bytes) -> None:
        self._column += _repeat(attributes)
        if b"office:" in attributes or b"table:formula" in attributes:
            self._last_filled = self._column
            if self._column > self._max_columns:
                self.overflow = Overflow("TOO_MANY_COLUMNS", self._max_columns, self._sheet)

    def _end_row(self) -> None:
        self._rows += self._row_repeat
        if self._last_filled and self._rows > self._max_rows:
            self.overflow = Overflow("TOO_MANY_ROWS", self._max_rows, self._sheet)
        self._row_repeat = 1
        self._column = self._last_filled = 0


def _repeat(attributes: bytes) -> int:
    if b"repeated" not in attributes:
        return 1
    found = _REPEATED.search(attributes)
    if found is None:
        return 1
    value = html.unescape(found.group(2).decode("utf-8", "replace")).strip()
    if not value.isdigit() or not value.isascii():
        raise ValueError(f"a repeat count that is not a number: {value[:20]!r}")
    return max(1, int(value))
