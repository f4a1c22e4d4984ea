"""`csv`: the flat export, every field of a credential in one CSV row (hrkit.sync.flat).

Decisions:

* UTF-8 without a byte-order mark, RFC 4180 (comma, CRLF, quotes only where needed): the flat
  CSV is read by programs, and a BOM turns the first header into "\\ufeffAction" for most of
  them. People who open exports in Excel use the `xlsx` target.
* An "end" row is the credential again with Action `end`, its new Status and `Ended On`.
* Dates are ISO 8601 instants in UTC (`2024-05-01T09:30:00Z`); empty cells are empty.
* Every cell goes through `hrkit.safe_cells` as it is written (a name `=cmd` is `'=cmd`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar, Literal

from hrkit.ports import ExportRow
from hrkit.safe_cells import DANGEROUS, neutralise
from hrkit.sync.flat import COLUMNS, iso, skills_text

FILE_NAME = "csv.csv"
_FORMULA_STARTS = "".join(DANGEROUS)
assert all(len(start) == 1 for start in DANGEROUS)


class CsvTarget:
    """Every field of every exported credential in one UTF-8 CSV."""

    name: ClassVar[str] = "csv"
    kind: ClassVar[Literal["target"]] = "target"
    # The raw documents are not part of the flat export: the loop need not read them.
    needs_raw: ClassVar[bool] = False

    def write(self, rows: Iterable[ExportRow], out_dir: Path) -> list[Path]:
        path = out_dir / FILE_NAME
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(COLUMNS)
            writer.writerows(_cells(row) for row in rows)
        return [path]


def _cells(row: ExportRow) -> tuple[object, ...]:
    """The row in COLUMNS order (the same cells as hrkit.sync.flat.values, as text).

    Spelled out column by column, with the neutralisation inline instead of a call per cell:
    this is most of a large export's time. Text is neutralised exactly as hrkit.safe_cells
    does (the tests hold them together).
    """
    F = _FORMULA_STARTS
    return (
        row.action,
        row.status.value,
        "'" + t if (t := row.credential_uri) and t[0] in F else t,
        row.credential_id,
        row.change_seq,
        "'" + t if (t := row.person_email) and t[0] in F else t,
        "'" + t if (t := row.person_name) and t[0] in F else t,
        "'" + t if (t := row.person_external_id) and t[0] in F else t,
        "'" + t if (t := row.achievement_uri) and t[0] in F else t,
        "'" + t if (t := row.achievement_name) and t[0] in F else t,
        "'" + t if (t := row.achievement_kind) and t[0] in F else t,
        "'" + t if (t := row.issuer_uri) and t[0] in F else t,
        "'" + t if (t := row.issuer_name) and t[0] in F else t,
        None if (d := row.issued_on) is None else iso(d),
        None if (d := row.valid_until) is None else iso(d),
        None if (d := row.ended_on) is None else iso(d),
        "'" + t if (t := row.format) and t[0] in F else t,
        neutralise(skills_text(row.skills)) if row.skills else None,
    )
