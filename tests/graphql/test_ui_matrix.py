"""The /ui/matrix page in a real headless Chromium against a real `hrkit serve` on the demo
tenant: pick a role and a team, read the heatmap (numbers, Required row, ▼ gap markers), open a
level's evidence from the keyboard, download the .xlsx and read it back — at 1280 and 390 px,
under a strict Content-Security-Policy, never leaving 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hrkit.demo.people import TEAM_MANAGER
from hrkit.services.matrix import skill_matrix
from hrkit.services.tenants import resolve_scope
from hrkit.skills.matrix import Matrix
from hrkit.store.database import Database
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

ROLE = "Backend Engineer"
TEAM = f"Team {TEAM_MANAGER.name}"
# Who signs in at each width: an HR admin picks the team; a manager's own team is the default.
SIGN_IN = {"desktop": "hr_admin", "phone": "manager"}


@pytest.fixture
def demo_server(
    tmp_path: Path, hrkit_cli: Callable[..., tuple[int, str, str]]
) -> Iterator[tuple[str, dict[str, str], Matrix]]:
    """A real server over the seeded demo, tokens by role, and the matrix the service computes."""
    database = str(tmp_path / "demo.db")
    code, _, err = hrkit_cli("demo", "--db", database)
    assert code == 0, err
    tokens = {}
    for role, extra in (("hr_admin", []), ("manager", ["--sub", TEAM_MANAGER.email])):
        code, bearer, err = hrkit_cli(
            "token", "--tenant", "demo", "--role", role, *extra, "--db", database
        )
        assert code == 0, err
        tokens[role] = bearer.strip()
    db = Database(f"sqlite:///{database}")
    with db.session() as session:
        expected = skill_matrix(
            session,
            resolve_scope(session, "demo"),
            role_title=ROLE,
            manager_email=TEAM_MANAGER.email,
            now=datetime.now(UTC),
        ).matrix
    db.dispose()
    with hrkit_server(["--db", database], cwd=tmp_path) as base:
        yield base, tokens, expected


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_pick_a_team_read_the_gaps_open_evidence_and_download(
    browser: Any,
    demo_server: tuple[str, dict[str, str], Matrix],
    tmp_path: Path,
    viewport: str,
) -> None:
    base, tokens, expected = demo_server
    with visit(browser, base, viewport, tmp_path, "ui-matrix", accept_downloads=True) as seen:
        page = seen.page
        page.goto(f"{base}/ui/matrix/")
        assert page.title() == "Skill-gap matrix · hrkit"

        # Keyboard only: skip link, home link, the token; Enter loads the roles and teams.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert focused_id(page) == "token"
        page.keyboard.type(tokens[SIGN_IN[viewport]])
        page.keyboard.press("Enter")
        finish_step(page, "matrix-form")
        assert focused_id(page) == "role"
        page.get_by_label("Role").select_option(label=ROLE)
        team = page.get_by_label("Team")
        if SIGN_IN[viewport] == "hr_admin":
            team.select_option(label=f"{TEAM_MANAGER.name} — {TEAM_MANAGER.title}")
        else:
            assert team.evaluate("select => select.selectedOptions[0].textContent").startswith(
                "My team"
            )
        page.focus("#show")
        page.keyboard.press("Enter")
        finish_step(page, "matrix-section")
        assert focused_id(page) == "matrix-heading"

        # The heatmap shows the service's numbers, people by fit, the Required row, and a ▼
        # (with words for screen readers) exactly where a level is below the required one.
        rows = table_rows(page, "heatmap")
        k = len(expected.skills)
        assert [row[0].split("\n")[0] for row in rows] == [p.name for p in expected.people]
        shown = [[cell.replace("▼", "").strip() for cell in row[1 : 1 + k]] for row in rows]
        assert shown == [[str(v) for v in levels] for levels in expected.levels.tolist()]
        assert expected.fit is not None
        assert [row[1 + k] for row in rows] == [f"{round(f * 100)}%" for f in expected.fit]
        required = page.eval_on_selector_all(
            "#heatmap .required-row > *", "cells => cells.map(c => c.innerText.trim())"
        )
        assert required[: 1 + k] == ["Required", *(str(s.required) for s in expected.skills)]
        gaps = page.eval_on_selector_all(
            "#heatmap button.cell",
            "cells => cells.map(c => [c.innerText.includes('▼'), c.getAttribute('aria-label')])",
        )
        wanted = expected.gaps.ravel().tolist()
        assert [marked for marked, _ in gaps] == wanted and any(wanted) and not all(wanted)
        assert all(("a gap" in label) == marked for marked, label in gaps)
        assert_no_page_scroll(page)
        seen.screenshot("1-matrix")

        # One tab stop into the grid, arrows move, Enter opens the evidence, Escape returns.
        page.focus("#download")
        page.keyboard.press("Tab")  # the scrolling region
        page.keyboard.press("Tab")
        cell = page.evaluate(
            "[document.activeElement.dataset.row, document.activeElement.dataset.col]"
        )
        assert cell == ["0", "0"]
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Enter")
        finish_step(page, "evidence")
        assert focused_id(page) == "evidence-heading"
        person, skill = expected.people[1], expected.skills[1]
        assert page.inner_text("#evidence-heading") == f"{skill.name} — {person.name}"
        level, need = int(expected.levels[1, 1]), skill.required
        assert page.inner_text("#evidence-summary").startswith(
            f"Level {level} held; {need} required"
        )
        items = page.eval_on_selector_all(
            "#evidence-list .evidence-item",
            "items => items.map(i => i.innerText)",
        )
        assert level == 0 or items, "a level above 0 has a credential behind it"
        for text in items:
            assert "Issuer" in text and "Issued" in text and "Gives\nlevel" in text
            assert "verified" in text  # only credentials that verify today give levels
        seen.screenshot("2-evidence")
        page.keyboard.press("Escape")
        assert page.is_hidden("#evidence")
        assert page.evaluate("document.activeElement.dataset.row") == "1"

        # The download: the same people and levels, read back by openpyxl.
        with page.expect_download() as info:
            page.click("#download")
        download = info.value
        assert download.suggested_filename.startswith("skill-matrix-backend-engineer-")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        book = load_workbook(saved)
        assert book.sheetnames == [TEAM, "Gaps", "Legend"]
        sheet = book[TEAM]
        assert [c.value for c in sheet[3]][: 2 + k] == [
            "Required",
            None,
            *(s.required for s in expected.skills),
        ]
        values = list(sheet.iter_rows(min_row=5, values_only=True))
        assert [row[0] for row in values] == [p.name for p in expected.people]
        assert [list(row[2 : 2 + k]) for row in values] == expected.levels.tolist()
        assert page.inner_text("#progress").startswith("Downloaded")

        # Sorting by name reorders the rows without another request.
        page.get_by_label("Sort people by").select_option("name")
        names = [row[0].split("\n")[0] for row in table_rows(page, "heatmap")]
        assert names == sorted(names, key=str.lower)
        assert_no_page_scroll(page)
        seen.screenshot("3-by-name")
