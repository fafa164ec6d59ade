"""Bookings through the API on a fixed clock: slots from the week, taking and cancelling seats,
the abuse limits, check-in at the kiosk and the calling order of booked tickets."""

from __future__ import annotations

import re

import pytest
from bookings_fixtures import MONDAY, book, make_booking_world

from mpp_lite.applications import codes


@pytest.fixture
def booking_world(app, client, create_tenant, create_queue, create_counter, create_service, create_token):
    return make_booking_world(client, create_tenant, create_queue, create_counter, create_service, create_token)


def slots(client, world, day=MONDAY, service=None):
    response = client.get(f"/api/v1/bookings/slots?service_id={(service or world['service']).id}&date={day}")
    assert response.status_code == 200
    return response.get_json()["items"]


def test_slots_follow_the_week_breaks_and_holidays(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    monday = slots(client, booking_world)
    assert len(monday) == 14  # 08.00-15.00 in 30 minutes
    assert monday[0] == {"start": f"{MONDAY}T08:00+07:00", "end": f"{MONDAY}T08:30+07:00", "capacity": 2, "left": 2}
    friday = slots(client, booking_world, "2026-12-11")
    assert [s["start"][11:16] for s in friday] == [
        "08:00",
        "08:30",
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "13:00",
        "13:30",
        "14:00",
        "14:30",
    ]  # the Friday-prayer break has none
    assert slots(client, booking_world, "2026-12-12") == []  # Saturday: closed
    assert slots(client, booking_world, "2026-12-25") == []  # Hari Raya Natal
    assert slots(client, booking_world, "2027-02-01") == []  # beyond 14 working days
    assert slots(client, booking_world, service=booking_world["walk_only"]) == []
    at(f"{MONDAY}T09:10")
    assert slots(client, booking_world)[0]["start"] == f"{MONDAY}T09:30+07:00"  # begun slots are not offered
    assert client.get("/api/v1/bookings/slots?service_id=1&date=7-12-2026").status_code == 422


def test_booking_answers_a_code_with_its_check_character_and_takes_a_seat(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    response = book(client, booking_world, f"{MONDAY}T09:00+07:00")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "booked" and body["service_id"] == booking_world["service"].id
    assert codes.is_valid(body["code"].replace("-", "")) and len(body["code"]) == 11
    assert body["slot_start"] == f"{MONDAY}T09:00+07:00" and body["slot_end"] == f"{MONDAY}T09:30+07:00"
    assert body["checkin_from"] == f"{MONDAY}T08:00+07:00" and body["checkin_until"] == f"{MONDAY}T09:15+07:00"
    assert body["confirmation_url"].endswith(f"/reservasi/kode/{body['code']}")
    ics = client.get(body["ics_url"].split("localhost", 1)[-1])
    assert ics.status_code == 200 and "DTSTART:20261207T020000Z" in ics.get_data(as_text=True)
    assert [s["left"] for s in slots(client, booking_world) if s["start"].endswith("09:00+07:00")] == [1]


def test_a_full_slot_answers_409_with_the_nearest_free_slots(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    for phone in ("081111111111", "082222222222"):
        assert book(client, booking_world, f"{MONDAY}T09:00+07:00", phone).status_code == 201
    full = book(client, booking_world, f"{MONDAY}T09:00+07:00", "083333333333")
    assert full.status_code == 409
    error = full.get_json()["error"]
    assert error["code"] == "slot_full"
    assert [s["start"][11:16] for s in error["alternatives"]] == ["08:30", "09:30", "08:00"]
    assert [s["left"] for s in slots(client, booking_world) if s["start"].endswith("09:00+07:00")] == [0]


def test_bad_input_is_refused_with_the_field_named(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    bad_phone = book(client, booking_world, f"{MONDAY}T09:00+07:00", phone="12345")
    assert bad_phone.status_code == 422 and "phone" in bad_phone.get_json()["error"]["fields"]
    not_a_slot = book(client, booking_world, f"{MONDAY}T09:10+07:00")
    assert not_a_slot.status_code == 422 and "slot_start" in not_a_slot.get_json()["error"]["fields"]
    no_offset = book(client, booking_world, f"{MONDAY}T09:00")
    assert no_offset.status_code == 422
    assert (
        client.post(
            "/api/v1/bookings",
            json={
                "service_id": booking_world["walk_only"].id,
                "slot_start": f"{MONDAY}T09:00+07:00",
                "name": "Budi",
                "phone": "081234567890",
            },
        ).status_code
        == 409
    )
    assert client.post("/api/v1/bookings", json={"service_id": "x"}).status_code == 404
    assert client.post("/api/v1/bookings", data="no json").status_code == 415


def test_cancel_needs_the_code_and_the_phone_digits(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    code = book(client, booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    wrong = client.post(f"/api/v1/bookings/{code}/cancel", json={"phone_last4": "0000"})
    payload = codes.new_code()
    unknown = client.post(f"/api/v1/bookings/{codes.display(payload)}/cancel", json={"phone_last4": "7890"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.get_json() == unknown.get_json()
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    checked = client.post(f"/api/v1/bookings/{typo}/cancel", json={"phone_last4": "7890"})
    assert checked.status_code == 422 and "code" in checked.get_json()["error"]["fields"]
    cancelled = client.post(f"/api/v1/bookings/{code.lower()}/cancel", json={"phone_last4": "7890"})
    assert cancelled.status_code == 200 and cancelled.get_json() == {"code": code, "status": "cancelled"}
    assert [s["left"] for s in slots(client, booking_world) if s["start"].endswith("09:00+07:00")] == [2]
    again = client.post(f"/api/v1/bookings/{code}/cancel", json={"phone_last4": "7890"})
    assert again.status_code == 409


def test_limits_per_phone_say_what_the_limit_is(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    first = book(client, booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    assert book(client, booking_world, f"{MONDAY}T10:00+07:00").status_code == 201
    third = book(client, booking_world, f"{MONDAY}T11:00+07:00")
    assert third.status_code == 409 and third.get_json()["error"]["code"] == "open_bookings_limit"
    assert "2" in third.get_json()["error"]["message"]
    client.post(f"/api/v1/bookings/{first}/cancel", json={"phone_last4": "7890"})
    assert book(client, booking_world, f"{MONDAY}T11:00+07:00").status_code == 201  # the third made today
    fourth = book(client, booking_world, f"{MONDAY}T12:00+07:00")
    assert fourth.status_code == 429 and int(fourth.headers["Retry-After"]) > 0
    assert "3" in fourth.get_json()["error"]["message"]


def test_a_booking_checked_in_early_waits_for_its_slot_then_goes_before_walk_ins(booking_world, client, at):
    world = booking_world
    at(f"{MONDAY}T07:00")
    code = book(client, world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    at(f"{MONDAY}T08:00")
    walk_ins = [
        client.post("/api/v1/tickets", json={"service_id": world["service"].id}, headers=world["kiosk"]).get_json()[
            "number"
        ]
        for _ in range(3)
    ]
    at(f"{MONDAY}T08:50")  # 10 minutes early
    ticket = client.post(f"/api/v1/bookings/{code}/check-in", headers=world["kiosk"])
    assert ticket.status_code == 201, ticket.get_json()
    booked = ticket.get_json()
    assert booked["booking_code"] == code and booked["callable_from"] == f"{MONDAY}T09:00+07:00"
    counter = world["counters"][0].id

    def call_and_finish():
        called = client.post(f"/api/v1/counters/{counter}/call-next", headers=world["admin"])
        assert called.status_code == 200, called.status_code
        number = called.get_json()["number"]
        client.post(f"/api/v1/tickets/{called.get_json()['id']}/finish", headers=world["admin"])
        return number

    at(f"{MONDAY}T08:55")
    assert call_and_finish() == walk_ins[0]  # the booked ticket is not called before its slot
    at(f"{MONDAY}T09:00")
    assert call_and_finish() == booked["number"]  # from its slot: before the walk-ins who waited longer
    assert call_and_finish() == walk_ins[1]
    again = client.post(f"/api/v1/bookings/{code}/check-in", headers=world["kiosk"])
    assert again.status_code == 409 and again.get_json()["error"]["ticket"]["number"] == booked["number"]


def test_only_booked_tickets_waiting_for_their_slot_means_nobody_to_call(booking_world, client, at):
    world = booking_world
    at(f"{MONDAY}T07:00")
    code = book(client, world, f"{MONDAY}T10:00+07:00").get_json()["code"]
    at(f"{MONDAY}T09:00")
    assert client.post(f"/api/v1/bookings/{code}/check-in", headers=world["kiosk"]).status_code == 201
    called = client.post(f"/api/v1/counters/{world['counters'][0].id}/call-next", headers=world["admin"])
    assert called.status_code == 204


def test_a_priority_visitor_still_goes_before_a_booked_ticket(booking_world, client, at):
    world = booking_world
    at(f"{MONDAY}T07:00")
    code = book(client, world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    at(f"{MONDAY}T09:01")
    booked = client.post(f"/api/v1/bookings/{code}/check-in", headers=world["kiosk"]).get_json()
    priority = client.post(
        "/api/v1/tickets", json={"service_id": world["service"].id, "priority_group": "lansia"}, headers=world["kiosk"]
    ).get_json()
    counter = world["counters"][0].id
    first = client.post(f"/api/v1/counters/{counter}/call-next", headers=world["admin"]).get_json()
    assert first["number"] == priority["number"]
    client.post(f"/api/v1/tickets/{first['id']}/finish", headers=world["admin"])
    assert (
        client.post(f"/api/v1/counters/{counter}/call-next", headers=world["admin"]).get_json()["number"]
        == booked["number"]
    )


def test_a_late_booking_lapses_and_its_seat_returns_to_walk_ins(booking_world, client, at):
    world = booking_world
    world["set_schedule"](quota={"mon": 3})
    at(f"{MONDAY}T07:00")
    code = book(client, world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    at(f"{MONDAY}T09:05")

    def issue():
        return client.post(
            "/api/v1/tickets",
            json={"service_id": world["service"].id},
            headers=world["kiosk"],
        )

    assert issue().status_code == 201 and issue().status_code == 201
    refused = issue()
    assert refused.status_code == 409  # the third of 3 places is held for the booked citizen
    at(f"{MONDAY}T09:20")  # 20 minutes late with a 15-minute grace
    late = client.post(f"/api/v1/bookings/{code}/check-in", headers=world["kiosk"])
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "lapsed"
    assert late.get_json()["error"]["walk_in"]["open"] is True
    assert issue().status_code == 201  # the seat went back to walk-ins
    assert issue().status_code == 409


def test_check_in_refuses_typos_cancelled_and_other_days(booking_world, client, at):
    world = booking_world
    at(f"{MONDAY}T07:00")
    code = book(client, world, "2026-12-08T09:00+07:00").get_json()["code"]
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert client.post(f"/api/v1/bookings/{typo}/check-in", headers=world["kiosk"]).status_code == 422
    other_day = client.post(f"/api/v1/bookings/{code}/check-in", headers=world["kiosk"])
    assert other_day.status_code == 409 and other_day.get_json()["error"]["code"] == "other_day"
    at("2026-12-08T07:30")  # the office opens at 08.00
    too_early = client.post(f"/api/v1/bookings/{code}/check-in", headers=world["kiosk"])
    assert too_early.status_code == 409 and "08.00" in too_early.get_json()["error"]["message"]
    client.post(f"/api/v1/bookings/{code}/cancel", json={"phone_last4": "7890"})
    assert (
        client.post(f"/api/v1/bookings/{code}/check-in", headers=world["kiosk"]).get_json()["error"]["code"]
        == "cancelled"
    )
    assert client.post(f"/api/v1/bookings/{code}/check-in").status_code == 401


def test_the_schedule_answers_its_booking_rules_and_refuses_bad_ones(booking_world, client):
    world = booking_world
    stored = client.get(f"/api/v1/queues/{world['queue'].id}/schedule", headers=world["admin"]).get_json()
    assert stored["booking"] == {
        "enabled": True,
        "slot_minutes": 30,
        "online_percent": 40,
        "days_ahead": 14,
        "grace_minutes": 15,
        "closes_day_before": None,
    }
    bad = client.put(
        f"/api/v1/queues/{world['queue'].id}/schedule",
        headers=world["admin"],
        json={"week": {}, "booking": {"enabled": "yes", "online_percent": 120}},
    )
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"booking.enabled", "booking.online_percent"}


def test_bookings_stay_on_the_pc_and_their_checked_in_ticket_is_synced(booking_world, client, at):
    """The wire format's record types are fixed (ticket, application, survey, complaint, service):
    a booking itself is not sent (nor the phone number), the ticket given at check-in is."""
    from mpp_lite.bookings.models import Booking
    from mpp_lite.extensions import db
    from mpp_lite.sync.models import OutboxRow

    at(f"{MONDAY}T07:00")
    code = book(client, booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    client.post(f"/api/v1/bookings/{code}/cancel", json={"phone_last4": "7890"})
    booking = db.session.scalar(db.select(Booking))
    assert booking.status == "cancelled"
    types = set(db.session.scalars(db.select(OutboxRow.record_type)))
    assert "booking" not in types
    assert "081234567890" not in str(db.session.scalars(db.select(OutboxRow.payload)).all())


def test_figures_count_bookings_and_compare_booked_and_walk_in_waits(
    booking_world, client, app, at, login, create_user
):
    world = booking_world
    at(f"{MONDAY}T07:00")
    kept = book(client, world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    dropped = book(client, world, f"{MONDAY}T10:00+07:00").get_json()["code"]
    client.post(f"/api/v1/bookings/{dropped}/cancel", json={"phone_last4": "7890"})
    book(client, world, f"{MONDAY}T11:00+07:00", phone="085700001111")  # never comes
    at(f"{MONDAY}T08:00")
    client.post("/api/v1/tickets", json={"service_id": world["service"].id}, headers=world["kiosk"])
    at(f"{MONDAY}T08:50")
    client.post(f"/api/v1/bookings/{kept}/check-in", headers=world["kiosk"])
    counter = world["counters"][0].id
    at(f"{MONDAY}T08:55")
    walk_in = client.post(f"/api/v1/counters/{counter}/call-next", headers=world["admin"]).get_json()
    client.post(f"/api/v1/tickets/{walk_in['id']}/finish", headers=world["admin"])
    at(f"{MONDAY}T09:04")
    assert client.post(f"/api/v1/counters/{counter}/call-next", headers=world["admin"]).status_code == 200
    at(f"{MONDAY}T12:00")  # the 11.00 booking is past its grace
    staff = app.test_client()
    login(create_user("kepala", "supervisor"), on=staff)
    page = staff.get(f"/admin/reservasi/laporan?dari={MONDAY}&sampai={MONDAY}").get_data(as_text=True)
    figures = dict(re.findall(r'data-figure="(\w+)">(\d+)<', page))
    assert figures == {"made": "3", "checked_in": "1", "lapsed": "1", "cancelled": "1", "booked": "0"}
    assert "<td>4.0 (1)</td>" in page and "<td>55.0 (1)</td>" in page  # booked from the slot; walk-in from 08.00


def test_one_device_may_make_only_so_many_bookings_an_hour(booking_world, client, app, at):
    app.config["BOOKING_LIMIT_CLIENT_PER_HOUR"] = 2
    at(f"{MONDAY}T07:00")
    assert book(client, booking_world, f"{MONDAY}T09:00+07:00", "081111111111").status_code == 201
    assert book(client, booking_world, f"{MONDAY}T09:00+07:00", "082222222222").status_code == 201
    third = book(client, booking_world, f"{MONDAY}T10:00+07:00", "083333333333")
    assert third.status_code == 429 and third.headers["Retry-After"] == "3600"
    assert "2 reservasi per jam" in third.get_json()["error"]["message"]
    at(f"{MONDAY}T08:01")
    assert book(client, booking_world, f"{MONDAY}T10:00+07:00", "083333333333").status_code == 201
