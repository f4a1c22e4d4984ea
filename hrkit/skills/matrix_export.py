"""Skill-gap matrices as files: .xlsx (matrix_export_xlsx), .csv and .json, written atomically.

CSV: a header `person_email, person_name, <one column per skill uri>, fit`, then a row whose
first cell is `Required` holding the required levels, then one row per person. UTF-8 without a
byte-order mark, text cells neutralised against formula injection (hrkit.safe_cells).
JSON: `{role, manager, kind, people: [{email, name, fit, gaps, levels: {uri: level}}],
skills: [{uri, name, required, essential, weight}]}`; `fit` is null without a role and never
rounded.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hrkit.errors import ValidationError
from hrkit.fileio import write_atomically
from hrkit.safe_cells import safe_row
from hrkit.skills.matrix import Matrix

FORMATS = ("xlsx", "csv", "json")
REQUIRED = "Required"


@dataclass(frozen=True)
class Export:
    """A rendered matrix: the file's bytes, its format, and the sheets of a workbook."""

    data: bytes
    format: str
    sheets: tuple[str, ...] = ()


def format_of(path: Path) -> str:
    """The export format named by `path`'s extension; ValidationError for any other."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValidationError(
            f"cannot tell the format of {str(path)!r}: use a .xlsx, .csv or .json file name",
            code="UNKNOWN_FORMAT",
        )
    return suffix


def render(matrix: Matrix, format: str, *, generated_at: datetime) -> Export:
    """The matrix as a file of `format` (one of FORMATS)."""
    if format == "xlsx":
        from hrkit.skills.matrix_export_xlsx import render_xlsx  # openpyxl loads only for xlsx

        data, sheets = render_xlsx(matrix, generated_at=generated_at)
        return Export(data, format, sheets)
    if format == "csv":
        return Export(render_csv(matrix), format)
    if format == "json":
        return Export(render_json(matrix), format)
    raise ValidationError(f"unknown matrix format {format!r}", code="UNKNOWN_FORMAT")


def write_matrix(path: Path, matrix: Matrix, *, generated_at: datetime) -> Export:
    """Render the matrix in the format `path` names and put it there, whole or not at all."""
    export = render(matrix, format_of(path), generated_at=generated_at)
    write_atomically(path, lambda out: out.write(export.data))
    return export


def render_csv(matrix: Matrix) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(
        safe_row(["person_email", "person_name", *(s.uri for s in matrix.skills), "fit"])
    )
    writer.writerow([REQUIRED, "", *(s.required for s in matrix.skills), ""])
    for row, person in enumerate(matrix.people):
        fit = "" if matrix.fit is None else repr(float(matrix.fit[row]))
        levels = [int(level) for level in matrix.levels[row]]
        writer.writerow([*safe_row([person.email, person.name]), *levels, fit])
    return text.getvalue().encode("utf-8")


def render_json(matrix: Matrix) -> bytes:
    return json.dumps(matrix_document(matrix), ensure_ascii=False, indent=2).encode("utf-8")


def matrix_document(matrix: Matrix) -> dict[str, Any]:
    """The matrix as plain JSON values (the .json export's content)."""
    uris = [s.uri for s in matrix.skills]
    gaps = matrix.gap_counts
    boss = matrix.manager
    return {
        "role": matrix.role,
        "manager": None if boss is None else {"email": boss.email, "name": boss.name},
        "kind": matrix.kind,
        "people": [
            {
                "email": person.email,
                "name": person.name,
                "fit": None if matrix.fit is None else float(matrix.fit[row]),
                "gaps": int(gaps[row]),
                "levels": {
                    uri: int(level) for uri, level in zip(uris, matrix.levels[row], strict=True)
                },
            }
            for row, person in enumerate(matrix.people)
        ],
        "skills": [
            {
                "uri": s.uri,
                "name": s.name,
                "required": s.required,
                "essential": s.essential,
                "weight": s.weight,
            }
            for s in matrix.skills
        ],
    }
