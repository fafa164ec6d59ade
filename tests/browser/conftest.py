"""Browser fixtures: Debian's Chromium driven by Playwright against a real `mpp-lite serve`.

- The browser comes from $MPP_CHROMIUM or /usr/bin/chromium (apt package `chromium`); without
  one every browser test is skipped with a loud reason. CI (.ci/run) always installs it.
- `site` is one demo server for the whole session (read-only pages); `fresh_site` gives each
  journey module its own server and fresh instance folder.
- Every page opened through `open_page` is screenshotted to test-artifacts/<test name>/NN-<page>.png
  when it loads and at the end of the test, plus `snap()` for screens that change without a
  navigation (kiosk steps, htmx panels) or that the journey leaves at once.
  It blocks and records every request to a host other than the loopback server, and records
  Content-Security-Policy violations reported on the console.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from live import LiveServer

from browser.support import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    LOOPBACK,
    RUNNING,
    Recorder,
    chromium_path,
    slug,
)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        reason = (
            "no Chromium found. Install Debian's package (`apt-get install chromium`) or set "
            "MPP_CHROMIUM=/path/to/chromium. CI (.ci/run) always installs it."
        )
        if os.environ.get("MPP_REQUIRE_BROWSER"):
            pytest.fail("BROWSER REQUIRED (MPP_REQUIRE_BROWSER is set) but " + reason)
        pytest.skip("BROWSER TESTS SKIPPED: " + reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def start_server(instance: Path) -> LiveServer:
    server = LiveServer(instance, demo=True)
    try:
        return server.start()
    except subprocess.CalledProcessError as error:  # say why, not just which command
        server.stop()
        pytest.fail(f"`mpp-lite {' '.join(error.cmd[3:])}` failed:\n{(error.stderr or '')[-3000:]}")


@pytest.fixture(scope="session")
def site(tmp_path_factory, browser):
    """One demo server shared by tests that only read (catalogue, login, accessibility)."""
    server = start_server(tmp_path_factory.mktemp("browser-site") / "instance")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fresh_site(tmp_path_factory, browser):
    """A demo server with a fresh instance for one journey module (tickets, calls, answers).

    Tests in a module share it, so each journey works in its own tenant's queue."""
    server = start_server(tmp_path_factory.mktemp("journey") / "instance")
    yield server
    server.stop()


@pytest.fixture
def recorder(request):
    folder = ARTIFACTS / slug(request.node.name)
    if folder.exists():
        shutil.rmtree(folder)
    rec = RUNNING["recorder"] = Recorder(folder)
    yield rec
    RUNNING.pop("recorder", None)
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        for number, server in enumerate(rec.servers, 1):  # the server's side of the story
            log = server.instance / "logs" / "mpp-lite.log"
            if log.exists():
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(log, folder / f"server-{number}.log")


@pytest.fixture
def open_page(browser, recorder, request):
    """open_page(server, device=None, lang=None, viewport=None, block_outside=True) -> Page.

    `device` is a token set as the paired-device cookie; `lang` ("en") sets the language cookie.
    Requests to any host but 127.0.0.1 are aborted and recorded in `recorder.outside`.
    """
    contexts = []

    def make(
        server: LiveServer,
        device: str | None = None,
        lang: str | None = None,
        viewport: dict | None = None,
        bypass_csp: bool = False,
    ):
        context = browser.new_context(
            base_url=server.url,
            viewport=viewport or {"width": 1280, "height": 900},
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            bypass_csp=bypass_csp,
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
            request = route.request
            host = urlsplit(request.url).hostname or ""
            if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and host not in LOOPBACK:
                recorder.outside.append(request.url)
                route.abort("blockedbyclient")
                return
            route.continue_()

        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(20_000)  # generous: CI machines can be busy
        recorder.watch(page, server)
        context.on("page", lambda popup: recorder.watch(popup, server))
        return page

    yield make
    recorder.settle()
    report = getattr(request.node, "rep_call", None)
    recorder.finish(failed=report is not None and report.failed)
    for context in contexts:
        context.close()
