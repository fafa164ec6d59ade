"""Login, lockout, roles and the admin's protection."""

from __future__ import annotations

import pytest

from mpp_lite.auth.services import AccountError, create_user, password_problem


def test_anonymous_is_sent_to_login_from_admin(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_operator_cannot_open_admin(seeded, client, create_user, login):
    operator = create_user("op1", "operator", seeded["tenants"][0])
    login(operator)
    assert client.get("/admin/").status_code == 403


def test_admin_signs_in_and_out(app, client, create_user, login):
    admin = create_user("boss", "admin")
    login(admin)
    assert client.get("/admin/").status_code == 200
    client.post("/logout")
    assert client.get("/admin/").status_code == 302


def test_wrong_password_then_lockout(app, client, create_user):
    create_user("clerk", "admin")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        response = client.post("/login", data={"username": "clerk", "password": "wrong"})
        assert response.status_code == 401
        assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)
    locked = client.post("/login", data={"username": "clerk", "password": "correct horse battery"})
    assert locked.status_code == 401
    assert "Terlalu banyak percobaan" in locked.get_data(as_text=True)


def test_login_keeps_the_username_on_error(app, client, create_user):
    create_user("clerk", "admin")
    page = client.post("/login", data={"username": "clerk", "password": "x"}).get_data(as_text=True)
    assert 'value="clerk"' in page


def test_next_redirect_refuses_other_hosts(app, client, create_user):
    create_user("boss", "admin")
    response = client.post("/login?next=//evil.example/x", data={"username": "boss", "password": "correct horse battery"})
    assert response.headers["Location"] == "/admin/"
    response = client.post("/login?next=/admin/", data={"username": "boss", "password": "correct horse battery"})
    assert response.headers["Location"] == "/admin/"


def test_password_policy(app):
    assert password_problem("short") is not None
    assert password_problem("bismillah123") is not None
    assert password_problem("operator-sukamaju", "operator-sukamaju") is not None
    assert password_problem("kuda-laut-biru-7") is None


def test_operator_needs_a_tenant(app):
    with pytest.raises(AccountError):
        create_user("op", "kuda-laut-biru-7", "operator")


def test_login_form_refused_without_csrf(csrf_app, create_user):
    create_user("boss", "admin")
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "boss", "password": "correct horse battery"})
    assert response.status_code == 400


def test_security_headers(client):
    response = client.get("/healthz")
    assert response.get_json() == {"status": "ok"}
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
