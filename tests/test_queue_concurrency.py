"""Against a real waitress server: concurrent kiosks never share or skip a number, and
concurrent counters never get the same ticket; priority tickets are called first."""

from __future__ import annotations

import sqlite3
import threading
from collections import defaultdict

import pytest
import requests

pytestmark = pytest.mark.slow

TICKETS = 800
ISSUERS = 8
COUNTERS = 10
PRIORITY_EVERY = 10  # every 10th ticket a citizen says they are a priority visitor


def token(server, role, name, tenant=None):
    args = ["create-token", "--name", name, "--role", role] + (["--tenant", tenant] if tenant else [])
    return server.cli(*args).stdout.strip().splitlines()[-1]


def test_800_tickets_from_8_kiosks_then_10_counters(live_server):
    server = live_server
    kiosk = {"Authorization": "Bearer " + token(server, "kiosk", "Kiosk lobby")}
    admin = {"Authorization": "Bearer " + token(server, "admin", "Integrasi")}
    services = requests.get(server.url + "/api/v1/services", timeout=10).json()["items"]
    by_queue = {}
    for service in services:
        by_queue.setdefault(service["queue_prefix"], service["id"])
    chosen = [by_queue["A"], by_queue["B"]]

    # Demo queues A and B have 4 and 3 counters; three more counters serve both queues.
    with sqlite3.connect(server.instance / "mpp-lite.sqlite") as db:
        queues = dict(db.execute("SELECT prefix, id FROM queues WHERE prefix IN ('A', 'B')"))
        for number in (91, 92, 93):
            cursor = db.execute("INSERT INTO counters (number, name, active) VALUES (?, ?, 1)", (number, f"Loket {number}"))
            for prefix in ("A", "B"):
                db.execute("INSERT INTO counter_queues (counter_id, queue_id) VALUES (?, ?)", (cursor.lastrowid, queues[prefix]))
    counters = [c for c in requests.get(server.url + "/api/v1/counters", headers=admin, timeout=10).json()["items"]
                if set(c["queue_prefixes"]) & {"A", "B"}]
    assert len(counters) == COUNTERS

    issued: list[dict] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(ISSUERS)

    def issue(worker: int):
        session = requests.Session()
        start.wait()
        for n in range(worker, TICKETS, ISSUERS):
            body = {"service_id": chosen[n % 2], "priority": n % PRIORITY_EVERY == 0}
            response = session.post(server.url + "/api/v1/tickets", json=body, headers=kiosk, timeout=60)
            with lock:
                if response.status_code == 201:
                    issued.append(response.json())
                else:
                    failures.append(f"{response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=issue, args=(w,)) for w in range(ISSUERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(issued) == TICKETS
    numbers = defaultdict(list)
    for ticket in issued:
        numbers[ticket["queue"]].append(int(ticket["number"][1:]))
        assert ticket["number"][0] == ticket["queue"]
    for prefix in ("A", "B"):
        assert sorted(numbers[prefix]) == list(range(1, TICKETS // 2 + 1)), f"queue {prefix} has duplicates or gaps"

    called: list[tuple[int, dict]] = []  # (order of the call, ticket)
    order = iter(range(10**6))
    go = threading.Barrier(COUNTERS)

    def serve(counter: dict):
        session = requests.Session()
        url = f"{server.url}/api/v1/counters/{counter['id']}/call-next"
        go.wait()
        while True:
            response = session.post(url, headers=admin, timeout=60)
            if response.status_code == 204:
                return
            if response.status_code != 200:
                with lock:
                    failures.append(f"call {response.status_code} {response.text[:200]}")
                return
            ticket = response.json()
            with lock:
                called.append((next(order), ticket))
            finish = session.post(f"{server.url}/api/v1/tickets/{ticket['id']}/finish", headers=admin, timeout=60)
            if finish.status_code != 200:
                with lock:
                    failures.append(f"finish {finish.status_code} {finish.text[:200]}")
                return

    threads = [threading.Thread(target=serve, args=(c,)) for c in counters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    ids = [ticket["id"] for _, ticket in called]
    assert len(ids) == len(set(ids)) == TICKETS, "a ticket was called twice or never"

    # Priority first, then first come first served, in the order the calls really happened
    # (call times are taken while the claim holds the database's write lock).
    with sqlite3.connect(server.instance / "mpp-lite.sqlite") as db:
        rows = db.execute(
            "SELECT q.prefix, t.seq, t.priority FROM tickets t JOIN queues q ON q.id = t.queue_id "
            "WHERE q.prefix IN ('A', 'B') ORDER BY t.called_at, t.id"
        ).fetchall()
    assert len(rows) == TICKETS
    for prefix in ("A", "B"):
        calls = [(seq, bool(priority)) for p, seq, priority in rows if p == prefix]
        priority_calls = [seq for seq, priority in calls if priority]
        assert [priority for _seq, priority in calls] == [True] * len(priority_calls) + [False] * (len(calls) - len(priority_calls))
        assert priority_calls == sorted(priority_calls)
        ordinary = [seq for seq, priority in calls if not priority]
        assert ordinary == sorted(ordinary)

    board = requests.get(server.url + "/api/v1/display", headers=admin, timeout=10).json()
    assert {q["prefix"]: q["waiting"] for q in board["queues"] if q["prefix"] in ("A", "B")} == {"A": 0, "B": 0}
