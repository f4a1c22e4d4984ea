"""Importing messy candidate and employee spreadsheets — every writer, both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from hrkit.errors import SpreadsheetError, TenantNotFoundError
from hrkit.model.enums import PersonKind, VerificationStatus
from hrkit.services.import_people import ImportOptions, ImportResult, import_people
from hrkit.store.database import Database
from hrkit.store.tables import Credential, ImportRun, Person
from hrkit.verify.runner import VerifyOptions
from tests.factories.credentials import Issuer
from tests.helpers import snapshot
from tests.imports.sheets import WRITERS, write

NOW = datetime(2025, 1, 1, tzinfo=UTC)
VERIFY = VerifyOptions(now=NOW, offline=True)
HEADER = [
    "First Name",
    "Last Name",
    "E-mail Address",
    "Phone",
    "Badge URL",
    "Credential Link",
    "Issue Date",
    "Notes",
    "City",
]


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    return Issuer(name="Badge Academy")


def messy_rows(issuer: Issuer) -> list[list[object]]:
    """A recruiter's sheet: a title row, a blank row, a header, good, bad and duplicate rows."""
    token = issuer.jwt(issuer.credential("ada@example.org"))
    return [
        ["Spring hiring 2026 — candidates"],  # 1: a title row
        [],  # 2: blank
        HEADER,  # 3
        ["Ada", "Lovelace", "ADA@example.org", 4155550100, token, None, date(2024, 1, 5), None],
        [],  # 5: blank
        [
            "Zoë",
            "Ødegård",
            "zoe@example.org",
            "+47 22 00 00 00",
            "not a credential",
            None,
            "5 March 2024",
            "-",
            "Oslo",
        ],
        ["Bob", "Builder", "bob@", None, None, None, None, None, "Leeds"],  # 7: bad email
        ["Carl", "Nomail", None, "555", None, None, None, "no email here"],  # 8: missing email
        ["Ada", "Lovelace-King", " ada@EXAMPLE.org ", None, None, None, None, "prefers Ada"],
        ["Dan", "Dee", "dan@example.org", None, None, None, "soon", None],  # 10: bad date
    ]


def run(db: Database, path: Path, **options: object) -> ImportResult:
    return import_people(
        db,
        "default",
        path.read_bytes(),
        path.name,
        ImportOptions(verify=VERIFY, **options),  # type: ignore[arg-type]
    )


def stored_state(db: Database) -> dict[str, object]:
    """Every table but the log of import runs."""
    state = dict(snapshot(db))
    del state["import_runs"]
    return state


def people(db: Database) -> dict[str, Person]:
    with db.session() as session:
        return {p.email: p for p in session.scalars(select(Person))}


def credentials(db: Database) -> list[Credential]:
    with db.session() as session:
        return list(session.scalars(select(Credential).order_by(Credential.id)))


@pytest.mark.parametrize("writer", WRITERS)
def test_messy_sheet_from_every_writer(
    db: Database, tmp_path: Path, issuer: Issuer, writer: str
) -> None:
    path = write(writer, tmp_path / "candidates", messy_rows(issuer))
    result = run(db, path)
    summary = result.summary()
    assert (summary["sheet"] in {"Candidates", "candidates"}) and summary["header_row"] == 3
    assert {k: summary[k] for k in ("rows", "created", "updated", "unchanged", "credentials")} == {
        "rows": 6,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "credentials": 2,
    }
    assert [(e["row"], e["column"], e["code"], e["level"]) for e in summary["errors"]] == [
        (4, None, "DUPLICATE_EMAIL", "warning"),
        (7, "E-mail Address", "INVALID_EMAIL", "error"),
        (8, "E-mail Address", "MISSING_EMAIL", "error"),
        (10, "Issue Date", "INVALID_DATE", "error"),
    ]
    assert [(r.row, r.status) for r in result.results] == [
        (4, "merged"),
        (6, "created"),
        (7, "invalid"),
        (8, "invalid"),
        (9, "created"),
        (10, "invalid"),
    ]
    mapping = {m["header"]: (m["field"], m["method"]) for m in summary["mapping"]}
    assert mapping["E-mail Address"] == ("email", "alias")
    assert mapping["Badge URL"] == ("credential", "alias")
    assert mapping["City"] == (None, "ignored")

    stored = people(db)
    assert set(stored) == {"ada@example.org", "zoe@example.org"}
    ada, zoe = stored["ada@example.org"], stored["zoe@example.org"]
    # The later row wins where it has a value; its blank phone does not erase the earlier one.
    assert (ada.name, ada.phone, ada.notes) == ("Ada Lovelace-King", "4155550100", "prefers Ada")
    assert (zoe.name, zoe.phone, zoe.kind) == (
        "Zoë Ødegård",
        "+47 22 00 00 00",
        PersonKind.CANDIDATE,
    )
    assert zoe.notes == "-"  # notes keep what was typed
    statuses = {(c.holder_id, c.status) for c in credentials(db)}
    assert statuses == {
        (ada.id, VerificationStatus.VERIFIED),
        (zoe.id, VerificationStatus.MALFORMED),
    }


def test_importing_the_same_file_twice_changes_nothing(
    db: Database, tmp_path: Path, issuer: Issuer
) -> None:
    path = write("xlsxwriter", tmp_path / "candidates", messy_rows(issuer))
    run(db, path)
    before = stored_state(db)
    again = run(db, path).summary()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert stored_state(db) == before


def test_dry_run_writes_nothing_and_reports_what_would_happen(
    db: Database, tmp_path: Path, issuer: Issuer
) -> None:
    path = write("openpyxl", tmp_path / "candidates", messy_rows(issuer))
    before = snapshot(db)
    summary = run(db, path, dry_run=True).summary()
    assert (summary["created"], summary["credentials"], len(summary["errors"])) == (2, 2, 4)
    assert summary["dry_run"] is True
    assert snapshot(db) == before
    run(db, path)
    # A changed cell and a new credential: the dry run says which people would change.
    rows = messy_rows(issuer)
    rows[5][3] = "+47 99 99 99 99"
    changed = write("openpyxl", tmp_path / "changed", rows)
    summary = run(db, changed, dry_run=True).summary()
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 1, 1)


def test_import_is_recorded(db: Database, tmp_path: Path, issuer: Issuer) -> None:
    path = write("csv-utf8-bom-comma", tmp_path / "candidates", messy_rows(issuer))
    run(db, path)
    with db.session() as session:
        [recorded] = session.scalars(select(ImportRun))
    assert (recorded.rows, recorded.created, recorded.credentials) == (6, 2, 2)
    assert recorded.filename == "candidates.csv" and len(recorded.file_sha256) == 64
    assert [e["code"] for e in recorded.errors][1:] == [
        "INVALID_EMAIL",
        "MISSING_EMAIL",
        "INVALID_DATE",
    ]


def test_self_reported_claims_are_kept_as_unverifiable(db: Database, tmp_path: Path) -> None:
    rows = [
        ["Name", "Email", "Badge Name", "Issuer", "Issued", "Expires"],
        ["Ann", "ann@example.org", "Cloud Basics", "Acme Academy", "2024-02-01", "2026-02-01"],
        ["Ben", "ben@example.org", "Cloud Basics", "Acme Academy", "2024-02-01", "2023-01-01"],
    ]
    result = run(db, write("csv-utf8-bom-comma", tmp_path / "claims", rows))
    assert [(e["row"], e["code"]) for e in result.summary()["errors"]] == [(3, "INVALID_DATE")]
    [claim] = credentials(db)
    assert claim.status is VerificationStatus.UNVERIFIABLE
    assert claim.format is None and '"badge_name":"Cloud Basics"' in claim.raw
    assert claim.issued_on is not None and claim.issued_on.date() == date(2024, 2, 1)


def test_several_credential_columns_and_presentations(
    db: Database, tmp_path: Path, issuer: Issuer
) -> None:
    first = issuer.jwt(issuer.credential("eve@example.org", name="First"))
    second = issuer.jwt(issuer.credential("eve@example.org", name="Second"))
    rows = [
        ["Email", "Credential 1", "Credential 2", "Badge URL 3"],
        ["eve@example.org", first, second, "N/A"],
    ]
    result = run(db, write("openpyxl", tmp_path / "many", rows))
    assert result.summary()["credentials"] == 2
    assert len(result.results[0].credential_ids) == 2
    assert {c.status for c in credentials(db)} == {VerificationStatus.VERIFIED}


def test_credentials_issued_to_someone_else_are_a_status_not_a_row_error(
    db: Database, tmp_path: Path, issuer: Issuer
) -> None:
    token = issuer.jwt(issuer.credential("someone@else.org"))
    result = run(
        db,
        write(
            "openpyxl",
            tmp_path / "x",
            [["Email", "Name", "Badge"], ["fay@example.org", "Fay", token]],
        ),
    )
    assert result.summary()["errors"] == []
    assert [c.status for c in credentials(db)] == [VerificationStatus.RECIPIENT_MISMATCH]


def test_cells_over_the_spreadsheet_limit_are_row_errors(db: Database, tmp_path: Path) -> None:
    rows = [
        ["Email", "Name", "Notes"],
        ["a@example.org", "A", "x" * 32_768],
        ["b@example.org", "B", "fine"],
    ]
    summary = run(db, write("csv-utf8-bom-comma", tmp_path / "long", rows)).summary()
    assert [(e["row"], e["column"], e["code"]) for e in summary["errors"]] == [
        (2, "Notes", "CELL_TOO_LONG")
    ]
    assert summary["created"] == 1


def test_a_header_without_email_is_refused(db: Database, tmp_path: Path) -> None:
    path = write("csv-utf8-bom-comma", tmp_path / "x", [["Name", "Phone"], ["A", "1"]])
    with pytest.raises(SpreadsheetError, match="no email column") as caught:
        run(db, path)
    assert caught.value.code == "MISSING_EMAIL_COLUMN"
    path = write("csv-utf8-bom-comma", tmp_path / "y", [["just"], ["some"], ["words"]])
    with pytest.raises(SpreadsheetError, match="no header row") as caught:
        run(db, path)


def test_employee_file_links_managers_after_all_rows(db: Database, tmp_path: Path) -> None:
    rows = [
        ["Employee ID", "Name", "Email", "Manager Email", "Department", "Job Title"],
        ["E1", "Mia Boss", "mia@corp.example", None, "Board", "CEO"],
        ["E2", "Max Lead", "max@corp.example", "mia@corp.example", "Eng", "Lead"],
        ["E3", "Ida Dev", "ida@corp.example", "max@corp.example", "Eng", "Engineer"],
        ["E4", "Ola Loop", "ola@corp.example", "ulf@corp.example", "Eng", "Engineer"],
        ["E5", "Ulf Loop", "ulf@corp.example", "ola@corp.example", "Eng", "Engineer"],
        ["E6", "Kim New", "kim@corp.example", "ghost@corp.example", "Ops", "Analyst"],
        ["E7", "Lea Later", "lea@corp.example", "zed@corp.example", "Ops", "Analyst"],
        ["E8", "Zed Boss", "zed@corp.example", None, "Ops", "Head"],
    ]
    result = run(db, write("xlsxwriter", tmp_path / "staff", rows), kind=PersonKind.EMPLOYEE)
    codes = [(e["row"], e["column"], e["code"]) for e in result.summary()["errors"]]
    assert codes == [
        (5, "Manager Email", "MANAGER_CYCLE"),
        (6, "Manager Email", "MANAGER_CYCLE"),
        (7, "Manager Email", "UNKNOWN_MANAGER"),
    ]
    assert result.summary()["created"] == 8
    stored = people(db)
    by_id = {p.id: p.email for p in stored.values()}
    managers = {e: by_id.get(p.manager_id) if p.manager_id else None for e, p in stored.items()}
    assert managers["ida@corp.example"] == "max@corp.example"
    assert managers["max@corp.example"] == "mia@corp.example"
    assert managers["lea@corp.example"] == "zed@corp.example"  # a manager further down
    assert managers["ola@corp.example"] is None and managers["kim@corp.example"] is None
    ida = stored["ida@corp.example"]
    assert (ida.external_id, ida.department, ida.title, ida.kind) == (
        "E3",
        "Eng",
        "Engineer",
        PersonKind.EMPLOYEE,
    )
    # Again: nothing changes; a new file moving Ida under Mia updates exactly one person.
    assert run(db, tmp_path / "staff.xlsx", kind=PersonKind.EMPLOYEE).summary()["updated"] == 0
    rows[3][3] = "mia@corp.example"
    moved = run(db, write("xlsxwriter", tmp_path / "moved", rows), kind=PersonKind.EMPLOYEE)
    assert (moved.summary()["updated"], moved.summary()["unchanged"]) == (1, 7)


def test_a_cycle_through_stored_links_is_refused(db: Database, tmp_path: Path) -> None:
    first = [
        ["Email", "Name", "Manager Email"],
        ["a@corp.example", "A", "b@corp.example"],
        ["b@corp.example", "B", None],
    ]
    run(db, write("openpyxl", tmp_path / "one", first), kind=PersonKind.EMPLOYEE)
    second = [["Email", "Name", "Manager Email"], ["b@corp.example", "B", "a@corp.example"]]
    result = run(db, write("openpyxl", tmp_path / "two", second), kind=PersonKind.EMPLOYEE)
    [problem] = result.summary()["errors"]
    assert (
        problem["code"] == "MANAGER_CYCLE"
        and "b@corp.example → a@corp.example" in problem["message"]
    )
    assert people(db)["b@corp.example"].manager_id is None


def test_employee_file_hires_a_candidate_candidate_file_never_demotes(
    db: Database, tmp_path: Path
) -> None:
    rows = [["Email", "Name"], ["ann@example.org", "Ann"]]
    run(db, write("openpyxl", tmp_path / "c", rows))
    hired = run(db, write("openpyxl", tmp_path / "e", rows), kind=PersonKind.EMPLOYEE)
    assert hired.summary()["updated"] == 1
    again = run(db, tmp_path / "c.xlsx")
    assert again.summary()["unchanged"] == 1
    assert people(db)["ann@example.org"].kind is PersonKind.EMPLOYEE


def test_protected_people_are_refused_not_touched(db: Database, tmp_path: Path) -> None:
    run(
        db,
        write("openpyxl", tmp_path / "e", [["Email", "Name"], ["boss@corp.example", "Boss"]]),
        kind=PersonKind.EMPLOYEE,
    )
    rows = [["Email", "Name"], ["boss@corp.example", "Renamed"], ["new@example.org", "New"]]
    result = run(
        db, write("openpyxl", tmp_path / "c", rows), protected=frozenset({PersonKind.EMPLOYEE})
    )
    assert [(e["row"], e["code"]) for e in result.summary()["errors"]] == [(2, "FORBIDDEN")]
    assert people(db)["boss@corp.example"].name == "Boss"
    summary = result.summary()
    assert (summary["rows"], summary["created"], summary["invalid"]) == (2, 1, 1)
    assert [(r.row, r.status, r.name) for r in result.results] == [
        (2, "invalid", "Renamed"),
        (3, "created", "New"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.csv", b"", "EMPTY_FILE"),
        ("cv.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "NOT_A_SPREADSHEET"),
    ],
)
def test_unreadable_files_are_refused_before_anything_is_written(
    db: Database, name: str, data: bytes, code: str
) -> None:
    before = snapshot(db)
    with pytest.raises(SpreadsheetError) as caught:
        import_people(db, "default", data, name, ImportOptions(verify=VERIFY))
    assert caught.value.code == code and name in str(caught.value)
    assert snapshot(db) == before


def test_problem_messages_quote_long_values_shortly(db: Database, tmp_path: Path) -> None:
    rows = [["Email", "Issued"], ["x" * 5000, "y" * 5000], ["ok@example.org", "z" * 300]]
    summary = run(db, write("csv-utf8-bom-comma", tmp_path / "long", rows)).summary()
    assert [(e["row"], e["code"]) for e in summary["errors"]] == [
        (2, "INVALID_EMAIL"),  # by row, then left to right
        (2, "INVALID_DATE"),
        (3, "INVALID_DATE"),
    ]
    assert all(len(e["message"]) < 120 for e in summary["errors"])


def test_formula_cells_are_read_as_their_values_never_as_formulas(
    db: Database, tmp_path: Path
) -> None:
    import xlsxwriter

    path = tmp_path / "formulas.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Candidates")
    sheet.write_row(0, 0, ["Email", "Name", "Notes", "Phone"])
    sheet.write_formula(1, 0, '=LOWER("GIL@EXAMPLE.ORG")', None, "gil@example.org")
    sheet.write_formula(1, 1, '="Gil "&"Grey"', None, "Gil Grey")
    sheet.write_formula(1, 2, '=HYPERLINK("http://evil.example","click")', None, "click")
    sheet.write_formula(1, 3, "=1+1", None, 2)
    book.close()
    result = run(db, path)
    assert result.summary()["created"] == 1
    gil = people(db)["gil@example.org"]
    assert (gil.name, gil.notes, gil.phone) == ("Gil Grey", "click", "2")


def test_an_unknown_tenant_fails_before_the_sheet_is_read(db: Database, tmp_path: Path) -> None:
    no_header = write("openpyxl", tmp_path / "x", [["just", "words"], ["no", "header"]])
    with pytest.raises(TenantNotFoundError, match="unknown tenant 'nobody'"):
        import_people(db, "nobody", no_header.read_bytes(), no_header.name, ImportOptions())
    with pytest.raises(SpreadsheetError, match="no header row"):
        run(db, no_header)
