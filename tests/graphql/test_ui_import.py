"""The /ui/import page in a real headless Chromium against a real `hrkit serve`: preview a messy
spreadsheet, import it, see the candidates and their credential statuses, at desktop and phone
widths, keyboard-driven, under a strict Content-Security-Policy, never leaving 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.graphql.ui_browser import (
    VIEWPORTS,
    assert_no_page_scroll,
    finish_step,
    focused_id,
    table_rows,
    visit,
)
from tests.helpers import hrkit_server

# `browser` (conftest.py): the system Chromium, once per module.
pytestmark = pytest.mark.browser

GARBAGE = "see attached pdf!! ### not-a-badge"


def messy_candidates(path: Path) -> Path:
    """A title row, a blank row, then the header on row 3; rows 4-8 hold the candidates."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Candidates"
    sheet.append(["Spring hiring — candidates exported from the job board"])
    sheet.append([])
    sheet.append(["First Name", "Last Name", "E-mail Address", "Badge URL", "Favourite colour"])
    sheet.append(["Ada", "Lovelace", "ada@example.org", None, "green"])  # row 4
    sheet.append(["Grace", "Hopper", "grace(at)example", None, "blue"])  # row 5: bad email
    sheet.append(["Alan", "Turing", "alan@example.org", GARBAGE, "red"])  # row 6: garbage badge
    sheet.append(["Katherine", "Johnson", "katherine@example.org", None, None])  # row 7
    sheet.append(["Ada", "King", "ADA@Example.org", None, "teal"])  # row 8: duplicate of row 4
    book.save(path)
    return path


@pytest.fixture
def recruiter_server(
    tmp_path: Path,
    hrkit_cli: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[str, str]]:
    """A real server on a fresh SQLite file, and a recruiter token for its tenant."""
    database = str(tmp_path / "ui.db")
    assert hrkit_cli("tenants", "add", "acme", "--db", database)[0] == 0
    code, bearer, err = hrkit_cli(
        "token", "--tenant", "acme", "--role", "recruiter", "--db", database
    )
    assert code == 0, err
    monkeypatch.setenv("HRKIT_FETCH_OFFLINE", "1")  # nothing the import verifies goes online
    with hrkit_server(["--db", database], cwd=tmp_path) as base:
        yield base, bearer.strip()


def summary(page: Any, section_id: str) -> dict[str, int]:
    pairs = page.eval_on_selector_all(
        f"#{section_id} .summary-item",
        "items => items.map(i => [i.querySelector('dt').innerText, i.querySelector('dd').innerText])",
    )
    return {label: int(value.replace(",", "")) for label, value in pairs}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_preview_then_import_in_a_real_browser(
    browser: Any,
    recruiter_server: tuple[str, str],
    tmp_path: Path,
    viewport: str,
) -> None:
    base, bearer = recruiter_server
    spreadsheet = messy_candidates(tmp_path / "spring candidates.xlsx")
    # The deliberate wrong token logs its 401; anything else (a CSP violation, a script error) fails.
    with visit(
        browser, base, viewport, tmp_path, "ui-import", expected_problems=("status of 401",)
    ) as seen:
        page = seen.page
        page.goto(f"{base}/ui/import/")
        assert page.title() == "Import candidates · hrkit"
        token = page.get_by_label("Access token")
        spreadsheet_input = page.get_by_label("Candidate spreadsheet")
        assert "hrkit token --tenant T --role recruiter" in page.inner_text("#token-help")

        # Keyboard only: skip link, home link, token, file chooser, Preview. The token typed
        # first is wrong, and the refusal lands in the live region.
        page.keyboard.press("Tab")
        assert (
            focused_id(page) == ""
            and page.evaluate("document.activeElement.className") == "skip-link"
        )
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert focused_id(page) == "token"
        page.keyboard.type("not.a.token")
        page.keyboard.press("Tab")
        assert focused_id(page) == "file"
        # The native chooser a keypress opens is the operating system's, not the page's (and its
        # event is unreliable in headless Chromium): the file is set on the focused input.
        page.locator("#file").set_input_files(spreadsheet)
        assert focused_id(page) == "file"
        page.keyboard.press("Tab")
        assert focused_id(page) == "preview"
        page.keyboard.press("Enter")
        page.wait_for_selector("#messages:not([hidden])")
        assert "missing, invalid or has expired" in page.inner_text("#messages")
        assert focused_id(page) == "messages-heading"
        assert page.get_attribute("#token", "aria-invalid") == "true"

        # The real token, remembered for the tab; Preview pressed from the keyboard.
        token.fill(bearer)
        assert page.evaluate("sessionStorage.getItem('hrkit.import.token')") == bearer
        spreadsheet_input.focus()
        page.keyboard.press("Tab")
        assert focused_id(page) == "preview"
        page.keyboard.press("Enter")
        finish_step(page, "preview-section")
        assert focused_id(page) == "preview-heading"
        assert "sheet “Candidates”, header on row 3" in page.inner_text("#preview-source")

        mapping = {row[1]: row[2] for row in table_rows(page, "mapping-table")}
        assert mapping["E-mail Address"] == "email"
        assert mapping["Badge URL"] == "credential"
        assert mapping["Favourite colour"] == "ignored"
        assert {mapping["First Name"], mapping["Last Name"]} <= {"first_name", "last_name", "name"}

        # Row numbers are the sheet's own; the garbage credential is no row problem.
        problem_rows = table_rows(page, "problems-table")
        assert [(row[0], row[2], row[4]) for row in problem_rows] == [
            ("4", "DUPLICATE_EMAIL", "Warning"),
            ("5", "INVALID_EMAIL", "Error"),
        ]
        merged = problem_rows[0][3]
        assert "row 8" in merged
        assert problem_rows[1][1] == "E-mail Address" and "grace(at)example" in problem_rows[1][3]
        counts = summary(page, "preview-section")
        assert counts["Rows read"] == 5 and counts["Rows with errors"] == 1
        assert counts["Would create"] == 3 and counts["Credentials found"] == 1
        assert_no_page_scroll(page)
        seen.screenshot("1-preview")

        # Import: reached with Tab from the preview heading, pressed with the space bar.
        page.keyboard.press("Tab")
        assert focused_id(page) == "import"
        page.keyboard.press("Space")
        finish_step(page, "result-section")
        assert focused_id(page) == "result-heading"
        counts = summary(page, "result-section")
        assert counts["Created"] == 3 and counts["Updated"] == 0

        candidates = {row[0]: row[1:4] for row in table_rows(page, "candidates-table")}
        assert candidates == {
            "4": ["Ada Lovelace", "ada@example.org", f"Merged into a later row\n{merged}"],
            "5": [
                "Grace Hopper",
                "grace(at)example",
                "Not imported\nnot an email address: 'grace(at)example'",
            ],
            "6": ["Alan Turing", "alan@example.org", "Created"],
            "7": ["Katherine Johnson", "katherine@example.org", "Created"],
            "8": ["Ada King", "ada@example.org", "Created"],
        }
        statuses = page.eval_on_selector_all(
            "#candidates-table .credential .badge",
            "badges => badges.map(b => [b.dataset.status, b.innerText.trim()])",
        )
        assert ["MALFORMED", "✗ Malformed"] in statuses
        alan = page.locator("#candidates-table tbody tr", has_text="Alan Turing")
        assert alan.locator(".badge[data-status=MALFORMED]").count() == 1
        assert_no_page_scroll(page)
        seen.screenshot("2-imported")
