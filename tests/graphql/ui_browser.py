"""What the /ui page tests share: the system Chromium under Playwright, a page that may not leave
the test server and runs under a strict Content-Security-Policy, screenshots, and a few reads of
the page. The `browser` fixture (conftest.py) launches Chromium once per test module."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
# No inline script or style may be needed: the pages must work under this policy.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """Headless /usr/bin/chromium under Playwright (skips, or fails under CI, without either)."""
    if not CHROMIUM.exists():
        unavailable("Chromium is not installed at /usr/bin/chromium")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000
            )
        except Error as exc:
            unavailable(f"playwright could not start /usr/bin/chromium: {exc}")
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page in its own browser context, at one of VIEWPORTS."""

    page: Any
    viewport: str
    shots: Path

    def screenshot(self, name: str) -> None:
        """The whole page, saved as VIEWPORT-NAME.png."""
        self.page.screenshot(path=str(self.shots / f"{self.viewport}-{name}.png"), full_page=True)


@contextmanager
def visit(
    browser: Any,
    base: str,
    viewport: str,
    tmp_path: Path,
    artifacts: str,
    expected_problems: tuple[str, ...] = (),
    **context_options: Any,
) -> Iterator[Visit]:
    """A page at one of VIEWPORTS whose documents are served under CSP and whose requests may
    not leave `base`. Its screenshots go to $HRKIT_TEST_ARTIFACTS/ARTIFACTS when that is set.
    Afterwards nothing may have gone offsite, and the only console or page errors allowed are
    those containing one of `expected_problems`."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], service_workers="block", **context_options
    )
    offsite: list[str] = []
    problems: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if not url.startswith(base + "/"):
            offsite.append(url)
            route.abort()
        elif route.request.resource_type == "document":
            response = route.fetch()
            route.fulfill(
                response=response,
                headers={**response.headers, "content-security-policy": CSP},
            )
        else:
            route.continue_()

    context.route("**/*", guard)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    try:
        yield Visit(page, viewport, shots)
    finally:
        context.close()
        keep_screenshots(shots, artifacts)
    assert offsite == [], offsite
    assert [p for p in problems if not any(e in p for e in expected_problems)] == [], problems


def keep_screenshots(shots: Path, name: str) -> None:
    artifacts = os.environ.get("HRKIT_TEST_ARTIFACTS")
    if artifacts:
        target = Path(artifacts) / name
        shutil.copytree(shots, target, dirs_exist_ok=True)
        print(f"screenshots: {target}")
    else:
        print(f"screenshots: {shots}")


def focused_id(page: Any) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def table_rows(page: Any, table_id: str) -> list[list[str]]:
    """The text of each body row's cells."""
    return page.eval_on_selector_all(
        f"#{table_id} tbody tr",
        "rows => rows.map(r => [...r.children].map(c => c.innerText.trim()))",
    )


def finish_step(page: Any, element_id: str) -> None:
    """Wait for what the step shows or for the error region; an error fails with its own words."""
    page.wait_for_selector(f"#{element_id}:not([hidden]), #messages:not([hidden])")
    assert page.is_hidden("#messages"), page.inner_text("#messages")


def assert_no_page_scroll(page: Any) -> None:
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], widths
