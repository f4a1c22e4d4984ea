"""The import report, written and then read back with independent readers.

python-calamine reads the values; openpyxl (a different reader from the one that wrote them)
reads the fills, fonts, frozen panes, filter and widths.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.worksheet import _writer as openpyxl_writer
from python_calamine import CalamineWorkbook

from hrkit.imports import report as report_module
from hrkit.imports.report import ReportColumn, ReportRow, write_report

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["First Name", "E-mail Address", "Applied On", "Notes"]
FILLS = {"ok": "C6EFCE", "warning": "FFEB9C", "error": "FFC7CE"}
# Any character, with the formula starters and those XML cannot carry drawn often.
TEXT = st.one_of(st.characters(), st.sampled_from("=+-@\t\r\n\x00\x0b\ufffe\uffff\ud800\udfff"))
COLUMNS = [
    ReportColumn("A", "First Name", "first_name", "alias", None),
    ReportColumn("B", "E-mail Address", "email", "fuzzy", 0.93),
    ReportColumn("C", "Applied On", None, "ignored", None),
    ReportColumn("D", "Notes", "notes", "exact", 1.0),
]


def values(path: Path, sheet: str = "Report") -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        book.close()


def write(path: Path, rows: Iterable[ReportRow], **overrides: Any) -> Path:
    arguments: dict[str, Any] = {
        "header": HEADER,
        "header_row": 1,
        "rows": rows,
        "columns": COLUMNS,
        "summary": {"rows": 1, "created": 1, "sheet": "Candidates"},
    }
    write_report(path, **{**arguments, **overrides})
    return path


def row(number: int, cells: list[Any], level: str = "ok", *problems: str) -> ReportRow:
    status = "invalid" if level == "error" else "created"
    return ReportRow(row=number, cells=cells, status=status, problems=problems, level=level)


def test_values_read_back_as_written_with_formulas_neutralised(tmp_path: Path) -> None:
    applied = datetime.date(2024, 2, 29)
    seen = datetime.datetime(2024, 3, 1, 13, 45, 10)
    rows = [
        row(2, ['=HYPERLINK("http://evil.example","click")', "a@x.example", applied, "+1"]),
        row(3, ["-2", "b@x.example", seen, "@SUM(A1)"], "warning", "Phone: odd"),
        row(4, ["\tx", "bob@", None, "\rx"], "error", "Email: not an email", "-minus first"),
        row(5, ["Zoë Ångström 山田 🙂", "z@x.example", 42, 2.5]),
        row(6, ["#N/A", "=", True, "plain"]),
    ]
    path = write(tmp_path / "report.xlsx", rows, header_row=3)

    assert values(path) == [
        [*HEADER, "Row", "Status", "Problems"],
        ['\'=HYPERLINK("http://evil.example","click")', "a@x.example", applied, "'+1"]
        + [2.0, "created", ""],
        ["'-2", "b@x.example", seen, "'@SUM(A1)", 3.0, "created", "Phone: odd"],
        ["'\tx", "bob@", "", "'\rx", 4.0, "invalid", "Email: not an email; -minus first"],
        ["Zoë Ångström 山田 🙂", "z@x.example", 42.0, 2.5, 5.0, "created", ""],
        ["#N/A", "'=", True, "plain", 6.0, "created", ""],
    ]
    book = CalamineWorkbook.from_path(str(path))
    try:
        assert book.sheet_names == ["Report", "Columns", "Summary"]
    finally:
        book.close()


def test_values_excel_cannot_hold_are_written_as_text(tmp_path: Path) -> None:
    aware = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    cells = [
        datetime.time(9, 30),
        datetime.timedelta(hours=1, minutes=5),
        aware,
        float("nan"),
        "bell\x07 nul\x00",
        "x" * 40_000,
    ]
    path = write(tmp_path / "report.xlsx", [row(2, cells)], header=[])

    read = values(path)[1]
    assert read[:5] == ["09:30:00", "1:05:00", aware.isoformat(), "nan", "bell\ufffd nul\ufffd"]
    assert len(read[5]) == 32_767 and read[5].endswith("…")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(TEXT, max_size=30), min_size=1, max_size=40))
def test_any_text_reads_back_neutralised(tmp_path: Path, texts: list[str]) -> None:
    path = write(tmp_path / "property.xlsx", [row(2, texts)], header=[], summary={})
    read = values(path)[1][: len(texts)]
    for written, got in zip(texts, read, strict=True):
        expected = report_module.ILLEGAL.sub("\ufffd", written)
        assert got in (expected, "'" + expected)
        assert not got.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_layout_fills_and_header_read_back_with_openpyxl(tmp_path: Path) -> None:
    rows = [
        row(2, ["Ada", "ada@x.example", datetime.date(2024, 1, 1), "fine"]),
        row(3, ["Bob", "bob@x.example", None, "odd"], "warning", "Phone: odd"),
        row(4, ["Cy", "cy@", None, "x" * 200], "error", "Email: not an email"),
    ]
    path = write(tmp_path / "report.xlsx", rows)

    book = load_workbook(path)
    try:
        sheet = book["Report"]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == "A1:G4"
        assert all(cell.font.b for cell in sheet[1])
        assert not any(cell.font.b for cell in sheet[2])
        for number, level in ((2, "ok"), (3, "warning"), (4, "error")):
            for column in "EFG":  # Row, Status, Problems
                fill = sheet[f"{column}{number}"].fill
                assert fill.fill_type == "solid"
                assert fill.fgColor.rgb.endswith(FILLS[level])
            assert sheet[f"A{number}"].fill.fill_type is None
        assert sheet["C2"].number_format.lower().startswith("yyyy-mm-dd")
        widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFG"}
        assert widths["B"] >= len("E-mail Address") + 2
        assert widths["D"] == 50  # the longest note is capped
        assert 8 <= widths["E"] < 20
        assert widths["G"] >= len("Email: not an email")
        for name in ("Columns", "Summary"):
            assert book[name].freeze_panes == "A2"
            assert book[name]["A1"].font.b
        assert book["Columns"].auto_filter.ref == "A1:E5"
    finally:
        book.close()


def test_columns_and_summary_sheets(tmp_path: Path) -> None:
    summary = {"rows": 3, "created": 2, "sheet": "=Candidates", "note": None, "list": [1, "a"]}
    path = write(tmp_path / "report.xlsx", [], header_row=7, summary=summary)

    assert values(path, "Columns") == [
        ["Column", "Header", "Field", "Method", "Score"],
        ["A", "First Name", "first_name", "alias", ""],
        ["B", "E-mail Address", "email", "fuzzy", 0.93],
        ["C", "Applied On", "", "ignored", ""],
        ["D", "Notes", "notes", "exact", 1.0],
    ]
    assert values(path, "Summary") == [
        ["Key", "Value"],
        ["header_row", 7.0],
        ["rows", 3.0],
        ["created", 2.0],
        ["sheet", "'=Candidates"],
        ["note", ""],
        ["list", json.dumps([1, "a"])],
    ]
    assert values(path) == [[*HEADER, "Row", "Status", "Problems"]]


def test_ragged_rows_keep_every_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Column widths are sized from the first row only: the third row is wider than anything seen.
    monkeypatch.setattr(report_module, "SAMPLE_ROWS", 1)
    rows = [row(2, ["a", "b", "c", "d", "e"]), row(3, ["short"]), row(4, [*"abcd", "e", "f"])]
    path = write(tmp_path / "report.xlsx", rows)

    assert values(path) == [
        [*HEADER, "", "Row", "Status", "Problems", ""],
        ["a", "b", "c", "d", "e", 2.0, "created", "", ""],
        ["short", "", "", "", "", 3.0, "created", "", ""],
        ["a", "b", "c", "d", "e", 4.0, "created", "", "f"],
    ]
    book = load_workbook(path)
    try:
        assert book["Report"].auto_filter.ref == "A1:I4"
    finally:
        book.close()


def test_a_failed_write_leaves_the_previous_report_and_no_scratch_files(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"the previous report")
    known = set(openpyxl_writer.ALL_TEMP_FILES)

    def rows() -> Iterator[ReportRow]:
        for number in range(2, 2000):
            yield row(number, ["x", "y"])
        raise RuntimeError("the import broke")

    with pytest.raises(RuntimeError, match="the import broke"):
        write(path, rows())

    assert path.read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]
    assert not [p for p in openpyxl_writer.ALL_TEMP_FILES if p not in known and Path(p).exists()]


@pytest.mark.parametrize(("status", "level"), [("done", "ok"), ("created", "fatal")])
def test_unknown_status_or_level_is_refused(status: str, level: str) -> None:
    with pytest.raises(ValueError, match="unknown report"):
        ReportRow(row=2, cells=[], status=status, problems=[], level=level)


MEMORY_SCRIPT = textwrap.dedent(
    """
    import datetime, sys
    from pathlib import Path
    from hrkit.imports.report import ReportColumn, ReportRow, write_report

    levels = ("ok", "warning", "error")
    rows = (
        ReportRow(
            row=n + 2,
            cells=[f"p{n}@x.example", datetime.date(2024, 1, 1 + n % 28), "=Ünïcode"],
            status="invalid" if n % 3 == 2 else "created",
            problems=[f"Phone: bad {n}"] if n % 3 else [],
            level=levels[n % 3],
        )
        for n in range(int(sys.argv[2]))
    )
    write_report(
        Path(sys.argv[1]),
        header=["Email", "Applied On", "Notes"],
        header_row=1,
        rows=rows,
        columns=[ReportColumn("A", "Email", "email", "exact", 1.0)],
        summary={"rows": int(sys.argv[2])},
    )
    # VmHWM is this process image's own peak; ru_maxrss would carry the forking parent's
    # peak (the test process) over exec.
    print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
    """
)


@pytest.mark.slow
def test_a_100000_row_report_is_written_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(path), "100000"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    peak_mb = int(done.stdout) / 1024  # VmHWM is in KiB
    assert peak_mb < 400, f"peak RSS {peak_mb:.0f} MB"

    book = CalamineWorkbook.from_path(str(path))
    try:
        lines = book.get_sheet_by_name("Report").iter_rows()
        count, last = 0, None
        for last in lines:
            count += 1
    finally:
        book.close()
    assert count == 100_001
    day = datetime.date(2024, 1, 12)
    assert last == ["p99999@x.example", day, "'=Ünïcode", 100001.0, "created", ""]
