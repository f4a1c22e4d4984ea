"""Opening spreadsheets by content: real files from real writers, and hostile ones.

Every workbook here is written by an independent writer (openpyxl, xlsxwriter, xlwt, odfpy,
the csv module) or crafted byte by byte where the point is a file no writer would produce.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hrkit.errors import SpreadsheetError
from hrkit.imports.readers import ReadLimits, Workbook, open_workbook, read_workbook

ROOT = Path(__file__).resolve().parents[2]
BORN = date(1990, 5, 17)

# The layout every spreadsheet writer below reproduces: a title above the header, data from
# column B, two blank rows in the middle, unicode names, a date and numbers.
LAYOUT: dict[tuple[int, int], Any] = {
    (3, 2): "Candidates 2024",
    (5, 2): "Name",
    (5, 3): "Email",
    (5, 4): "Born",
    (5, 5): "Score",
    (6, 2): "Zoë Šimůnková",
    (6, 3): "zoe@example.com",
    (6, 4): BORN,
    (6, 5): 42,
    (9, 2): "Łukasz Żółć 李",
    (9, 3): "lukasz@example.com",
    (9, 5): 3.5,
}
EXPECTED = [
    (3, [None, "Candidates 2024"]),
    (5, [None, "Name", "Email", "Born", "Score"]),
    (6, [None, "Zoë Šimůnková", "zoe@example.com", BORN, 42]),
    (9, [None, "Łukasz Żółć 李", "lukasz@example.com", None, 3.5]),
]


def _openpyxl() -> bytes:
    from openpyxl import Workbook as Book

    book = Book()
    sheet = book.active
    assert sheet is not None
    sheet.title = "People"
    for (row, column), value in LAYOUT.items():
        cell = sheet.cell(row, column, value)
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
    book.create_sheet("Hidden").sheet_state = "hidden"
    book.create_sheet("Other")["A1"] = "elsewhere"
    buffer = io.BytesIO()
    book.save(buffer)
    book.close()
    return buffer.getvalue()


def _xlsxwriter() -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("People")
    for (row, column), value in LAYOUT.items():
        if isinstance(value, date):
            sheet.write_datetime(row - 1, column - 1, value, dates)
        else:
            sheet.write(row - 1, column - 1, value)
    book.add_worksheet("Hidden").hide()
    book.add_worksheet("Other").write(0, 0, "elsewhere")
    book.close()
    return buffer.getvalue()


def _xlwt() -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet = book.add_sheet("People")
    for (row, column), value in LAYOUT.items():
        if isinstance(value, date):
            sheet.write(row - 1, column - 1, value, dates)
        else:
            sheet.write(row - 1, column - 1, value)
    book.add_sheet("Other").write(0, 0, "elsewhere")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _odfpy() -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, layout in (("People", LAYOUT), ("Other", {(1, 1): "elsewhere"})):
        table = Table(name=name)
        for row in range(1, max(r for r, _ in layout) + 1):
            cells = TableRow()
            for column in range(
                1,
                max(c for r, c in layout if r == row) + 1
                if any(r == row for r, _ in layout)
                else 1,
            ):
                value = layout.get((row, column))
                if value is None:
                    cell = TableCell()
                elif isinstance(value, date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                elif isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                if value is not None:
                    cell.addElement(P(text=str(value)))
                cells.addElement(cell)
            table.addElement(cells)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


WRITERS = {"openpyxl": _openpyxl, "xlsxwriter": _xlsxwriter, "xlwt": _xlwt, "odfpy": _odfpy}
SUFFIX = {"openpyxl": ".xlsx", "xlsxwriter": ".xlsx", "xlwt": ".xls", "odfpy": ".ods"}
KIND = {"openpyxl": "xlsx", "xlsxwriter": "xlsx", "xlwt": "xls", "odfpy": "ods"}


def _read(book: Workbook, sheet: str | None = None) -> list[tuple[int, list[Any]]]:
    with book:
        return list(book.rows(sheet or book.sheet_names()[0]))


def _refused(data: bytes, filename: str, limits: ReadLimits = ReadLimits()) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as caught, open_workbook(data, filename, limits) as book:
        for sheet in book.sheet_names():
            list(book.rows(sheet))
    return caught.value


@pytest.mark.parametrize("writer", WRITERS)
def test_spreadsheets_keep_their_own_row_numbers_and_columns(writer: str) -> None:
    book = open_workbook(WRITERS[writer](), "candidates" + SUFFIX[writer])
    assert (book.kind, book.note) == (KIND[writer], None)
    assert book.sheet_names() == ["People", "Other"]  # hidden sheets are not offered
    rows = _read(book, "People")
    assert rows == EXPECTED
    assert isinstance(rows[2][1][3], date)


@pytest.mark.parametrize("writer", WRITERS)
def test_a_small_row_limit_refuses_the_sheet(writer: str) -> None:
    error = _refused(WRITERS[writer](), "c" + SUFFIX[writer], ReadLimits(max_rows=8))
    assert error.code == "TOO_MANY_ROWS"
    assert "more than 8 rows" in str(error)


@pytest.mark.parametrize("writer", WRITERS)
def test_a_small_column_limit_refuses_the_sheet(writer: str) -> None:
    error = _refused(WRITERS[writer](), "c" + SUFFIX[writer], ReadLimits(max_columns=4))
    assert error.code == "TOO_MANY_COLUMNS"


def test_read_workbook_reads_a_path(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(_openpyxl())
    assert _read(read_workbook(path)) == EXPECTED
    with pytest.raises(SpreadsheetError) as caught:
        read_workbook(path, ReadLimits(max_bytes=1000))
    assert caught.value.code == "FILE_TOO_LARGE"
    with pytest.raises(SpreadsheetError) as caught:
        read_workbook(tmp_path / "missing.xlsx")
    assert caught.value.code == "UNREADABLE"


@pytest.mark.parametrize("writer", WRITERS)
def test_a_prefetched_sheet_reads_as_a_sheet_read_on_demand(writer: str) -> None:
    book = open_workbook(WRITERS[writer](), "candidates" + SUFFIX[writer])
    book.prefetch()
    book.prefetch()  # a second call changes nothing
    # Other calls go on while the sheet parses in its thread.
    assert book.sheet_names() == ["People", "Other"]
    assert _read(book, "People") == EXPECTED


@pytest.mark.parametrize("writer", WRITERS)
def test_reading_another_sheet_or_closing_early_waits_for_the_prefetch(writer: str) -> None:
    data = WRITERS[writer]()
    book = open_workbook(data, "candidates" + SUFFIX[writer])
    book.prefetch()
    assert _read(book, "Other") == _read(open_workbook(data, "c" + SUFFIX[writer]), "Other")
    early = open_workbook(data, "candidates" + SUFFIX[writer])
    early.prefetch()
    early.close()


@pytest.mark.parametrize("writer", WRITERS)
def test_a_prefetch_never_loads_a_sheet_the_limits_refuse(writer: str) -> None:
    data, limits = WRITERS[writer](), ReadLimits(max_rows=8)
    # An ods is refused as it opens, the others when the sheet is read.
    with pytest.raises(SpreadsheetError) as caught, open_workbook(data, "c.x", limits) as book:
        book.prefetch()
        list(book.rows("People"))
    assert caught.value.code == "TOO_MANY_ROWS"


def test_closing_twice_is_harmless() -> None:
    book = open_workbook(_openpyxl(), "people.xlsx")
    book.close()
    book.close()


def test_an_empty_sheet_has_no_rows() -> None:
    from openpyxl import Workbook as Book

    book = Book()
    buffer = io.BytesIO()
    book.save(buffer)
    assert _read(open_workbook(buffer.getvalue(), "empty-sheet.xlsx")) == []


# --- CSV -------------------------------------------------------------------------------


def _csv(rows: list[list[str]], encoding: str, delimiter: str) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


PEOPLE = [["Name", "Email", "City"], ["René Süß", "rene@example.com", "Zürich"], ["", "", ""]]
PEOPLE += [["Ève €uro", "eve@example.com", "Genève"]]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "named", "shown"),
    [
        ("utf-8-sig", ",", "UTF-8 with BOM", "comma"),
        ("utf-8", ";", "UTF-8", "semicolon"),
        ("cp1252", ";", "Windows-1252", "semicolon"),
        ("utf-16", "\t", "UTF-16 LE", "tab"),
        ("utf-16-be", "|", "UTF-16 BE", "pipe"),
    ],
)
def test_csv_encodings_and_delimiters(
    encoding: str, delimiter: str, named: str, shown: str
) -> None:
    data = _csv(PEOPLE, encoding, delimiter)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    book = open_workbook(data, "people.csv")
    assert book.kind == "csv"
    assert book.note == f"people.csv read as CSV (encoding {named}, delimiter {shown})"
    assert book.sheet_names() == ["people"]
    assert _read(book) == [
        (1, ["Name", "Email", "City"]),
        (2, ["René Süß", "rene@example.com", "Zürich"]),
        (4, ["Ève €uro", "eve@example.com", "Genève"]),
    ]


def test_csv_records_are_numbered_past_a_quoted_multiline_field() -> None:
    rows = [
        ["Name", "Notes"],
        ["Ann", "line one\nline two\r\nline three"],
        ["Bob", 'says "hi", twice'],
    ]
    rows += [["Cy", "x"]]
    assert _read(open_workbook(_csv(rows, "utf-8", ","), "notes.csv")) == [
        (1, ["Name", "Notes"]),
        (2, ["Ann", "line one\nline two\r\nline three"]),
        (3, ["Bob", 'says "hi", twice']),
        (4, ["Cy", "x"]),
    ]


def test_a_single_column_csv_is_allowed() -> None:
    book = open_workbook(b"Email\r\nann@example.com\r\n\r\nbob@example.com\r\n", "emails.csv")
    assert "delimiter comma" in (book.note or "")
    assert _read(book) == [(1, ["Email"]), (2, ["ann@example.com"]), (4, ["bob@example.com"])]


def test_delimiters_inside_quotes_do_not_count() -> None:
    data = b'Name;Address\n"Doe, Jane";"1, Main St"\n"Roe, Rick";"2, Side St"\n'
    assert _read(open_workbook(data, "a.csv"))[1] == (2, ["Doe, Jane", "1, Main St"])


def test_csv_limits() -> None:
    data = _csv([["a", "b", "c"]] * 5, "utf-8", ",")
    assert _refused(data, "a.csv", ReadLimits(max_rows=4)).code == "TOO_MANY_ROWS"
    assert _refused(data, "a.csv", ReadLimits(max_columns=2)).code == "TOO_MANY_COLUMNS"
    wide = _csv([["x" * 10, "y" * 11]], "utf-8", ",")
    error = _refused(wide, "wide.csv", ReadLimits(max_cell_chars=10))
    assert (error.code, str(error)) == (
        "CELL_TOO_LARGE",
        "wide.csv: a cell in row 1 is longer than 10 characters",
    )
    assert _read(open_workbook(wide, "wide.csv", ReadLimits(max_cell_chars=11)))
    # The csv module's limit is process-wide: reading must leave it as it found it.
    assert csv.field_size_limit() == 131072


# --- What a file is --------------------------------------------------------------------


def test_a_spreadsheet_under_the_wrong_extension_is_read_by_content() -> None:
    book = open_workbook(_openpyxl(), "people.csv")
    assert (book.kind, book.note) == ("xlsx", "people.csv is an xlsx file; read as xlsx")
    assert _read(book) == EXPECTED
    book = open_workbook(_xlwt(), "people.xlsx")
    assert (book.kind, book.note) == ("xls", "people.xlsx is an xls file; read as xls")
    book = open_workbook(b"a,b\n1,2\n", "table.xls")
    assert book.note == "table.xls is a CSV file; read as CSV (encoding UTF-8, delimiter comma)"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (_docx(), "a Word document"),
        (bytes(range(256)) * 8, "binary data"),
        (b"\x00\x01\x02\x03garbage\x00\xff\xfe\x00", "binary data"),
    ],
)
def test_other_files_are_named_for_what_they_look_like(data: bytes, looks_like: str) -> None:
    error = _refused(data, "cv.xlsx")
    assert error.code == "NOT_A_SPREADSHEET"
    assert str(error) == f"cv.xlsx is not a spreadsheet (it looks like {looks_like})"


@pytest.mark.parametrize(
    "data", [b"", b"  \r\n\t ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_empty_files(data: bytes) -> None:
    error = _refused(data, "people.csv")
    assert (error.code, str(error)) == ("EMPTY_FILE", "people.csv is empty")


def test_a_file_over_the_size_limit() -> None:
    error = _refused(b"a,b\n" * 100, "big.csv", ReadLimits(max_bytes=399))
    assert (error.code, str(error)) == (
        "FILE_TOO_LARGE",
        "big.csv is larger than the limit of 399 bytes",
    )


def test_a_truncated_workbook_is_corrupt() -> None:
    data = _openpyxl()
    assert _refused(data[: len(data) // 2], "people.xlsx").code == "CORRUPT"
    assert (
        _refused(_rezip(data, {"xl/workbook.xml": b"<workbook"}), "people.xlsx").code == "CORRUPT"
    )


# --- Hostile files ---------------------------------------------------------------------


def _rezip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The archive `data` with some members' bytes replaced (or added when missing)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        names = set(source.namelist())
        for info in source.infolist():
            body = replace.get(info.filename, source.read(info))
            target.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
        extra = {k: v for k, v in replace.items() if k not in names} | (add or {})
        for name, body in extra.items():
            target.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _with_member_of_zeros(data: bytes, path: Path, name: str, size: int) -> Path:
    """`data` plus a member of `size` zero bytes, streamed so that the test stays lean."""
    path.write_bytes(data)
    block = bytes(1 << 20)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(size >> 20):
            member.write(block)
    return path


def _in_a_child(path: Path, limits: dict[str, int] | None = None) -> dict[str, Any]:
    """Read `path` in a fresh interpreter: the refusal code, seconds taken, peak memory.

    The child measures its own peak as VmHWM: its ru_maxrss would carry the forking test
    process's peak over exec, and RUSAGE_CHILDREN of the test process would be the peak of
    every child it ever waited for, mypy's included.
    """
    script = textwrap.dedent(
        """
        import json, sys, time
        from pathlib import Path
        from hrkit.errors import SpreadsheetError
        from hrkit.imports.readers import ReadLimits, read_workbook
        start = time.perf_counter()
        try:
            with read_workbook(Path(sys.argv[1]), ReadLimits(**json.loads(sys.argv[2]))) as book:
                for sheet in book.sheet_names():
                    for _ in book.rows(sheet):
                        pass
            code = "READ"
        except SpreadsheetError as error:
            code = error.code
        status = Path("/proc/self/status").read_text().splitlines()
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) * 1024
        print(json.dumps({"code": code, "seconds": time.perf_counter() - start, "peak": peak}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), json.dumps(limits or {})],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_a_zip_bomb_is_refused_fast_and_lean(tmp_path: Path) -> None:
    path = _with_member_of_zeros(
        _openpyxl(), tmp_path / "bomb.xlsx", "xl/media/image1.bin", 600 << 20
    )
    assert path.stat().st_size < 2_000_000
    outcome = _in_a_child(path)
    assert outcome["code"] == "ZIP_BOMB"
    assert outcome["seconds"] < 5
    assert outcome["peak"] < 300_000_000


def test_zip_bomb_limits(tmp_path: Path) -> None:
    path = _with_member_of_zeros(
        _openpyxl(), tmp_path / "bomb.xlsx", "xl/media/image1.bin", 3 << 20
    )
    data = path.read_bytes()
    error = _refused(data, "bomb.xlsx")  # 3 MiB of zeros squeeze a thousandfold
    assert (error.code, str(error)) == (
        "ZIP_BOMB",
        "bomb.xlsx looks like a zip bomb: xl/media/image1.bin is compressed more than 200 to 1",
    )
    limits = ReadLimits(max_unzipped_bytes=2_000_000, max_ratio=100_000)
    assert _refused(data, "bomb.xlsx", limits).code == "ZIP_BOMB"
    assert _refused(_openpyxl(), "many.xlsx", ReadLimits(max_members=3)).code == "ZIP_BOMB"


def test_a_member_whose_header_understates_its_size_is_still_caught() -> None:
    name, blob = b"xl/media/blob.bin", bytes(8 << 20)
    data = bytearray(_rezip(_openpyxl(), {}, {name.decode(): blob}))
    # Claim 1,000 bytes (with the CRC of those 1,000) in both headers: zipfile alone would stop
    # there and find nothing wrong, while a reader trusting the stream inflates 8 MiB.
    patched = 0
    for signature, fields_at, name_at in ((b"PK\x03\x04", 14, 30), (b"PK\x01\x02", 16, 46)):
        start = data.find(signature)
        while start != -1:
            if data[start + name_at : start + name_at + len(name)] == name:
                crc, compressed, size = struct.unpack_from("<III", data, start + fields_at)
                assert (crc, size) == (zlib.crc32(blob), len(blob))
                struct.pack_into(
                    "<III", data, start + fields_at, zlib.crc32(blob[:1000]), compressed, 1000
                )
                patched += 1
            start = data.find(signature, start + 4)
    assert patched == 2
    assert _refused(bytes(data), "liar.xlsx").code == "ZIP_BOMB"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol3;</t></si></sst>"""

EXTERNAL = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData>
</worksheet>"""


@pytest.mark.parametrize(
    ("member", "body"),
    [("xl/sharedStrings.xml", BILLION_LAUGHS), ("xl/worksheets/sheet1.xml", EXTERNAL)],
)
def test_entity_declarations_are_refused(member: str, body: bytes) -> None:
    error = _refused(_rezip(_openpyxl(), {member: body}), "people.xlsx")
    assert error.code == "XML_FORBIDDEN"
    assert member in str(error)


def _ole(streams: dict[str, int]) -> bytes:
    """A minimal OLE2 compound file (512-byte sectors) holding streams of the given sizes."""
    sector = 512
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_mark, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for size in streams.values():
        count = -(-size // sector)
        first = len(fat)
        starts.append(first)
        fat.extend(list(range(first + 1, first + count)) + [end])
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, 1, free, end, 0)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else free
        directory += entry(name, 2, free, right, starts[index], streams[name])
    directory = directory.ljust(sector, b"\x00")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    body = b"".join(
        bytes([i % 251]) * (-(-size // sector) * sector) for i, size in enumerate(streams.values())
    )
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + body


def test_a_password_protected_workbook() -> None:
    encrypted = _ole({"EncryptionInfo": 4096, "EncryptedPackage": 8192})
    error = _refused(encrypted, "salaries.xlsx")
    assert (error.code, str(error)) == (
        "PASSWORD_PROTECTED",
        "salaries.xlsx is password-protected; save it without a password and try again",
    )
    # The same container without the encryption streams is only an unusual Office file.
    assert _refused(_ole({"Contents": 4096}), "other.xls").code == "NOT_A_SPREADSHEET"


def _sheet_xml(data: bytes, sheet_data: bytes) -> bytes:
    """`data` (an xlsx) with the <sheetData> of its first worksheet replaced."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    start, end = xml.index(b"<sheetData"), xml.index(b"</sheetData>") + len(b"</sheetData>")
    if xml[start:].startswith(b"<sheetData/>"):
        end = start + len(b"<sheetData/>")
    return _rezip(data, {"xl/worksheets/sheet1.xml": xml[:start] + sheet_data + xml[end:]})


def _one_cell_book() -> bytes:
    from openpyxl import Workbook as Book

    book = Book()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "a"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WIDE_ROW = b"<row>" + b"<c><v>1</v></c>" * 300 + b"</row>"
FAR = {
    # calamine stores a sheet densely from its first to its last cell: each of these few
    # kilobytes asks for gigabytes (or hundreds of them, which aborts the process).
    "last cell of the grid": b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
    "lower-case references": b'<sheetData><row r="1"><c r="a1"><v>1</v></c></row>'
    b'<row r="150000"><c r="zz150000"><v>2</v></c></row></sheetData>',
    "single quotes": b"<sheetData><row><c r='A1'><v>1</v></c><c r='XFD1048576'><v>1</v></c></row></sheetData>",
    "prefixed elements": b'<sheetData><x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<x:c r="A1"><x:v>1</x:v></x:c><x:c r="XFD900000"><x:v>1</x:v></x:c></x:row></sheetData>',
    "cells without references": b"<sheetData>"
    + WIDE_ROW
    + b'<row r="150000"><c><v>1</v></c></row></sheetData>',
    "a row number alone": b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="IV1"><v>1</v></c></row>'
    b'<row r="900000"><c><v>1</v></c></row></sheetData>',
}


@pytest.mark.parametrize("layout", FAR)
def test_sheets_reaching_beyond_the_limits_are_refused_before_loading(
    tmp_path: Path, layout: str
) -> None:
    path = tmp_path / "far.xlsx"
    path.write_bytes(_sheet_xml(_one_cell_book(), FAR[layout]))
    outcome = _in_a_child(path)
    assert outcome["code"] in {"TOO_MANY_ROWS", "TOO_MANY_COLUMNS"}
    assert outcome["seconds"] < 5
    assert outcome["peak"] < 300_000_000


def test_unusual_but_harmless_sheets_are_read() -> None:
    # No references at all, and an empty styled cell far out (neither costs calamine memory).
    data = _sheet_xml(
        _one_cell_book(),
        b'<sheetData><row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>'
        b'<row><c/><c><v>3</v></c></row><row r="900000"><c r="XFD900000" s="0"/></row></sheetData>',
    )
    assert _read(open_workbook(data, "odd.xlsx")) == [(1, ["a", 2.0]), (2, [None, 3.0])]


def test_a_wide_hidden_sheet_does_not_stop_the_visible_one() -> None:
    from openpyxl import Workbook as Book

    book = Book()
    sheet = book.active
    assert sheet is not None
    sheet.title = "People"
    sheet["A1"] = "Email"
    wide = book.create_sheet("Lookup")
    wide.cell(1, 400, "far")
    buffer = io.BytesIO()
    book.save(buffer)
    opened = open_workbook(buffer.getvalue(), "people.xlsx")
    assert list(opened.rows("People")) == [(1, ["Email"])]
    with pytest.raises(SpreadsheetError) as caught, opened:
        list(opened.rows("Lookup"))
    assert str(caught.value) == "sheet 'Lookup' of people.xlsx has more than 256 columns"


ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="People">'
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
TEXT_CELL = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'


def _ods(rows: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        mimetype = "application/vnd.oasis.opendocument.spreadsheet"
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", ODS_HEAD + rows + ODS_TAIL)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
    return buffer.getvalue()


def test_an_ods_without_a_mimetype_member_is_known_but_damaged() -> None:
    data = _rezip(_ods(f"<table:table-row>{TEXT_CELL}</table:table-row>"), {})
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {n: source.read(n) for n in source.namelist() if n != "mimetype"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, body in members.items():
            target.writestr(name, body)
    # Known for an ods (not "not a spreadsheet"), but calamine insists on the mimetype member
    # that the OpenDocument standard requires, so it can only be called damaged.
    error = _refused(buffer.getvalue(), "people.ods")
    assert error.code == "CORRUPT"
    assert str(error).startswith("people.ods is a damaged ods file")


def test_ods_repeats_are_followed_as_calamine_expands_them(tmp_path: Path) -> None:
    # What LibreOffice writes: empty cells and rows repeated up to the sheet's edge.
    tail = (
        '<table:table-cell table:number-columns-repeated="16383"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    book = open_workbook(_ods(f"<table:table-row>{TEXT_CELL}{tail}"), "people.ods")
    assert _read(book) == [(1, ["x"])]
    # One filled cell repeated 1,000 times on 300,000 repeated rows: a kilobyte on disk.
    bomb = tmp_path / "bomb.ods"
    cell = TEXT_CELL.replace(
        "<table:table-cell ", '<table:table-cell table:number-columns-repeated="1000" '
    )
    bomb.write_bytes(
        _ods(f'<table:table-row table:number-rows-repeated="300000">{cell}</table:table-row>')
    )
    outcome = _in_a_child(bomb)
    assert outcome["code"] == "TOO_MANY_COLUMNS"
    assert outcome["peak"] < 300_000_000
    outcome = _in_a_child(bomb, {"max_columns": 1000})
    assert outcome["code"] == "TOO_MANY_ROWS"
