"""A queue's week wired into issuing and the API (CONTRACT "Queue day"): the kiosk refuses a
ticket during the Friday-prayer break, on a holiday and when the wait would run past closing, and
says why and when it opens again; schedules are stored whole or refused field by field."""

from zoneinfo import ZoneInfo

import pytest
from conftest import bearer

from mpp_lite.catalogue.models import Service
from mpp_lite.extensions import db
from mpp_lite.queue import services
from mpp_lite.queue.models import Queue

JAKARTA = ZoneInfo("Asia/Jakarta")
MPP_WEEK = {
    "mon": [["08:00", "15:00"]],
    "tue": [["08:00", "15:00"]],
    "wed": [["08:00", "15:00"]],
    "thu": [["08:00", "15:00"]],
    "fri": [["08:00", "11:00"], ["13:00", "15:00"]],
    "sat": [],
    "sun": [],
}


@pytest.fixture
def week(seeded, client, create_token):
    """Queue A (Dukcapil) on the MPP's week, set through the API as an admin would."""
    admin = bearer(create_token("admin"))
    qa = seeded["queues"][0]
    response = client.put(f"/api/v1/queues/{qa.id}/schedule", json={"week": MPP_WEEK}, headers=admin)
    assert response.status_code == 200, response.get_json()
    return {"kiosk": bearer(create_token("kiosk")), "admin": admin, "queue": qa, "ktp": seeded["services"][0]}


def test_friday_prayer_break_refuses_then_issues_at_one(week, client, at):
    at("2026-03-13T11:30")
    refused = client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"])
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["reason"] == "break" and error["message"] == "Istirahat salat Jumat, buka kembali pukul 13.00"
    assert error["next_opening"] == "2026-03-13T13:00+07:00"
    at("2026-03-13T13:00")
    assert client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"]).status_code == 201


def test_christmas_refuses_and_names_monday_the_28th(week, client, at):
    at("2026-12-25T09:00")
    refused = client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"])
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["reason"] == "holiday"
    assert error["message"] == "Tutup: Hari Raya Natal. Buka kembali Senin, 28-12-2026 pukul 08.00"
    listed = {q["prefix"]: q for q in client.get("/api/v1/queues", headers=week["kiosk"]).get_json()["items"]}
    assert listed["A"]["open_now"] is False and listed["A"]["closed_reason"] == "holiday"
    assert listed["A"]["next_opening"] == "2026-12-28T08:00:00+07:00"
    assert listed["B"]["open_now"] is True and listed["B"]["closed_reason"] is None  # no week: open every day


def test_a_local_cuti_bersama_closes_the_queue(week, client, at, runner):
    result = runner.invoke(
        args=["applications", "add-holiday", "--date", "2026-12-31", "--name", "Cuti bersama daerah"]
    )
    assert result.exit_code == 0, result.output
    at("2026-12-31T09:00")
    refused = client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"])
    assert refused.status_code == 409 and refused.get_json()["error"]["reason"] == "holiday"
    assert "Cuti bersama daerah" in refused.get_json()["error"]["message"]


def test_a_ramadan_override_changes_its_dates_only(week, client, at):
    ramadan = {
        "week": MPP_WEEK,
        "overrides": [
            {"from": "2026-02-18", "to": "2026-03-17", "windows": [["08:00", "14:00"]], "note": "Jam layanan Ramadan"}
        ],
    }
    assert (
        client.put(f"/api/v1/queues/{week['queue'].id}/schedule", json=ramadan, headers=week["admin"]).status_code
        == 200
    )
    at("2026-03-10T14:30")
    assert client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"]).status_code == 409
    at("2026-03-30T14:30")
    assert client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"]).status_code == 201


def test_the_last_ticket_rule(week, client, at, seeded):
    # 20 people ahead, 10 minutes each, 2 counters serving A, 60 minutes to closing.
    qa = week["queue"]
    seeded["counters"][2].active = False  # counters 1 and 2 serve A
    db.session.commit()
    at("2026-12-07T13:00")
    for _ in range(20):
        services.issue(week["ktp"].id)
    db.session.commit()
    at("2026-12-07T14:00")
    refused = client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"])
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["reason"] == "last_ticket"
    assert "melewati jam tutup" in error["message"] and "Selasa, 08-12-2026 pukul 08.00" in error["message"]
    assert qa.service_minutes == 10
    at("2026-12-07T13:00")  # with two hours left the same line is fine
    assert client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"]).status_code == 201


def test_a_weekday_quota_counts_for_its_day(week, client, at):
    schedule = {"week": MPP_WEEK, "quota": {"mon": 1}}
    assert (
        client.put(f"/api/v1/queues/{week['queue'].id}/schedule", json=schedule, headers=week["admin"]).status_code
        == 200
    )
    at("2026-12-07T09:00")  # a Monday
    assert client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"]).status_code == 201
    full = client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"])
    assert full.status_code == 409 and full.get_json()["error"]["reason"] == "quota"
    assert "Buka kembali Selasa, 08-12-2026 pukul 08.00" in full.get_json()["error"]["message"]
    at("2026-12-08T09:00")  # Tuesday has no quota
    for _ in range(3):
        assert (
            client.post("/api/v1/tickets", json={"service_id": week["ktp"].id}, headers=week["kiosk"]).status_code
            == 201
        )


def test_a_bad_schedule_is_refused_field_by_field_and_nothing_is_stored(week, client):
    bad = {
        "week": {**MPP_WEEK, "fri": [["08:00", "11:00"], ["10:30", "15:00"]], "mon": [["15:00", "08:00"]]},
        "policy": "sometimes",
    }
    response = client.put(f"/api/v1/queues/{week['queue'].id}/schedule", json=bad, headers=week["admin"])
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert {"week.fri.1", "week.mon.0", "policy"} <= set(fields)
    stored = client.get(f"/api/v1/queues/{week['queue'].id}/schedule", headers=week["kiosk"]).get_json()
    assert stored["week"]["fri"] == [["08:00", "11:00"], ["13:00", "15:00"]]
    assert (
        client.put(
            f"/api/v1/queues/{week['queue'].id}/schedule", json={"week": MPP_WEEK}, headers=week["kiosk"]
        ).status_code
        == 403
    )
    assert (
        client.put("/api/v1/queues/999999/schedule", json={"week": MPP_WEEK}, headers=week["admin"]).status_code == 404
    )
    assert (
        client.put(f"/api/v1/queues/{2**70}/schedule", json={"week": MPP_WEEK}, headers=week["admin"]).status_code
        == 404
    )


def test_a_queue_without_a_week_shows_its_simple_hours_as_monday_to_friday(seeded, client, create_token):
    from datetime import time

    qb: Queue = seeded["queues"][1]
    qb.opens_at, qb.closes_at = time(8), time(14)
    db.session.commit()
    shown = client.get(f"/api/v1/queues/{qb.id}/schedule", headers=bearer(create_token("kiosk"))).get_json()
    assert shown["week"]["mon"] == [["08:00", "14:00"]] and shown["week"]["sat"] == []


def test_the_admin_sets_the_week_on_a_grid(seeded, client, create_user, login, at, create_token):
    qa = seeded["queues"][0]
    login(create_user())
    page = client.get(f"/admin/antrean/{qa.id}/jadwal")
    assert page.status_code == 200 and "Jumat" in page.get_data(as_text=True)
    form = {f"hours_{day}": "08:00-15:00" for day in ("mon", "tue", "wed", "thu")}
    form |= {
        "hours_fri": "08:00-11:00, 10:30-15:00",
        "hours_sat": "",
        "hours_sun": "tutup",
        "policy": "strict",
        "overrides": "2026-02-18..2026-03-17 | 08:00-14:00 | Jam layanan Ramadan",
    }
    bad = client.post(f"/admin/antrean/{qa.id}/jadwal", data=form)
    assert bad.status_code == 422
    assert "bertumpang tindih" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Queue, qa.id).schedule is None  # nothing stored
    form["hours_fri"] = "08:00-11:00, 13:00-15:00"
    saved = client.post(f"/admin/antrean/{qa.id}/jadwal", data=form)
    assert saved.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Queue, qa.id).schedule
    assert stored["week"]["fri"] == [["08:00", "11:00"], ["13:00", "15:00"]] and stored["week"]["sun"] == []
    assert stored["overrides"][0]["note"] == "Jam layanan Ramadan"
    at("2026-03-27T11:30")  # a Friday after the Ramadan dates
    refused = client.post(
        "/api/v1/tickets", json={"service_id": seeded["services"][0].id}, headers=bearer(create_token("kiosk"))
    )
    assert refused.status_code == 409 and refused.get_json()["error"]["reason"] == "break"
    again = client.get(f"/admin/antrean/{qa.id}/jadwal").get_data(as_text=True)
    assert "08:00-11:00, 13:00-15:00" in again and "2026-02-18..2026-03-17 | 08:00-14:00 | Jam layanan Ramadan" in again


def test_the_demo_dukcapil_queue_follows_the_standard_week_the_admin_starts_from(
    app, client, create_user, login, create_token, at
):
    """Demo queues take tickets at any hour (CONTRACT); an admin who sets the site's standard week from
    the usual MPP week puts the demo's Dukcapil queue on it, breaks and holidays included."""
    from mpp_lite.demo.services import load_demo

    load_demo()
    db.session.commit()
    dukcapil = db.session.scalar(db.select(Queue).filter_by(prefix="A"))
    service_id = db.session.scalar(db.select(Service.id).where(Service.queue_id == dukcapil.id).limit(1))
    kiosk = bearer(create_token("kiosk"))
    at("2026-03-13T11:30")  # Friday, during Friday prayers
    listed = {q["prefix"]: q for q in client.get("/api/v1/queues", headers=kiosk).get_json()["items"]}
    assert listed["A"]["open_now"] is True  # the demo as shipped: any hour

    login(create_user())
    page = client.get("/admin/antrean/jadwal-standar?contoh=1").get_data(as_text=True)
    assert 'value="08:00-11:00, 13:00-15:00"' in page  # the usual week, offered as the start
    form = {f"hours_{day}": "08:00-15:00" for day in ("mon", "tue", "wed", "thu")}
    form |= {"hours_fri": "08:00-11:00, 13:00-15:00", "hours_sat": "", "hours_sun": "", "policy": "strict"}
    assert client.post("/admin/antrean/jadwal-standar", data=form).status_code == 302

    listed = {q["prefix"]: q for q in client.get("/api/v1/queues", headers=kiosk).get_json()["items"]}
    assert listed["A"]["closed_reason"] == "break"
    assert listed["A"]["message"] == "Istirahat salat Jumat, buka kembali pukul 13.00"
    assert listed["A"]["next_opening"] == "2026-03-13T13:00:00+07:00"
    assert client.post("/api/v1/tickets", json={"service_id": service_id}, headers=kiosk).status_code == 409
    at("2026-03-13T13:00")
    assert client.post("/api/v1/tickets", json={"service_id": service_id}, headers=kiosk).status_code == 201
    at("2026-12-25T09:00")  # Natal
    error = client.post("/api/v1/tickets", json={"service_id": service_id}, headers=kiosk).get_json()["error"]
    assert error["message"] == "Tutup: Hari Raya Natal. Buka kembali Senin, 28-12-2026 pukul 08.00"

    # A queue with a week of its own keeps it; dropping it (API) returns the queue to the standard week.
    admin = bearer(create_token("admin"))
    own = {"week": {**MPP_WEEK, "sat": [["08:00", "12:00"]]}}
    assert client.put(f"/api/v1/queues/{dukcapil.id}/schedule", json=own, headers=admin).status_code == 200
    at("2026-12-26T09:00")  # a Saturday
    assert client.post("/api/v1/tickets", json={"service_id": service_id}, headers=kiosk).status_code == 201
    assert client.delete(f"/api/v1/queues/{dukcapil.id}/schedule", headers=admin).status_code == 204
    assert client.get(f"/api/v1/queues/{dukcapil.id}/schedule", headers=kiosk).get_json()["week"]["sat"] == []
    assert client.post("/api/v1/tickets", json={"service_id": service_id}, headers=kiosk).status_code == 409


def test_a_queue_page_offers_to_follow_the_standard_week_again(seeded, client, create_user, login):
    qa = seeded["queues"][0]
    qa.schedule = {"week": MPP_WEEK}
    db.session.commit()
    login(create_user())
    page = client.get(f"/admin/antrean/{qa.id}/jadwal").get_data(as_text=True)
    assert "Ikuti pekan standar situs" in page
    answer = client.post(f"/admin/antrean/{qa.id}/jadwal", data={"inherit": "1"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(Queue, qa.id).schedule is None
    assert "Pekan standar" in client.get("/admin/antrean").get_data(as_text=True)
