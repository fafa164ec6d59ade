"""A damaged database or settings file: one line naming the file and what to do, exit 1, never a
traceback; `serve` refuses to start on a database that fails `PRAGMA quick_check`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from live import ROOT
from postgres_fixtures import on_postgres

pytestmark = [
    pytest.mark.skipif(on_postgres(), reason="SQLite files; PostgreSQL has its own recovery (pg_dump)"),
    pytest.mark.slow,
]


def cli(instance: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPP_INSTANCE_PATH": str(instance)}
    env.pop("MPP_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "mpp_lite", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def assert_one_line(done: subprocess.CompletedProcess, *needles: str) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def site(tmp_path):
    instance = tmp_path / "instance"
    assert cli(instance, "init").returncode == 0
    backup = cli(instance, "backup")
    assert backup.returncode == 0, backup.stderr
    return instance, backup.stdout.strip().splitlines()[-1].split()[-1]


def test_a_database_that_is_not_one_names_the_file_and_the_restore_command(site):
    instance, latest = site
    database = instance / "mpp-lite.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"this is not a database, a disk error left it like this\n" * 200)
    for command in (["queue", "status"], ["upgrade"], ["backup"], ["init"]):
        line = assert_one_line(cli(instance, *command), str(database), "mpp-lite restore", latest)
        assert "damaged" in line
    assert_one_line(cli(instance, "serve", "--port", "0", timeout=60), str(database), "mpp-lite restore")
    restored = cli(instance, "restore", latest, "--yes")
    assert restored.returncode == 0, restored.stderr
    assert cli(instance, "queue", "status").returncode == 0
    assert any(
        path.name.startswith("mpp-lite.sqlite.replaced-") for path in instance.iterdir()
    )  # the damaged one, kept


def test_serve_refuses_a_database_that_fails_quick_check(site):
    instance, _latest = site
    database = instance / "mpp-lite.sqlite"
    assert cli(instance, "upgrade").returncode == 0  # checkpointed: everything is in the main file
    data = bytearray(database.read_bytes())
    page = 4096
    assert len(data) >= 8 * page
    for start in range(2 * page, len(data), page):  # every b-tree page after the schema: garbage
        data[start : start + 64] = b"\xff" * 64
    database.write_bytes(bytes(data))
    assert_one_line(cli(instance, "serve", "--port", "0", timeout=60), str(database), "damaged", "mpp-lite restore")


def test_a_broken_settings_file_is_named(site):
    instance, _latest = site
    (instance / "config.py").write_text("SYNC_TIMEOUT = = 30\n", encoding="utf-8")
    for command in (["upgrade"], ["backup"], ["queue", "status"]):
        assert_one_line(cli(instance, *command), str(instance / "config.py"), "instance-files")
