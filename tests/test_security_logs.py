"""Logs never hold a citizen's NIK or phone number: a full day's scenario, then grep the logs."""

from __future__ import annotations

import logging
import re

import pytest
import requests
from backup_fixtures import tokens
from live import LiveServer

from mpp_lite import create_app
from mpp_lite.auth.permissions import public
from mpp_lite.extensions import db

NIK = "3201014501900002"
PHONE = "081234567890"
BAD_NIK = "3201019902900002"  # day 99: not a real date
PHONES = (PHONE, "81234567890", "+6281234567890", "0812-3456-7890")


def leaks(text: str) -> list[str]:
    digits_only = re.sub(r"[\s\-+]", "", text)
    found = [value for value in (NIK, BAD_NIK, *PHONES) if value in text]
    found += [value for value in (NIK, BAD_NIK, "81234567890") if value in digits_only]
    return found


@pytest.fixture
def logged_app(instance_dir):
    from conftest import database_url

    app = create_app(
        {
            "TESTING": True,
            "LOG_TO_FILE": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url(instance_dir),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    @app.get("/uji-galat")
    @public
    def failing_view():  # a bug that puts personal data into an exception message
        raise ValueError(f"cannot save applicant nik={NIK} phone={PHONE}")

    with app.app_context():
        from conftest import _reset_database

        from mpp_lite.migrating import upgrade

        _reset_database(app)
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()
    for handler in list(app.logger.handlers):
        if getattr(handler, "baseFilename", "").startswith(str(instance_dir)):
            app.logger.removeHandler(handler)
            handler.close()


def test_a_days_scenario_leaves_no_nik_or_phone_in_the_logs(
    logged_app, instance_dir, capfd, create_tenant, create_queue, create_service
):
    tenant = create_tenant()
    queue = create_queue("A", tenant)
    service = create_service(tenant, queue)
    from mpp_lite.auth.services import create_token

    _, admin = create_token("loket 1", "admin")
    _, kiosk = create_token("kiosk 1", "kiosk")
    db.session.commit()
    client = logged_app.test_client()
    admin_headers = {"Authorization": f"Bearer {admin}"}

    ticket = client.post(
        "/api/v1/tickets", json={"service_id": service.id}, headers={"Authorization": f"Bearer {kiosk}"}
    )
    assert ticket.status_code == 201
    created = client.post(
        "/api/v1/applications",
        headers=admin_headers,
        json={
            "service_id": service.id,
            "ticket_id": ticket.get_json()["id"],
            "documents": list(service.requirements),
            "applicant": {"name": "Siti Aminah", "nik": NIK, "phone": PHONE, "email": "siti@example.id"},
        },
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    code = created.get_json()["tracking_code"]
    invalid = client.post(
        "/api/v1/applications",
        headers=admin_headers,
        json={
            "service_id": service.id,
            "documents": [],
            "applicant": {"name": "X", "nik": BAD_NIK, "phone": "0812-3456-7890"},
        },
    )
    assert invalid.status_code == 422
    assert client.post("/api/v1/status", json={"code": code, "phone_last4": PHONE[-4:]}).status_code == 200
    assert client.post("/api/v1/status", json={"code": code, "phone_last4": "0000"}).status_code == 404
    assert client.post("/status", data={"code": code, "phone_last4": PHONE[-4:]}).status_code == 200
    assert client.post("/api/v1/status", json={"code": NIK, "phone_last4": PHONE}).status_code in (404, 422)
    assert client.post("/login", data={"username": NIK, "password": PHONE}).status_code == 401
    assert client.get(f"/api/v1/applications/{code}", headers=admin_headers).status_code == 200
    assert client.get("/uji-galat").status_code == 500

    logging.getLogger("mpp_lite").warning("applicant %s called from %s", NIK, PHONE)  # a careless log call

    for handler in logged_app.logger.handlers:
        handler.flush()
    log_file = instance_dir / "logs" / "mpp-lite.log"
    text = log_file.read_text(encoding="utf-8")
    assert "Unhandled error on GET /uji-galat" in text and "ValueError" in text  # the log is useful...
    assert "[nomor disamarkan]" in text
    assert leaks(text) == []  # ...and holds no personal number
    captured = capfd.readouterr()
    assert leaks(captured.out + captured.err) == []


@pytest.mark.slow
def test_the_live_server_logs_no_nik_or_phone(tmp_path):
    server = LiveServer(tmp_path / "instance", demo=True).start()
    try:
        kiosk, admin = tokens(server, ("kiosk-log", "kiosk"), ("admin-log", "admin"))
        url = server.url + "/api/v1"
        services = requests.get(url + "/services", timeout=30).json()["items"]
        service = requests.get(f"{url}/services/{services[0]['id']}", timeout=30).json()
        headers = {"Authorization": f"Bearer {admin}"}
        ticket = requests.post(
            url + "/tickets",
            json={"service_id": service["id"]},
            headers={"Authorization": f"Bearer {kiosk}"},
            timeout=30,
        ).json()
        created = requests.post(
            url + "/applications",
            headers=headers,
            timeout=30,
            json={
                "service_id": service["id"],
                "ticket_id": ticket["id"],
                "documents": service["requirements"],
                "applicant": {"name": "Siti Aminah", "nik": NIK, "phone": PHONE},
            },
        )
        assert created.status_code == 201, created.text
        code = created.json()["tracking_code"]
        requests.post(
            url + "/applications",
            headers=headers,
            timeout=30,
            json={"service_id": service["id"], "applicant": {"name": "X", "nik": BAD_NIK, "phone": PHONE}},
        )
        requests.post(url + "/status", json={"code": code, "phone_last4": PHONE[-4:]}, timeout=30)
        requests.post(url + "/status", json={"code": code, "phone_last4": "9999"}, timeout=30)
        requests.post(server.url + "/status", data={"code": code, "phone_last4": PHONE[-4:]}, timeout=30)
        requests.post(server.url + "/login", data={"username": NIK, "password": PHONE}, timeout=30)
        requests.get(f"{url}/applications/{code}", headers=headers, timeout=30)
        requests.get(f"{server.url}/t/{NIK}", timeout=30)  # a 404 with a number in the path
        server.cli("privacy", "export", "--nik", NIK)
    finally:
        server.stop()
    for path in (server.instance / "logs").glob("*.log*"):
        assert leaks(path.read_text(encoding="utf-8", errors="replace")) == [], path
    output = (server.instance / "server-output.log").read_text(encoding="utf-8", errors="replace")
    assert leaks(output) == []
