"""Opening a spreadsheet by what its bytes are (the extension is only a hint), within limits.

xlsx, xls and ods are read with calamine, csv with the csv module. Before calamine sees an
xlsx or ods, zipcheck inflates it once to refuse zip bombs, XML entity declarations and
sheets that reach further than the limits allow (calamine would allocate them densely).
"""

from __future__ import annotations

import datetime
import io
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Self, TypeVar

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from hrkit.errors import SpreadsheetError
from hrkit.fileio import FileTooLarge, read_limited
from hrkit.imports.csvread import CsvText, csv_rows, decode_csv
from hrkit.imports.sniff import sniff
from hrkit.imports.zipcheck import Checked, check_archive, overflow_of

Cell = (
    str
    | int
    | float
    | bool
    | datetime.date
    | datetime.datetime
    | datetime.time
    | datetime.timedelta
    | None
)

_T = TypeVar("_T")

# What each extension promises; a file that is something else is read as what it is.
EXTENSIONS = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xltx": "xlsx",
    ".xltm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
}
_NAMED = {"xlsx": "an xlsx", "xls": "an xls", "ods": "an ods", "csv": "a CSV"}
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class ReadLimits:
    """How much of a spreadsheet is read before it is refused."""

    max_bytes: int = 50_000_000  # file size
    max_rows: int = 200_000  # the last row the sheet that is read may reach
    max_columns: int = 256
    max_unzipped_bytes: int = 500_000_000  # xlsx/ods: all zip members inflated
    max_ratio: int = 200  # xlsx/ods: inflated/compressed of one member (over 1 MiB)
    max_members: int = 10_000
    max_cell_chars: int = 1_000_000  # csv field; 32,767 is a row error checked later


class Workbook(ABC):
    """An opened spreadsheet: its visible sheets and their non-empty rows."""

    kind: str  # "xlsx" | "xls" | "ods" | "csv"
    note: str | None  # a wrong extension, or the csv encoding and delimiter

    def __init__(self, kind: str, note: str | None) -> None:
        self.kind = kind
        self.note = note

    @abstractmethod
    def sheet_names(self) -> list[str]:
        """The visible worksheets, in workbook order (csv: one, named after the file)."""

    @abstractmethod
    def rows(self, sheet: str) -> Iterator[tuple[int, list[Cell]]]:
        """(the sheet's own 1-based row number, cells from column A) of every non-empty row.

        Trailing empty cells are trimmed; empty cells are None. Limits on rows and columns
        may be raised before the first row or during the iteration.
        """

    def prefetch(self) -> None:  # noqa: B027 - only a parser that can work ahead does
        """Start reading the first sheet ahead of `rows()`, where the format allows it."""

    def close(self) -> None:  # noqa: B027 - nothing to release for most kinds
        """Release the parsed workbook."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def read_workbook(path: Path, limits: ReadLimits = ReadLimits()) -> Workbook:
    """Open the spreadsheet at `path` (see open_workbook)."""
    return open_workbook(read_file(path, limits), path.name, limits)


def read_file(path: Path, limits: ReadLimits = ReadLimits()) -> bytes:
    """The bytes of `path`; SpreadsheetError when it is too large or cannot be read."""
    try:
        return read_limited(path, limits.max_bytes)
    except FileTooLarge:
        raise _too_large(path.name, limits) from None
    except OSError as error:
        raise SpreadsheetError(
            f"cannot read {path.name}: {error.strerror or error}", code="UNREADABLE"
        ) from None


def open_workbook(data: bytes, filename: str, limits: ReadLimits = ReadLimits()) -> Workbook:
    """Open a spreadsheet by its content; SpreadsheetError with a code when it cannot be read."""
    name = PurePosixPath(filename.replace("\\", "/")).name or "the file"
    if len(data) > limits.max_bytes:
        raise _too_large(name, limits)
    if _blank(data):
        raise SpreadsheetError(f"{name} is empty", code="EMPTY_FILE")
    found = sniff(data)
    if found.encrypted:
        raise _password(name)
    if found.kind is None:
        raise SpreadsheetError(
            f"{name} is not a spreadsheet (it looks like {found.looks_like})",
            code="NOT_A_SPREADSHEET",
        )
    kind = found.kind
    promised = EXTENSIONS.get(PurePosixPath(name).suffix.lower())
    note = (
        f"{name} is {_NAMED[kind]} file; read as {kind}" if promised not in (None, kind) else None
    )
    if kind == "csv":
        return CsvWorkbook(decode_csv(data, name), name, note, limits)
    checked = check_archive(data, name, kind, limits) if kind in ("xlsx", "ods") else None
    return CalamineBook(data, name, kind, note, limits, checked)


class CsvWorkbook(Workbook):
    """A CSV file: one sheet named after the file."""

    def __init__(self, source: CsvText, name: str, note: str | None, limits: ReadLimits) -> None:
        read = f"read as CSV ({source.describe()})"
        super().__init__("csv", f"{name} is a CSV file; {read}" if note else f"{name} {read}")
        self._source = source
        self._name = name
        self._sheet = PurePosixPath(name).stem or name
        self._limits = limits

    def sheet_names(self) -> list[str]:
        return [self._sheet]

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Cell]]]:
        if sheet != self._sheet:
            raise KeyError(sheet)
        return csv_rows(
            self._source,
            self._name,
            max_rows=self._limits.max_rows,
            max_columns=self._limits.max_columns,
            max_cell_chars=self._limits.max_cell_chars,
        )


class CalamineBook(Workbook):
    """An xlsx, xls or ods workbook parsed by calamine."""

    def __init__(
        self,
        data: bytes,
        name: str,
        kind: str,
        note: str | None,
        limits: ReadLimits,
        checked: Checked | None,
    ) -> None:
        super().__init__(kind, note)
        self._name = name
        self._limits = limits
        self._checked = checked
        self._book = self._call(lambda: CalamineWorkbook.from_filelike(io.BytesIO(data)))
        self._closed = False
        # Read once, here: while a sheet loads in a thread, calamine refuses other calls.
        self._sheet_names = [
            sheet.name
            for sheet in self._book.sheets_metadata
            if sheet.typ == SheetTypeEnum.WorkSheet and sheet.visible == SheetVisibleEnum.Visible
        ]
        self._loading: _Loading | None = None

    def prefetch(self) -> None:
        """Start parsing the first visible sheet in a thread, while the caller goes on.

        calamine releases the GIL while it parses, so the caller's own start-up work (imports,
        opening the database) costs nothing extra. A sheet the limits refuse is not prefetched.
        """
        names = self.sheet_names()
        if self._loading or not names:
            return
        if self._checked and overflow_of(self._checked, names[0]) is not None:
            return
        self._loading = _Loading(names[0], lambda: self._call(lambda: self._sheet(names[0])))

    def _sheet(self, sheet: str) -> CalamineSheet:
        return self._book.get_sheet_by_name(sheet)

    def sheet_names(self) -> list[str]:
        return list(self._sheet_names)

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Cell]]]:
        if sheet not in self.sheet_names():
            raise KeyError(sheet)
        overflow = overflow_of(self._checked, sheet) if self._checked else None
        if overflow is not None:
            raise SpreadsheetError(overflow.describe(self._name), code=overflow.code)
        return self._rows(sheet)

    def _rows(self, sheet: str) -> Iterator[tuple[int, list[Cell]]]:
        loading, self._loading = self._loading, None
        if loading is not None and loading.sheet == sheet:
            data = loading.result()
        else:
            if loading is not None:
                loading.result()
            data = self._call(lambda: self._sheet(sheet))
        start, end = data.start, data.end
        if start is None or end is None:
            return  # an empty sheet (calamine's iterator cannot start on one)
        where = f"sheet {sheet!r} of {self._name}"
        if end[0] + 1 > self._limits.max_rows:
            raise SpreadsheetError(
                f"{where} has more than {self._limits.max_rows} rows", code="TOO_MANY_ROWS"
            )
        if end[1] + 1 > self._limits.max_columns:
            raise SpreadsheetError(
                f"{where} has more than {self._limits.max_columns} columns",
                code="TOO_MANY_COLUMNS",
            )
        # calamine's rows begin at row 1 (the rows above the data come empty) but at the
        # data's first column: the columns to its left are put back as None.
        padding: list[Cell] = [None] * start[1]
        rows: Iterator[list[Cell]] = data.iter_rows()  # type: ignore[assignment] # its cells
        for number, cells in enumerate(islice(rows, start[0], None), start[0] + 1):
            if "" in cells:
                cells = [None if value == "" else value for value in cells]
            if padding:
                cells = padding + cells
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                yield number, cells

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            if self._loading is not None:
                # The thread must be done with the book before it is closed.
                self._loading.thread.join()
            self._book.close()

    def _call(self, action: Callable[[], _T]) -> _T:
        """`action()`, with calamine's failures told as SpreadsheetErrors."""
        try:
            return action()
        except PasswordError:
            raise _password(self._name) from None
        except (CalamineError, ValueError, OSError) as error:
            raise self._corrupt(error) from None
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as error:  # a panic inside calamine arrives as a BaseException
            raise self._corrupt(error) from None

    def _corrupt(self, error: BaseException) -> SpreadsheetError:
        reason = (str(error).strip() or type(error).__name__).splitlines()[0][:200]
        return SpreadsheetError(
            f"{self._name} is a damaged {self.kind} file ({reason})", code="CORRUPT"
        )


class _Loading:
    """A sheet being parsed in a thread; `result()` waits and returns it or raises."""

    def __init__(self, sheet: str, load: Callable[[], CalamineSheet]) -> None:
        self.sheet = sheet
        self._value: CalamineSheet | None = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = load()
            except BaseException as error:  # re-raised in the caller's thread
                self._error = error

        self.thread = threading.Thread(target=run, name=f"hrkit-sheet-{sheet}", daemon=True)
        self.thread.start()

    def result(self) -> CalamineSheet:
        self.thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def _blank(data: bytes) -> bool:
    for bom in _BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
            break
    return not data[:65_536].strip(b" \t\r\n\x00") and not data.strip(b" \t\r\n\x00")


def _password(name: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"{name} is password-protected; save it without a password and try again",
        code="PASSWORD_PROTECTED",
    )


def _too_large(name: str, limits: ReadLimits) -> SpreadsheetError:
    limit = limits.max_bytes
    size = f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit} bytes"
    return SpreadsheetError(f"{name} is larger than the limit of {size}", code="FILE_TOO_LARGE")
