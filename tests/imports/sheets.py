"""Writing the same table with several real spreadsheet writers, for import tests."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

Rows = Sequence[Sequence[Any]]

WRITERS = ["openpyxl", "xlsxwriter", "csv-utf8-bom-comma", "csv-cp1252-semicolon", "xls", "ods"]
SUFFIX = {
    "openpyxl": ".xlsx",
    "xlsxwriter": ".xlsx",
    "csv-utf8-bom-comma": ".csv",
    "csv-cp1252-semicolon": ".csv",
    "xls": ".xls",
    "ods": ".ods",
}


def write(writer: str, path: Path, rows: Rows) -> Path:
    """`rows` (None: an empty cell; dates stay dates where the format has them) as `path`."""
    path = path.with_suffix(SUFFIX[writer])
    {
        "openpyxl": _openpyxl,
        "xlsxwriter": _xlsxwriter,
        "csv-utf8-bom-comma": lambda p, r: _csv(p, r, "utf-8-sig", ","),
        "csv-cp1252-semicolon": lambda p, r: _csv(p, r, "cp1252", ";"),
        "xls": _xls,
        "ods": _ods,
    }[writer](path, rows)
    return path


def _openpyxl(path: Path, rows: Rows) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Candidates"
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(number, column, value)
    book.save(path)
    book.close()


def _xlsxwriter(path: Path, rows: Rows) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("Candidates")
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, (date, datetime)):
                sheet.write_datetime(number, column, value, dates)
            elif isinstance(value, str):
                sheet.write_string(number, column, value)  # never as a formula
            elif value is not None:
                sheet.write(number, column, value)
    book.close()


def _csv(path: Path, rows: Rows, encoding: str, delimiter: str) -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            out.writerow(["" if v is None else _csv_text(v) for v in row])


def _csv_text(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _xls(path: Path, rows: Rows) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Candidates")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, (date, datetime)):
                sheet.write(number, column, value, dates)
            elif value is not None:
                sheet.write(number, column, value)
    book.save(str(path))


def _ods(path: Path, rows: Rows) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Candidates")
    for row in rows:
        line = TableRow()
        for value in row:
            if value is None:
                line.addElement(TableCell())
            elif isinstance(value, (date, datetime)):
                cell = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%d"))
                cell.addElement(P(text=value.strftime("%Y-%m-%d")))
                line.addElement(cell)
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
                line.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    document.save(str(path))
