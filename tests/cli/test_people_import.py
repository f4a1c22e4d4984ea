"""`hrkit people import`: the contract's JSON summary, exit codes, the report file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests.imports.sheets import write

ROWS = [
    ["Candidate list"],
    ["Full Name", "Email", "Phone", "Notes", "Credential"],
    ["Ann Lee", "ann@example.org", "+1 555 0100", '=HYPERLINK("http://evil.example","x")', None],
    ["Bad Row", "not-an-email", "-1", "@SUM(A1)", None],
    ["Cy Young", "cy@example.org", None, "\tindented", "garbage credential"],
]


def test_json_summary_has_the_contract_keys(hrkit_cli, tmp_path: Path) -> None:
    path = write("csv-utf8-bom-comma", tmp_path / "people", ROWS)
    code, out, err = hrkit_cli("people", "import", str(path), "--kind", "candidate", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert list(summary)[:6] == ["rows", "created", "updated", "unchanged", "credentials", "errors"]
    assert (summary["rows"], summary["created"], summary["credentials"]) == (3, 2, 1)
    [error] = summary["errors"]
    assert {k: error[k] for k in ("row", "column", "code")} == {
        "row": 4,
        "column": "Email",
        "code": "INVALID_EMAIL",
    }
    assert set(error) >= {"row", "column", "code", "message"}
    code, out, _ = hrkit_cli("people", "list", "--json")
    listed = [json.loads(line) for line in out.splitlines()]
    assert [p["email"] for p in listed] == ["ann@example.org", "cy@example.org"]
    # Stored as typed: neutralising is for files the product writes, not for the database.
    code, out, _ = hrkit_cli("people", "import", str(path), "--kind", "candidate", "--json")
    assert (json.loads(out)["created"], json.loads(out)["unchanged"]) == (0, 2)


def test_human_summary_and_dry_run(hrkit_cli, tmp_path: Path) -> None:
    path = write("openpyxl", tmp_path / "people", ROWS)
    code, out, err = hrkit_cli("people", "import", str(path), "--kind", "candidate", "--dry-run")
    assert code == 0, err
    assert "2 would be created" in out and "dry run: nothing written" in out
    assert "Full Name → name" in out and "INVALID_EMAIL" in out
    code, out, _ = hrkit_cli("people", "list", "--json")
    assert out == ""


def test_report_neutralises_formulas_and_colours_rows(hrkit_cli, tmp_path: Path) -> None:
    path = write("csv-utf8-bom-comma", tmp_path / "people", ROWS)
    report = tmp_path / "out" / "report.xlsx"
    report.parent.mkdir()
    code, out, err = hrkit_cli(
        "people", "import", str(path), "--kind", "candidate", "--report", str(report)
    )
    assert code == 0, err
    rows = CalamineWorkbook.from_path(str(report)).get_sheet_by_name("Report").to_python()
    header = rows[0]
    assert header[:5] == ["Full Name", "Email", "Phone", "Notes", "Credential"]
    assert header[-3:] == ["Row", "Status", "Problems"]
    by_row = {int(r[-3]): r for r in rows[1:]}
    assert by_row[3][3] == '\'=HYPERLINK("http://evil.example","x")'
    assert by_row[4][2] == "'-1" and by_row[4][3] == "'@SUM(A1)"
    assert by_row[5][3] == "'\tindented"
    assert by_row[4][-2] == "invalid" and "INVALID_EMAIL" in by_row[4][-1]
    assert by_row[3][-2] == "created"
    book = load_workbook(report)
    try:
        sheet = book["Report"]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        fills = {sheet.cell(r, len(header) - 1).fill.fgColor.rgb[-6:] for r in (2, 3)}
        assert len(fills) == 2  # ok and error rows are coloured differently
    finally:
        book.close()


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("empty.xlsx", b"", "empty"),
        ("cv.xlsx", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "not a spreadsheet"),
        ("words.csv", b"hello\nworld\n", "no header row"),
    ],
)
def test_unreadable_files_exit_1_with_one_line(
    hrkit_cli, tmp_path: Path, name: str, data: bytes, needle: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = hrkit_cli("people", "import", str(path), "--kind", "candidate", "--json")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err


def test_missing_file_and_bad_report_name(hrkit_cli, tmp_path: Path) -> None:
    code, _, err = hrkit_cli("people", "import", str(tmp_path / "nope.csv"), "--kind", "candidate")
    assert code == 1 and "cannot read" in err and len(err.strip().splitlines()) == 1
    path = write("csv-utf8-bom-comma", tmp_path / "people", ROWS)
    code, _, err = hrkit_cli(
        "people", "import", str(path), "--kind", "candidate", "--report", "r.csv"
    )
    assert code == 2 and "must be an .xlsx" in err


def test_counted_reports_progress_through_its_callback() -> None:
    from hrkit.cli.output import counted

    seen: list[str] = []
    assert list(counted(["a", "b"], 2, seen.append, "verifying")) == ["a", "b"]
    assert seen == ["verifying 1/2", "verifying 2/2"]


def test_the_executable_prints_everything_and_closes_the_database_before_it_ends(
    tmp_path: Path,
) -> None:
    """`hrkit` ends the process without tearing the interpreter down (`main.run`): the JSON
    summary is complete, the exit code is the command's, and SQLite's write-ahead log was
    folded back into the database (its connections closed) before the end."""
    import subprocess
    import sys

    path = write("csv-utf8-bom-comma", tmp_path / "people", ROWS)
    database = tmp_path / "run.db"
    hrkit = Path(sys.executable).with_name("hrkit")
    command = [str(hrkit), "people", "import", str(path), "--kind", "candidate", "--json"]
    done = subprocess.run(
        [*command, "--db", f"sqlite:///{database}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["rows"], summary["created"], summary["invalid"]) == (3, 2, 1)
    assert not (tmp_path / "run.db-wal").exists()
    missing = subprocess.run(
        [str(hrkit), "people", "import", str(tmp_path / "nope.csv"), "--kind", "candidate"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "nope.csv" in missing.stderr
