"""Against a real waitress server: concurrent kiosks never share or skip a number, and
concurrent counters never get the same ticket; priority tickets are called first."""

from __future__ import annotations

import threading
from collections import defaultdict

import pytest
import requests
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.slow

TICKETS = 800
ISSUERS = 8
COUNTERS = 10
PRIORITY = (0, 7)  # tickets n with n % 10 in these are priority visitors (in both queues)


def token(server, role, name, tenant=None):
    args = ["create-token", "--name", name, "--role", role] + (["--tenant", tenant] if tenant else [])
    return server.cli(*args).stdout.strip().splitlines()[-1]


def server_database(server):
    """The live server's own database (SQLite in its instance folder, or its PostgreSQL one)."""
    url = server.env.get("MPP_DATABASE_URL") or "sqlite:///" + (server.instance / "mpp-lite.sqlite").as_posix()
    return create_engine(url)


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
    engine = server_database(server)
    with engine.begin() as db:
        queues = dict(db.execute(text("SELECT prefix, id FROM queues WHERE prefix IN ('A', 'B')")).all())
        for number in (91, 92, 93):
            counter_id = db.execute(
                text("INSERT INTO counters (number, name, active) VALUES (:n, :name, :yes) RETURNING id"),
                {"n": number, "name": f"Loket {number}", "yes": True},
            ).scalar_one()
            for prefix in ("A", "B"):
                db.execute(
                    text("INSERT INTO counter_queues (counter_id, queue_id) VALUES (:c, :q)"),
                    {"c": counter_id, "q": queues[prefix]},
                )
    counters = [
        c
        for c in requests.get(server.url + "/api/v1/counters", headers=admin, timeout=10).json()["items"]
        if set(c["queue_prefixes"]) & {"A", "B"}
    ]
    assert len(counters) == COUNTERS

    issued: list[dict] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(ISSUERS)

    def issue(worker: int):
        session = requests.Session()
        start.wait()
        for n in range(worker, TICKETS, ISSUERS):
            body = {"service_id": chosen[n % 2], "priority": n % 10 in PRIORITY}
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
    # (call times are taken while the claim holds its lock).
    with engine.connect() as db:
        rows = db.execute(
            text(
                "SELECT q.prefix, t.seq, t.priority FROM tickets t JOIN queues q ON q.id = t.queue_id "
                "WHERE q.prefix IN ('A', 'B') ORDER BY t.called_at, t.id"
            )
        ).all()
    engine.dispose()
    assert len(rows) == TICKETS
    # SQLite serialises the claims, so the order is exact. PostgreSQL lets counters claim side by
    # side (SKIP LOCKED): a call may overtake one still in flight, never by more than the counters.
    slack = COUNTERS if engine.dialect.name == "postgresql" else 0
    for prefix in ("A", "B"):
        calls = [(bool(priority), seq) for p, seq, priority in rows if p == prefix]
        ideal = {call: i for i, call in enumerate(sorted(calls, key=lambda c: (not c[0], c[1])))}
        late = [(i, call) for i, call in enumerate(calls) if abs(i - ideal[call]) > slack]
        assert late == [], f"queue {prefix}: calls out of priority / first-come order"
        assert (
            sum(priority for priority, _seq in calls) == sum(t["priority"] for t in issued if t["queue"] == prefix) > 0
        )

    board = requests.get(server.url + "/api/v1/display", headers=admin, timeout=10).json()
    assert {q["prefix"]: q["waiting"] for q in board["queues"] if q["prefix"] in ("A", "B")} == {"A": 0, "B": 0}
