"""The booking pages as a citizen and the kiosk use them: book, confirmation with QR, PDF and
calendar file, see and cancel with code + phone digits, check in at the kiosk."""

from __future__ import annotations

import io
import re

import pytest
from bookings_fixtures import MONDAY, book, make_booking_world
from pypdf import PdfReader


@pytest.fixture
def booking_world(app, client, create_tenant, create_queue, create_counter, create_service, create_token):
    return make_booking_world(client, create_tenant, create_queue, create_counter, create_service, create_token)


def test_book_on_the_page_and_take_home_the_confirmation(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    start = client.get("/reservasi").get_data(as_text=True)
    assert "Paspor Baru" in start and "Legalisir" not in start
    service_id = booking_world["service"].id
    day_page = client.get(f"/reservasi?layanan={service_id}&tanggal={MONDAY}").get_data(as_text=True)
    assert f'value="{MONDAY}T09:00+07:00"' in day_page and "2 kursi tersisa" in day_page
    made = client.post(
        f"/reservasi?layanan={service_id}&tanggal={MONDAY}",
        data={"slot_start": f"{MONDAY}T09:00+07:00", "name": "Budi Santoso", "phone": "0812-3456-7890"},
    )
    assert made.status_code == 303
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    code = re.search(r"data-booking-code>([0-9A-Z-]{11})<", page).group(1)
    assert "Bu** Sa*****" in page and "Budi Santoso" not in page and "7890" not in page
    assert "Senin, 7 Desember 2026, 09.00-09.30" in page
    qr = client.get(f"/reservasi/kode/{code}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    pdf = client.get(f"/reservasi/kode/{code}/reservasi.pdf")
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert code in text and "Paspor Baru" in text and "09.15" in text and "Santoso" not in text
    ics = client.get(f"/reservasi/kode/{code}/reservasi.ics").get_data(as_text=True)
    assert "BEGIN:VEVENT" in ics and "DTSTART:20261207T020000Z" in ics and code in ics
    assert client.get("/reservasi/kode/0000-0000-0/reservasi.pdf").status_code == 404


def test_a_slot_that_filled_meanwhile_offers_the_nearest_free_ones(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    for phone in ("081111111111", "082222222222"):
        book(client, booking_world, f"{MONDAY}T09:00+07:00", phone)
    service_id = booking_world["service"].id
    late = client.post(
        f"/reservasi?layanan={service_id}&tanggal={MONDAY}",
        data={"slot_start": f"{MONDAY}T09:00+07:00", "name": "Siti", "phone": "083333333333"},
    )
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and "baru saja penuh" in page
    assert "2026-12-07 08:30-09:00" in page and 'value="Siti"' in page  # nothing typed is lost
    bad = client.post(
        f"/reservasi?layanan={service_id}&tanggal={MONDAY}",
        data={"slot_start": f"{MONDAY}T10:00+07:00", "name": "Siti", "phone": "12"},
    )
    assert bad.status_code == 422 and 'aria-describedby="phone-error"' in bad.get_data(as_text=True)


def test_see_and_cancel_with_the_code_and_phone_digits(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    code = book(client, booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    wrong = client.post("/reservasi/kelola", data={"code": code, "phone_last4": "1111"})
    assert wrong.status_code == 404
    typo = client.post(
        "/reservasi/kelola", data={"code": code[:-1] + ("0" if code[-1] != "0" else "1"), "phone_last4": "7890"}
    )
    assert typo.status_code == 422 and "salah ketik" in typo.get_data(as_text=True)
    found = client.post("/reservasi/kelola", data={"code": code.lower(), "phone_last4": "7890"})
    assert found.status_code == 200 and "****-****-7890" in found.get_data(as_text=True)
    cancelled = client.post("/reservasi/kelola", data={"code": code, "phone_last4": "7890", "action": "cancel"})
    assert cancelled.status_code == 200 and "data-booking-status>dibatalkan" in cancelled.get_data(as_text=True)


def test_kiosk_check_in_early_says_when_the_ticket_is_called(booking_world, client, at, login, create_user):
    at(f"{MONDAY}T07:00")
    code = book(client, booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    login(create_user("loket1", "operator", booking_world["tenant"]))
    assert "Saya sudah reservasi" in client.get("/kiosk/reservasi").get_data(as_text=True)
    at(f"{MONDAY}T08:40")
    done = client.post("/kiosk/reservasi", data={"code": code.replace("-", " ").lower()})
    page = done.get_data(as_text=True)
    assert done.status_code == 200 and "data-ticket-number>P001<" in page and "pukul 09.00" in page
    pdf_url = re.search(r'href="(/t/[^"]+/tiket.pdf)"', page).group(1)
    printed = PdfReader(io.BytesIO(client.get(pdf_url).data)).pages[0].extract_text()
    assert "P001" in printed and "dipanggil mulai pukul 09.00" in printed
    twice = client.post("/kiosk/reservasi", data={"code": code})
    assert twice.status_code == 409 and "P001" in twice.get_data(as_text=True)


def test_a_lapsed_booking_is_offered_a_walk_in_ticket_at_the_kiosk(booking_world, client, at, login, create_user):
    at(f"{MONDAY}T07:00")
    code = book(client, booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    login(create_user("loket1", "operator", booking_world["tenant"]))
    at(f"{MONDAY}T09:20")
    late = client.post("/kiosk/reservasi", data={"code": code})
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and 'value="walk_in"' in page
    walk_in = client.post("/kiosk/reservasi", data={"action": "walk_in", "service_id": booking_world["service"].id})
    assert "data-ticket-number>P001<" in walk_in.get_data(as_text=True)


def test_the_manager_sets_booking_rules_and_the_week_page_keeps_them(booking_world, client, login, create_user):
    queue = booking_world["queue"]
    login(create_user("admin1", "admin"))
    page = client.get(f"/admin/antrean/{queue.id}/reservasi").get_data(as_text=True)
    assert "Saat ini 2 kursi per slot" in page
    bad = client.post(
        f"/admin/antrean/{queue.id}/reservasi",
        data={"enabled": "on", "slot_minutes": "2", "online_percent": "50", "days_ahead": "14", "grace_minutes": "15"},
    )
    assert bad.status_code == 422 and 'value="2"' in bad.get_data(as_text=True)
    saved = client.post(
        f"/admin/antrean/{queue.id}/reservasi",
        data={
            "enabled": "on",
            "slot_minutes": "60",
            "online_percent": "50",
            "days_ahead": "10",
            "grace_minutes": "20",
            "closes_day_before": "15:00",
        },
    )
    assert saved.status_code == 303
    week_form = {f"hours_{d}": "08:00-15:00" for d in ("mon", "tue", "wed", "thu", "fri")}
    assert client.post(f"/admin/antrean/{queue.id}/jadwal", data={**week_form, "policy": "strict"}).status_code == 302
    stored = client.get(f"/api/v1/queues/{queue.id}/schedule", headers=booking_world["admin"]).get_json()
    assert stored["booking"] == {
        "enabled": True,
        "slot_minutes": 60,
        "online_percent": 50,
        "days_ahead": 10,
        "grace_minutes": 20,
        "closes_day_before": "15:00",
    }


def test_staff_book_for_a_citizen_at_the_desk_and_see_the_day(booking_world, client, login, create_user, at):
    at(f"{MONDAY}T07:00")
    login(create_user("info1", "operator", booking_world["tenant"]))
    made = client.post(
        f"/admin/reservasi?tanggal={MONDAY}",
        data={
            "service_id": booking_world["service"].id,
            "date": MONDAY,
            "time": "10:00",
            "name": "Ibu Aminah",
            "phone": "085711112222",
        },
    )
    assert made.status_code == 303
    day = client.get(f"/admin/reservasi?tanggal={MONDAY}").get_data(as_text=True)
    assert "Ibu Aminah" in day and "****-****-2222" in day and "desk" in day
    full = client.post(
        f"/admin/reservasi?tanggal={MONDAY}",
        data={
            "service_id": booking_world["service"].id,
            "date": MONDAY,
            "time": "10:10",
            "name": "Ibu Aminah",
            "phone": "085711112222",
        },
    )
    assert full.status_code == 422 and 'value="Ibu Aminah"' in full.get_data(as_text=True)


def test_the_booking_pages_speak_english_when_asked(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    client.set_cookie("mpp_lang", "en")
    page = client.get(f"/reservasi?layanan={booking_world['service'].id}&tanggal={MONDAY}").get_data(as_text=True)
    assert "Book a visit" in page and "2 seats left" in page and "Time and your details" in page
    code = book(client, booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    confirmation = client.get(f"/reservasi/kode/{code}").get_data(as_text=True)
    assert "Booking code" in confirmation and "Monday, 7 December 2026, 09.00-09.30" in confirmation


def test_the_counter_console_lists_a_booked_ticket_from_its_slot_first(
    booking_world, client, app, at, login, create_user
):
    world = booking_world
    at(f"{MONDAY}T07:00")
    code = book(client, world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    at(f"{MONDAY}T08:00")
    walk_in = client.post("/api/v1/tickets", json={"service_id": world["service"].id}, headers=world["kiosk"])
    at(f"{MONDAY}T08:50")
    booked = client.post(f"/api/v1/bookings/{code}/check-in", headers=world["kiosk"]).get_json()["number"]
    staff = app.test_client()
    login(create_user("loket1", "operator", world["tenant"]), on=staff)
    panel = f"/counter/{world['counters'][0].id}/panel"
    assert re.search(r"Berikutnya: P001<", staff.get(panel).get_data(as_text=True))
    at(f"{MONDAY}T09:00")
    assert f"Berikutnya: {booked}, {walk_in.get_json()['number']}<" in staff.get(panel).get_data(as_text=True)
