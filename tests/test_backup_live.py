"""Backup while kiosks and counters write through the live server, then restore it elsewhere."""

from __future__ import annotations

import gzip
import os
import sqlite3
import time
from pathlib import Path

import pytest
import requests
from backup_fixtures import Load
from live import LiveServer

pytestmark = pytest.mark.skipif(
    os.environ.get("MPP_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="file backups are for SQLite; PostgreSQL sites use pg_dump",
)


def table_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        connection.close()


@pytest.mark.slow
def test_backup_during_load_restores_into_a_fresh_instance(tmp_path):
    server = LiveServer(tmp_path / "site", demo=True).start()
    fresh = LiveServer(tmp_path / "fresh")
    try:
        load = Load(server).start()
        time.sleep(1.0)
        started = time.monotonic()
        done = server.cli("backup")
        finished = time.monotonic()
        time.sleep(0.5)
        load.stop()
        assert not load.errors, load.errors[:5]
        backup = Path(done.stdout.strip().splitlines()[-1])
        assert backup.name.startswith("mpp-lite-") and backup.name.endswith(".sqlite.gz")
        assert backup.parent == server.instance / "backups"
        # writes went on during the backup, and it did not block them for long
        assert any(started <= at <= finished for at, _ in load.tickets) or finished - started < 0.5

        unpacked = tmp_path / "unpacked.sqlite"
        unpacked.write_bytes(gzip.decompress(backup.read_bytes()))
        in_backup = table_counts(unpacked)
        connection = sqlite3.connect(unpacked)
        saved_tickets = {row[0] for row in connection.execute("SELECT id FROM tickets")}
        saved_codes = {row[0] for row in connection.execute("SELECT tracking_code FROM applications")}
        connection.close()
        # everything answered before the backup began is in it
        assert {i for at, i in load.tickets if at < started} <= saved_tickets
        assert {c.replace("-", "") for at, c in load.applications if at < started} <= saved_codes
        assert in_backup["tickets"] > 0 and in_backup["applications"] > 0

        fresh.instance.mkdir(parents=True)
        restored = fresh.cli("restore", str(backup), "--yes")
        assert "Restored" in restored.stdout
        after = table_counts(fresh.instance / "mpp-lite.sqlite")
        assert after.pop("audit_events") == in_backup.pop("audit_events") + 1  # the restore is recorded
        assert after == in_backup

        # the site's secret key came back with it, so printed receipts stay verifiable
        assert (fresh.instance / "secret_key").read_text() == (server.instance / "secret_key").read_text()
        fresh.cli("init")  # safe to repeat; the data stays
        fresh.start()
        some_ticket = sorted(saved_tickets)[-1]
        answer = requests.get(
            f"{fresh.url}/api/v1/tickets/{some_ticket}", headers={"Authorization": f"Bearer {load.admin}"}, timeout=30
        )
        assert answer.status_code == 200, answer.text
    finally:
        fresh.stop()
        server.stop()


@pytest.mark.slow
def test_restore_after_stopping_the_site_keeps_the_replaced_database(tmp_path):
    server = LiveServer(tmp_path / "site", demo=True).start()
    try:
        first = Path(server.cli("backup").stdout.strip().splitlines()[-1])
        server.cli(
            "create-user", "--username", "baru", "--password", "kata sandi panjang sekali", "--role", "supervisor"
        )
        server.stop()
        done = server.cli("restore", str(first), "--yes")
        kept = [p for p in server.instance.iterdir() if p.name.startswith("mpp-lite.sqlite.replaced-")]
        assert len(kept) == 1 and str(kept[0]) in done.stdout
        connection = sqlite3.connect(kept[0])
        assert connection.execute("SELECT COUNT(*) FROM users WHERE username = 'baru'").fetchone()[0] == 1
        connection.close()
        connection = sqlite3.connect(server.instance / "mpp-lite.sqlite")
        assert connection.execute("SELECT COUNT(*) FROM users WHERE username = 'baru'").fetchone()[0] == 0
        connection.close()
    finally:
        server.stop()
