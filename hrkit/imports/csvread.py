"""CSV files as spreadsheet programs open them: encoding, delimiter, records numbered from 1."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hrkit.errors import SpreadsheetError

if TYPE_CHECKING:
    from hrkit.imports.readers import Cell

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
_SNIFF_CHARS = 65_536
_SNIFF_LINES = 50
_QUOTED = re.compile(r'"[^"]*(?:"|$)')


@dataclass(frozen=True)
class CsvText:
    """A CSV file decoded, with what was guessed about it."""

    text: str
    encoding: str  # as people name it: "UTF-8", "Windows-1252", "UTF-16 LE" ...
    delimiter: str

    def describe(self) -> str:
        return f"encoding {self.encoding}, delimiter {DELIMITERS[self.delimiter]}"


def decode_csv(data: bytes, filename: str) -> CsvText:
    """The text of a CSV file; NOT_A_SPREADSHEET when the bytes are not text."""
    text, encoding = _decode(data, filename)
    sample = text[:10_000]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\r\n\f\v")
    if controls > max(3, len(sample) // 100):
        raise _not_text(filename)
    return CsvText(text, encoding, sniff_delimiter(text))


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError:
                raise SpreadsheetError(
                    f"{filename} starts like {name} text but is not valid {name}", code="CORRUPT"
                ) from None
    if b"\x00" in data:
        bare = _bare_utf16(data[:4096])
        if bare is None:
            raise _not_text(filename)
        try:
            return data.decode(bare), bare.upper().replace("UTF-16-", "UTF-16 ")
        except UnicodeDecodeError:
            raise _not_text(filename) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: Latin-1 reads them as control characters.
        return data.decode("latin-1"), "ISO-8859-1"


def _bare_utf16(head: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when NUL bytes sit where UTF-16 puts them for ASCII text."""
    even, odd = head[0::2], head[1::2]
    if not even or not odd:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _not_text(filename: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"{filename} is not a spreadsheet (it looks like binary data)", code="NOT_A_SPREADSHEET"
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; TAB | that splits the first lines into equal field counts.

    Counted outside quotes only. A single-column file has none of them and gets ",".
    """
    sample = text[:_SNIFF_CHARS]
    lines = [line for line in _QUOTED.sub("", sample).splitlines() if line.strip()]
    if len(sample) == _SNIFF_CHARS and len(lines) > 1:
        lines.pop()  # cut short by the sample
    lines = lines[:_SNIFF_LINES]
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        common, agreeing = Counter(counts).most_common(1)[0] if counts else (0, 0)
        if common == 0:
            continue
        # Mostly agreeing lines first (a comment line or a ragged tail may disagree), then
        # the most fields; ties keep the earlier, more common delimiter.
        score = (agreeing / len(counts), common)
        if score[0] >= 0.5 and score > best_score:
            best, best_score = delimiter, score
    return best


def csv_rows(
    source: CsvText,
    filename: str,
    *,
    max_rows: int,
    max_columns: int,
    max_cell_chars: int,
) -> Iterator[tuple[int, list[Cell]]]:
    """(record number from 1, cells) of every record holding something; "" cells are None."""
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=source.delimiter)
    number = 0
    while True:
        number += 1
        # The field limit is process-wide: hold it only while this reader parses.
        previous = csv.field_size_limit(max_cell_chars)
        try:
            record = next(reader, None)
        except csv.Error as error:
            if "field limit" in str(error):
                raise SpreadsheetError(
                    f"{filename}: a cell in row {number} is longer than "
                    f"{max_cell_chars} characters",
                    code="CELL_TOO_LARGE",
                ) from None
            raise SpreadsheetError(
                f"{filename} is a damaged CSV file (row {number}: {error})", code="CORRUPT"
            ) from None
        finally:
            csv.field_size_limit(previous)
        if record is None:
            return
        while record and not record[-1]:
            record.pop()
        if not record:
            continue
        if number > max_rows:
            raise SpreadsheetError(
                f"{filename} has more than {max_rows} rows", code="TOO_MANY_ROWS"
            )
        if len(record) > max_columns:
            raise SpreadsheetError(
                f"{filename} has more than {max_columns} columns (row {number})",
                code="TOO_MANY_COLUMNS",
            )
        yield number, [value or None for value in record]
