"""Property tests over what citizens, kiosks and staff can type or send: never a 500, never a
stack trace, and API errors always in the contract's shape."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpp_lite.extensions import db

pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Anything a JSON body can hold, including the wrong types in the right places.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
typed_text = st.text(max_size=60) | st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "9" * 30,
        "3201014501900002",
        "7K3Q-9XWD-6",
        "7k3q9xwd6",
        "' OR 1=1 --",
        "<script>",
        "%00",
        "\x00",
        "ktp",
        "KTP-el",
        "🙂",
        "O0Il",
        "A001",
    ]
)


def assert_sane(response, api: bool):
    body = response.get_data()
    assert response.status_code < 500, body[:500]
    assert b"Traceback" not in body and b'File "' not in body
    if api and response.status_code >= 400 and response.status_code != 405:
        error = response.get_json()["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str)
        assert isinstance(error["fields"], dict)


@pytest.fixture
def fuzz(app, seeded, create_user, create_token):
    """A seeded site with tokens and a finished ticket, shared by all examples of one test."""
    from mpp_lite.queue.services import issue_ticket

    app.config["RATELIMIT_ENABLED"] = False
    ticket = issue_ticket(seeded["services"][0].id, False, issued_by="kiosk")
    db.session.commit()
    return {
        "client": app.test_client(),
        "kiosk": {"Authorization": f"Bearer {create_token('kiosk')}"},
        "admin": {"Authorization": f"Bearer {create_token('admin', name='admin token')}"},
        "service_ids": [s.id for s in seeded["services"]],
        "ticket": ticket,
    }


@FUZZ
@given(query=typed_text)
def test_catalogue_search_never_fails(fuzz, query):
    client = fuzz["client"]
    assert_sane(client.get("/layanan", query_string={"q": query}), api=False)
    assert_sane(client.get("/api/v1/services", query_string={"q": query}), api=True)


@FUZZ
@given(username=typed_text, password=typed_text, next_url=typed_text)
def test_login_never_fails(fuzz, username, password, next_url):
    response = fuzz["client"].post(
        "/login", query_string={"next": next_url}, data={"username": username, "password": password}
    )
    assert_sane(response, api=False)
    assert response.status_code in (200, 400, 401, 429)


@FUZZ
@given(body=json_values)
def test_ticket_api_takes_any_json(fuzz, body):
    response = fuzz["client"].post("/api/v1/tickets", json=body, headers=fuzz["kiosk"])
    assert_sane(response, api=True)


@FUZZ
@given(
    service_id=st.one_of(
        st.integers(-5, 10**12),
        st.integers(-(2**70), 2**70),
        st.text(max_size=5),
        st.none(),
        st.booleans(),
        st.floats(),
    ),
    priority=json_values,
)
def test_ticket_api_fields(fuzz, service_id, priority):
    response = fuzz["client"].post(
        "/api/v1/tickets", json={"service_id": service_id, "priority": priority}, headers=fuzz["kiosk"]
    )
    assert_sane(response, api=True)
    if response.status_code == 201:
        assert service_id in fuzz["service_ids"] and priority in (True, False)


@FUZZ
@given(code=typed_text, last4=typed_text)
def test_status_lookup_never_fails(fuzz, code, last4):
    client = fuzz["client"]
    api = client.post("/api/v1/status", json={"code": code, "phone_last4": last4})
    assert_sane(api, api=True)
    assert api.status_code in (200, 400, 404, 422, 429)
    assert_sane(client.post("/status", data={"code": code, "phone_last4": last4}), api=False)


@FUZZ
@given(body=json_values)
def test_status_lookup_takes_any_json(fuzz, body):
    assert_sane(fuzz["client"].post("/api/v1/status", json=body), api=True)


@FUZZ
@given(name=typed_text, nik=typed_text, phone=typed_text, email=typed_text, documents=json_values)
def test_application_api_fields(fuzz, name, nik, phone, email, documents):
    body = {
        "service_id": fuzz["service_ids"][0],
        "documents": documents,
        "applicant": {"name": name, "nik": nik, "phone": phone, "email": email},
    }
    response = fuzz["client"].post("/api/v1/applications", json=body, headers=fuzz["admin"])
    assert_sane(response, api=True)
    db.session.rollback()


@FUZZ
@given(body=json_values)
def test_application_api_takes_any_json(fuzz, body):
    assert_sane(fuzz["client"].post("/api/v1/applications", json=body, headers=fuzz["admin"]), api=True)


answers = st.dictionaries(
    st.sampled_from([f"U{n}" for n in range(1, 10)] + ["U0", "u1", "X"]),
    st.one_of(st.integers(-2, 6), st.text(max_size=3), st.none()),
    max_size=10,
)


@FUZZ
@given(answers=answers, extra=json_values, which=st.sampled_from(["ticket_id", "service_id", "application_code"]))
def test_survey_api_never_fails(fuzz, answers, extra, which):
    reference = {
        "ticket_id": fuzz["ticket"].public_id,
        "service_id": fuzz["service_ids"][0],
        "application_code": "7K3Q-9XWD-6",
    }[which]
    response = fuzz["client"].post(
        "/api/v1/surveys",
        headers=fuzz["kiosk"],
        json={which: reference, "answers": answers, "respondent": extra, "suggestion": extra},
    )
    assert_sane(response, api=True)


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "service_id",
                "ticket",
                "permohonan",
                "u1",
                "U1",
                "suggestion",
                "age_group",
                "sex",
                "text",
                "contact_name",
                "contact_phone",
                "kind",
                "tenant_id",
            ]
        ),
        typed_text,
        max_size=8,
    )
)
def test_public_forms_never_fail(fuzz, fields):
    client = fuzz["client"]
    for path in ("/survei", "/pengaduan", "/perangkat/pasang"):
        assert_sane(client.post(path, data=fields), api=False)
    assert_sane(client.get("/survei", query_string=fields), api=False)
