"""Helpers of the browser tests: where Chromium is, real CLI accounts and tokens, screenshots.

Kept out of conftest.py so that test modules import them by name (`browser.support`)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from live import LiveServer

ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = Path(os.environ.get("MPP_TEST_ARTIFACTS") or ROOT / "test-artifacts")  # screenshots, server logs
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1"}


def chromium_path() -> str | None:
    candidate = os.environ.get("MPP_CHROMIUM") or "/usr/bin/chromium"
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which(candidate)


def device_token(server: LiveServer, role: str = "kiosk", name: str | None = None, tenant: str | None = None) -> str:
    """A token made with the real CLI (the token is the last line printed); one per role and server."""
    made = server.__dict__.setdefault("browser_tokens", {})
    if (role, tenant) not in made:
        args = ["create-token", "--name", name or f"{role.title()} uji peramban", "--role", role]
        if tenant:
            args += ["--tenant", tenant]
        made[(role, tenant)] = server.cli(*args).stdout.strip().splitlines()[-1].strip()
    return made[(role, tenant)]


def create_staff(
    server: LiveServer,
    username: str,
    role: str = "operator",
    tenant: str | None = "DUKCAPIL",
    password: str = "browser-test-pass-1",
) -> str:
    """A staff account made with the real CLI, once per server."""
    made = server.__dict__.setdefault("browser_staff", {})
    if username not in made:
        args = ["create-user", "--username", username, "--password", password, "--role", role]
        if tenant and role == "operator":
            args += ["--tenant", tenant]
        server.cli(*args)
        made[username] = password
    return made[username]


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
        self.servers: list[LiveServer] = []
        self.pending = 0

    def shot(self, page, name: str) -> Path | None:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{slug(name)}.png"
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception:  # the page closed or navigated away mid-shot: nothing to keep
            return None
        return path

    def settle(self, seconds: float = 5) -> None:
        """Let screenshots started by load events finish (before the pages close)."""
        live = [page for page in self.pages if not page.is_closed()]
        waited = 0.0
        while self.pending and live and waited < seconds:
            live[0].wait_for_timeout(50)
            waited += 0.05

    def finish(self, failed: bool) -> None:
        """Screenshot the pages still open at the end of the test."""
        for page in self.pages:
            if not page.is_closed() and page.url.startswith(("http://", "https://")):
                self.shot(page, ("at-failure-" if failed else "end-") + (urlsplit(page.url).path.strip("/") or "home"))

    def watch(self, page, server: LiveServer) -> None:
        self.pages.append(page)
        if server not in self.servers:
            self.servers.append(server)

        def on_load(loaded):
            # Event handlers run between the test's own browser calls: if the test navigates on
            # at once, this shot may miss the page; journeys also call snap() at key pages.
            self.pending += 1
            try:
                self.shot(loaded, urlsplit(loaded.url).path.strip("/") or "home")
            finally:
                self.pending -= 1

        def on_console(message):
            if message.type == "error":
                self.console_errors.append(message.text)
                if "Content Security Policy" in message.text:
                    self.csp.append(message.text)

        page.on("load", on_load)
        page.on("console", on_console)


RUNNING: dict[str, Recorder] = {}


def snap(page, name: str) -> None:
    """Screenshot a screen of the running test (kiosk steps, htmx panels, a page left at once)."""
    if "recorder" in RUNNING:
        RUNNING["recorder"].shot(page, name)
