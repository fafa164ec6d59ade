"""Helpers for the hub tests: a migrated hub app (SQLite, or PostgreSQL in the suite's second
run), registered sites, signed mpp-lite/v1 batches, a site's real USB bundle, and a real hub
server (`mpp-lite hub init` + `hub serve`) for the live and browser tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import datetime, timezone

import pytest
from live import ROOT, free_port
from postgres_fixtures import create_scratch_database, drop_scratch_database, on_postgres

from mpp_lite.sync.signing import signature


def hub_database_url(folder) -> tuple[str, bool]:
    """(URL, whether it is a scratch PostgreSQL database to drop afterwards)."""
    if on_postgres():
        return create_scratch_database("mpp_hub"), True
    return "sqlite:///" + (folder / "hub.sqlite").as_posix(), False


@pytest.fixture(name="hub_app")
def hub_application(tmp_path, monkeypatch):
    """A hub app on a fresh database (SQLite, or a scratch PostgreSQL database in the PostgreSQL run)."""
    from mpp_lite.hub import create_hub_app
    from mpp_lite.hub.cli import upgrade_database
    from mpp_lite.hub.extensions import hub_db

    folder = tmp_path / "hub"
    folder.mkdir()
    url, scratch = hub_database_url(folder)
    monkeypatch.setenv("MPP_HUB_INSTANCE_PATH", str(folder))
    monkeypatch.setenv("MPP_HUB_DATABASE_URL", url)
    app = create_hub_app({"TESTING": True, "SECRET_KEY": "test-hub-key", "WTF_CSRF_ENABLED": False})
    upgrade_database(app)
    yield app
    with app.app_context():
        hub_db.session.remove()
        hub_db.engine.dispose()
    if scratch:
        drop_scratch_database(url)


def add_site(app, code: str, name: str | None = None) -> str:
    from mpp_lite.hub.extensions import hub_db
    from mpp_lite.hub.sites import add_site as register
    from mpp_lite.site import clock

    with app.app_context():
        _site, secret = register(code, name or f"Kabupaten {code}", code[:2], clock.utcnow())
        hub_db.session.commit()
    return secret


def add_token(app, role: str, scope: str | None = None) -> str:
    from mpp_lite.hub.access import create_token
    from mpp_lite.hub.extensions import hub_db
    from mpp_lite.site import clock

    with app.app_context():
        token = create_token(f"{role}-{scope}-{uuid.uuid4().hex[:6]}", role, scope, clock.utcnow())
        hub_db.session.commit()
    return token


def ticket(day: str, status: str = "done", wait_minutes: float = 5, version: int = 1, ident: str | None = None) -> dict:
    issued = f"{day}T01:00:00+00:00"
    data = {
        "number": "A001",
        "day": day,
        "status": status,
        "issued_at": issued,
        "called_at": None
        if status == "waiting"
        else f"{day}T01:{int(wait_minutes):02d}:{int(wait_minutes % 1 * 60):02d}+00:00",
    }
    return {"id": ident or str(uuid.uuid4()), "type": "ticket", "version": version, "occurred_at": issued, "data": data}


def batch_body(code: str, records: list[dict]) -> bytes:
    return json.dumps(
        {
            "schema": "mpp-lite/v1",
            "site": {"code": code, "name": code},
            "sent_at": datetime.now(timezone.utc).isoformat(),
            "records": records,
        }
    ).encode()


def signed_headers(code: str, secret: str, body: bytes, timestamp: int | None = None) -> dict:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": "application/json",
        "X-MPP-Site": code,
        "X-MPP-Timestamp": stamp,
        "X-MPP-Signature": signature(secret, stamp, body),
        "Idempotency-Key": str(uuid.uuid4()),
    }


def post_batch(client, code: str, secret: str, records: list[dict], timestamp: int | None = None):
    body = batch_body(code, records)
    return client.post("/sync", data=body, headers=signed_headers(code, secret, body, timestamp))


def site_bundle(runner, seeded, folder, secret: str, tickets: int = 3):
    """A real `mpp-lite sync export` bundle of the site app (code 32.04) with `tickets` tickets and a
    survey of 27 Nov 2026, signed with `secret`; answers its path."""
    from sync_fixtures import make_survey, make_ticket, set_site

    from mpp_lite.extensions import db

    set_site("32.04", "MPP Kabupaten Bandung")
    for seq in range(1, tickets + 1):
        make_ticket(seeded["services"][0], seeded["queues"][0], seq)
    make_survey(seeded["services"][0])
    db.session.commit()
    secret_file = folder / "32.04.secret"
    secret_file.write_text(secret + "\n")
    out = folder / "sukamaju.zip"
    result = runner.invoke(
        args=["sync", "export", "--since", "2020-01-01", "--out", str(out), "--secret-file", str(secret_file)]
    )
    assert result.exit_code == 0, result.output
    return out


class HubProcess:
    """`mpp-lite hub init` then `mpp-lite hub serve` on a free loopback port."""

    def __init__(self, folder):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.scratch = create_scratch_database("mpp_hub_live") if on_postgres() else None
        self.database_url = self.scratch or "sqlite:///" + (folder / "hub.sqlite").as_posix()
        self.env = {
            **os.environ,
            "MPP_HUB_INSTANCE_PATH": str(folder),
            "MPP_HUB_DATABASE_URL": self.database_url,
            "MPP_INSTANCE_PATH": str(folder / "unused-site"),
            "PYTHONUNBUFFERED": "1",
        }
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mpp_lite", "hub", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )

    def start(self) -> HubProcess:
        self.init_output = self.cli("init").stdout
        self.log = open(self.folder / "hub-output.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mpp_lite", "hub", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the hub did not start: " + (self.folder / "hub-output.log").read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        if getattr(self, "log", None):
            self.log.close()
        if self.scratch:
            drop_scratch_database(self.scratch)
