"""Helpers for the sync tests: records of every type, a receiver on loopback, a fault injector."""

from __future__ import annotations

import http.client
import json
import random
import socket
import socketserver
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from mpp_lite.extensions import db

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "mpp_lite" / "sync" / "schema" / "mpp-lite-v1.json"
SECRET = "s3cret-shared-between-site-and-receiver"
NIK = "3204014708900003"
PHONE = "081234567891"


# Records ---------------------------------------------------------------------------------


def make_ticket(service, queue, seq: int, **kw):
    from mpp_lite.queue.models import Ticket

    ticket = Ticket(
        queue_id=queue.id,
        service_id=service.id,
        day=kw.pop("day", date(2026, 11, 27)),
        seq=seq,
        number=f"{queue.prefix}{seq:03d}",
        **kw,
    )
    db.session.add(ticket)
    return ticket


def make_application(service, n: int, nik: str = NIK, phone: str = PHONE, name: str = "Budi Santoso", **kw):
    from mpp_lite.applications.models import Application, ApplicationStep

    application = Application(
        tracking_code=f"T{n:07d}X"[:9],
        service_id=service.id,
        tenant_id=service.tenant_id,
        applicant_name=name,
        nik=nik,
        phone=phone,
        email=f"budi{n}@contoh.id",
        address="Jl. Merdeka 1",
        documents=["Fotokopi KK"],
        **kw,
    )
    db.session.add(application)
    db.session.add(
        ApplicationStep(
            application=application,
            from_status=None,
            to_status="received",
            actor="petugas1",
            note=f"diterima, hubungi {phone}",
        )
    )
    return application


def make_survey(service, day=date(2026, 11, 27), **kw):
    from mpp_lite.survey.models import SurveyResponse

    scores = {f"u{i}": 3 + (i % 2) for i in range(1, 10)}
    response = SurveyResponse(
        source="kiosk",
        service_id=service.id,
        tenant_id=service.tenant_id,
        day=day,
        suggestion=kw.pop("suggestion", "Antrean cepat"),
        **scores,
        **kw,
    )
    db.session.add(response)
    return response


def make_complaint(service, seq: int, phone: str = PHONE, **kw):
    from mpp_lite.complaints.models import Complaint

    complaint = Complaint(
        reference=f"ADU-2026-{seq:06d}",
        year=2026,
        seq=seq,
        access_token=f"tok{seq:029d}",
        tenant_id=service.tenant_id,
        service_id=service.id,
        text=f"Lama sekali. Telepon {phone}",
        contact_name="Siti Aminah",
        contact_phone=phone,
        contact_email="siti@contoh.id",
        day=date(2026, 11, 27),
        due_date=date(2026, 12, 4),
        **kw,
    )
    db.session.add(complaint)
    return complaint


def set_site(code="32.04", name="MPP Kabupaten Sukamaju"):
    from mpp_lite.sync.services import set_site as set_site_code

    set_site_code(code, name)
    db.session.commit()


def add_endpoint(url, name="provinsi", secret=SECRET, **kw):
    from mpp_lite.sync.services import add_endpoint as add

    endpoint = add(name, url, secret, **kw)
    db.session.commit()
    return endpoint


# The receiver ----------------------------------------------------------------------------


def serve_in_thread(app):
    """A waitress server for `app` on a free loopback port, running in a daemon thread."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)

    def run():
        try:
            server.run()
        except (OSError, ValueError):
            pass  # the loop notices its sockets were closed by stop_server

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return server, thread


def stop_server(server, thread) -> None:
    """Stop at once: the server's own loop, woken by its trigger, closes its sockets (closed from
    this thread instead, the loop noticed only at its next 1 s select timeout)."""
    server.task_dispatcher.shutdown()
    channels = server._map  # the listener, the trigger and any open connection

    def close_all():
        for channel in list(channels.values()):
            try:
                channel.close()
            except OSError:
                pass

    try:
        server.trigger.pull_trigger(close_all)
    except OSError:  # the trigger is already closed (the loop has ended): close what is left from here
        close_all()
    thread.join(5)


class ReceiverThread:
    """The reference receiver (the real WSGI app under waitress) on a free loopback port."""

    def __init__(self, folder: Path, secret: str = SECRET):
        from mpp_lite.sync.receiver import Receiver

        folder.mkdir(parents=True, exist_ok=True)
        self.secret_file = folder / "receiver.secret"
        self.secret_file.write_text(f"  {secret}\n", encoding="utf-8")
        self.db_path = folder / "receiver.sqlite"
        self.app = Receiver(self.db_path, self.secret_file)
        self.recorder = RecordingReceiver(self.app)
        self.server, self.thread = serve_in_thread(self.recorder)
        self.port = self.server.effective_port
        self.url = f"http://127.0.0.1:{self.port}/ingest"

    def rows(self, sql: str, *args):
        connection = sqlite3.connect(str(self.db_path))
        try:
            return connection.execute(sql, args).fetchall()
        finally:
            connection.close()

    def records(self) -> dict[str, dict]:
        return {
            ident: {"type": kind, "version": version, "data": json.loads(data)}
            for ident, kind, version, data in self.rows("SELECT id, type, version, data FROM records")
        }

    @property
    def bodies(self) -> list[bytes]:
        return self.recorder.bodies

    def stop(self):
        stop_server(self.server, self.thread)
        self.app.close()


@pytest.fixture(name="receiver")
def running_receiver(tmp_path):
    """A reference receiver serving on a loopback port for one test."""
    server = ReceiverThread(tmp_path / "receiver")
    yield server
    server.stop()


# The fault injector ----------------------------------------------------------------------


class FaultProxy:
    """A TCP proxy in front of the receiver that misbehaves on purpose.

    Per request it picks: pass; answer 500 without forwarding; forward (the receiver commits)
    and then drop the connection without an answer; forward and answer only after the
    client's timeout; forward and send a cut-short answer.
    """

    def __init__(self, target_port: int, weights: dict[str, float], delay: float, seed: int = 7):
        self.target_port = target_port
        self.weights = weights
        self.delay = delay
        self.random = random.Random(seed)
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                proxy.handle(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/ingest"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def pick(self) -> str:
        with self.lock:
            modes, weights = zip(*self.weights.items(), strict=True)
            mode = self.random.choices(modes, weights)[0]
            self.counts[mode] = self.counts.get(mode, 0) + 1
            return mode

    @staticmethod
    def read_request(sock) -> tuple[str, dict, bytes]:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("client went away")
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
        length = int(next((v for k, v in headers.items() if k.lower() == "content-length"), "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("client went away")
            body += chunk
        return lines[0], headers, body

    def forward(self, request_line: str, headers: dict, body: bytes) -> tuple[int, bytes]:
        method, path, _ = request_line.split(" ", 2)
        connection = http.client.HTTPConnection("127.0.0.1", self.target_port, timeout=30)
        try:
            skip = {"host", "connection", "content-length"}
            connection.request(
                method, path, body=body, headers={k: v for k, v in headers.items() if k.lower() not in skip}
            )
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def handle(self, sock):
        try:
            request_line, headers, body = self.read_request(sock)
        except (ConnectionError, OSError):
            return
        mode = self.pick()
        try:
            if mode == "error500":
                answer = b'{"error": "injected"}'
                sock.sendall(
                    b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                    b"Content-Length: " + str(len(answer)).encode() + b"\r\nConnection: close\r\n\r\n" + answer
                )
                return
            status, answer = self.forward(request_line, headers, body)
            if mode == "drop":  # the receiver committed; the sender never hears of it
                sock.shutdown(socket.SHUT_RDWR)
                return
            if mode == "slow":  # the receiver committed; the answer comes after the client gave up
                time.sleep(self.delay)
            head = (
                f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(answer)}\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
            if mode == "truncate":
                sock.sendall(head + answer[: max(1, len(answer) // 2)])
                sock.shutdown(socket.SHUT_RDWR)
                return
            sock.sendall(head + answer)
        except OSError:
            pass

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def validate_batch(body: dict) -> None:
    """Validate a batch against the published JSON Schema (raises on the first problem)."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(body)


class RecordingReceiver:
    """Wrap the receiver app to keep every raw body it was sent (for schema and policy checks)."""

    def __init__(self, app):
        self.app = app
        self.bodies: list[bytes] = []

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        if environ.get("REQUEST_METHOD") == "POST":
            self.bodies.append(body)
        import io

        environ["wsgi.input"] = io.BytesIO(body)
        return self.app(environ, start_response)
