"""The instance folder (secret key, database, backups, logs) is private to the kit's account,
whatever the umask the service starts with; `init` and `serve` repair and report a folder that is not."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from live import ROOT, LiveServer
from postgres_fixtures import on_postgres

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits; on Windows `init` sets an ACL"),
    pytest.mark.slow,
]


def cli(instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPP_INSTANCE_PATH": str(instance)}
    return subprocess.run(
        [sys.executable, "-m", "mpp_lite", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),
    )  # noqa: PLW1509  (a lax umask, as on many PCs)


def modes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix() or ".": stat.S_IMODE(path.stat().st_mode)
        for path in [folder, *folder.rglob("*")]
        if path.exists()
    }


def readable_by_others(folder: Path) -> dict[str, str]:
    return {name: oct(mode) for name, mode in modes(folder).items() if mode & 0o077}


def test_files_the_kit_writes_are_private_whatever_the_umask(tmp_path):
    instance = tmp_path / "instance"
    assert cli(instance, "init").returncode == 0
    backup = cli(instance, "backup")
    assert backup.returncode == 0, backup.stderr
    assert (
        cli(
            instance, "report", "monthly", "--month", "2026-11", "--out", str(instance / "exports" / "nov.pdf")
        ).returncode
        == 0
    )
    found = modes(instance)
    assert {"secret_key", "mpp-lite.sqlite", "backups", "exports/nov.pdf"} <= set(found)
    assert any(name.startswith("backups/mpp-lite-") for name in found)
    assert readable_by_others(instance) == {}
    assert found["."] == 0o700 and found["secret_key"] == 0o600


def test_a_running_server_keeps_new_files_private(tmp_path):
    instance = tmp_path / "instance"
    previous = os.umask(0o022)
    try:
        server = LiveServer(instance).start()
    finally:
        os.umask(previous)
    try:
        if not on_postgres():  # backups and the WAL are SQLite's; on PostgreSQL the database is elsewhere
            server.cli("backup")  # while the server writes its WAL
            assert any(name.endswith("-wal") for name in modes(instance))
        assert readable_by_others(instance) == {}
    finally:
        server.stop()


def test_init_and_serve_repair_and_report_an_open_folder(tmp_path):
    instance = tmp_path / "instance"
    assert cli(instance, "init").returncode == 0
    for path, mode in ((instance, 0o755), (instance / "secret_key", 0o644), (instance / "mpp-lite.sqlite", 0o664)):
        path.chmod(mode)
    again = cli(instance, "init")
    assert again.returncode == 0, again.stderr
    assert "readable by other accounts" in again.stdout and "secret_key" in again.stdout
    assert readable_by_others(instance) == {}
    (instance / "secret_key").chmod(0o644)
    server = LiveServer(instance).start()
    try:
        assert readable_by_others(instance) == {}
        assert "secret_key" in (instance / "server-output.log").read_text()
    finally:
        server.stop()
