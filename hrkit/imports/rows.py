"""Validating data rows against the header mapping, and merging rows of the same person.

A row either becomes a `Record` or yields the problems that kept it out; it never stops the
rows after it. Problems name the spreadsheet's own row number and the column's header as the
file spells it, so a recruiter can find and fix the cell.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from hrkit.imports.headers import Column, HeaderRow
from hrkit.imports.readers import Cell
from hrkit.imports.values import shorten, slash_order, text, to_date
from hrkit.model.people import email_or_none

# Excel's own limit for one cell: anything longer in a column hrkit reads was not typed into a
# spreadsheet, and the row is refused.
MAX_CELL_CHARS = 32_767
# The storage's column sizes (hrkit/store/tables/people.py).
MAX_CHARS = {
    "name": 400,
    "phone": 100,
    "position": 400,
    "title": 400,
    "department": 400,
    "external_id": 200,
    "badge_name": 400,
    "issuer": 400,
}
# What people type in a cell that has nothing to say.
PLACEHOLDERS = frozenset({"n/a", "na", "none", "null", "-", "--", "—", "tbd", "pending", "?"})
PLACEHOLDER_CHARS = max(len(p) for p in PLACEHOLDERS)
CLAIM_FIELDS = ("badge_name", "issuer", "issued", "expires")
DATE_FIELDS = ("issued", "expires")
ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    code: str
    message: str
    level: str = ERROR

    def to_json(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.message,
            "level": self.level,
        }


@dataclass
class Record:
    """One person as the file describes them (after merging duplicate rows)."""

    row: int
    email: str
    values: dict[str, str | None]
    credentials: list[tuple[str, str]] = field(default_factory=list)
    claim: dict[str, str | date | None] | None = None
    merged: list[int] = field(default_factory=list)

    @property
    def name(self) -> str | None:
        return self.values.get("name")

    def absorb(self, later: Record) -> None:
        """`later` (a row further down with the same email) wins where it has a value."""
        for key, value in later.values.items():
            if value is not None:
                self.values[key] = value
        known = set(self.credentials)
        self.credentials.extend(c for c in later.credentials if c not in known)
        self.claim = later.claim or self.claim
        self.merged.append(self.row)
        self.row = later.row


class RowReader:
    """Validates rows of one sheet against its header mapping."""

    def __init__(self, header: HeaderRow, rows: Sequence[tuple[int, Sequence[Cell]]] = ()):
        self.single = {c.field: c for c in header.columns if c.field and c.field != "credential"}
        self.credential_columns = header.of("credential")
        self.headers = [c.header or c.letter for c in header.columns]
        # (field, column index, length limit, header, placeholders apply) of the text fields.
        self.plain = [
            (name, c.index, MAX_CHARS.get(name, MAX_CELL_CHARS), c.header, name != "notes")
            for name, c in self.single.items()
            if name not in DATE_FIELDS
        ]
        self.claims = any(name in self.single for name in CLAIM_FIELDS)
        # Cells of ignored columns are not checked: hrkit neither reads nor stores them.
        self.read_columns = frozenset(c.index for c in header.columns if c.field)
        self.other_columns = sorted(self.read_columns - {plain[1] for plain in self.plain})
        # A column's slash-date order is decided from all of its cells (see values.py).
        self.day_first = {
            name: slash_order(cells[column.index] for _, cells in rows if column.index < len(cells))
            for name, column in self.single.items()
            if name in DATE_FIELDS
        }

    def read(self, row: int, cells: Sequence[Cell]) -> Record | list[Problem]:
        """The row as a Record, or every problem that keeps it out (one pass, no stopping)."""
        # This runs once per row of files with 100,000 rows: plain loops over precomputed
        # (field, column index, length limit) triples, no per-row dict of columns.
        width = len(cells)
        for index in self.other_columns:
            cell = cells[index] if index < width else None
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                return self._too_long(row, cells)
        problems: list[Problem] = []
        values: dict[str, str | None] = {}
        for name, index, limit, header, placeholders in self.plain:
            cell = cells[index] if index < width else None
            if cell.__class__ is str:  # the common case, without a call
                if len(cell) > limit and len(cell) > MAX_CELL_CHARS:
                    return self._too_long(row, cells)
                value = cell.strip()
                if not value:
                    values[name] = None
                    continue
                if not value.isascii():
                    value = unicodedata.normalize("NFC", value)
            elif cell is None:
                values[name] = None
                continue
            else:
                converted = text(cell)
                if converted is None:
                    values[name] = None
                    continue
                value = converted
            short = placeholders and len(value) <= PLACEHOLDER_CHARS
            if short and value.casefold() in PLACEHOLDERS:
                values[name] = None
                continue
            if len(value) > limit:
                problems.append(
                    Problem(row, header, "VALUE_TOO_LONG", f"longer than {limit} characters")
                )
            values[name] = value
        typed = values.pop("email", None)
        email = email_or_none(typed) if typed is not None else None
        if email is None:
            self._email_problem(row, typed, problems)
        manager = values.get("manager_email")
        if manager is not None:
            values["manager_email"] = self._address(row, "manager_email", manager, problems)
        first, last = values.pop("first_name", None), values.pop("last_name", None)
        if values.get("name") is None and (first or last):
            values["name"] = f"{first} {last}" if first and last else first or last
        claim = self._claim(row, cells, values, problems) if self.claims else None
        if problems or email is None:
            return problems
        credentials = self._credentials(cells) if self.credential_columns else []
        return Record(row, email, values, credentials, claim)

    def identity(self, cells: Sequence[Cell]) -> tuple[str | None, str | None]:
        """(email, name) as typed, for reporting a row that was not imported."""

        def cell(field_name: str) -> str | None:
            column = self.single.get(field_name)
            if column is None or column.index >= len(cells):
                return None
            value = text(cells[column.index])
            return value[:400] if value else None

        name = cell("name") or " ".join(p for p in (cell("first_name"), cell("last_name")) if p)
        return cell("email"), name or None

    def _too_long(self, row: int, cells: Sequence[Cell]) -> list[Problem]:
        return [
            Problem(
                row,
                self._header(index),
                "CELL_TOO_LONG",
                f"{len(cell):,} characters; a spreadsheet cell holds at most {MAX_CELL_CHARS:,}",
            )
            for index, cell in enumerate(cells)
            if index in self.read_columns and isinstance(cell, str) and len(cell) > MAX_CELL_CHARS
        ]

    def _email_problem(self, row: int, value: str | None, problems: list[Problem]) -> None:
        """Why the row has no email: none typed, or not an address."""
        if value is not None:
            problems.append(self._not_an_address(row, "email", value))
            return
        column = self.single.get("email")
        header = column.header if column else None
        problems.append(Problem(row, header, "MISSING_EMAIL", "an email is required"))

    def _address(self, row: int, name: str, value: str, problems: list[Problem]) -> str | None:
        address = email_or_none(value)
        if address is None:
            problems.append(self._not_an_address(row, name, value))
        return address

    def _not_an_address(self, row: int, name: str, value: str) -> Problem:
        code = "INVALID_EMAIL" if name == "email" else "INVALID_MANAGER_EMAIL"
        message = f"not an email address: {shorten(value)!r}"
        return Problem(row, self.single[name].header, code, message)

    def _claim(
        self,
        row: int,
        cells: Sequence[Cell],
        values: dict[str, str | None],
        problems: list[Problem],
    ) -> dict[str, str | date | None] | None:
        claim: dict[str, str | date | None] = {
            "badge_name": values.pop("badge_name", None),
            "issuer": values.pop("issuer", None),
        }
        for name in DATE_FIELDS:
            column = self.single.get(name)
            if column is None or column.index >= len(cells):
                continue
            cell = cells[column.index]
            if isinstance(cell, str) and cell.strip().casefold() in PLACEHOLDERS:
                continue
            try:
                claim[name] = to_date(cell, day_first=self.day_first.get(name, True))
            except ValueError as exc:
                problems.append(Problem(row, column.header, "INVALID_DATE", str(exc)))
        issued, expires = claim.get("issued"), claim.get("expires")
        if isinstance(issued, date) and isinstance(expires, date) and expires < issued:
            column = self.single["expires"]
            problems.append(
                Problem(row, column.header, "INVALID_DATE", "expires before it was issued")
            )
        return claim if any(v is not None for v in claim.values()) else None

    def _credentials(self, cells: Sequence[Cell]) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for column in self.credential_columns:
            value = text(cells[column.index]) if column.index < len(cells) else None
            if value is not None and value.casefold() not in PLACEHOLDERS:
                found.append((column.header, value))
        return found

    def _header(self, index: int) -> str:
        if index < len(self.headers):
            return self.headers[index]
        return Column(index, "", None, "ignored").letter


def merge_duplicates(records: Iterable[Record]) -> tuple[list[Record], list[Problem]]:
    """One record per email, in the order of each person's last row; later values win.

    Rule: rows with the same normalised email are one person. Every non-empty cell of a later
    row replaces the earlier value; empty cells never erase one; credential cells are unioned.
    The earlier rows are reported (warning DUPLICATE_EMAIL) and their status is `merged`.
    """
    by_email: dict[str, Record] = {}
    problems: list[Problem] = []
    for record in records:
        held = by_email.pop(record.email, None)
        if held is not None:
            problems.append(
                Problem(
                    held.row,
                    None,
                    "DUPLICATE_EMAIL",
                    f"{record.email} appears again in row {record.row}; the rows are merged "
                    "and the later row's values win",
                    WARNING,
                )
            )
            held.absorb(record)
            record = held
        by_email[record.email] = record  # re-inserted: ordered by the person's last row
    return list(by_email.values()), problems
