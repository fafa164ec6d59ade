"""Against a real waitress server: 12 clients race for 5 booking seats; a gateway that takes 10 s
to answer holds up no kiosk while the server's own sender waits for it."""

from __future__ import annotations

import json
import math
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from live import LiveServer

pytestmark = pytest.mark.slow
ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def token(server, role, name):
    return {
        "Authorization": "Bearer "
        + server.cli("create-token", "--name", name, "--role", role).stdout.strip().splitlines()[-1]
    }


def first_slot(server, service_id):
    """The first slot offered in the next days (today may be a holiday, or its slots may be over)."""
    for offset in range(10):
        day = (date.today() + timedelta(days=offset)).isoformat()
        items = requests.get(
            f"{server.url}/api/v1/bookings/slots", params={"service_id": service_id, "date": day}, timeout=10
        ).json()["items"]
        if items:
            return items[0]
    raise AssertionError("no slot offered in ten days")


def enable_bookings(server, admin, prefix, seats):
    """Bookings on the demo queue `prefix` with `seats` seats a slot (the share is set to give them)."""
    services = requests.get(server.url + "/api/v1/services", timeout=10).json()["items"]
    service = next(s for s in services if s["queue_prefix"] == prefix)
    queues = requests.get(server.url + "/api/v1/queues", headers=admin, timeout=10).json()["items"]
    queue = next(q for q in queues if q["prefix"] == prefix)

    def put(percent):
        body = {
            "week": ALL_DAY,
            "booking": {
                "enabled": True,
                "slot_minutes": 60,
                "online_percent": percent,
                "days_ahead": 10,
                "grace_minutes": 15,
            },
        }
        response = requests.put(
            f"{server.url}/api/v1/queues/{queue['id']}/schedule", json=body, headers=admin, timeout=10
        )
        assert response.status_code == 200, response.text
        return first_slot(server, service["id"])

    whole = put(100)["capacity"]
    assert whole >= seats
    slot = put(math.ceil(seats * 100 / whole))
    assert slot["capacity"] == seats, slot
    return service, slot


def test_twelve_clients_race_for_five_seats(live_server):
    server = live_server
    service, slot = enable_bookings(server, token(server, "admin", "Admin"), "A", 5)
    barrier = threading.Barrier(12)
    answers: list[int] = []

    def client(index):
        body = {
            "service_id": service["id"],
            "slot_start": slot["start"],
            "name": f"Warga {index}",
            "phone": f"0812000000{index:02d}",
        }
        with requests.Session() as session:
            barrier.wait()
            answers.append(session.post(server.url + "/api/v1/bookings", json=body, timeout=30).status_code)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [201] * 5 + [409] * 7
    left = requests.get(
        f"{server.url}/api/v1/bookings/slots",
        params={"service_id": service["id"], "date": slot["start"][:10]},
        timeout=10,
    ).json()["items"]
    assert next(s for s in left if s["start"] == slot["start"])["left"] == 0


class SlowGateway(BaseHTTPRequestHandler):
    """An SMS gateway on the loopback that takes 10 s to answer each message."""

    received: list[dict] = []
    arrived = threading.Event()

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", 0))
        SlowGateway.received.append(json.loads(self.rfile.read(length)))
        SlowGateway.arrived.set()
        time.sleep(10)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


def test_a_slow_gateway_holds_up_no_kiosk(tmp_path):
    gateway = ThreadingHTTPServer(("127.0.0.1", 0), SlowGateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    server = LiveServer(tmp_path / "instance", demo=True, env={"MPP_NOTIFY_INTERVAL_SECONDS": "0.5"}).start()
    try:
        server.cli(
            "notify",
            "channel",
            "http",
            "--on",
            "--set",
            f"url=http://127.0.0.1:{gateway.server_port}/send",
            "--set",
            'body={"to": "{phone_intl}", "text": "{message}"}',
            "--set",
            "headers=Content-Type: application/json",
            "--set",
            "timeout=30",
        )
        admin, kiosk = token(server, "admin", "Admin"), token(server, "kiosk", "Kiosk lobi")
        service, slot = enable_bookings(server, admin, "A", 5)
        booked = requests.post(
            server.url + "/api/v1/bookings",
            timeout=10,
            json={
                "service_id": service["id"],
                "slot_start": slot["start"],
                "name": "Siti Aminah",
                "phone": "081298765432",
            },
        )
        assert booked.status_code == 201, booked.text
        assert SlowGateway.arrived.wait(15), "the sender never called the gateway"
        walk_in = next(
            s
            for s in requests.get(server.url + "/api/v1/services", timeout=10).json()["items"]
            if s["queue_prefix"] == "B"
        )
        timings: list[float] = []

        def issue_fifty():
            with requests.Session() as session:
                for _ in range(50):
                    started = time.perf_counter()
                    response = session.post(
                        server.url + "/api/v1/tickets", json={"service_id": walk_in["id"]}, headers=kiosk, timeout=30
                    )
                    timings.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 201, response.text

        worker = threading.Thread(target=issue_fifty)
        worker.start()
        worker.join()
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"50 tickets while the gateway waits: p50 {timings[24]:.1f} ms, p95 {p95:.1f} ms")
        assert p95 < 100
        assert (
            SlowGateway.received[0]["to"] == "6281298765432"
            and booked.json()["code"] in SlowGateway.received[0]["text"]
        )
        deadline = time.monotonic() + 30
        status = {}
        while time.monotonic() < deadline:
            status = json.loads(server.cli("notify", "status").stdout)
            if status.get("http", {}).get("sent"):
                break
            time.sleep(0.5)
        assert status["http"] == {"sent": 1}
    finally:
        server.stop()
        gateway.shutdown()
        gateway.server_close()
