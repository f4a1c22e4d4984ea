"""The import report: the input rows plus their row number, status and problems, colour-coded.

Sheet "Report" repeats the input from column A (so column letters match the recruiter's file) and
adds "Row", "Status" and "Problems"; sheet "Columns" shows how the headers were mapped; sheet
"Summary" holds the counts. The file is streamed (openpyxl write-only), so memory does not grow
with the number of rows, and it replaces `path` only once it is complete.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from hrkit.fileio import write_atomically
from hrkit.imports.plan import CREATED, INVALID, MERGED, UNCHANGED, UPDATED
from hrkit.imports.readers import Cell
from hrkit.safe_cells import neutralise

STATUSES = frozenset({CREATED, UPDATED, UNCHANGED, MERGED, INVALID})
FILLS = {"ok": "C6EFCE", "warning": "FFEB9C", "error": "FFC7CE"}
LEVEL_STYLES = {level: f"Import {level}" for level in FILLS}
HEADER_STYLE = "Import header"
ADDED = ("Row", "Status", "Problems")
EXCEL_MAX_CHARS = 32_767
# Rows read ahead to size the columns: widths must be known before the first row is streamed.
SAMPLE_ROWS = 1_000
MIN_WIDTH, MAX_WIDTH, PROBLEMS_WIDTH = 8, 50, 80
# Characters XML 1.0 cannot carry (a CSV may well contain them): the file could not be written.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text equal to one of these would be stored as that error, not as the text it was.
ERROR_LITERALS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


@dataclass(frozen=True)
class ReportRow:
    """One data row of the input and what the import did (or, in a dry run, would do) with it."""

    row: int
    cells: Sequence[Cell]
    status: str
    problems: Sequence[str]
    level: str

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown report status {self.status!r}")
        if self.level not in FILLS:
            raise ValueError(f"unknown report level {self.level!r}")


@dataclass(frozen=True)
class ReportColumn:
    """How one input column was mapped to an hrkit field (`field` None: ignored)."""

    column: str
    header: str
    field: str | None
    method: str
    score: float | None


def write_report(
    path: Path,
    *,
    header: Sequence[Cell],
    header_row: int,
    rows: Iterable[ReportRow],
    columns: Sequence[ReportColumn],
    summary: Mapping[str, object],
) -> None:
    """Write the report workbook to `path`: all of it, or on any failure nothing at all."""
    write_atomically(
        Path(path), lambda out: _write(out, header, header_row, rows, columns, summary)
    )


def _write(
    out: IO[bytes],
    header: Sequence[Cell],
    header_row: int,
    rows: Iterable[ReportRow],
    columns: Sequence[ReportColumn],
    summary: Mapping[str, object],
) -> None:
    book = _Book()
    try:
        book.report(header, rows)
        book.table(
            "Columns",
            ("Column", "Header", "Field", "Method", "Score"),
            [(c.column, c.header, c.field, c.method, c.score) for c in columns],
        )
        book.table(
            "Summary",
            ("Key", "Value"),
            [
                ("header_row", header_row),
                *((k, v) for k, v in summary.items() if k != "header_row"),
            ],
        )
        book.save(out)
    finally:
        book.discard()


class _Book:
    """The report workbook, streamed; openpyxl is imported here as it takes ~0.2 s to import."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font, NamedStyle, PatternFill
        from openpyxl.utils import get_column_letter

        self.book = Workbook(write_only=True)
        self.cell_class = WriteOnlyCell
        self.letter = get_column_letter
        # Named styles: a cell takes one by name, much cheaper than hashing a fill per cell.
        self.book.add_named_style(NamedStyle(name=HEADER_STYLE, font=Font(bold=True)))
        for level, colour in FILLS.items():
            fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
            self.book.add_named_style(NamedStyle(name=LEVEL_STYLES[level], fill=fill))

    def report(self, header: Sequence[Cell], rows: Iterable[ReportRow]) -> None:
        sheet = self.book.create_sheet("Report")
        pending = iter(rows)
        sample = list(islice(pending, SAMPLE_ROWS))
        width = max([len(header), *(len(line.cells) for line in sample)])
        titles = [*header, *[None] * (width - len(header)), *ADDED]
        for number, size in enumerate(_widths(titles, sample, width), 1):
            sheet.column_dimensions[self.letter(number)].width = size
        sheet.freeze_panes = "A2"
        sheet.append([self.styled(sheet, _value(title), HEADER_STYLE) for title in titles])
        last_row, last_column = 1, len(titles)
        for line in chain(sample, pending):
            style = LEVEL_STYLES[line.level]
            cells = [self.plain(sheet, cell) for cell in line.cells[:width]]
            cells += [None] * (width - len(cells))
            cells += [
                self.styled(sheet, line.row, style),
                self.styled(sheet, _value(line.status), style),
                self.styled(sheet, _value("; ".join(line.problems)), style),
            ]
            # Cells beyond every header and the sampled rows are kept, after the added columns.
            cells += [self.plain(sheet, cell) for cell in line.cells[width:]]
            sheet.append(cells)
            last_row += 1
            last_column = max(last_column, len(cells))
        sheet.auto_filter.ref = f"A1:{self.letter(last_column)}{last_row}"

    def table(self, name: str, titles: Sequence[str], lines: Sequence[Sequence[object]]) -> None:
        """A small sheet: bold frozen header, sized columns, a filter over it all."""
        sheet = self.book.create_sheet(name)
        values = [[self.plain(sheet, value) for value in line] for line in lines]
        for number, title in enumerate(titles):
            longest = max(
                [len(title) + 2, *(_shown_length(_value(line[number])) for line in lines)]
            )
            width = min(max(longest + 2, MIN_WIDTH), PROBLEMS_WIDTH)
            sheet.column_dimensions[self.letter(number + 1)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([self.styled(sheet, title, HEADER_STYLE) for title in titles])
        for line in values:
            sheet.append(line)
        sheet.auto_filter.ref = f"A1:{self.letter(len(titles))}{len(values) + 1}"

    def plain(self, sheet: Any, value: object) -> object:
        """A cell's value, or a cell object where openpyxl would misread the bare value."""
        value = _value(value)
        if isinstance(value, str) and value in ERROR_LITERALS:
            return self.styled(sheet, value)
        return value

    def styled(self, sheet: Any, value: object, style: str | None = None) -> Any:
        cell = self.cell_class(sheet, value)
        if isinstance(value, str) and value in ERROR_LITERALS:
            # Text equal to an error literal would otherwise be stored as that error.
            cell.data_type = "s"
        if style is not None:
            cell.style = style
        return cell

    def save(self, out: IO[bytes]) -> None:
        self.book.save(out)

    def discard(self) -> None:
        """Close the sheets of a workbook that was not saved and remove their scratch files."""
        for sheet in self.book.worksheets:
            if not sheet.closed:
                # Ends the sheet's XML stream; a stream left open complains when collected.
                with contextlib.suppress(Exception):
                    sheet.close()
            writer = getattr(sheet, "_writer", None)
            if writer is not None and Path(writer.out).exists():
                writer.cleanup()


def _widths(titles: Sequence[Cell], sample: Sequence[ReportRow], width: int) -> Iterator[float]:
    """Column widths from the header and the sampled rows, within sensible bounds."""
    columns: list[list[object]] = [
        [_value(_at(line.cells, number)) for line in sample] for number in range(width)
    ]
    columns.append([line.row for line in sample])
    columns.append([line.status for line in sample])
    columns.append(["; ".join(line.problems) for line in sample])
    for number, (title, values) in enumerate(zip(titles, columns, strict=True)):
        longest = max([_shown_length(_value(title)) + 2, *map(_shown_length, values)])
        limit = PROBLEMS_WIDTH if number == len(titles) - 1 else MAX_WIDTH
        yield float(min(max(longest + 2, MIN_WIDTH), limit))


def _at(cells: Sequence[Cell], index: int) -> Cell:
    return cells[index] if index < len(cells) else None


def _shown_length(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 19
    if isinstance(value, datetime.date):
        return 10
    return max((len(part) for part in str(value).splitlines()), default=0)


def _value(value: object) -> object:
    """A value as the workbook should hold it: text neutralised and within Excel's limits."""
    if type(value) is str:  # most cells: checked first
        return _text(value)
    if value is None or isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, float):
        # Excel has no NaN or infinity: Excel calls a file holding one corrupt.
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime.datetime):
        # Excel has no time zones; the text keeps the offset rather than silently dropping it.
        return value if value.tzinfo is None else value.isoformat()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, datetime.time | datetime.timedelta):
        return _text(str(value))
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list | dict | tuple):
        return _text(json.dumps(value, ensure_ascii=False, default=str))
    return _text(str(value))


def _text(value: str) -> str:
    text = neutralise(ILLEGAL.sub("\ufffd", value))
    if len(text) > EXCEL_MAX_CHARS:
        # Longer text makes Excel call the file corrupt; the problem column says which cell it was.
        text = text[: EXCEL_MAX_CHARS - 1] + "…"
    return text
