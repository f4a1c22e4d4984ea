"""A skills file (taxonomy, mapping rules, roles) as a header and numbered rows of text.

Taxonomy exports are CSV or TSV in any common encoding, but rules and roles are often written
in a spreadsheet program: every kind the recruiter import reads is read here too, by content.
Rows are numbered as a spreadsheet program shows them (a CSV cell spanning lines is one row),
so that a problem's row number is the one the user finds in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hrkit.errors import SpreadsheetError
from hrkit.imports.readers import Cell, ReadLimits, open_workbook
from hrkit.imports.values import text

# The full ESCO occupation-skill relations file has ~130k rows and ~20 MB.
LIMITS = ReadLimits(max_bytes=100_000_000, max_rows=1_000_000)
HEADER_SEARCH = 20


class SkillFileError(SpreadsheetError):
    """A file holds none of the layouts a skills command reads."""

    code = "UNKNOWN_FORMAT"


@dataclass(frozen=True)
class RowError:
    """A problem with one row: that row is not imported, the others are."""

    row: int
    code: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "code": self.code, "message": self.message}


def key(header: str) -> str:
    """A header as matched, ignoring case, spaces and punctuation ("O*NET-SOC Code")."""
    return "".join(c for c in header.casefold() if c.isalnum())


@dataclass(frozen=True)
class Table:
    filename: str
    headers: tuple[str, ...]  # as written in the file
    rows: tuple[tuple[int, tuple[str | None, ...]], ...]  # (row number, trimmed cells)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(key(h) for h in self.headers)

    def has(self, *names: str) -> bool:
        return all(name in self.keys for name in names)

    def column(self, *names: str) -> int | None:
        """The index of the first header matching one of `names` (already keys)."""
        keys = [key(h) for h in self.headers]
        for name in names:
            if name in keys:
                return keys.index(name)
        return None

    def describe_headers(self) -> str:
        shown = [h for h in self.headers if h][:12]
        return ", ".join(shown) + (", …" if len(self.headers) > len(shown) else "")


def cell(cells: tuple[str | None, ...], index: int | None) -> str | None:
    """The cell at `index`; None when the column is absent, the row short or the cell empty."""
    if index is None or index >= len(cells):
        return None
    return cells[index]


def read_table(data: bytes, filename: str) -> Table:
    """The first sheet of `data`; its header is the first row with two or more cells within
    the first HEADER_SEARCH rows (a title line above it is skipped)."""
    with open_workbook(data, filename, LIMITS) as book:
        sheets = book.sheet_names()
        if not sheets:
            raise SpreadsheetError(f"{filename} has no visible sheet", code="EMPTY_FILE")
        rows = _text_rows(book.rows(sheets[0]))
    if not rows:
        raise SpreadsheetError(f"{filename} is empty", code="EMPTY_FILE")
    for index, (_, header) in enumerate(rows[:HEADER_SEARCH]):
        if sum(1 for value in header if value and key(value)) >= 2:
            headers = tuple(value or "" for value in header)
            return Table(filename, headers, tuple(rows[index + 1 :]))
    first = ", ".join(v or "" for v in rows[0][1])
    raise SkillFileError(
        f"{filename} has no header row: no row within the first {HEADER_SEARCH} has two or "
        f"more column names (the first row is {_short(first)!r})",
        code="NO_HEADER",
    )


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _text_rows(
    rows: Iterable[tuple[int, list[Cell]]],
) -> list[tuple[int, tuple[str | None, ...]]]:
    found = []
    for number, cells in rows:
        values = tuple(text(c) for c in cells)
        if any(values):
            found.append((number, values))
    return found
