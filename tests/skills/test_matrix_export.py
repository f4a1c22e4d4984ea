"""Matrix files written, then read back with independent readers: openpyxl and python-calamine
for .xlsx, the csv module for .csv, json for .json."""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from hrkit.errors import ValidationError
from hrkit.skills.matrix import Matrix, MatrixPerson, MatrixSkill
from hrkit.skills.matrix_export import format_of, write_matrix
from hrkit.skills.matrix_export_xlsx import sheet_name

GENERATED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
EVIL = "=cmd|' /C calc'!A0"
SKILLS = (
    MatrixSkill(1, "urn:python", "Python", required=3, essential=True, weight=1.0),
    MatrixSkill(2, "urn:sql", "+SQL", required=2, essential=True, weight=1.0),
    MatrixSkill(3, "urn:testing", "Testing", required=2, essential=False, weight=0.5),
)
PEOPLE = (
    MatrixPerson(1, "ada@x.org", "Ada Lovelace", "Engineering"),
    MatrixPerson(2, "mallory@x.org", EVIL, "Engineering"),
    MatrixPerson(3, "na@x.org", "#N/A", None),
    MatrixPerson(4, "sal@x.org", "Sal Es", "Sales"),
)
LEVELS = np.array([[4, 2, 3], [1, 0, 2], [3, 2, 0], [0, 0, 0]])
FIT = np.array([1.0, (1 / 3 + 0 + 0.5) / 2.5, 2 / 2.5, 0.0])
BOSS = MatrixPerson(1, "ada@x.org", "Ada Lovelace", "Engineering")


def role_matrix(manager: MatrixPerson | None = BOSS) -> Matrix:
    return Matrix(PEOPLE, SKILLS, LEVELS, FIT, role="Backend Engineer", manager=manager)


def team_matrix() -> Matrix:
    skills = tuple(MatrixSkill(s.id, s.uri, s.name) for s in SKILLS)
    return Matrix(PEOPLE, skills, LEVELS, None, manager=BOSS)


def test_xlsx_holds_levels_required_row_formats_frozen_panes_filter_and_legend(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new" / "folder" / "matrix.xlsx"
    export = write_matrix(path, role_matrix(), generated_at=GENERATED)
    assert export.format == "xlsx" and export.sheets == ("Team Ada Lovelace",)
    assert [p.name for p in path.parent.iterdir()] == ["matrix.xlsx"]  # no temp file left

    book = load_workbook(path)
    assert book.sheetnames == ["Team Ada Lovelace", "Gaps", "Legend"]
    sheet = book["Team Ada Lovelace"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:5] == ["Skill URI", None, "urn:python", "urn:sql", "urn:testing"]
    assert rows[1][:5] == ["Essential", None, "yes", "yes", "no"]
    assert rows[2][:5] == ["Required", None, 3, 2, 2]
    # Text is neutralised wherever it appears, the skill name "+SQL" included.
    assert rows[3] == [
        "Name",
        "Email",
        "Python",
        "'+SQL",
        "Testing",
        "Fit",
        "Gaps",
        "Missing skills",
    ]
    by_name = {row[0]: row[1:] for row in rows[4:]}
    assert by_name["Ada Lovelace"][:6] == ["ada@x.org", 4, 2, 3, 1.0, 0]
    assert by_name["'" + EVIL][1:4] == [1, 0, 2]
    assert by_name["'" + EVIL][4] == pytest.approx(FIT[1])
    assert by_name["'" + EVIL][5:] == [2, "▼ Python 1/3 (essential); ▼ +SQL 0/2 (essential)"]
    assert by_name["#N/A"][:4] == ["na@x.org", 3, 2, 0]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate  # no formula cell, ever
            if cell.value == "#N/A":
                assert cell.data_type == "s"  # the text, not Excel's error value

    assert sheet.freeze_panes == "C5"
    assert sheet.auto_filter.ref == "A4:H8"
    assert sheet["F5"].number_format == "0%"
    rules = {
        str(fmt.sqref): [(r.type, r.formula, r.dxf) for r in fmt.rules]
        for fmt in sheet.conditional_formatting
    }
    assert [t for t, _, _ in rules["C5:E8"]] == ["colorScale", "expression"]
    _, formula, dxf = rules["C5:E8"][1]
    assert formula == ["AND(C$3>0,C5<C$3)"]
    assert dxf.numFmt.formatCode == '0" ▼"' and dxf.font.b
    assert [t for t, _, _ in rules["G5:G8"]] == ["dataBar"]

    gaps = [list(r) for r in book["Gaps"].iter_rows(values_only=True)]
    assert gaps[0] == [
        "Sheet",
        "Name",
        "Email",
        "Skill",
        "Skill URI",
        "Held",
        "Required",
        "Essential",
    ]
    assert [
        "Team Ada Lovelace",
        "'" + EVIL,
        "mallory@x.org",
        "Python",
        "urn:python",
        1,
        3,
        "yes",
    ] in gaps
    assert len(gaps) == 1 + 2 + 1 + 3  # header, then Mallory's, #N/A's and Sal's gaps
    assert book["Gaps"].freeze_panes == "A2" and book["Gaps"].auto_filter.ref == "A1:H7"

    legend = [[v for v in r if v is not None] for r in book["Legend"].iter_rows(values_only=True)]
    text = "\n".join(" ".join(map(str, line)) for line in legend)
    assert "fit = Σ w·min(L, Q)/Q ÷ Σ w" in text and "2025-01-02T03:04:05Z" in text
    levels = {line[0]: line[1:] for line in legend if line and isinstance(line[0], int)}
    assert sorted(levels) == [0, 1, 2, 3, 4, 5]
    assert levels[0][:2] == ["Not evidenced", "white"] and levels[5][:2] == ["Expert", "blue"]
    assert any(line[:1] == ["2 ▼"] for line in legend)

    # An independent reader sees the same numbers.
    values = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Team Ada Lovelace").to_python()
    )
    assert values[2][:5] == ["Required", "", 3, 2, 2]
    assert [row[2:5] for row in values[4:]] == LEVELS.tolist()


def test_a_role_across_the_company_is_one_sheet_per_department(tmp_path: Path) -> None:
    export = write_matrix(tmp_path / "m.xlsx", role_matrix(manager=None), generated_at=GENERATED)
    assert export.sheets == ("Engineering", "Sales", "No department")
    book = load_workbook(tmp_path / "m.xlsx")
    assert book.sheetnames == ["Engineering", "Sales", "No department", "Gaps", "Legend"]
    names = {
        title: [row[0] for row in book[title].iter_rows(min_row=5, values_only=True)]
        for title in export.sheets
    }
    assert names == {
        "Engineering": ["Ada Lovelace", "'" + EVIL],
        "Sales": ["Sal Es"],
        "No department": ["#N/A"],
    }
    for title in export.sheets:
        assert book[title]["A3"].value == "Required" and book[title].freeze_panes == "C5"


def test_a_team_without_a_role_has_no_fit_or_gaps(tmp_path: Path) -> None:
    export = write_matrix(tmp_path / "team.xlsx", team_matrix(), generated_at=GENERATED)
    book = load_workbook(tmp_path / "team.xlsx")
    assert book.sheetnames == [*export.sheets, "Legend"]
    sheet = book[export.sheets[0]]
    assert [c.value for c in sheet[3]] == ["Required", None, 0, 0, 0]
    assert [c.value for c in sheet[4]] == ["Name", "Email", "Python", "'+SQL", "Testing"]
    kinds = [r.type for fmt in sheet.conditional_formatting for r in fmt.rules]
    assert kinds == ["colorScale"]


def test_csv_has_the_contract_columns_a_required_row_and_neutralised_text(tmp_path: Path) -> None:
    path = tmp_path / "out" / "matrix.csv"
    assert write_matrix(path, role_matrix(), generated_at=GENERATED).format == "csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte-order mark
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["person_email", "person_name", "urn:python", "urn:sql", "urn:testing", "fit"]
    assert rows[1] == ["Required", "", "3", "2", "2", ""]
    assert rows[2] == ["ada@x.org", "Ada Lovelace", "4", "2", "3", "1.0"]
    assert rows[3][:5] == ["mallory@x.org", "'" + EVIL, "1", "0", "2"]
    assert float(rows[3][5]) == FIT[1]  # written in full, never rounded
    team = tmp_path / "team.csv"
    write_matrix(team, team_matrix(), generated_at=GENERATED)
    with team.open(newline="", encoding="utf-8") as handle:
        assert [row[-1] for row in csv.reader(handle)] == ["fit", "", "", "", "", ""]


def test_json_names_the_role_people_and_skills(tmp_path: Path) -> None:
    path = tmp_path / "matrix.json"
    write_matrix(path, role_matrix(), generated_at=GENERATED)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["role"] == "Backend Engineer"
    assert document["manager"] == {"email": "ada@x.org", "name": "Ada Lovelace"}
    assert document["skills"][1] == {
        "uri": "urn:sql",
        "name": "+SQL",  # JSON is not a spreadsheet: text is kept exactly
        "required": 2,
        "essential": True,
        "weight": 1.0,
    }
    mallory = document["people"][1]
    assert mallory == {
        "email": "mallory@x.org",
        "name": EVIL,
        "fit": FIT[1],
        "gaps": 2,
        "levels": {"urn:python": 1, "urn:sql": 0, "urn:testing": 2},
    }
    write_matrix(path, team_matrix(), generated_at=GENERATED)
    team = json.loads(path.read_text(encoding="utf-8"))
    assert team["role"] is None and {p["fit"] for p in team["people"]} == {None}


def test_the_format_comes_from_the_extension(tmp_path: Path) -> None:
    assert [format_of(Path(n)) for n in ("a.XLSX", "b.csv", "c.Json")] == ["xlsx", "csv", "json"]
    for name in ("matrix.txt", "matrix", "matrix.xls"):
        with pytest.raises(ValidationError, match="use a .xlsx, .csv or .json"):
            format_of(Path(name))


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "matrix.csv"
    path.write_text("old", encoding="utf-8")

    def broken(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        write_matrix(path, role_matrix(), generated_at=GENERATED)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["matrix.csv"]


def test_sheet_names_are_ones_excel_accepts() -> None:
    used = {"gaps", "legend"}
    assert sheet_name("R&D: [north]/south?", used) == "R&D- -north--south-"
    assert sheet_name("Gaps", used) == "Gaps (2)"
    long = "A department with a very long name indeed"
    assert sheet_name(long, used) == long[:31]
    assert sheet_name(long, used) == long[:27] + " (2)"
    assert sheet_name("History", used) == "History (2)"
    assert sheet_name("'quoted'", used) == "quoted"
    assert sheet_name("", used) == "Sheet"
