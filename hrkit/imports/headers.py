"""Finding the header row and mapping its cells to hrkit's fields.

Headers are compared after normalisation (case, accents, spaces and punctuation ignored), then
against a table of aliases, then fuzzily (rapidfuzz) for typos such as "Emial Adress". The
mapping, with how each column was matched, goes into every report so a recruiter can see why a
column was read or ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from hrkit.imports.aliases import COMMON, EMPLOYEE, FIELD_LABELS
from hrkit.imports.readers import Cell
from hrkit.model.enums import PersonKind

# Fields whose column may appear more than once (several credential columns are common).
REPEATABLE = frozenset({"credential"})
# Below this score a fuzzy match is a guess, not a reading of the header.
FUZZY_CUTOFF = 84.0
# Short headers ("ID", "Tel") are too easy to confuse to match fuzzily.
FUZZY_MIN_LENGTH = 5
HEADER_SCAN_ROWS = 20
MIN_RECOGNISED = 2


def normalise(header: str) -> str:
    """Lower case, accents folded, punctuation as spaces, runs of spaces collapsed."""
    text = unicodedata.normalize("NFKD", header)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _key(header: str) -> str:
    """The comparison key: normalised, no spaces, no trailing number ("Badge URL 2")."""
    return re.sub(r"\d+$", "", normalise(header).replace(" ", "")) or normalise(header)


@cache
def aliases(kind: PersonKind) -> dict[str, str]:
    """Comparison key → field, for files of `kind` (employee files add manager and department)."""
    table = dict(COMMON)
    if kind is PersonKind.EMPLOYEE:
        table |= EMPLOYEE
    return {_key(alias): field for field, names in table.items() for alias in names}


@dataclass(frozen=True)
class Column:
    """How one header cell was read."""

    index: int
    header: str
    field: str | None
    method: str  # exact | alias | fuzzy | ignored
    score: float | None = None
    note: str | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class HeaderRow:
    row: int
    cells: tuple[Cell, ...]
    columns: tuple[Column, ...]

    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}

    def of(self, field: str) -> list[Column]:
        return [c for c in self.columns if c.field == field]


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def match_header(text: str, kind: PersonKind) -> tuple[str | None, str, float | None]:
    """(field, method, score) for one header cell."""
    key = _key(text)
    if not key:
        return None, "ignored", None
    table = aliases(kind)
    field = table.get(key)
    if field is not None:
        exact = key == field.replace("_", "")
        return field, "exact" if exact else "alias", 100.0
    if len(key) < FUZZY_MIN_LENGTH:
        return None, "ignored", None
    found = process.extractOne(key, table.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if found is None:
        return None, "ignored", None
    alias, score, _ = found
    return table[alias], "fuzzy", round(float(score), 1)


_RANK = {"exact": 0, "alias": 1, "fuzzy": 2}


def read_header(row: int, cells: Sequence[Cell], kind: PersonKind) -> HeaderRow:
    """Map every cell of a candidate header row; a field claimed twice keeps its best column."""
    columns: list[Column] = []
    best: dict[str, Column] = {}
    for index, cell in enumerate(cells):
        text = _header_text(cell)
        field, method, score = match_header(text, kind)
        column = Column(index, text, field, method, score)
        if field and field not in REPEATABLE:
            held = best.get(field)
            if held is None or _RANK[method] < _RANK[held.method]:
                if held is not None:
                    columns[held.index] = _ignored(held, column)
                best[field] = column
            else:
                column = _ignored(column, held)
        columns.append(column)
    return HeaderRow(row, tuple(cells), tuple(columns))


def _ignored(column: Column, kept: Column) -> Column:
    note = f"{FIELD_LABELS[column.field or '']} is read from column {kept.letter} ({kept.header})"
    return Column(column.index, column.header, None, "ignored", column.score, note)


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).split())


def recognised(header: HeaderRow) -> int:
    return len(header.fields())


def is_header(header: HeaderRow) -> bool:
    """A header row names at least two distinct fields (a title row names none or one)."""
    return recognised(header) >= MIN_RECOGNISED
