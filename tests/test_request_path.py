"""Each request pays only for what it uses, and still gets every protection that applies to it:
a token's API call starts no cookie session and needs no CSRF token, yet carries every security
header; pages still ask for the CSRF token on writes and still speak the visitor's language;
rate-limited views still answer with their limit's headers. (The cost: scripts/request_cost.py.)"""

from __future__ import annotations

import re

from conftest import TEST_CONFIG, _reset_database, bearer, database_url

from mpp_lite import create_app
from mpp_lite.extensions import db
from mpp_lite.security import SECURITY_HEADERS


def assert_security_headers(response):
    for name, value in SECURITY_HEADERS:
        assert response.headers.get(name) == value, name


def test_a_tokens_api_read_starts_no_session_and_carries_every_security_header(client, create_token, seeded):
    response = client.get("/api/v1/queues", headers=bearer(create_token("kiosk")))
    assert response.status_code == 200 and response.get_json()["items"]
    assert response.headers.getlist("Set-Cookie") == []
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert not [name for name in response.headers.keys() if name.lower().startswith("x-ratelimit")]


def test_a_tokens_api_write_needs_no_csrf_token_and_sets_no_cookie(csrf_app, client, create_token, seeded):
    operator = create_token("operator", tenant=seeded["tenants"][0])
    counter = seeded["counters"][0]
    response = client.post(f"/api/v1/counters/{counter.id}/open", headers=bearer(operator))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["state"] == "open"
    assert response.headers.getlist("Set-Cookie") == []
    assert_security_headers(response)


def test_the_health_check_sets_no_cookie_and_carries_every_security_header(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"
    assert response.headers.getlist("Set-Cookie") == []
    assert_security_headers(response)


def test_a_page_form_posted_without_its_csrf_token_is_refused(csrf_app, client):
    assert client.post("/pengaduan", data={"text": "Antrean terlalu lama"}).status_code == 400
    assert client.post("/login", data={"username": "admin1", "password": "x" * 12}).status_code == 400
    page = client.get("/login").get_data(as_text=True)  # reading a page needs no token
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed = client.post("/login", data={"username": "admin1", "password": "x" * 12, "csrf_token": token})
    assert signed.status_code == 401  # past the CSRF check: a wrong password, not a refused form


def test_nul_characters_are_still_refused_where_a_query_can_hold_them(client):
    assert client.get("/layanan", query_string={"q": "ktp\x00"}).status_code == 400
    assert client.get("/layanan", query_string={"q\x00": "ktp"}).status_code == 400
    assert client.get("/layanan", query_string={"q": "100%00 asli"}).status_code == 200  # "%00" typed, not a NUL


def test_pages_still_speak_the_visitors_language(app, client):
    def page(path="/status"):
        with app.app_context():  # a request's own context, as on the server (the language is kept on it)
            return client.get(path).get_data(as_text=True)

    assert '<html lang="id">' in page()
    assert '<html lang="en">' in page("/status?lang=en")
    client.set_cookie("mpp_lang", "en")
    english = page()
    assert '<html lang="en">' in english and "Tracking code" in english
    client.delete_cookie("mpp_lang")
    assert '<html lang="id">' in page()


def test_a_limited_view_answers_with_its_limits_headers_and_others_with_none(instance_dir):
    limited = create_app(
        {**TEST_CONFIG, "RATELIMIT_ENABLED": True, "SQLALCHEMY_DATABASE_URI": database_url(instance_dir)}
    )
    with limited.app_context():
        from mpp_lite.migrating import upgrade

        _reset_database(limited)
        upgrade()
        client = limited.test_client()
        first = client.post("/login", data={"username": "u0", "password": "x" * 12})
        answers = [client.post("/login", data={"username": f"u{n}", "password": "x" * 12}) for n in range(1, 21)]
        health = client.get("/healthz")
        db.session.remove()
        db.engine.dispose()
    assert first.status_code == 401 and first.headers["X-RateLimit-Limit"] == "20"
    refused = answers[-1]
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert health.status_code == 200
    assert not [name for name in health.headers.keys() if name.lower().startswith("x-ratelimit")]
