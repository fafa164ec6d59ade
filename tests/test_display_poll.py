"""The TV's own poll, as static/js/display.js sends it (its device cookie, and any session
cookie the browser holds, with If-None-Match): answered 304 before the view when the board is
unchanged, never setting a cookie, and refused at once for a device that is not (or no longer)
paired."""

from __future__ import annotations

import pytest
from flask import request

from mpp_lite.extensions import db

POLL = "/api/v1/display"


@pytest.fixture
def entered(app):
    """Paths that reached Flask's request handling (the shortcut answers before it)."""
    seen: list[str] = []
    app.before_request(lambda: seen.append(request.path))
    return seen


@pytest.fixture
def paired_tv(app, client, seeded):
    """A browser paired as a display, holding the device cookie the pairing gave it."""
    from mpp_lite.queue.devices import create_device, new_pairing_code, redeem_code

    device = create_device("TV ruang tunggu", "display")
    token, raw = redeem_code(new_pairing_code(device))
    db.session.commit()
    client.set_cookie(app.config["DEVICE_COOKIE_NAME"], raw)
    return token


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_the_display_page_starts_no_browser_session(client, paired_tv):
    page = client.get("/display")
    assert page.status_code == 200
    assert set_cookies(page) == []
    assert b'name="csrf-token"' not in page.data  # nothing on the board sends a form


def test_a_tvs_unchanged_poll_is_answered_before_the_view_and_sets_no_cookie(app, client, paired_tv, entered):
    first = client.get(POLL, headers={"Accept": "application/json"})
    assert first.status_code == 200 and first.get_json()["queues"]
    assert set_cookies(first) == []
    etag = first.headers["ETag"]
    assert entered == [POLL]

    same = client.get(POLL, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.data == b""
    assert same.headers["ETag"] == etag
    assert set_cookies(same) == []
    assert entered == [POLL]  # answered without entering Flask's request handling, let alone the view


def test_a_browser_session_beside_the_device_cookie_changes_nothing(app, client, paired_tv, entered):
    """A TV browser that once opened another page (here the sign-in page, which puts a CSRF token
    in a session) sends that session cookie with every poll: still 304 early, still no cookie."""
    login_page = client.get("/login")
    assert any(c.startswith(app.config["SESSION_COOKIE_NAME"] + "=") for c in set_cookies(login_page))
    entered.clear()
    full = client.get(POLL)
    assert full.status_code == 200 and set_cookies(full) == []
    same = client.get(POLL, headers={"If-None-Match": full.headers["ETag"]})
    assert same.status_code == 304 and set_cookies(same) == []
    assert entered == [POLL]


def test_an_unpaired_cookie_is_refused_at_once(app, client, seeded, entered):
    from mpp_lite.auth.services import create_token

    _token, raw = create_token("TV", "display")
    db.session.commit()
    etag = client.get(POLL, headers={"Authorization": "Bearer " + raw}).headers["ETag"]
    client.set_cookie(app.config["DEVICE_COOKIE_NAME"], "not-a-paired-device")
    refused = client.get(POLL, headers={"If-None-Match": etag})
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"]
    assert set_cookies(refused) == []


def test_a_revoked_or_repaired_display_is_refused_at_once(app, client, paired_tv):
    from mpp_lite.auth.services import revoke_token
    from mpp_lite.queue.devices import create_device, new_pairing_code, redeem_code

    etag = client.get(POLL).headers["ETag"]
    assert client.get(POLL, headers={"If-None-Match": etag}).status_code == 304
    revoke_token(paired_tv)
    db.session.commit()
    assert client.get(POLL, headers={"If-None-Match": etag}).status_code == 401  # not 30 s later: now

    # Pairing the device again gives the new browser a new cookie: the old one stops at once.
    second = create_device("TV loket", "display")
    _token, raw = redeem_code(new_pairing_code(second))
    db.session.commit()
    client.set_cookie(app.config["DEVICE_COOKIE_NAME"], raw)
    assert client.get(POLL, headers={"If-None-Match": etag}).status_code == 304
    redeem_code(new_pairing_code(second))
    db.session.commit()
    assert client.get(POLL, headers={"If-None-Match": etag}).status_code == 401
