"""Login, lockout, roles and the admin's protection."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
import time_machine

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


def browser(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client, username, password="correct horse battery"):
    return client.post("/login", data={"username": username, "password": password})


def test_failed_sign_ins_slow_the_client_but_never_lock_the_owner_out(app, create_user, monkeypatch):
    from datetime import timedelta

    from mpp_lite.auth import services as auth_services

    create_user("clerk", "admin")
    attacker, owner = browser(app, "10.0.0.66"), browser(app, "10.0.0.5")
    for _ in range(app.config["LOGIN_FREE_ATTEMPTS"]):
        response = sign_in(attacker, "clerk", "wrong")
        assert response.status_code == 401
        assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)
    waiting = sign_in(attacker, "clerk")  # even the right password waits its turn from there
    assert waiting.status_code == 401 and "Coba lagi dalam 2 detik" in waiting.get_data(as_text=True)
    assert sign_in(owner, "clerk").status_code == 302  # the owner at another PC is not locked out
    later = auth_services.utcnow() + timedelta(seconds=3)
    monkeypatch.setattr(auth_services, "utcnow", lambda: later)
    assert sign_in(attacker, "clerk", "wrong").status_code == 401  # allowed again, and wrong again...
    assert "Coba lagi dalam 4 detik" in sign_in(attacker, "clerk").get_data(as_text=True)  # ...so the wait grows


def test_unknown_and_existing_usernames_get_the_same_answer_in_the_same_time(app, create_user, monkeypatch):
    import werkzeug.security

    create_user("clerk", "admin")
    hashed = []  # the costly part of a sign-in: each password hash computed, by its method
    real_hash = werkzeug.security._hash_internal

    def counting_hash(method, salt, password):
        hashed.append(method.split(":")[0])
        return real_hash(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting_hash)

    def attempt(username, address):
        hashed.clear()
        response = sign_in(browser(app, address), username, "wrong-password")
        page = re.sub(r'name="csrf-token" content="[^"]+"', "", response.get_data(as_text=True))  # per browser
        return response.status_code, page.replace(username, "NAME"), tuple(hashed)

    known = [attempt("clerk", f"10.0.1.{n}") for n in range(7)]
    unknown = [attempt("tidak-ada", f"10.0.2.{n}") for n in range(7)]
    assert {(status, body) for status, body, _ in known} == {(status, body) for status, body, _ in unknown}
    # The same work either way (so the same time, measured without a clock on a busy machine):
    # one hash of the typed password by the same method, for a real account or for none.
    assert {work for *_, work in known} == {work for *_, work in unknown}
    assert len(known[0][2]) == 1
    with time_machine.travel(datetime.now(timezone.utc), tick=False):  # no wait runs out on a busy machine
        for _ in range(app.config["LOGIN_FREE_ATTEMPTS"]):  # and both are throttled alike
            attempt("clerk", "10.0.3.1"), attempt("tidak-ada", "10.0.3.1")
        assert attempt("clerk", "10.0.3.1")[:2] == attempt("tidak-ada", "10.0.3.1")[:2]


def test_unlock_user_command_clears_the_waits(app, runner, create_user):
    create_user("clerk", "admin")
    attacker = browser(app, "10.0.0.66")
    for _ in range(app.config["LOGIN_FREE_ATTEMPTS"]):
        sign_in(attacker, "clerk", "wrong")
    assert sign_in(attacker, "clerk").status_code == 401
    result = runner.invoke(args=["unlock-user", "--username", "CLERK"])
    assert result.exit_code == 0 and "1 client" in result.output, result.output
    assert sign_in(attacker, "clerk").status_code == 302
    assert runner.invoke(args=["unlock-user", "--username", "nobody"]).exit_code == 1


def test_login_keeps_the_username_on_error(app, client, create_user):
    create_user("clerk", "admin")
    page = client.post("/login", data={"username": "clerk", "password": "x"}).get_data(as_text=True)
    assert 'value="clerk"' in page


def test_next_redirect_refuses_other_hosts(app, client, create_user):
    create_user("boss", "admin")
    response = client.post(
        "/login?next=//evil.example/x", data={"username": "boss", "password": "correct horse battery"}
    )
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
    assert response.get_json()["status"] == "ok"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_admin_home_names_accounts_with_repeated_failed_sign_ins(app, client, create_user, login):
    create_user("kasir", "supervisor")
    admin = create_user("boss", "admin")
    login(admin)
    assert "data-failed-sign-ins" not in client.get("/admin/").get_data(as_text=True)
    for number in range(app.config["LOGIN_MAX_FAILURES"]):
        sign_in(browser(app, f"10.0.0.{number + 10}"), "kasir", "wrong")
    sign_in(browser(app, "10.0.0.99"), "nobody-here", "wrong")  # unknown names are not listed
    home = client.get("/admin/").get_data(as_text=True)
    assert "data-failed-sign-ins" in home and "Percobaan masuk gagal berulang" in home
    assert f"kasir: {app.config['LOGIN_MAX_FAILURES']} sejak" in home and "nobody-here" not in home
    sign_in(browser(app, "10.0.0.50"), "kasir")  # the owner signs in: the notice goes
    assert "data-failed-sign-ins" not in client.get("/admin/").get_data(as_text=True)
