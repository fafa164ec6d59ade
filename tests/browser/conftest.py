"""Browser fixtures: Debian's Chromium driven by Playwright against a real `mpp-lite serve`.

- The browser comes from $MPP_CHROMIUM or /usr/bin/chromium (apt package `chromium`); without
  one every browser test is skipped with a loud reason. CI (.ci/run) always installs it.
- `site` is one demo server for the whole session (read-only pages); `fresh_site` gives a
  journey its own server and instance folder.
- Every page opened through `open_page` is screenshotted on each load to
  test-artifacts/<test name>/NN-<name>.png (plus `snap()` for screens that change without a
  navigation), blocks and records every request to a host other than the loopback server, and
  records Content-Security-Policy violations.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from live import LiveServer

ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOOPBACK = {"127.0.0.1"}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


def chromium_path() -> str | None:
    candidate = os.environ.get("MPP_CHROMIUM") or "/usr/bin/chromium"
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which(candidate)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        reason = ("no Chromium found. Install Debian's package (`apt-get install chromium`) or set "
                  "MPP_CHROMIUM=/path/to/chromium. CI (.ci/run) always installs it.")
        if os.environ.get("MPP_REQUIRE_BROWSER"):
            pytest.fail("BROWSER REQUIRED (MPP_REQUIRE_BROWSER is set) but " + reason)
        pytest.skip("BROWSER TESTS SKIPPED: " + reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory, browser):
    """One demo server shared by tests that only read (catalogue, login, accessibility)."""
    server = LiveServer(tmp_path_factory.mktemp("browser-site") / "instance", demo=True).start()
    yield server
    server.stop()


@pytest.fixture
def fresh_site(tmp_path, browser):
    """A demo server of the test's own, for journeys that change state (tickets, calls)."""
    server = LiveServer(tmp_path / "instance", demo=True).start()
    yield server
    server.stop()


def device_token(server: LiveServer, role: str = "kiosk", name: str | None = None, tenant: str | None = None) -> str:
    """A token made with the real CLI; the token is the last line printed."""
    args = ["create-token", "--name", name or f"{role.title()} test", "--role", role]
    if tenant:
        args += ["--tenant", tenant]
    return server.cli(*args).stdout.strip().splitlines()[-1].strip()


def create_staff(server: LiveServer, username: str, role: str = "operator", tenant: str | None = "DUKCAPIL",
                 password: str = "browser-test-pass-1") -> str:
    args = ["create-user", "--username", username, "--password", password, "--role", role]
    if tenant and role == "operator":
        args += ["--tenant", tenant]
    server.cli(*args)
    return password


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:80] or "page"


class Recorder:
    """Per-test artifacts: numbered screenshots, blocked outside requests, CSP violations."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        self.outside: list[str] = []
        self.csp: list[str] = []
        self.console_errors: list[str] = []
        self.pages = []

    def shot(self, page, name: str) -> Path | None:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{slug(name)}.png"
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception:  # the page closed or navigated away mid-shot: nothing to keep
            return None
        return path

    def watch(self, page, server: LiveServer) -> None:
        self.pages.append(page)

        def on_load(loaded):
            path = urlsplit(loaded.url).path.strip("/") or "home"
            self.shot(loaded, path)

        def on_console(message):
            if message.type == "error":
                self.console_errors.append(message.text)
                if "Content Security Policy" in message.text:
                    self.csp.append(message.text)

        page.on("load", on_load)
        page.on("console", on_console)


@pytest.fixture
def recorder(request):
    folder = ARTIFACTS / slug(request.node.name)
    if folder.exists():
        shutil.rmtree(folder)
    rec = Recorder(folder)
    yield rec
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        for page in rec.pages:
            if not page.is_closed():
                rec.shot(page, "at-failure")


@pytest.fixture
def open_page(browser, recorder):
    """open_page(server, device=None, lang=None, viewport=None, block_outside=True) -> Page.

    `device` is a token set as the paired-device cookie; `lang` ("en") sets the language cookie.
    Requests to any host but 127.0.0.1 are aborted and recorded in `recorder.outside`.
    """
    contexts = []

    def make(server: LiveServer, device: str | None = None, lang: str | None = None,
             viewport: dict | None = None, bypass_csp: bool = False):
        context = browser.new_context(
            base_url=server.url, viewport=viewport or {"width": 1280, "height": 900},
            locale="id-ID", timezone_id="Asia/Jakarta", bypass_csp=bypass_csp,
            accept_downloads=True,
        )
        contexts.append(context)
        cookies = []
        if device:
            cookies.append({"name": "mpp_device", "value": device, "domain": "127.0.0.1", "path": "/"})
        if lang:
            cookies.append({"name": "mpp_lang", "value": lang, "domain": "127.0.0.1", "path": "/"})
        if cookies:
            context.add_cookies(cookies)

        def guard(route):
            host = urlsplit(route.request.url).hostname or ""
            if urlsplit(route.request.url).scheme in ("http", "https", "ws", "wss") and host not in LOOPBACK:
                recorder.outside.append(route.request.url)
                route.abort("blockedbyclient")
            else:
                route.continue_()

        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(10_000)
        recorder.watch(page, server)
        context.on("page", lambda popup: recorder.watch(popup, server))
        return page

    yield make
    for context in contexts:
        context.close()
