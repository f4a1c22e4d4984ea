"""Header matching: normalisation, aliases, fuzzy typos, the header row among title rows."""

from __future__ import annotations

import pytest

from hrkit.imports.headers import column_letter, is_header, match_header, normalise, read_header
from hrkit.model.enums import PersonKind

CANDIDATE = PersonKind.CANDIDATE


@pytest.mark.parametrize(
    ("header", "field", "method"),
    [
        ("Email", "email", "exact"),
        ("E-mail Address", "email", "alias"),
        ("  MAIL ", "email", "alias"),
        ("Courriel", "email", "alias"),
        ("Full Name", "name", "alias"),
        ("First Name", "first_name", "exact"),
        ("last_name", "last_name", "exact"),
        ("Nom de famille", "last_name", "alias"),
        ("Prénom", "first_name", "alias"),
        ("Badge URL", "credential", "alias"),
        ("Credential Link", "credential", "alias"),
        ("Verification URL", "credential", "alias"),
        ("Credential", "credential", "exact"),
        ("Badge URL 2", "credential", "alias"),
        ("Issue Date", "issued", "alias"),
        ("Expiry date", "expires", "alias"),
        ("Emial Adress", "email", "fuzzy"),
        ("Frist Name", "first_name", "fuzzy"),
        ("Phone Numbr", "phone", "fuzzy"),
        ("Candidate ID", "external_id", "alias"),
        ("Tel.", "phone", "alias"),
        ("Ausstellungsdatum", "issued", "alias"),
        ("Gültig bis", "expires", "alias"),
        ("Fecha de emisión", "issued", "alias"),
        ("Date d'expiration", "expires", "alias"),
    ],
)
def test_headers_are_matched(header: str, field: str, method: str) -> None:
    assert match_header(header, CANDIDATE)[:2] == (field, method)


@pytest.mark.parametrize("header", ["", "City", "Source", "Salary expectation", "ID2X", "Ph"])
def test_unknown_headers_are_ignored(header: str) -> None:
    field, method, _ = match_header(header, CANDIDATE)
    assert (field, method) == (None, "ignored")


def test_employee_fields_only_in_employee_files() -> None:
    assert match_header("Manager Email", PersonKind.EMPLOYEE)[0] == "manager_email"
    assert match_header("Department", PersonKind.EMPLOYEE)[0] == "department"
    assert match_header("Department", CANDIDATE)[0] is None


def test_normalise_folds_case_accents_and_punctuation() -> None:
    assert normalise("  Prénom / Given-Name ") == "prenom given name"


def test_a_field_claimed_twice_keeps_the_better_column() -> None:
    header = read_header(
        1, ["Emial Adress", "Name", "Email", "Badge URL", "Credential Link"], CANDIDATE
    )
    email = header.of("email")
    assert [c.letter for c in email] == ["C"]
    assert header.columns[0].field is None
    assert header.columns[0].note == "Email is read from column C (Email)"
    assert [c.header for c in header.of("credential")] == ["Badge URL", "Credential Link"]


def test_title_rows_are_not_headers() -> None:
    assert not is_header(read_header(1, ["Candidates — spring hiring 2026"], CANDIDATE))
    assert not is_header(read_header(2, ["Name", None, None], CANDIDATE))
    assert is_header(read_header(3, ["Name", "E-mail"], CANDIDATE))


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
