"""Benchmark MPP Lite against the ceiling of its own stack, on this machine.

    python3 scripts/bench.py [--quick] [--json PATH] [--clients 8] [--seconds 10]
                             [--postgres postgresql+psycopg://user:pw@127.0.0.1/db]

Starts the real server (`mpp-lite serve`, waitress, 4 threads as its default) on loopback with the demo data,
and K client threads (default 8, keep-alive connections) hit one endpoint at a time for a fixed
time: ticket issue, call next, display poll (with and without If-None-Match), status lookup,
catalogue page; then what devices really send: the TV's poll with its device cookie (and any
cookie its /display page gave it), the kiosk page's own issue (device and session cookies, CSRF
header), and call-next + finish rounds on one queue with 1 and with 10 counters (calls and
finishes also timed on their own). The same harness, in the same run, hits a bare Flask app on
waitress that answers a small JSON: the ceiling of this stack here. Every endpoint is also given as
a ratio of that ceiling (absolute numbers drift on shared machines; ratios hold better), taken to a
1 s sample of the bare app measured just before the endpoint's own run (the load of a shared
machine moves within a run), and so is the floor: GET /healthz, one SELECT 1 through the kit's own
request hooks and session. Each row also carries the server's CPU per request (or per round) and
its busy cores while measured (psutil), and the bare app's own rounds by 1 client and by 10 show how
much more clients can add to one process on this machine. Then: server RSS idle and after load,
cold start to the first 200, the waitress lines in the server's output, and timings at a large
site's size (a generated history: five years by default, one month with --quick; cached under
instance/bench-cache/).

--postgres-history URL also times the history on PostgreSQL: a database holding the same history,
made once with `MPP_INSTANCE_PATH=instance/bench-cache/history-5y mpp-lite db copy --to URL`.
--postgres URL runs the endpoint part again with the server on PostgreSQL (a scratch database is
created beside the one in URL, with its credentials, and dropped afterwards) and reports both.
Prints a table; writes JSON (default instance/bench-cache/bench.json) in the shape fixed in the
contract ("Benchmark output"). Needs the `test` extra (psutil).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "instance" / "bench-cache"
ENDPOINTS = ("ticket_issue", "call_next", "display_poll", "display_poll_etag", "status_lookup", "catalogue")
# What devices really send (issue 19), reported beside the contract's rows: the TV's poll with its
# device cookie (and whatever cookie its /display page gave it), the kiosk page's own issue (device
# cookie, session cookie, CSRF header), and call-next + finish rounds with 1 and with 10 counters on
# one queue (calls and finishes also timed on their own).
DEVICE_ENDPOINTS = (
    "display_poll_device",
    "display_poll_device_etag",
    "kiosk_page_issue",
    "rounds_1_counter",
    "rounds_10_counters",
    "call_next_10_counters",
    "finish_10_counters",
)
ROUND_COUNTERS = 10
TARGETS = {  # what the issue asks for; checked at the end
    "ticket_issue_ratio": 0.5,
    "display_poll_etag_ratio": 0.8,
    "ticket_issue_p95_ms": 50.0,
    "rss_after_load_mb": 100.0,
    "dashboard_year_s": 1.0,
    "status_lookup_ms": 20.0,
}
# The bare app's threads: its best on a 2-core machine (measured: 8 and 16 alike, 4 about 35%
# slower). The kit's server runs fewer (serve's default, 4) to save memory; measuring the
# ceiling with those would flatter every ratio.
CEILING_THREADS = 8
BARE_APP = """
import sys
from flask import Flask
from waitress import serve
app = Flask("bare")
@app.get("/")
def index():
    return {"ok": True, "service": "bare", "items": [1, 2, 3]}
serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=int(sys.argv[2]), ident="bare")
"""


# ------------------------------------------------------------------------------------------
# The harness
# ------------------------------------------------------------------------------------------


class Client:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.last_cookies: list[tuple[str, str]] = []  # (name, value) of the last answer's Set-Cookie

    def request(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes, dict]:
        data = json.dumps(body).encode() if body is not None else None
        hdrs = {"Content-Type": "application/json"} if data is not None else {}
        hdrs.update(headers or {})
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=hdrs)
                response = self.conn.getresponse()
                payload = response.read()
                self.last_cookies = [
                    tuple(c.split(";", 1)[0].strip().split("=", 1)) for c in response.msg.get_all("Set-Cookie") or ()
                ]
                return response.status, payload, dict(response.getheaders())
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        self.conn.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


# Set by run_engine while the bare app runs beside the kit: every measurement of the kit is then
# preceded by a short one of the bare app, and its ratio is taken to that (on a shared machine the
# load moves within a run; a ceiling measured once at the start made ratios swing by 3x).
CEILING_PORT: dict[str, int] = {}
# Server processes by port (the kit's and the bare app's): measure() also notes the CPU each one
# spent in the timed window. CPU per request moves far less with a shared machine's load than a
# rate does, and a server near one busy core (Python runs one thread at a time) cannot go faster
# with more clients.
SERVER_PIDS: dict[int, int] = {}


def ceiling_sample(clients: int) -> float:
    port = CEILING_PORT.get("port")
    if not port:
        return 0.0
    return measure(port, clients, 1.0, lambda c, i, n: timed(c, "GET", "/")[:2], warmup=0.3)["rps"]


def hammer(port: int, clients: int, seconds: float, make, expected=(200,), warmup: float = 0.5) -> dict:
    """measure() after a short sample of the bare app's rate (`ceiling_rps`, for the row's ratio)."""
    ceiling = ceiling_sample(max(clients, 8))
    result = measure(port, clients, seconds, make, expected, warmup)
    if ceiling:
        result["ceiling_rps"] = ceiling
    return result


def measure(port: int, clients: int, seconds: float, make, expected=(200,), warmup: float = 0.5) -> dict:
    """K threads call make(client, index, n) for `seconds`; latency of the timed part.

    `make` does the timed request itself and answers (status, latency_s); any untimed follow-up
    it needs (finishing a called ticket) happens inside it after the timing. It may add a third
    item, [(part name, status, latency_s), ...], for parts also timed on their own (a round's
    call and finish): they are summed up under "parts".
    """
    latencies: list[list[float]] = [[] for _ in range(clients)]
    parts: list[dict[str, list]] = [{} for _ in range(clients)]  # name -> [(status, latency)]
    errors = [0] * clients
    statuses: list[dict] = [{} for _ in range(clients)]
    start_gate = threading.Barrier(clients + 1)
    state = {"measure": False, "stop": False}

    def run(i: int):
        client = Client(port)
        n = 0
        start_gate.wait()
        while not state["stop"]:
            try:
                status, latency, *extra = make(client, i, n)
            except Exception:  # noqa: BLE001  a dropped connection is an error, not a crash
                status, latency, extra = -1, 0.0, []
            n += 1
            if state["measure"]:
                for name, part_status, part_latency in extra[0] if extra else ():
                    parts[i].setdefault(name, []).append((part_status, part_latency))
                statuses[i][status] = statuses[i].get(status, 0) + 1
                if status in expected:
                    latencies[i].append(latency)
                else:
                    errors[i] += 1
        client.close()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    time.sleep(warmup)
    cpu_began = server_cpu_s(port)
    state["measure"] = True
    began = time.perf_counter()
    time.sleep(seconds)
    state["measure"] = False
    elapsed = time.perf_counter() - began
    cpu_spent = server_cpu_s(port) - cpu_began
    state["stop"] = True
    for thread in threads:
        thread.join(60)
    merged = [v for chunk in latencies for v in chunk]
    status_counts: dict[str, int] = {}
    for chunk in statuses:
        for key, value in chunk.items():
            status_counts[str(key)] = status_counts.get(str(key), 0) + value
    result = summary(merged, sum(errors), elapsed)
    result["statuses"] = status_counts
    if port in SERVER_PIDS and merged:
        result["server_cpu"] = {
            "ms_per_request": round(cpu_spent * 1000 / len(merged), 3),
            "busy_cores": round(cpu_spent / elapsed, 2),
        }
    names = sorted({name for chunk in parts for name in chunk})
    if names:
        result["parts"] = {}
        for name in names:
            rows = [row for chunk in parts for row in chunk.get(name, ())]
            good = [latency for status, latency in rows if 200 <= status < 300]
            result["parts"][name] = summary(good, len(rows) - len(good), elapsed)
    return result


def server_cpu_s(port: int) -> float:
    """CPU seconds (user + system) the server on `port` has spent so far; 0 when not known."""
    pid = SERVER_PIDS.get(port)
    if pid is None:
        return 0.0
    import psutil

    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system


def summary(latencies: list[float], errors: int, elapsed: float) -> dict:
    return {
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "errors": errors,
        "requests": len(latencies) + errors,
    }


def ratio(row: dict, ceiling_rps: float) -> float | None:
    """The row's rate to the bare app's, measured just before it when the run did so."""
    base = row.get("ceiling_rps") or ceiling_rps
    return round(row["rps"] / base, 3) if base else None


def timed(client: Client, method: str, path: str, body=None, headers=None) -> tuple[int, float, bytes, dict]:
    began = time.perf_counter()
    status, payload, hdrs = client.request(method, path, body, headers)
    return status, time.perf_counter() - began, payload, hdrs


# ------------------------------------------------------------------------------------------
# Servers
# ------------------------------------------------------------------------------------------


def start_bare(threads: int) -> tuple[subprocess.Popen, int]:
    from live import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", BARE_APP, str(port), str(threads)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for(port, "/")
    return process, port


def wait_for(port: int, path: str, timeout: float = 60) -> float:
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                conn.close()
                return time.perf_counter() - began
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"nothing answered on port {port}")


def rss_mb(pid: int) -> float:
    import psutil

    process = psutil.Process(pid)
    return round(process.memory_info().rss / 1e6, 1)


def cli_token(server, name: str, role: str, tenant: str | None = None) -> str:
    args = ["create-token", "--name", name, "--role", role] + (["--tenant", tenant] if tenant else [])
    return server.cli(*args).stdout.strip().splitlines()[-1]


MAKE_TOKENS = """
import json
from mpp_lite import create_app
from mpp_lite.auth.services import create_token
from mpp_lite.catalogue.models import Tenant
from mpp_lite.queue.models import Counter
from mpp_lite.extensions import db
app = create_app()
with app.app_context():
    out = {}
    for role in ("kiosk", "display", "admin"):
        out[role] = create_token("bench " + role, role, None)[1]
    codes = db.session.scalars(db.select(Tenant.code).join(Counter, Counter.tenant_id == Tenant.id).distinct())
    out["operator"] = {code: create_token("bench op " + code, "operator", code)[1] for code in codes}
    db.session.commit()
    print(json.dumps(out))
"""


BENCH_COUNTERS = """
import json, sys
from mpp_lite import create_app
from mpp_lite.auth.services import create_token
from mpp_lite.catalogue.models import Service
from mpp_lite.queue.models import Counter, Queue
from mpp_lite.extensions import db
from mpp_lite.queue import services
count, tickets = int(sys.argv[1]), int(sys.argv[2])
app = create_app()
with app.app_context():
    queue = db.session.scalars(db.select(Queue).join(Service, Service.queue_id == Queue.id)
                               .where(Queue.active.is_(True), Queue.tenant_id.is_not(None))
                               .order_by(Queue.prefix)).first()
    tenant = queue.tenant
    start = (db.session.scalar(db.select(db.func.max(Counter.number))) or 0) + 1
    counters = [Counter(number=start + k, name=f"Loket Bench {start + k}", tenant=tenant, queues=[queue])
                for k in range(count)]
    db.session.add_all(counters)
    raw = create_token(f"bench rounds {start}", "operator", tenant.code)[1] if count else None
    service_ids = list(db.session.scalars(db.select(Service.id).where(Service.queue_id == queue.id,
                                                                      Service.published.is_(True))))
    db.session.commit()
    for k in range(tickets):
        services.issue(service_ids[k % len(service_ids)], issued_by="bench")
        if k % 200 == 199:
            db.session.commit()
    db.session.commit()
    print(json.dumps({"queue": queue.prefix, "token": raw, "counters": [c.id for c in counters],
                      "services": service_ids}))
"""


def make_tokens(server) -> dict:
    """All the tokens the bench needs, made in one process (a CLI call each costs seconds)."""
    done = subprocess.run(
        [sys.executable, "-c", MAKE_TOKENS],
        env=server.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


class Site:
    """Tokens, services and counters of a running server, found through its own API."""

    def __init__(self, server, clients: int):
        self.server = server
        self.port = server.port
        tokens = make_tokens(server)
        self.raw = tokens
        self.kiosk = {"Authorization": "Bearer " + tokens["kiosk"]}
        self.display = {"Authorization": "Bearer " + tokens["display"]}
        self.admin = {"Authorization": "Bearer " + tokens["admin"]}
        self.operator: dict[str, dict] = {
            code: {"Authorization": "Bearer " + raw} for code, raw in tokens["operator"].items()
        }
        client = Client(self.port)
        status, body, _ = client.request("GET", "/api/v1/services", headers=self.admin)
        services = json.loads(body)["items"] if status == 200 else []
        status, body, _ = client.request("GET", "/api/v1/counters", headers=self.admin)
        counters = json.loads(body)["items"] if status == 200 else []
        by_prefix: dict[str, list[dict]] = {}
        for service in services:
            if service.get("queue_prefix"):
                by_prefix.setdefault(service["queue_prefix"], []).append(service)
        # One counter per client, each serving a queue that has services.
        self.counters = [c for c in counters if any(p in by_prefix for p in c.get("queue_prefixes", []))][:clients]
        self.counters = [c for c in self.counters if c["tenant_code"] in self.operator]
        self.services_for_counter = {
            c["id"]: [s["id"] for p in c["queue_prefixes"] for s in by_prefix.get(p, [])] for c in self.counters
        }
        issue_services = sorted({s for ids in self.services_for_counter.values() for s in ids})
        self.issue_services = issue_services or [s["id"] for s in services if s.get("queue_prefix")]
        self.application = self._application(client, services)
        client.close()

    def _application(self, client: Client, services: list[dict]) -> dict | None:
        """One application to look up (made through the API as an operator would)."""
        for service in services:
            headers = self.operator.get(service["tenant"]["code"])
            if headers is None:
                continue
            status, body, _ = client.request(
                "POST",
                "/api/v1/applications",
                {
                    "service_id": service["id"],
                    "documents": [],
                    "applicant": {"name": "Budi Santoso", "nik": "3299011505900003", "phone": "081234567890"},
                },
                headers,
            )
            if status == 201:
                return {"code": json.loads(body)["tracking_code"], "phone_last4": "7890"}
        return None


def add_waiting(server, tickets: int, counters: int = 0) -> dict:
    """`counters` new counters on one queue (with an operator token of its tenant), and `tickets`
    more waiting tickets in that queue; made in one process beside the server, as MAKE_TOKENS."""
    done = subprocess.run(
        [sys.executable, "-c", BENCH_COUNTERS, str(counters), str(tickets)],
        env=server.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode:
        raise RuntimeError(f"could not add counters and tickets: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def page_cookies(client: Client, path: str, cookies: dict) -> tuple[dict, str]:
    """GET a device page as its browser would: the cookies it ends up holding, and the page's CSRF token."""
    import re

    status, body, _ = client.request("GET", path, headers={"Cookie": cookie_header(cookies)})
    held = dict(cookies)
    for name, value in client.last_cookies:
        held[name] = value
    match = re.search(rb'<meta name="csrf-token" content="([^"]*)"', body)
    if status != 200:
        raise RuntimeError(f"{path} answered {status} to a paired device")
    return held, (match.group(1).decode() if match else "")


def bench_devices(site: Site, clients: int, seconds: float) -> dict:
    """What devices send: the TV's poll and the kiosk page's issue with their cookies."""
    port = site.port
    results: dict[str, dict] = {}
    probe = Client(port)
    # A device's cookie holds a raw token of its role (pairing gives the browser a fresh one).
    tv, _ = page_cookies(probe, "/display", {"mpp_device": site.raw["display"]})
    kiosk, csrf = page_cookies(probe, "/kiosk", {"mpp_device": site.raw["kiosk"]})
    tv_headers = {"Cookie": cookie_header(tv), "Accept": "application/json"}
    probe.close()
    set_cookies = []  # every Set-Cookie a poll answer carried (there should be none)

    def poll(client, i, n):
        answer = timed(client, "GET", "/api/v1/display", None, tv_headers)[:2]
        set_cookies.extend(client.last_cookies)
        return answer

    results["display_poll_device"] = hammer(port, clients, seconds, poll)
    etags: dict[int, str] = {}

    def poll_etag(client, i, n):
        # As display.js: If-None-Match with the last ETag seen; a changed board (a call, or the
        # minute turning: the board shows which queues are open) answers 200 with the new one.
        status, latency, _, headers = timed(
            client,
            "GET",
            "/api/v1/display",
            None,
            {**tv_headers, **({"If-None-Match": etags[i]} if i in etags else {})},
        )
        etags[i] = headers.get("ETag") or headers.get("Etag") or etags.get(i, "")
        set_cookies.extend(client.last_cookies)
        return status, latency

    results["display_poll_device_etag"] = hammer(port, clients, seconds, poll_etag, expected=(304, 200))
    for name in ("display_poll_device", "display_poll_device_etag"):
        results[name]["cookies_sent"] = sorted(tv)
        results[name]["set_cookie_answers"] = len(set_cookies)
    kiosk_headers = {"Cookie": cookie_header(kiosk), "X-CSRFToken": csrf, "Accept": "application/json"}
    service_ids = site.issue_services

    def issue(client, i, n):
        return timed(
            client,
            "POST",
            "/api/v1/tickets",
            {"service_id": service_ids[(i + n * clients) % len(service_ids)]},
            kiosk_headers,
        )[:2]

    results["kiosk_page_issue"] = hammer(port, clients, seconds, issue, expected=(201,))
    return results


def bare_rounds(port: int, seconds: float) -> dict:
    """The bare app's "rounds" (two GETs, as a call and a finish) by 1 client and by 10: how much a
    single server process can gain from more clients on this machine when it does no work at all.
    One client already keeps it most of a core busy, so 10 can only fill the rest."""

    def make(client, i, n):
        first, first_latency, _, _ = timed(client, "GET", "/")
        second, second_latency, _, _ = timed(client, "GET", "/")
        return (second if first == 200 else first), first_latency + second_latency

    one = measure(port, 1, seconds, make, warmup=0.3)
    ten = measure(port, ROUND_COUNTERS, seconds, make, warmup=0.3)
    return {
        "rounds_1_client": one["rps"],
        "rounds_10_clients": ten["rps"],
        "scaling": round(ten["rps"] / one["rps"], 2) if one["rps"] else None,
        "busy_cores_1_client": (one.get("server_cpu") or {}).get("busy_cores"),
    }


def bench_rounds(site: Site, seconds: float) -> dict:
    """Call-next + finish rounds on one queue, by one counter and then by ten (one client each),
    as the independent test ran them: calls and finishes timed on their own as well."""
    warmup = 0.5
    # Enough waiting tickets that no counter runs dry: 300 at the start, as the independent test.
    bench = add_waiting(site.server, 300 + int(60 * (seconds + warmup)), ROUND_COUNTERS)
    headers = {"Authorization": "Bearer " + bench["token"]}

    def round_at(counters: list[int]):
        def make(client, i, n):
            status, call_latency, body, _ = timed(
                client, "POST", f"/api/v1/counters/{counters[i]}/call-next", None, headers
            )
            if status == 409:  # holding one from an interrupted round: finish it
                held = json.loads(body).get("error", {}).get("ticket_id")
                if held:
                    client.request("POST", f"/api/v1/tickets/{held}/finish", None, headers)
                return status, call_latency, [("call", status, call_latency)]
            if status != 200:
                return status, call_latency, [("call", status, call_latency)]
            ticket = json.loads(body)
            finished, finish_latency, _, _ = timed(
                client, "POST", f"/api/v1/tickets/{ticket['id']}/finish", None, headers
            )
            return (
                finished,
                call_latency + finish_latency,
                [("call", status, call_latency), ("finish", finished, finish_latency)],
            )

        return make

    one = hammer(site.port, 1, seconds, round_at(bench["counters"][:1]), warmup=warmup)
    add_waiting(site.server, int(250 * (seconds + warmup)))
    ten = hammer(site.port, ROUND_COUNTERS, seconds, round_at(bench["counters"]), warmup=warmup)
    return {
        "rounds_1_counter": one,
        "rounds_10_counters": ten,
        "call_next_10_counters": ten.get("parts", {}).get("call", summary([], 0, 1)),
        "finish_10_counters": ten.get("parts", {}).get("finish", summary([], 0, 1)),
    }


def bench_endpoints(site: Site, clients: int, seconds: float, ceiling_rps: float) -> dict:
    port = site.port
    results: dict[str, dict] = {}
    service_ids = site.issue_services

    def issue(client, i, n):
        status, latency, _, _ = timed(
            client,
            "POST",
            "/api/v1/tickets",
            {"service_id": service_ids[(i + n * clients) % len(service_ids)]},
            site.kiosk,
        )
        return status, latency

    results["ticket_issue"] = hammer(port, clients, seconds, issue, expected=(201,))

    def call(client, i, n):
        if i >= len(site.counters):
            time.sleep(0.05)
            return 0, 0.0
        counter = site.counters[i]
        headers = site.operator[counter["tenant_code"]]
        status, latency, body, _ = timed(client, "POST", f"/api/v1/counters/{counter['id']}/call-next", None, headers)
        if status == 200:  # untimed: finish it, and give the queue a new ticket, so counters never idle
            ticket = json.loads(body)
            client.request("POST", f"/api/v1/tickets/{ticket['id']}/finish", None, headers)
            ids = site.services_for_counter[counter["id"]]
            client.request("POST", "/api/v1/tickets", {"service_id": ids[n % len(ids)]}, site.kiosk)
        elif status == 409:  # still holding one from an interrupted round: finish it
            held = json.loads(body).get("error", {}).get("ticket_id")
            if held:
                client.request("POST", f"/api/v1/tickets/{held}/finish", None, headers)
        return status, latency

    results["call_next"] = hammer(port, clients, seconds, call, expected=(200, 204))

    def poll(client, i, n):
        status, latency, _, _ = timed(client, "GET", "/api/v1/display", None, site.display)
        return status, latency

    results["display_poll"] = hammer(port, clients, seconds, poll)
    probe = Client(port)
    _, _, headers = probe.request("GET", "/api/v1/display", None, site.display)
    probe.close()
    first_etag = headers.get("ETag") or headers.get("Etag") or ""
    last_etags: dict[int, str] = {}

    def poll_etag(client, i, n):
        # Each client keeps the last ETag it saw, as display.js does: when the board changes (a
        # minute turning changes which queues are open) one 200 brings the new one, then 304s again.
        status, latency, _, answer = timed(
            client, "GET", "/api/v1/display", None, {**site.display, "If-None-Match": last_etags.get(i, first_etag)}
        )
        last_etags[i] = answer.get("ETag") or answer.get("Etag") or last_etags.get(i, first_etag)
        return status, latency

    results["display_poll_etag"] = hammer(port, clients, seconds, poll_etag, expected=(304, 200))

    if site.application:

        def lookup(client, i, n):
            status, latency, _, _ = timed(client, "POST", "/api/v1/status", site.application)
            return status, latency

        results["status_lookup"] = hammer(port, clients, seconds, lookup)
    else:
        results["status_lookup"] = {
            "rps": 0.0,
            "p50_ms": None,
            "p95_ms": None,
            "p99_ms": None,
            "errors": -1,
            "note": "could not create an application to look up",
        }

    def catalogue(client, i, n):
        status, latency, _, _ = timed(client, "GET", "/")
        return status, latency

    results["catalogue"] = hammer(port, clients, seconds, catalogue)
    for values in results.values():
        values["ratio"] = ratio(values, ceiling_rps)
    return {name: results[name] for name in ENDPOINTS}


# ------------------------------------------------------------------------------------------
# History at size
# ------------------------------------------------------------------------------------------


def history_instance(quick: bool, regenerate: bool) -> tuple[Path, dict]:
    name = "history-1m-300" if quick else "history-5y"
    folder = CACHE / name
    if regenerate and folder.exists():
        shutil.rmtree(folder)
    if not (folder / "history.json").exists():
        if folder.exists():
            shutil.rmtree(folder)  # an interrupted generation
        # --quick: one month at a fifth of the traffic (a smoke check of the reports, made in seconds).
        args = ["--instance", str(folder), "--quiet"] + (
            ["--months", "1", "--per-day", "300"] if quick else ["--years", "5"]
        )
        print(f"Generating the history ({'one month' if quick else 'five years'}; cached in {folder}) ...", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "generate_history.py"), *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return folder, json.loads((folder / "history.json").read_text())


def median_time(
    client: Client, method: str, path: str, body=None, headers=None, repeats: int = 5, expected=(200,)
) -> dict:
    times, status = [], None
    for _ in range(repeats):
        status, latency, _, _ = timed(client, method, path, body, headers)
        times.append(latency)
    return {
        "median_s": round(statistics.median(times), 4),
        "first_s": round(times[0], 4),
        "max_s": round(max(times), 4),
        "ok": status in expected,
        "status": status,
    }


def bench_history(quick: bool, regenerate: bool, database_url: str | None = None) -> dict:
    """Timings at history size: on the cached SQLite history, or (database_url) on a PostgreSQL
    database that holds the same history (made with `mpp-lite db copy --to URL` from the cache)."""
    from live import LiveServer

    folder, summary = history_instance(quick, regenerate)
    sqlite_url = "sqlite:///" + (folder / "mpp-lite.sqlite").as_posix()
    workdir = None
    if database_url:
        workdir = Path(tempfile.mkdtemp(prefix="mpp-bench-pg-history-"))
        (workdir / "instance").mkdir()
        shutil.copyfile(folder / "secret_key", workdir / "instance" / "secret_key")
        server = LiveServer(workdir / "instance", env={"MPP_DATABASE_URL": database_url})
    else:
        server = LiveServer(folder, env={"MPP_DATABASE_URL": sqlite_url})
        if _revision(folder) != _head():
            server.cli("upgrade")  # a cache made before a schema change
    server.start(timeout=120)
    try:
        tokens = make_tokens(server)
        admin = {"Authorization": "Bearer " + tokens["admin"]}
        kiosk = {"Authorization": "Bearer " + tokens["kiosk"]}
        client = Client(server.port)
        today = date.today()
        year_from = (today - timedelta(days=365)).isoformat()
        month_from = (today - timedelta(days=30)).isoformat()
        repeats = 3 if quick else 5
        result = {
            "tickets": summary["counts"].get("tickets"),
            "applications": summary["counts"].get("applications"),
            "surveys": summary["counts"].get("surveys"),
            "complaints": summary["counts"].get("complaints"),
            "span": f"{summary['first_day']}..{summary['last_day']}",
            "generated_in_s": summary.get("seconds"),
        }
        result["dashboard_year"] = median_time(
            client, "GET", f"/dashboard?from={year_from}&to={today}", None, admin, repeats
        )
        result["dashboard_month"] = median_time(
            client, "GET", f"/dashboard?from={month_from}&to={today}", None, admin, repeats
        )
        result["summary_year_api"] = median_time(
            client, "GET", f"/api/v1/reports/summary?from={year_from}&to={today}", None, admin, repeats
        )
        result["ikm_year"] = median_time(
            client, "GET", f"/api/v1/reports/ikm?from={year_from}&to={today}", None, admin, repeats
        )
        application = _some_application(database_url or sqlite_url)
        if application:
            result["status_lookup"] = median_time(client, "POST", "/api/v1/status", application, None, 20)
        services = json.loads(client.request("GET", "/api/v1/services")[1])["items"]
        service_id = next(s["id"] for s in services if s.get("queue_prefix"))
        result["ticket_issue"] = median_time(
            client, "POST", "/api/v1/tickets", {"service_id": service_id}, kiosk, 20, expected=(201,)
        )
        client.close()
        if database_url:
            result["db_size_mb"] = _postgres_size_mb(database_url)
            result["database"] = "postgresql"
        else:
            database = folder / "mpp-lite.sqlite"
            result["db_size_mb"] = round(sum(p.stat().st_size for p in folder.glob("mpp-lite.sqlite*")) / 1e6, 1)
            result["db_file"] = str(database.relative_to(ROOT)) if database.is_relative_to(ROOT) else str(database)
        result["rss_mb_after"] = rss_mb(server.process.pid)
    finally:
        server.stop()
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return result


def _postgres_size_mb(url: str) -> float:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return round(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() / 1e6, 1)
    finally:
        engine.dispose()


def _revision(folder: Path) -> str | None:
    import sqlite3

    with sqlite3.connect(folder / "mpp-lite.sqlite") as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(ROOT / "mpp_lite" / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def _some_application(url: str) -> dict | None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT tracking_code, phone FROM applications WHERE phone IS NOT NULL "
                    "ORDER BY id DESC LIMIT 1 OFFSET 500"
                )
            ).first()
    finally:
        engine.dispose()
    return {"code": row[0], "phone_last4": row[1][-4:]} if row else None


# ------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------


def machine() -> dict:
    import psutil

    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["load_before"] = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    return info


def run_engine(label: str, args, env: dict | None) -> dict:
    """Start a fresh demo server (SQLite or the given database) and measure everything on it."""
    from live import LiveServer

    workdir = Path(tempfile.mkdtemp(prefix=f"mpp-bench-{label}-"))
    server = LiveServer(workdir / "instance", env=env, threads=args.threads, demo=True)
    try:
        server.instance.mkdir(parents=True)
        server.cli("init", "--demo")
        began = time.perf_counter()
        server.start(timeout=120)
        cold = time.perf_counter() - began
        time.sleep(1.0)
        idle = rss_mb(server.process.pid)
        site = Site(server, args.clients)
        # Ceiling first, then the endpoints, in the same run with the same harness.
        bare, bare_port = start_bare(max(args.threads, CEILING_THREADS))
        SERVER_PIDS.update({server.port: server.process.pid, bare_port: bare.pid})
        try:
            ceiling = measure(bare_port, args.clients, args.seconds, lambda c, i, n: timed(c, "GET", "/")[:2])
            CEILING_PORT["port"] = bare_port  # and a short sample of it before every row
            endpoints = bench_endpoints(site, args.clients, args.seconds, ceiling["rps"])
            devices = {**bench_devices(site, args.clients, args.seconds), **bench_rounds(site, args.seconds)}
            for name in DEVICE_ENDPOINTS:
                devices[name]["ratio"] = ratio(devices[name], ceiling["rps"])
                endpoints[name] = devices[name]
            # The floor of any request that touches the database: the kit's own stack (its request
            # hooks, the session, a pooled connection) around one SELECT 1, and nothing else.
            floor = hammer(server.port, args.clients, args.seconds, lambda c, i, n: timed(c, "GET", "/healthz")[:2])
            floor["ratio"] = ratio(floor, ceiling["rps"])
            scaling = bare_rounds(bare_port, args.seconds)
        finally:
            CEILING_PORT.clear()
            SERVER_PIDS.clear()
            bare.terminate()
            bare.wait(10)
        after = rss_mb(server.process.pid)
    finally:
        server.stop()
        warnings = waitress_warnings(server.instance / "server-output.log")
        shutil.rmtree(workdir, ignore_errors=True)
    samples = [row["ceiling_rps"] for row in [*endpoints.values(), floor] if row.get("ceiling_rps")]
    return {
        "ceiling": {k: ceiling[k] for k in ("rps", "p50_ms", "p95_ms", "server_cpu") if k in ceiling},
        "endpoints": endpoints,
        "ceiling_samples": {
            "min": min(samples, default=None),
            "median": statistics.median(samples) if samples else None,
            "max": max(samples, default=None),
        },
        "floor": {k: floor[k] for k in ("rps", "ratio", "p50_ms", "p95_ms", "server_cpu") if k in floor},
        "bare_rounds": scaling,
        "rss_mb": {"idle": idle, "after_load": after},
        "cold_start_s": round(cold, 2),
        "waitress_warnings": warnings,
    }


def waitress_warnings(path: Path) -> int:
    """Lines waitress wrote to the server's output while the bench ran (its queue-depth warning)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return -1
    return sum(1 for line in lines if "waitress" in line.lower() or "queue depth" in line.lower())


def _device_targets(data: dict, label: str) -> list[tuple[str, str, bool | None]]:
    """Issue 19's and issue 18's targets, where this run measured them."""
    e = data["endpoints"]
    rows = []
    if label:  # PostgreSQL with one process: the rounds only
        rounds = e.get("rounds_10_counters")
        if rounds:
            rows.append(
                (
                    f"call-next + finish rounds with 10 counters >= 100/s{label}",
                    f"{rounds['rps']:.0f}/s",
                    rounds["rps"] >= 100,
                )
            )
        return rows
    if "floor" in data:
        rows.append(
            ("floor (GET /healthz) >= 70% of ceiling", f"{data['floor']['ratio']:.0%}", data["floor"]["ratio"] >= 0.7)
        )
    if "call_next_10_counters" in e:
        one, ten = e["rounds_1_counter"]["rps"], e["rounds_10_counters"]["rps"]
        busy = (e["rounds_1_counter"].get("server_cpu") or {}).get("busy_cores")
        busy_note = f"; server {busy:.2f} cores busy with 1 counter" if busy is not None else ""
        bare = data.get("bare_rounds") or {}
        if bare.get("scaling"):
            busy_note += f"; the bare app's rounds: {bare['scaling']:.1f}x from 1 client to 10"
        rows += [
            (
                "call-next p95 < 40 ms with 10 counters",
                f"{e['call_next_10_counters']['p95_ms']} ms",
                e["call_next_10_counters"]["p95_ms"] < 40,
            ),
            ("rounds with 10 counters >= 150/s", f"{ten:.0f}/s", ten >= 150),
            (
                "rounds with 10 counters >= 3x 1 counter",
                f"{ten:.0f}/s vs {one:.0f}/s ({ten / one if one else 0:.1f}x{busy_note})",
                one > 0 and ten >= 3 * one,
            ),
        ]
    if "display_poll_device_etag" in e:
        poll = e["display_poll_device_etag"]
        rows += [
            ("TV's real poll with If-None-Match >= 80% of ceiling", f"{poll['ratio']:.0%}", poll["ratio"] >= 0.8),
            (
                "no Set-Cookie on any TV poll answer",
                f"{poll['set_cookie_answers']} cookies",
                poll["set_cookie_answers"] == 0,
            ),
        ]
    if "waitress_warnings" in data:
        rows.append(
            (
                "fewer than 100 waitress warning lines under load",
                str(data["waitress_warnings"]),
                data["waitress_warnings"] < 100,
            )
        )
    return rows


def check_targets(report: dict) -> list[tuple[str, str, bool | None]]:
    e = report["endpoints"]
    h = report.get("history") or {}
    rows = _device_targets(report, "") + [
        ("ticket issue >= 50% of ceiling rps", f"{e['ticket_issue']['ratio']:.0%}", e["ticket_issue"]["ratio"] >= 0.5),
        (
            "display poll with ETag >= 80% of ceiling",
            f"{e['display_poll_etag']['ratio']:.0%}",
            e["display_poll_etag"]["ratio"] >= 0.8,
        ),
        ("ticket issue p95 < 50 ms (8 clients)", f"{e['ticket_issue']['p95_ms']} ms", e["ticket_issue"]["p95_ms"] < 50),
        (
            "server RSS after load < 100 MB",
            f"{report['rss_mb']['after_load']} MB",
            report["rss_mb"]["after_load"] < 100,
        ),
    ]
    if report.get("postgres"):
        rows += _device_targets(report["postgres"], " (PostgreSQL)")
    if "dashboard_year" in h:
        rows.append(
            (
                "one-year dashboard < 1 s at history size",
                f"{h['dashboard_year']['median_s']} s",
                h["dashboard_year"]["median_s"] < 1 and h["dashboard_year"]["ok"],
            )
        )
    if "status_lookup" in h:
        rows.append(
            (
                "status lookup < 20 ms at history size",
                f"{h['status_lookup']['median_s'] * 1000:.1f} ms",
                h["status_lookup"]["median_s"] < 0.02 and h["status_lookup"]["ok"],
            )
        )
    return rows


def print_table(report: dict) -> None:
    c = report["ceiling"]
    print(
        f"\nMachine: {report['machine'].get('cpu', '?')}, {report['machine']['cpus']} CPUs, "
        f"{report['machine']['memory_gb']} GB, Python {report['machine']['python']}; "
        f"{report['settings']['clients']} clients x {report['settings']['seconds']} s per endpoint; "
        f"server {report['settings']['threads']} threads"
    )
    print(
        f"Ceiling (bare Flask on waitress, {report['settings']['ceiling_threads']} threads): {c['rps']:.0f} req/s, "
        f"p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms{_cpu_note(c)}\n"
    )
    engines = [("SQLite", report)] + ([("PostgreSQL", report["postgres"])] if report.get("postgres") else [])
    for label, data in engines:
        ceiling = data["ceiling"]
        spread = data.get("ceiling_samples") or {}
        print(
            f"{label} (ceiling {ceiling['rps']:.0f} req/s at the start; each ratio is to a 1 s sample of the bare app "
            f"taken just before its row: {spread.get('min') or 0:.0f}-{spread.get('max') or 0:.0f} req/s, "
            f"median {spread.get('median') or 0:.0f}):"
        )
        print(
            f"  {'endpoint':<26}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
            f"{'CPU ms':>8}{'busy':>6}"
        )
        for name, row in data["endpoints"].items():
            if name == DEVICE_ENDPOINTS[0]:
                print("  as devices send them (rounds: call-next + finish; req/s of rounds, p50/p95 of a round):")
            ratio = f"{row['ratio']:.0%}" if row.get("ratio") is not None else "-"
            print(
                f"  {name:<26}{row['rps']:>9.0f}{ratio:>8}{_n(row['p50_ms']):>9}{_n(row['p95_ms']):>9}"
                f"{_n(row['p99_ms']):>9}{row['errors']:>8}{_cpu_columns(row)}"
            )
        floor = data.get("floor")
        if floor:
            print(
                f"  {'(floor: GET /healthz)':<26}{floor['rps']:>9.0f}{floor['ratio']:>8.0%}{_n(floor['p50_ms']):>9}"
                f"{_n(floor['p95_ms']):>9}{'':>9}{'':>8}{_cpu_columns(floor)}   one SELECT 1 through the app: "
                "no request that reads or writes gets above it"
            )
        print(
            "  CPU ms: the server's CPU (user + system) per request, or per round; busy: its CPU in cores while"
            " measured\n  (one Python process runs one thread at a time: near 1.0, more clients cannot make it faster)"
        )
        bare = data.get("bare_rounds")
        if bare and bare.get("scaling"):
            print(
                f"  the bare app's rounds (two GETs): {bare['rounds_1_client']:.0f}/s by 1 client "
                f"({bare['busy_cores_1_client'] or 0:.2f} cores busy), {bare['rounds_10_clients']:.0f}/s by "
                f"{ROUND_COUNTERS} ({bare['scaling']:.2f}x): the most more clients can add on this machine"
            )
        print(f"  waitress lines in the server's output under this load: {data.get('waitress_warnings')}")
        print(
            f"  RSS idle {data['rss_mb']['idle']} MB, after load {data['rss_mb']['after_load']} MB; "
            f"cold start to first 200: {data['cold_start_s']} s\n"
        )
    for label, h in (("", report.get("history")), (" on PostgreSQL", report.get("history_postgres"))):
        if not h:
            continue
        print(
            f"History{label} ({h['tickets']:,} tickets, {h['applications']:,} applications, {h['surveys']:,} surveys, "
            f"{h['complaints']:,} complaints; {h['span']}; database {h['db_size_mb']} MB):"
        )
        for key in (
            "dashboard_year",
            "dashboard_month",
            "summary_year_api",
            "ikm_year",
            "status_lookup",
            "ticket_issue",
        ):
            if key in h:
                row = h[key]
                flag = "" if row["ok"] else f"  (HTTP {row['status']})"
                print(
                    f"  {key:<20} median {row['median_s'] * 1000:>8.1f} ms   first {row['first_s'] * 1000:>8.1f} ms"
                    f"   max {row['max_s'] * 1000:>8.1f} ms{flag}"
                )
        print()
    print("Targets:")
    for name, value, ok in check_targets(report):
        print(f"  [{'ok' if ok else 'MISSED'}] {name}: {value}")


def _cpu_columns(row: dict) -> str:
    cpu = row.get("server_cpu")
    return f"{cpu['ms_per_request']:>8.2f}{cpu['busy_cores']:>6.2f}" if cpu else f"{'-':>8}{'-':>6}"


def _cpu_note(row: dict) -> str:
    cpu = row.get("server_cpu")
    return f"; server CPU {cpu['ms_per_request']:.2f} ms per request, {cpu['busy_cores']:.2f} cores busy" if cpu else ""


def _n(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="MPP Lite benchmark (see the module docstring).")
    parser.add_argument("--quick", action="store_true", help="3 s per endpoint and a one-month history (< 3 min)")
    parser.add_argument("--json", type=Path, default=None, help="write the JSON here too")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=4, help="waitress threads (as `mpp-lite serve`)")
    parser.add_argument("--seconds", type=float, default=None, help="per endpoint (default 10, quick 3)")
    parser.add_argument("--postgres", default=None, metavar="URL", help="also run the endpoints on PostgreSQL")
    parser.add_argument(
        "--postgres-history",
        default=None,
        metavar="URL",
        help="also time the history on this PostgreSQL database (a `db copy` of the cached history)",
    )
    parser.add_argument("--no-history", action="store_true")
    parser.add_argument("--regenerate", action="store_true", help="generate the history again")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (3.0 if args.quick else 10.0)
    began = time.perf_counter()
    CACHE.mkdir(parents=True, exist_ok=True)
    report: dict = {
        "machine": machine(),
        "settings": {
            "clients": args.clients,
            "seconds": args.seconds,
            "threads": args.threads,
            "ceiling_threads": max(args.threads, CEILING_THREADS),
            "quick": args.quick,
        },
    }
    # Never inherit a database URL: the first pass is the demo site on SQLite.
    os.environ.pop("MPP_TEST_DATABASE_URL", None)  # tests/live.py would put the server on PostgreSQL
    os.environ.pop("MPP_DATABASE_URL", None)
    print(f"Benchmarking on SQLite ({args.clients} clients, {args.seconds:g} s per endpoint) ...", flush=True)
    report.update(run_engine("sqlite", args, None))
    if args.postgres:
        os.environ["MPP_TEST_DATABASE_URL"] = args.postgres  # tests/live.py: a scratch database per server
        print("Benchmarking on PostgreSQL ...", flush=True)
        try:
            report["postgres"] = run_engine("postgres", args, None)
        finally:
            os.environ.pop("MPP_TEST_DATABASE_URL", None)
    if not args.no_history:
        report["history"] = bench_history(args.quick, args.regenerate)
        if args.postgres_history:
            report["history_postgres"] = bench_history(args.quick, False, args.postgres_history)
    report["targets"] = [{"target": n, "value": v, "met": ok} for n, v, ok in check_targets(report)]
    report["elapsed_s"] = round(time.perf_counter() - began, 1)
    print_table(report)
    out = args.json or CACHE / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nJSON written to {out}; took {report['elapsed_s']} s")
    return 0


if __name__ == "__main__":
    from quickstart import rerun_in_venv

    rerun_in_venv()  # with only Python: the kit's .venv/ with its test extras (psutil)
    sys.exit(main())
