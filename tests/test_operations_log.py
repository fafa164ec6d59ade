"""A day of normal operation leaves one readable line per event an IT officer looks for in
instance/logs/mpp-lite.log, without passwords or personal data; `mpp-lite logs` prints them."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from live import LiveServer
from postgres_fixtures import on_postgres
from sync_fixtures import SECRET, ReceiverThread

WRONG_PASSWORD = "Salah-Sandi-Budi-77"
GHOST = "hantu-tanpa-akun"


def sign_in(server: LiveServer, username: str, password: str) -> int:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(server.url + "/login", timeout=10) as page:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode()).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": password}).encode()
    try:
        with opener.open(server.url + "/login", data=body, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


@pytest.mark.slow
def test_a_day_of_operation_is_in_the_log(tmp_path):
    receiver = ReceiverThread(tmp_path / "receiver")
    server = LiveServer(tmp_path / "instance").start()
    try:
        server.cli("create-user", "--username", "budi", "--password", "Loket-Tujuh-Hijau-2026", "--role", "admin")
        assert sign_in(server, "budi", WRONG_PASSWORD) == 401
        assert sign_in(server, GHOST, "x" + WRONG_PASSWORD) == 401
        sqlite = not on_postgres()  # `backup` and `restore` cover SQLite; PostgreSQL sites use pg_dump
        backup = server.cli("backup").stdout.strip().splitlines()[-1].split()[-1] if sqlite else None
        secret = tmp_path / "hub.secret"
        secret.write_text(SECRET, encoding="utf-8")
        server.cli("sync", "site", "--code", "32.04", "--name", "MPP Kabupaten Bandung")
        server.cli("sync", "add-endpoint", "--name", "provinsi", "--url", receiver.url, "--secret-file", str(secret))
        server.cli("sync", "push", check=False)
        server.cli("queue", "close-day")
    finally:
        server.stop()
        receiver.stop()
    if sqlite:
        server.cli("restore", backup, "--yes")
    log = server.cli("logs", "--tail", "200").stdout
    expected = [
        "Database migrated from an empty database to",
        "Server started: MPP Lite",
        "http://127.0.0.1:",
        "Sign-in failed for account 'budi' from 127.0.0.1",
        "Sign-in failed for an unknown username",
        "Sync push to provinsi:",
        "Day closed:",
        "Server stopped",
    ]
    if sqlite:
        expected += ["Backup made and verified:", "Database restored from", "mpp-lite.sqlite.replaced-"]
    for text in expected:
        assert text in log, (text, log)
    assert WRONG_PASSWORD not in log and GHOST not in log
    assert server.cli("logs", "--tail", "2").stdout.count("\n") == 2
