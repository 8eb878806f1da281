"""Browser tests: the real server in a subprocess, driven by Debian's Chromium through Playwright.

Each pytest process (each xdist worker) starts its own ``samenrekenen serve --demo`` on a free
loopback port with a fresh SQLite data folder, and its own headless Chromium
(``/usr/bin/chromium``; Playwright never downloads a browser here). Users and memberships that
a test needs are written straight into the server's SQLite file with the store's classes.

When Chromium, Playwright or the server is missing, the tests fail under ``CI=true`` and are
skipped elsewhere, with the reason. ``make test`` installs Chromium and PostgreSQL with apt and
axe-core with npm.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from components import unavailable

from samenrekenen.store import Accounts, Cases, Database, sqlite_url
from samenrekenen.web.demo_setup import DEMO_CASE_NAME
from samenrekenen.web.settings import DEMO_EMAIL, DEMO_PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("SAMENREKENEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
PASSWORD = "browser-test-wachtwoord"
TIMEOUT_MS = 15_000
_numbers = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveServer:
    """A running ``samenrekenen serve --demo`` and direct access to its SQLite database."""

    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: Path
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        """The server's database, opened in this process."""
        if self._db is None:
            self._db = Database(sqlite_url(self.data_dir))
        return self._db

    @property
    def cases(self) -> Cases:
        """The server's cases."""
        return Cases(self.db)

    @property
    def accounts(self) -> Accounts:
        """The server's accounts."""
        return Accounts(self.db)

    def demo_case_id(self) -> int:
        """The id of the demo case the server loaded at start."""
        demo = self.accounts.by_email(DEMO_EMAIL)
        assert demo is not None
        for row, _role in self.cases.visible_to(demo):
            if row.name == DEMO_CASE_NAME:
                return int(row.id)
        raise AssertionError("de server heeft de democase niet geladen")

    def add_user(self, role: str, case_id: int, participant: str | None = None) -> str:
        """A new user with ``role`` in the case (a *deelnemer* of ``participant``); its e-mail
        address (the password is :data:`PASSWORD`)."""
        email = f"{role}-{os.getpid()}-{next(_numbers)}@example.nl"
        user = self.accounts.create_user(email, f"Test {role}", PASSWORD)
        self.cases.set_member(case_id, user.id, role, participant)
        return email

    def login(self, page: Page, email: str = DEMO_EMAIL, password: str = "") -> None:
        """Log ``page`` in through the login form (default: the demo login)."""
        if not password:
            password = DEMO_PASSWORD if email == DEMO_EMAIL else PASSWORD
        page.goto("/inloggen")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/cases")

    def stop(self) -> None:
        """Stop the server and close the database."""
        if self._db is not None:
            self._db.dispose()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/inloggen", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def start_server(data_dir: Path, log: Path, *extra: str) -> LiveServer:
    """``samenrekenen serve --demo`` on a free loopback port with ``extra`` options, once it
    answers."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and "SAMENREKENEN_" not in k}
    env["PYTHONUNBUFFERED"] = "1"
    last_error = ""
    for _attempt in range(3):  # another process may take the free port before the server does
        port = _free_port()
        command = [
            sys.executable,
            "-m",
            "samenrekenen.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--demo",
            "--data-dir",
            str(data_dir),
            *extra,
        ]
        with log.open("ab") as out:
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL
            )
        server = LiveServer(f"http://127.0.0.1:{port}", data_dir, process, log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if _answers(server.url):
                return server
            time.sleep(0.2)
        server.stop()
        last_error = log.read_text(errors="replace")[-3000:]
    pytest.fail(f"samenrekenen serve startte niet:\n{last_error}", pytrace=False)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """This worker's server with the demo case and the demo login, on SQLite."""
    root = tmp_path_factory.mktemp("live-server")
    data_dir = root / "data"
    data_dir.mkdir()
    server = start_server(data_dir, root / "server.log")
    yield server
    server.stop()


def _chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium")
    if found:
        return Path(found)
    unavailable(
        f"Chromium niet gevonden ({CHROMIUM}); installeer het met: apt-get install chromium"
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """This worker's headless Chromium."""
    executable = _chromium()
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        unavailable("Playwright ontbreekt; installeer de testafhankelijkheden: make install")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so fixtures know whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Page]]:
    """Make a page in a fresh browser context (own cookies) on the live server.

    ``new_page(bypass_csp=True)`` is only for axe runs, which inject axe-core as a script.
    Uncaught JavaScript errors on any page fail the test. When the test fails, the address and
    visible text of every page it opened are printed, and a screenshot is saved next to the
    server's log.
    """
    contexts: list[Any] = []
    pages: list[Page] = []
    errors: list[str] = []

    def make(bypass_csp: bool = False) -> Page:
        context = browser.new_context(
            base_url=live_server.url, bypass_csp=bypass_csp, locale="nl-NL"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        pages.append(page)
        return page

    yield make
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for number, page in enumerate(pages):
            _show_page(page, live_server.log.parent / f"{request.node.name}-{number}.png")
    for context in contexts:
        context.close()
    assert not errors, "JavaScript-fouten in de pagina:\n" + "\n".join(errors)


def _show_page(page: Page, screenshot: Path) -> None:
    try:
        text = page.locator("body").inner_text(timeout=2_000)
        page.screenshot(path=str(screenshot), full_page=True, timeout=5_000)
    except Exception as exc:  # the page may be gone or hang; the failure itself matters more
        text, screenshot = f"(niet te lezen: {exc})", Path("-")
    print(f"\n--- pagina {page.url} (schermafdruk: {screenshot})\n{text[:4000]}")


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A page in a fresh browser context, not logged in."""
    return new_page()
