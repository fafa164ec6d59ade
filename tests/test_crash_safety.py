"""A power cut in the middle of the day: SIGKILL the server while kiosks issue tickets, counters
call and finish them (steps that share their commits) and desks record applications; every write
that was answered 2xx must be there after a restart."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest
import requests
from backup_fixtures import Load
from live import LiveServer

ON_POSTGRES = os.environ.get("MPP_TEST_DATABASE_URL", "").startswith("postgresql")


@pytest.mark.slow
def test_every_answered_write_survives_a_kill_9(tmp_path):
    server = LiveServer(tmp_path / "instance", demo=True, threads=8).start()
    try:
        load = Load(server, counter_threads=3).start()
        time.sleep(2.5)
        server.kill()  # mid-flight: the writers are still sending
        server.stop()  # only closes the output file: the process is already dead
        load.stop()
        assert load.tickets and load.applications and load.calls, load.errors[:5]
        assert not [e for e in load.errors if not e.startswith(("ticket 5", "application 5", "call 5", "finish 5"))][
            :1
        ], load.errors[:5]

        if not ON_POSTGRES:
            database = server.instance / "mpp-lite.sqlite"
            connection = sqlite3.connect(database)  # recovers the WAL like the restarted server would
            try:
                assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            finally:
                connection.close()

        server.start()
        for _, ticket_id in load.tickets:
            response = load.get(f"/api/v1/tickets/{ticket_id}")
            assert response.status_code == 200, (ticket_id, response.text)
        for ticket_id, step in load.calls.items():
            status = load.get(f"/api/v1/tickets/{ticket_id}").json()["status"]
            assert status == "done" if step == "done" else status in ("called", "serving", "done"), (ticket_id, step)
        for _, code in load.applications:
            response = load.get(f"/api/v1/applications/{code}")
            assert response.status_code == 200, (code, response.text)
        # and the restarted server goes on issuing numbers without a clash
        service_id = load.ticket_services[0]
        response = requests.post(
            server.url + "/api/v1/tickets",
            json={"service_id": service_id},
            headers={"Authorization": f"Bearer {load.kiosk}"},
            timeout=30,
        )
        assert response.status_code == 201, response.text
    finally:
        server.stop()
