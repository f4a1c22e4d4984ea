"""The `csv` and `xlsx` targets, read back with the csv module and openpyxl."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from connectors.targets.csv import CsvTarget
from connectors.targets.xlsx import XlsxTarget
from hrkit.model.enums import VerificationStatus
from hrkit.ports import ExportRow
from hrkit.sync.flat import COLUMNS

ISSUED = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
ENDED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def row(**changes) -> ExportRow:
    values = {
        "action": "upsert",
        "credential_id": 7,
        "credential_uri": "urn:uuid:0b1e",
        "change_seq": 42,
        "status": VerificationStatus.VERIFIED,
        "person_email": "zoe@example.org",
        "person_name": "Zoë Ünal",
        "person_external_id": "E-7",
        "achievement_uri": "https://badges.example/python",
        "achievement_name": "Python Basics",
        "achievement_kind": "badge",
        "issuer_uri": "did:web:academy.example",
        "issuer_name": "Academy",
        "issued_on": ISSUED,
        "valid_until": None,
        "ended_on": None,
        "format": "vc-jwt",
        "raw": "",
        "skills": ({"name": "Python", "framework": "esco", "code": "S1.2"},),
    }
    values.update(changes)
    return ExportRow(**values)


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    assert b"\r\n" in data
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def read_xlsx(path: Path) -> list[list[object]]:
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Credentials"]
    sheet = book["Credentials"]
    for cells in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in cells)  # never a formula
    return [["" if v is None else v for v in r] for r in sheet.iter_rows(values_only=True)]


TARGETS = {"csv": (CsvTarget, read_csv, "csv.csv"), "xlsx": (XlsxTarget, read_xlsx, "xlsx.xlsx")}


@pytest.fixture(params=sorted(TARGETS))
def flat(request: pytest.FixtureRequest, tmp_path: Path):
    target, reader, name = TARGETS[request.param]

    def write(rows: list[ExportRow]) -> list[list[object]]:
        paths = target().write(rows, tmp_path)
        assert paths == [tmp_path / name]
        return reader(paths[0])

    write.kind = request.param
    return write


def test_every_field_but_the_raw_document_is_a_column(flat) -> None:
    table = flat([row()])
    assert table[0] == list(COLUMNS)
    assert dict(zip(COLUMNS, table[1], strict=True)) == {
        "Action": "upsert",
        "Status": "verified",
        "Credential ID": "urn:uuid:0b1e",
        "hrkit ID": "7" if flat.kind == "csv" else 7,
        "Change Seq": "42" if flat.kind == "csv" else 42,
        "Person Email": "zoe@example.org",
        "Person Name": "Zoë Ünal",
        "Person External ID": "E-7",
        "Achievement ID": "https://badges.example/python",
        "Achievement Name": "Python Basics",
        "Achievement Kind": "badge",
        "Issuer ID": "did:web:academy.example",
        "Issuer Name": "Academy",
        "Issued On": "2024-05-01T09:30:00Z" if flat.kind == "csv" else ISSUED.replace(tzinfo=None),
        "Valid Until": "",
        "Ended On": "",
        "Format": "vc-jwt",
        "Skills": "Python (esco S1.2)",
    }


def test_an_end_row_carries_its_status_and_end_date(flat) -> None:
    table = flat([row(action="end", status=VerificationStatus.REVOKED, ended_on=ENDED)])
    record = dict(zip(COLUMNS, table[1], strict=True))
    assert (record["Action"], record["Status"]) == ("end", "revoked")
    assert record["Ended On"] in ("2025-01-02T03:04:05Z", ENDED.replace(tzinfo=None))


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_neutralised_when_written(flat, text: str) -> None:
    table = flat([row(person_name=text, achievement_name=text, person_external_id=text)])
    record = dict(zip(COLUMNS, table[1], strict=True))
    for column in ("Person Name", "Achievement Name", "Person External ID"):
        assert record[column] == "'" + text


def test_no_rows_is_a_header_only_file(flat) -> None:
    assert flat([]) == [list(COLUMNS)]


def test_xlsx_cells_xml_cannot_carry_are_replaced(tmp_path: Path) -> None:
    (path,) = XlsxTarget().write([row(person_name="Ada\x07Lovelace")], tmp_path)
    assert read_xlsx(path)[1][COLUMNS.index("Person Name")] == "Ada\ufffdLovelace"


def test_xlsx_dates_are_date_cells(tmp_path: Path) -> None:
    (path,) = XlsxTarget().write([row()], tmp_path)
    cell = openpyxl.load_workbook(path)["Credentials"].cell(2, COLUMNS.index("Issued On") + 1)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd hh:mm:ss"


def test_xlsx_continues_on_a_new_sheet_when_one_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import connectors.targets.xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # a header and two credentials per sheet
    (path,) = XlsxTarget().write([row(credential_id=n) for n in range(5)], tmp_path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Credentials", "Credentials 2", "Credentials 3"]
    ids = [
        r[COLUMNS.index("hrkit ID")] for sheet in book for r in sheet.iter_rows(values_only=True)
    ]
    assert ids == ["hrkit ID", 0, 1, "hrkit ID", 2, 3, "hrkit ID", 4]
    assert [sheet.auto_filter.ref for sheet in book] == ["A1:R3", "A1:R3", "A1:R2"]
