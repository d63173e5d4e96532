"""Browser tests: the real app served by uvicorn on a free port over a fresh, migrated SQLite
database, driven by Playwright through Debian's Chromium — one browser and one server for the
whole session, a fresh browser context (cookies, window size, JavaScript on or off) per test.

Without /usr/bin/chromium these tests are skipped with the reason, unless STIRRUP_REQUIRE_BROWSER=1
(set by .ci/run), where they fail. Screenshots of each step go to artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from stirrup import migrate
from stirrup.app import create_app
from stirrup.config import PROJECT_ROOT, Settings
from stirrup.db import make_engine, open_session
from stirrup.geography import gazetteer
from tests.factories import Factory

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
#: Accessibility problems that fail a test; minor and moderate ones are reported, not fatal.
BLOCKING_IMPACTS = ("serious", "critical")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("STIRRUP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}; STIRRUP_REQUIRE_BROWSER=1 makes the browser tests mandatory")
        pytest.skip(reason)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    expect.set_options(timeout=10_000)  # two cores shared with other work: be patient, not flaky
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
    yield chromium
    chromium.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveSite:
    """The running app, and a factory writing to its database."""

    url: str
    make: Factory


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    database = tmp_path_factory.mktemp("browser") / "stirrup.db"
    settings = Settings(database_url=f"sqlite:///{database}")
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    gazetteer()  # loaded once up front (a few seconds), not during the first test's typing
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, engine), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the app did not start")
        time.sleep(0.05)
    db = open_session(engine, write=False)
    try:
        yield LiveSite(f"http://127.0.0.1:{port}", Factory(db))
    finally:
        db.close()
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


@dataclass
class Visit:
    """A browser window for one test: its page, its screenshots and what the console said."""

    page: Page
    url: str
    name: str
    javascript: bool = True
    console: list[str] = field(default_factory=list)
    shots: int = 0

    def go(self, path: str) -> Page:
        self.page.goto(self.url + path)
        return self.page

    def shot(self, step: str) -> None:
        """A full-page screenshot of this step, for people reviewing a CI run."""
        self.shots += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.name}-{self.shots:02d}-{step}".lower()).strip("-")
        self.page.screenshot(path=str(SCREENSHOTS / f"{slug}.png"), full_page=True)

    def sign_in(self, email: str, password: str) -> None:
        """Sign in with the keyboard only: type, Tab, type, Enter."""
        self.go("/login")
        self.page.locator("#email").focus()
        self.page.keyboard.type(email)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(password)
        self.page.keyboard.press("Enter")
        self.page.wait_for_url(re.compile(r"^(?!.*/login).*$"))

    def check_accessibility(self) -> list[dict[str, Any]]:
        """Run axe-core in the page (WCAG 2.1 A and AA); fail on serious or critical problems.
        (It needs JavaScript: a window opened without it cannot be checked.)"""
        assert self.javascript, "axe runs in the page: open the window with JavaScript to check it"
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            ["wcag2a", "wcag2aa", "wcag21aa"],
        )
        blocking = [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
        described = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in blocking
        ]
        assert not blocking, f"accessibility problems on {self.page.url}:\n" + "\n".join(described)
        return list(result["violations"])

    def csp_violations(self) -> list[str]:
        return [line for line in self.console if "Content Security Policy" in line]


@pytest.fixture
def visit(browser: Browser, site: LiveSite, request: pytest.FixtureRequest) -> Iterator[Callable[..., Visit]]:
    """Open a window: ``visit(javascript=False, width=360, locale="en")``."""
    contexts: list[BrowserContext] = []
    visits: list[Visit] = []

    def open_window(javascript: bool = True, width: int = 1280, height: int = 900, lang: str = "fr") -> Visit:
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": width, "height": height}, locale=lang
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        window = Visit(page, site.url, f"{request.node.name}-{len(visits) + 1}", javascript)
        page.on("console", lambda message: window.console.append(f"{message.text} (on {page.url})"))
        visits.append(window)
        return window

    yield open_window
    for window in visits:
        assert window.csp_violations() == [], window.csp_violations()
    for context in contexts:
        context.close()
