"""Load for crash and backup tests: threads issuing tickets and recording applications on a live
server through the public API, remembering every write that was answered 2xx."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time

import requests

NIK = "3201011501900001"  # a valid-looking NIK (born 15-01-1990, serial 0001)
PHONE = "081234567890"


def token(server, name: str, role: str, tenant: str | None = None) -> str:
    args = ["create-token", "--name", name, "--role", role] + (["--tenant", tenant] if tenant else [])
    return server.cli(*args).stdout.strip().splitlines()[-1]


def tokens(server, *specs: tuple[str, str]) -> list[str]:
    """Several tokens from one process (each `mpp-lite` start costs seconds of imports)."""
    script = (
        "import sys\n"
        "from mpp_lite import create_app\n"
        "from mpp_lite.auth.services import create_token\n"
        "from mpp_lite.extensions import db\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    for spec in sys.argv[1:]:\n"
        "        name, role = spec.split(':')\n"
        "        print(create_token(name, role)[1])\n"
        "    db.session.commit()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *(f"{n}:{r}" for n, r in specs)],
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.split()


class Load:
    """Writers that run until stopped (or until the server dies under them)."""

    def __init__(self, server, ticket_threads: int = 4, application_threads: int = 2, counter_threads: int = 0):
        self.server = server
        self.kiosk, self.admin = tokens(server, ("kiosk-load", "kiosk"), ("admin-load", "admin"))
        services = self.get("/api/v1/services").json()["items"]
        self.ticket_services = [s["id"] for s in services if s.get("queue_prefix")]
        assert self.ticket_services, services
        self.application_service = self.get(f"/api/v1/services/{services[0]['id']}").json()
        self.tickets: list[tuple[float, int]] = []  # (monotonic time answered, id)
        self.applications: list[tuple[float, str]] = []
        self.errors: list[str] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._tickets, args=(n,), daemon=True) for n in range(ticket_threads)]
        self.threads += [threading.Thread(target=self._applications, daemon=True) for _ in range(application_threads)]
        self.calls: dict[int, str] = {}  # ticket id -> the last counter step answered 200 ("called", "done")
        if counter_threads:
            counters = self.get("/api/v1/counters").json()["items"]
            self.threads += [
                threading.Thread(target=self._counter, args=(c["id"],), daemon=True) for c in counters[:counter_threads]
            ]

    def get(self, path: str, token: str | None = None):
        return requests.get(
            self.server.url + path, headers={"Authorization": f"Bearer {token or self.admin}"}, timeout=30
        )

    def _post(self, session, path, token, body):
        return session.post(self.server.url + path, json=body, timeout=30, headers={"Authorization": f"Bearer {token}"})

    def _tickets(self, n: int) -> None:
        session = requests.Session()
        for i in itertools.count():
            if self.stopping.is_set():
                return
            service_id = self.ticket_services[(n + i) % len(self.ticket_services)]
            try:
                response = self._post(
                    session, "/api/v1/tickets", self.kiosk, {"service_id": service_id, "priority": i % 7 == 0}
                )
            except requests.RequestException:
                return  # the server is gone
            if 200 <= response.status_code < 300:
                with self.lock:
                    self.tickets.append((time.monotonic(), response.json()["id"]))
            else:
                self.errors.append(f"ticket {response.status_code} {response.text[:200]}")

    def _counter(self, counter_id: int) -> None:
        """A counter calling the next number and finishing it, as fast as it is answered."""
        session = requests.Session()
        while not self.stopping.is_set():
            try:
                called = self._post(session, f"/api/v1/counters/{counter_id}/call-next", self.admin, None)
                if called.status_code == 204:
                    time.sleep(0.02)  # nobody waiting yet at this counter's queues
                    continue
                if called.status_code != 200:
                    self.errors.append(f"call {called.status_code} {called.text[:200]}")
                    return
                ticket_id = called.json()["id"]
                with self.lock:
                    self.calls[ticket_id] = "called"
                finished = self._post(session, f"/api/v1/tickets/{ticket_id}/finish", self.admin, None)
            except requests.RequestException:
                return
            if finished.status_code != 200:
                self.errors.append(f"finish {finished.status_code} {finished.text[:200]}")
                return
            with self.lock:
                self.calls[ticket_id] = "done"

    def _applications(self) -> None:
        session = requests.Session()
        service = self.application_service
        requirements = [r if isinstance(r, str) else r.get("text") for r in service.get("requirements") or []]
        while not self.stopping.is_set():
            body = {
                "service_id": service["id"],
                "documents": requirements,
                "applicant": {"name": "Siti Aminah", "nik": NIK, "phone": PHONE},
            }
            try:
                response = self._post(session, "/api/v1/applications", self.admin, body)
            except requests.RequestException:
                return
            if 200 <= response.status_code < 300:
                with self.lock:
                    self.applications.append((time.monotonic(), response.json()["tracking_code"]))
            else:
                self.errors.append(f"application {response.status_code} {response.text[:200]}")

    def start(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(60)
