"""The HRIS targets: files written, then read back with independent readers (openpyxl, csv)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from hrkit.ports import HrisTarget
from hrkit.safe_cells import DANGEROUS
from tests.connectors.target_rows import (
    HYPERLINK_BADGE,
    ROW_D_NUMBER,
    SAMPLE,
    TARGETS,
)

ROOT = Path(__file__).resolve().parents[2]
TABULAR = ("workday", "successfactors", "bamboohr")
ID_A = "urn:uuid:11111111-1111-4111-8111-111111111111"
ID_B = "https://badges.example.com/assertions/2"
ID_C = "urn:uuid:33333333-3333-4333-8333-333333333333"
NAME_A = "Sécurité Cloud — Niveau 2"
ISSUER_A = "Académie Ω"
ACHIEVEMENT_D = "https://example.org/achievements/x"
ISSUER_D = "did:web:issuer.example"
MALLORY = "mallory@example.com"

# What each tabular file must hold, cell for cell, in the order the rows came.
EXPECTED: dict[str, tuple[str, list[list[str]]]] = {
    "workday": (
        "workday_certifications.xlsx",
        [
            [
                "Employee_ID",
                "Certification_ID",
                "Certification_Name",
                "Issuer",
                "Certification_Number",
                "Issued_Date",
                "Expiration_Date",
            ],
            ["E-100", "HRKIT-1", NAME_A, ISSUER_A, ID_A, "2024-03-01", "2027-03-01"],
            [MALLORY, "HRKIT-2", "'" + HYPERLINK_BADGE, "'@Evil Corp", ID_B, "2024-03-01", ""],
            ["E-100", "HRKIT-3", "Kubernetes Admin", ISSUER_A, ID_C, "2024-03-01", "2025-06-15"],
            ["E-200", "HRKIT-4", ACHIEVEMENT_D, ISSUER_D, ROW_D_NUMBER, "2024-03-01", ""],
        ],
    ),
    "successfactors": (
        "successfactors_certificates.csv",
        [
            ["^UserId", "certificates", "startDate", "endDate", "description", "licencenumber"],
            ["E-100", "certificates", "03/01/2024", "03/01/2027", NAME_A, ID_A],
            [MALLORY, "certificates", "03/01/2024", "", "'" + HYPERLINK_BADGE, ID_B],
            ["E-100", "certificates", "03/01/2024", "06/15/2025", "Kubernetes Admin", ID_C],
            ["E-200", "certificates", "03/01/2024", "", ACHIEVEMENT_D, ROW_D_NUMBER],
        ],
    ),
    "bamboohr": (
        "bamboohr_certifications.csv",
        [
            [
                "Employee #",
                "Date",
                "Certification",
                "Issuer",
                "Expiration",
                "Credential ID",
                "Status",
                "Verification URL",
            ],
            ["E-100", "2024-03-01", NAME_A, ISSUER_A, "2027-03-01", ID_A, "Active", ""],
            [MALLORY, "2024-03-01", "'" + HYPERLINK_BADGE, "'@Evil Corp", "", ID_B, "Active", ID_B],
            [
                "E-100",
                "2024-03-01",
                "Kubernetes Admin",
                ISSUER_A,
                "2025-06-15",
                ID_C,
                "Revoked",
                "",
            ],
            ["E-200", "2024-03-01", ACHIEVEMENT_D, ISSUER_D, "", ROW_D_NUMBER, "Active", ""],
        ],
    ),
}


def read_table(path: Path) -> list[list[str]]:
    """Every row of a written CSV or XLSX file, as text ("" for an empty cell)."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Manage Certifications"]
        cells = list(book["Manage Certifications"].iter_rows())
        assert all(cell.data_type != "f" for row in cells for cell in row)
        return [["" if cell.value is None else str(cell.value) for cell in row] for row in cells]
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write(name: str, rows: object, out_dir: Path) -> list[Path]:
    target: HrisTarget = TARGETS[name]()
    return target.write(rows, out_dir)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_each_target_satisfies_the_port(name: str) -> None:
    target = TARGETS[name]()
    assert isinstance(target, HrisTarget)
    assert target.name == name
    assert target.kind == "target"


@pytest.mark.parametrize("name", TABULAR)
def test_tabular_files_read_back_cell_for_cell(name: str, tmp_path: Path) -> None:
    file_name, expected = EXPECTED[name]
    paths = write(name, iter(SAMPLE), tmp_path)
    assert paths == [tmp_path / file_name]
    assert read_table(paths[0]) == expected


@pytest.mark.parametrize("name", TABULAR)
def test_no_cell_can_run_as_a_formula(name: str, tmp_path: Path) -> None:
    [path] = write(name, SAMPLE, tmp_path)
    cells = [cell for row in read_table(path) for cell in row]
    assert not [cell for cell in cells if cell.startswith(DANGEROUS)]
    assert "'" + HYPERLINK_BADGE in cells


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_no_rows_write_no_file(name: str, tmp_path: Path) -> None:
    assert write(name, iter(()), tmp_path) == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_files_are_in_out_dir_with_deterministic_names(name: str, tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = write(name, SAMPLE, tmp_path / "one")
    second = write(name, SAMPLE, tmp_path / "two")
    assert first
    assert [p.name for p in first] == [p.name for p in second]
    assert all(p.parent == tmp_path / "one" and p.is_file() for p in first)
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == sorted(p.name for p in first)


def test_successfactors_bytes_match_the_template(tmp_path: Path) -> None:
    [path] = write("successfactors", SAMPLE[:1], tmp_path)
    assert (
        path.read_bytes()
        == (
            "^UserId,certificates,startDate,endDate,description,licencenumber\n"
            f"E-100,certificates,03/01/2024,03/01/2027,{NAME_A},{ID_A}\n"
        ).encode()
    )


def test_bamboohr_is_rfc4180_without_bom(tmp_path: Path) -> None:
    [path] = write("bamboohr", SAMPLE, tmp_path)
    data = path.read_bytes()
    assert data.startswith(b"Employee #,Date,")
    assert data.count(b"\r\n") == len(SAMPLE) + 1


def test_workday_sheet_holds_only_text_and_no_formula(tmp_path: Path) -> None:
    [path] = write("workday", SAMPLE, tmp_path)
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = b"".join(archive.read(n) for n in sheets)
    assert b"<f>" not in xml and b"<f " not in xml
    book = openpyxl.load_workbook(path)
    values = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in values)


def test_xlsx_keeps_error_codes_as_text_and_drops_control_characters(tmp_path: Path) -> None:
    row = replace(SAMPLE[0], achievement_name="Bad\x07Name", issuer_name="#N/A")
    [path] = write("workday", [row], tmp_path)
    assert read_table(path)[1][2:4] == ["BadName", "#N/A"]
    cell = openpyxl.load_workbook(path).active["D2"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")


ROWS = 30_000
# Growth of the peak resident memory allowed while writing ROWS rows. The rows carry over
# 120 MB of credential text, so a target that held them (or their cells) would exceed it.
GROWTH_LIMIT_KIB = 48 * 1024
# Runs in a fresh interpreter so that the peak resident size is this write's alone: tracing
# allocations in-process (tracemalloc) makes openpyxl's 700,000 cells take minutes.
CHILD = """
import json, sys
from pathlib import Path

def peak_kib():
    # VmHWM belongs to this process's own memory map; ru_maxrss would carry over the peak of
    # the (large) test process this one was forked from.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")

from tests.connectors.target_rows import TARGETS, many_rows

name, out, scratch, count = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
name, _, order = name.partition(":")
target = TARGETS[name]() if name in TARGETS else None
if target is not None:
    target.write(many_rows(20), scratch)  # imports whatever the target loads lazily
before = peak_kib()
consumed = 0

def rows():
    global consumed
    for row in many_rows(count, scattered=order == "scattered"):
        consumed += 1
        yield row

if target is None:  # the control: what holding every row costs
    held = list(rows())
    paths = []
else:
    paths = [str(path) for path in target.write(rows(), out)]
growth = peak_kib() - before
print(json.dumps({"growth_kib": growth, "consumed": consumed, "files": len(paths)}))
"""


def write_in_child(name: str, tmp_path: Path, count: int) -> dict[str, int]:
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    out.mkdir()
    scratch.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, name, str(out), str(scratch), str(count)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, int] = json.loads(done.stdout)
    return result


def count_records(name: str, out: Path) -> int:
    """Records in the files a target wrote, counted without loading them whole."""
    if name == "workday":
        path = out / "workday_certifications.xlsx"
        with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
            chunks = iter(lambda: sheet.read(1 << 20), b"")
            return sum(chunk.count(b"<row ") for chunk in chunks) - 1
    if name.startswith("hropen"):
        return sum(len(json.loads(p.read_text())["certifications"]) for p in out.iterdir())
    if name == "oracle-hdl":
        with (
            zipfile.ZipFile(out / "SkillsAssignment.zip") as archive,
            archive.open("SkillsAssignment.dat") as handle,
        ):
            return sum(line.startswith(b"MERGE|SkillsAssignment|") for line in handle)
    [path] = list(out.iterdir())
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


@pytest.mark.slow
# "hropen:scattered": each holder's rows spread through the stream (the engine's change order).
@pytest.mark.parametrize("name", [*sorted(TARGETS), "hropen:scattered"])
def test_a_large_stream_is_written_in_bounded_memory(name: str, tmp_path: Path) -> None:
    result = write_in_child(name, tmp_path, ROWS)
    assert result["consumed"] == ROWS
    assert result["growth_kib"] < GROWTH_LIMIT_KIB, f"{name} grew by {result['growth_kib']} KiB"
    assert count_records(name, tmp_path / "out") == ROWS
    if name.startswith("hropen"):
        assert result["files"] == ROWS // 10
        assert len(list((tmp_path / "out").iterdir())) == ROWS // 10  # no spill file left


@pytest.mark.slow
def test_the_memory_limit_would_catch_a_target_holding_the_rows(tmp_path: Path) -> None:
    result = write_in_child("control", tmp_path, ROWS)
    assert result["growth_kib"] > GROWTH_LIMIT_KIB
