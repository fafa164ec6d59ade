"""ASVS level 1 controls that SECURITY.md points to: cookies, caching, idle timeout, throttling,
CSRF on every form, no inline script, bounded ids. (Login lockout and headers: test_auth.py.)"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from mpp_lite import create_app

ROOT = Path(__file__).resolve().parent.parent


def test_session_cookie_is_httponly_and_samesite(app, client, create_user, login):
    login(create_user())
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure  # plain HTTP on the LAN by default...


def test_session_cookie_is_secure_behind_https(instance_dir, monkeypatch):
    monkeypatch.setenv("MPP_SESSION_COOKIE_SECURE", "true")  # ...and Secure when set behind HTTPS
    app = create_app({"TESTING": True, "SECRET_KEY": "x"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_staff_are_signed_out_after_the_idle_timeout(app, client, create_user, login, monkeypatch):
    login(create_user())
    assert client.get("/admin/").status_code == 200
    later = time.time() + app.config["STAFF_IDLE_TIMEOUT_MINUTES"] * 60 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/admin/audit/", "/admin/privasi", "/api/v1/tickets", "/permohonan"])
def test_pages_with_personal_data_are_not_cached(app, client, create_user, login, seeded, path):
    login(create_user())
    assert client.get(path).headers.get("Cache-Control") == "no-store"


@pytest.mark.slow
def test_login_is_throttled(instance_dir):
    from conftest import database_url

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": database_url(instance_dir),
        }
    )
    with app.app_context():
        from mpp_lite.extensions import db
        from mpp_lite.migrating import upgrade

        upgrade()
        client = app.test_client()
        codes = [client.post("/login", data={"username": f"u{n}", "password": "x" * 12}).status_code for n in range(22)]
        db.session.remove()
        db.engine.dispose()
    assert codes[0] == 401 and codes[-1] == 429


def test_every_form_posting_to_the_app_carries_a_csrf_token():
    """Every <form method="post"> in the templates includes the CSRF token."""
    missing = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, re.S | re.I):
            if re.search(r'method=["\']?post', form, re.I) and not re.search(r"csrf_token|hidden_tag", form):
                missing.append(str(path.relative_to(ROOT)))
    assert missing == []


def test_no_inline_script_or_event_handlers_in_templates():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if (
            re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text, re.I)
            or re.search(r"\son[a-z]+\s*=\s*[\"']", text, re.I)
            or re.search(r"\sstyle\s*=\s*[\"']", text, re.I)
        ):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_nothing_is_loaded_from_another_host():
    """Scripts, styles, images and media come from this PC (links people follow may go out)."""
    loading = re.compile(
        r"<(?:script|link|img|audio|video|source|iframe)\b[^>]*\b(?:src|href)=[\"'](?:https?:)?//", re.I
    )
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if loading.search(path.read_text(encoding="utf-8"))
    ]
    offenders += [
        str(path.relative_to(ROOT))
        for path in (ROOT / "static" / "css").rglob("*.css")
        if re.search(r"url\(\s*[\"']?(?:https?:)?//", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_huge_ids_are_not_found_not_errors(client):
    assert client.get("/layanan/99999999999999999999999").status_code == 404
    response = client.post("/api/v1/tickets", json={"service_id": 2**80})
    assert response.status_code in (401, 422)


def test_health_check_carries_no_data(client):
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert set(body) == {"status", "disk_free_mb"} and isinstance(body["disk_free_mb"], int)  # no data, only the disk


def test_api_json_is_a_download_when_opened_in_a_browser(client):
    response = client.get("/api/v1/services")
    assert response.headers["Content-Disposition"] == 'attachment; filename="api.json"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Disposition" not in client.get("/").headers


def test_api_refuses_text_the_database_cannot_store(app, client, create_token, seeded):
    """A NUL character breaks PostgreSQL text columns; it is a 422 naming the field, not a 500."""
    kiosk = {"Authorization": f"Bearer {create_token('kiosk')}"}
    response = client.post(
        "/api/v1/surveys",
        headers=kiosk,
        json={
            "service_id": seeded["services"][0].id,
            "answers": {f"U{n}": 4 for n in range(1, 10)},
            "suggestion": "a\x00b",
        },
    )
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["suggestion"]


@pytest.mark.parametrize("path", ["/login", "/status", "/pengaduan"])
def test_forms_refuse_nul_characters(client, path):
    response = client.post(path, data={"username": "a\x00b", "code": "7K3Q\x00", "phone_last4": "1234", "text": "x"})
    assert response.status_code == 400
    assert client.get("/layanan", query_string={"q": "ktp\x00"}).status_code == 400


def test_links_in_tickets_never_take_the_clients_host_header(app, client, create_token, seeded):
    """A made-up Host header cannot put an attacker's address on a ticket's QR code or PDF link."""
    kiosk = {"Authorization": f"Bearer {create_token('kiosk')}"}
    service_id = seeded["services"][0].id

    def issued(host):
        response = client.post("/api/v1/tickets", json={"service_id": service_id}, headers={**kiosk, "Host": host})
        assert response.status_code == 201
        return response.get_json()

    forged = issued("evil.example")
    assert forged["public_url"].startswith("http://localhost/t/") and forged["pdf_url"].startswith(
        "http://localhost/t/"
    )
    app.config["SERVE_ADDRESSES"] = ["192.168.1.10:8080", "127.0.0.1:8080", "localhost:8080"]  # as `serve` sets it
    assert issued("192.168.1.10:8080")["public_url"].startswith("http://192.168.1.10:8080/t/")  # the kiosk's address
    forged = issued("evil.example:8080")
    assert forged["public_url"].startswith("http://192.168.1.10:8080/t/")
    assert forged["pdf_url"].startswith("http://192.168.1.10:8080/t/")
    app.config["PUBLIC_BASE_URL"] = "http://mpp.local"
    assert issued("192.168.1.10:8080")["pdf_url"].startswith("http://mpp.local/t/")


def test_application_receipt_links_never_take_the_clients_host_header(app, create_user, seeded):
    from applications_helpers import actor_for

    from mpp_lite.applications import services
    from mpp_lite.extensions import db

    actor = actor_for(create_user("op-host", "operator", seeded["tenants"][0]))
    application = services.register_application(
        actor,
        seeded["services"][0].id,
        {"name": "Budi Santoso", "nik": "3201014512900001", "phone": "081234567890"},
        [],
    )
    db.session.commit()
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        assert services.verify_url(application).startswith("http://localhost/verifikasi/")
        assert services.receipt_url(application).startswith("http://localhost/")


@pytest.mark.slow
def test_live_server_links_name_the_address_it_listens_on(live_server):
    """The real `serve`: a forged Host header gets the address the server announced."""
    import http.client
    import json
    from urllib.request import urlopen

    token = (
        live_server.cli("create-token", "--name", "kiosk host test", "--role", "kiosk").stdout.strip().splitlines()[-1]
    )
    with urlopen(live_server.url + "/api/v1/services", timeout=10) as response:  # noqa: S310  (loopback test server)
        service_id = json.loads(response.read())["items"][0]["id"]
    connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    connection.request(
        "POST",
        "/api/v1/tickets",
        body=json.dumps({"service_id": service_id}),
        headers={"Host": "evil.example", "Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 201, body
    assert "evil.example" not in body["public_url"] + body["pdf_url"]
    assert body["public_url"].startswith(f"http://127.0.0.1:{live_server.port}/t/")
