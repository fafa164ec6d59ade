"""Another process holds SQLite's write lock: every write waits once, for one bound, then answers
503 with Retry-After and says that nothing was saved (HTML and the API's error shape)."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy.engine import make_url

from mpp_lite import database
from mpp_lite.extensions import db

BOUND = 1  # seconds; 15 on a site (database.BUSY_TIMEOUT_SECONDS)


@pytest.fixture
def locked(app, monkeypatch):
    """The database with its write lock held by another connection, as by another process."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock; PostgreSQL locks rows, not the database")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", BOUND)
    db.session.remove()
    db.engine.dispose()  # new connections get the shorter busy_timeout
    holder = sqlite3.connect(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    yield
    holder.rollback()
    holder.close()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.fixture
def kiosk(create_token, seeded):
    return {"Authorization": f"Bearer {create_token('kiosk')}"}, seeded["services"][0].id


def test_api_writes_answer_503_after_one_bounded_wait(app, kiosk, locked):
    from mpp_lite.queue.models import Ticket

    kiosk, service_id = kiosk
    client = app.test_client()
    calls = {
        "ticket": lambda: client.post("/api/v1/tickets", json={"service_id": service_id}, headers=kiosk),
        "status lookup": lambda: client.post("/api/v1/status", json={"code": "0000-0000-0", "phone_last4": "1234"}),
    }
    for name, call in calls.items():
        response, seconds = timed(call)
        assert response.status_code == 503, (name, response.get_data(as_text=True))
        assert response.headers["Retry-After"].isdigit()
        error = response.get_json()["error"]
        assert error["code"] == "busy" and error["fields"] == {}
        assert "tidak ada yang tersimpan" in error["message"].lower()
        assert seconds < BOUND * 2 + 1, (name, seconds)  # one wait, not one per layer or per retry
    assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 0


def test_pages_answer_503_saying_nothing_was_saved(app, seeded, locked):
    client = app.test_client()
    response, seconds = timed(
        lambda: client.post(
            "/pengaduan",
            data={"kind": "complaint", "tenant_id": "", "service_id": "", "text": "Antrean KTP lama sekali hari ini."},
        )
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    page = response.get_data(as_text=True)
    assert "Tidak ada yang tersimpan" in page and "Traceback" not in page
    assert seconds < BOUND * 2 + 1


@pytest.fixture
def operator(create_token, seeded):
    from mpp_lite.queue.services import issue

    issue(seeded["services"][0].id)  # one citizen waiting at counter 1's queue
    db.session.commit()
    token = create_token("operator", tenant=seeded["tenants"][0])
    return {"Authorization": f"Bearer {token}"}, seeded["counters"][0].id


def test_counter_steps_answer_503_after_one_bounded_wait(app, operator, locked):
    """A counter's call shares its commit with other counters' steps (database.in_shared_commit):
    it too waits once and answers 503, and the ticket stays waiting."""
    from mpp_lite.queue.models import Ticket

    headers, counter_id = operator
    client = app.test_client()
    response, seconds = timed(lambda: client.post(f"/api/v1/counters/{counter_id}/call-next", headers=headers))
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"].isdigit()
    assert response.get_json()["error"]["code"] == "busy"
    assert seconds < BOUND * 2 + 1
    assert db.session.scalars(db.select(Ticket.status)).all() == ["waiting"]
