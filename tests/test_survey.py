"""SKM responses: the API contract, one response per visit, the pages on phones and kiosks."""

from __future__ import annotations

import re

import pytest
from survey_fixtures import ALL_FOURS, make_application, make_ticket

from mpp_lite.extensions import db
from mpp_lite.survey.ikm import ELEMENT_CODES
from mpp_lite.survey.models import SurveyResponse


def answers(**overrides):
    return {**ALL_FOURS, **overrides}


@pytest.fixture
def ktp(seeded):
    return seeded["services"][0]


def test_anonymous_phone_with_ticket_link_submits_exactly_once(client, ktp):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    body = {
        "ticket_id": ticket.public_id,
        "answers": answers(U3=2),
        "respondent": {"sex": "female"},
        "suggestion": "Ruang tunggu panas",
    }
    first = client.post("/api/v1/surveys", json=body)
    assert first.status_code == 201, first.get_json()
    data = first.get_json()
    assert data["source"] == "ticket" and data["answers"]["U3"] == 2 and data["service_id"] == ktp.id
    second = client.post("/api/v1/surveys", json=body)
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "already_answered"
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 1


def test_ticket_not_done_is_409(client, ktp):
    ticket = make_ticket(ktp, "waiting")
    db.session.commit()
    response = client.post("/api/v1/surveys", json={"ticket_id": ticket.public_id, "answers": answers()})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "ticket_not_done"


def test_unknown_ticket_is_422_naming_the_field(client, ktp):
    response = client.post("/api/v1/surveys", json={"ticket_id": "no-such-ticket", "answers": answers()})
    assert response.status_code == 422
    assert "ticket_id" in response.get_json()["error"]["fields"]


def test_anonymous_cannot_use_the_guessable_number_id(client, ktp):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    response = client.post("/api/v1/surveys", json={"ticket_id": ticket.id, "answers": answers()})
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"U3": 5}, "answers.U3"),
        ({"U1": 0}, "answers.U1"),
        ({"U9": "x"}, "answers.U9"),
        ({"U4": None}, "answers.U4"),
        ({"U2": True}, "answers.U2"),
        ({"U10": 3}, "answers.U10"),
    ],
)
def test_bad_answers_are_422_naming_the_element(client, ktp, bad, field):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    response = client.post("/api/v1/surveys", json={"ticket_id": ticket.public_id, "answers": answers(**bad)})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 0


def test_missing_element_is_422(client, ktp):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    partial = {code: 3 for code in ELEMENT_CODES if code != "U7"}
    response = client.post("/api/v1/surveys", json={"ticket_id": ticket.public_id, "answers": partial})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["answers.U7"]


def test_bad_profile_value_is_422(client, ktp):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    response = client.post(
        "/api/v1/surveys", json={"ticket_id": ticket.public_id, "answers": answers(), "respondent": {"sex": "x"}}
    )
    assert response.status_code == 422
    assert "respondent.sex" in response.get_json()["error"]["fields"]


def test_application_code_any_case_and_dashes_once(client, ktp):
    application = make_application(ktp, "processing")
    db.session.commit()
    early = client.post("/api/v1/surveys", json={"application_code": application.tracking_code, "answers": answers()})
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "application_not_done"
    application.status = "picked_up"
    db.session.commit()
    code = application.tracking_code
    typed = f"{code[:4]}-{code[4:8]}-{code[8]}".lower()
    assert client.post("/api/v1/surveys", json={"application_code": typed, "answers": answers()}).status_code == 201
    again = client.post("/api/v1/surveys", json={"application_code": code, "answers": answers()})
    assert again.status_code == 409


def test_application_from_a_surveyed_ticket_is_the_same_visit(client, ktp):
    ticket = make_ticket(ktp, "done")
    application = make_application(ktp, "ready", ticket=ticket)
    db.session.commit()
    assert client.post("/api/v1/surveys", json={"ticket_id": ticket.public_id, "answers": answers()}).status_code == 201
    response = client.post(
        "/api/v1/surveys", json={"application_code": application.tracking_code, "answers": answers()}
    )
    assert response.status_code == 409


def test_walk_up_needs_a_kiosk_or_staff(client, ktp, create_token):
    body = {"service_id": ktp.id, "answers": answers()}
    assert client.post("/api/v1/surveys", json=body).status_code == 401
    display = create_token("display")
    assert client.post("/api/v1/surveys", json=body, headers={"Authorization": f"Bearer {display}"}).status_code == 403
    kiosk = create_token("kiosk")
    for _ in range(2):  # walk-ups are not tied to a visit: each is a new respondent
        response = client.post("/api/v1/surveys", json=body, headers={"Authorization": f"Bearer {kiosk}"})
        assert response.status_code == 201
        assert response.get_json()["source"] == "kiosk"


def test_walk_up_unknown_service_is_422(client, ktp, create_token):
    kiosk = create_token("kiosk")
    response = client.post(
        "/api/v1/surveys",
        json={"service_id": 99999, "answers": answers()},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    assert response.status_code == 422
    assert "service_id" in response.get_json()["error"]["fields"]


def test_kiosk_may_use_the_ticket_number_id(client, ktp, create_token):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    kiosk = create_token("kiosk")
    response = client.post(
        "/api/v1/surveys",
        json={"ticket_id": ticket.id, "answers": answers()},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    assert response.status_code == 201
    assert response.get_json()["source"] == "ticket"


def test_staff_walk_up_counts_as_staff_source(client, ktp, create_user, login):
    login(create_user("sup", "supervisor"))
    html = client.get("/survei").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    body = {"service_id": ktp.id, "answers": answers()}
    assert client.post("/api/v1/surveys", json=body).status_code == 400  # a session write needs the CSRF header
    response = client.post("/api/v1/surveys", json=body, headers={"X-CSRFToken": token})
    assert response.status_code == 201
    assert response.get_json()["source"] == "staff"


# ---------------------------------------------------------------- pages


def test_phone_page_shows_nine_questions_with_faces_and_fee_wording(client, ktp):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    page = client.get(f"/survei?tiket={ticket.public_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for code in ELEMENT_CODES:
        assert f'name="{code}"' in html
    assert html.count("img/faces/face-") >= 36
    for words in ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"):
        assert words in html
    assert ticket.public_id in html


def test_page_form_submits_then_refuses_politely(client, ktp):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    form = {
        "tiket": ticket.public_id,
        **{code: "3" for code in ELEMENT_CODES},
        "age_group": "30_39",
        "suggestion": "Antrean cepat",
    }
    response = client.post("/survei", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/survei/terima-kasih")
    saved = db.session.scalar(db.select(SurveyResponse))
    assert saved.u5 == 3 and saved.age_group == "30_39" and saved.suggestion == "Antrean cepat"
    again = client.get(f"/survei?tiket={ticket.public_id}")
    assert "sudah mengisi survei" in again.get_data(as_text=True)
    post_again = client.post("/survei", data=form)
    assert post_again.status_code == 409


def test_page_keeps_answers_and_marks_the_missing_one(client, ktp):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    form = {"tiket": ticket.public_id, **{code: "2" for code in ELEMENT_CODES if code != "U6"}}
    response = client.post("/survei", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="err-U6"' in html
    assert 'id="U1-2" value="2" autocomplete="off" checked' in html


def test_page_for_unfinished_ticket_says_come_back_later(client, ktp):
    ticket = make_ticket(ktp, "serving")
    db.session.commit()
    response = client.get(f"/survei?tiket={ticket.public_id}")
    assert response.status_code == 409
    assert "setelah" in response.get_data(as_text=True).lower()


def test_anonymous_without_link_gets_the_landing_page(client, seeded):
    page = client.get("/survei")
    assert page.status_code == 200
    assert 'name="permohonan"' in page.get_data(as_text=True)
    assert 'name="U1"' not in page.get_data(as_text=True)


def test_kiosk_device_gets_walk_up_form_with_service_choice(app, client, ktp, create_token):
    kiosk = create_token("kiosk")
    client.set_cookie(app.config["DEVICE_COOKIE_NAME"], kiosk)
    page = client.get("/survei")
    html = page.get_data(as_text=True)
    assert 'name="service_id"' in html and "survey-kiosk" in html
    form = {"service_id": str(ktp.id), **{code: "4" for code in ELEMENT_CODES}}
    assert client.post("/survei", data=form).status_code == 302
    assert db.session.scalar(db.select(SurveyResponse.source)) == "kiosk"


def test_menu_links_and_face_files(client, seeded):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/survei"' in html and 'href="/pengaduan"' in html
    for score in range(1, 5):
        svg = client.get(f"/static/img/faces/face-{score}.svg")
        assert svg.status_code == 200 and b"<svg" in svg.data
        svg.close()


def test_admin_sets_the_published_weight(client, create_user, login):
    login(create_user("admin1", "admin"))
    assert (
        client.post(
            "/admin/survei",
            data={
                "weight": "0.111",
                "complaint_response_days": "7",
                "head_name": "Drs. Ahmad Fauzi",
                "head_nip": "197001011990031001",
            },
        ).status_code
        == 302
    )
    from mpp_lite.complaints.services import response_days
    from mpp_lite.site.services import get_settings
    from mpp_lite.survey.services import current_weight

    assert str(current_weight()) == "111/1000"
    assert response_days() == 7 and get_settings()["head_name"] == "Drs. Ahmad Fauzi"
    bad = client.post("/admin/survei", data={"weight": "0.2", "complaint_response_days": "x", "head_name": "Siti"})
    assert bad.status_code == 422 and 'value="Siti"' in bad.get_data(as_text=True)


def test_english_page_shows_english_wording(client, ktp):
    ticket = make_ticket(ktp, "done")
    db.session.commit()
    client.set_cookie("mpp_lang", "en")
    html = client.get(f"/survei?tiket={ticket.public_id}").get_data(as_text=True)
    assert "Very expensive" in html and "Free of charge" in html and "Sangat mahal" not in html


def test_published_results_page(client, ktp, monkeypatch):
    from datetime import datetime, timezone

    from survey_fixtures import make_response, worked_example_answers

    from mpp_lite.site import clock

    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 11, 16, 3, tzinfo=timezone.utc))
    for answers in worked_example_answers():
        make_response(ktp, answers, day=clock.today())
    db.session.commit()
    html = client.get("/survei/hasil").get_data(as_text=True)
    assert "91.48" in html and "Sangat Baik" in html and "29" in html
    assert "Sarana dan Prasarana" in html
    assert client.get("/survei").get_data(as_text=True).count("/survei/hasil") == 1


def test_transferred_ticket_link_leads_to_the_visits_last_ticket(client, seeded):
    ktp, _kk, skck = seeded["services"]
    first = make_ticket(ktp, "transferred")
    successor = make_ticket(skck, "waiting")
    successor.transferred_from_id = first.id
    db.session.commit()
    body = {"ticket_id": first.public_id, "answers": answers()}
    assert client.post("/api/v1/surveys", json=body).status_code == 409  # the visit goes on at SKCK
    successor.status = "done"
    db.session.commit()
    response = client.post("/api/v1/surveys", json=body)
    assert response.status_code == 201 and response.get_json()["service_id"] == skck.id
    again = client.post("/api/v1/surveys", json={"ticket_id": successor.public_id, "answers": answers()})
    assert again.status_code == 409


def test_anonymous_submissions_are_rate_limited_but_kiosks_are_not(instance_dir):

    from conftest import _reset_database, database_url

    from mpp_lite import create_app
    from mpp_lite.auth.services import create_token
    from mpp_lite.catalogue.models import Service, Tenant
    from mpp_lite.migrating import upgrade

    limited = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": database_url(instance_dir),
        }
    )
    with limited.app_context():
        _reset_database(limited)  # PostgreSQL: the test database is shared
        upgrade()
        tenant = Tenant(code="DUKCAPIL", name="Dukcapil", short_name="Dukcapil")
        db.session.add(tenant)
        db.session.flush()
        service = Service(code="DKC-01", name="KTP-el", tenant_id=tenant.id, published=True)
        db.session.add(service)
        _token, kiosk = create_token("Kios 1", "kiosk")
        db.session.commit()
        client = limited.test_client()
        statuses = [
            client.post("/api/v1/surveys", json={"ticket_id": f"nope-{n}", "answers": answers()}).status_code
            for n in range(61)
        ]
        walk_up = client.post(
            "/api/v1/surveys",
            json={"service_id": service.id, "answers": answers()},
            headers={"Authorization": f"Bearer {kiosk}"},
        )
        db.session.remove()
        db.engine.dispose()
    assert statuses[:60] == [422] * 60 and statuses[60] == 429
    assert walk_up.status_code == 201


def test_a_burst_of_walk_ups_from_one_kiosk_is_flagged_not_counted(
    app, client, ktp, create_token, create_user, login, monkeypatch
):
    """60 walk-up forms in seconds from one kiosk token once took a service's IKM from none to 25.0."""
    from datetime import timedelta

    from mpp_lite.site import clock
    from mpp_lite.survey import services as survey_services

    kiosk = {"Authorization": f"Bearer {create_token('kiosk')}"}
    worst = {"service_id": ktp.id, "answers": {code: 1 for code in ELEMENT_CODES}}
    for _ in range(60):
        assert client.post("/api/v1/surveys", json=worst, headers=kiosk).status_code == 201  # the flood learns nothing
    today = clock.today()
    assert survey_services.ikm(today, today, service_id=ktp.id).n == 0  # none of the burst counts
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id)).where(SurveyResponse.flagged)) == 60
    login(create_user("pengawas", "supervisor"))
    page = client.get(f"/dashboard?from={today.isoformat()}&to={today.isoformat()}").get_data(as_text=True)
    assert "60 jawaban langsung datang beruntun dari satu perangkat dan tidak dihitung" in page

    other_kiosk = {"Authorization": f"Bearer {create_token('kiosk', name='kiosk lantai 2')}"}
    later = clock.utcnow() + timedelta(minutes=2)
    for minute in range(4):  # a normal pace, one form a minute, counts
        monkeypatch.setattr(clock, "utcnow", lambda minute=minute: later + timedelta(minutes=minute))
        response = client.post(
            "/api/v1/surveys", json={"service_id": ktp.id, "answers": answers()}, headers=other_kiosk
        )
        assert response.status_code == 201
    assert survey_services.ikm(None, None, service_id=ktp.id).n == 4
