"""Staff sessions are kept on the server: logout ends a copied cookie too, a password reset ends
every session of the user, and a session ends 8 hours after sign-in however busy it is."""

from __future__ import annotations

from datetime import timedelta

from mpp_lite.auth import services as auth_services
from mpp_lite.extensions import db


def signed_out(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def copy_of(app, client):
    """A second browser holding a copy of the first one's session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_logout_ends_a_copied_cookie(app, client, create_user, login):
    login(create_user("kepala", "admin"))
    thief = copy_of(app, client)
    assert thief.get("/admin/").status_code == 200
    client.post("/logout")
    assert signed_out(thief.get("/admin/"))
    assert signed_out(client.get("/admin/"))


def test_a_password_reset_ends_every_session_of_the_user(app, client, create_user, login):
    from mpp_lite.admin.services import reset_password

    admin = create_user("kepala", "admin")
    login(admin)
    other_pc = app.test_client()
    login(admin, on=other_pc)
    thief = copy_of(app, client)
    reset_password(admin, "Loket-Tujuh-Hijau-2026")
    db.session.commit()
    for browser in (client, other_pc, thief):
        assert signed_out(browser.get("/admin/"))
    login(admin, password="Loket-Tujuh-Hijau-2026")
    assert client.get("/admin/").status_code == 200


def test_a_busy_session_still_ends_eight_hours_after_sign_in(app, client, create_user, login, monkeypatch):
    login(create_user("kepala", "admin"))
    signed_in = auth_services.utcnow()
    lifetime = timedelta(seconds=app.config["PERMANENT_SESSION_LIFETIME"])
    monkeypatch.setattr(auth_services, "utcnow", lambda: signed_in + lifetime - timedelta(minutes=1))
    assert client.get("/admin/").status_code == 200  # in use all day (the idle timeout never struck)...
    monkeypatch.setattr(auth_services, "utcnow", lambda: signed_in + lifetime + timedelta(minutes=1))
    assert signed_out(client.get("/admin/"))  # ...and still ends, counted from sign-in
