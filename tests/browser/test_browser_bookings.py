"""Book on a phone-sized page, cancel, book again, check in at the kiosk with the code and see the
ticket (screenshots of each step in test-artifacts/ for the manager)."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from browser.checks import assert_accessible, assert_targets_at_least, english_on_page
from browser.journeys import kiosk_page
from browser.support import device_token

pytestmark = pytest.mark.browser
WEEK = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
PHONE = {"width": 390, "height": 844}
JAKARTA = ZoneInfo("Asia/Jakarta")
MARGIN = timedelta(minutes=2)  # a slot that begins while the form is filled in is refused, as it should be


def wait_out_the_last_minutes_of_the_day() -> None:
    """The test books a slot today that begins at least MARGIN ahead: from 23:50 WIB none may be left."""
    now = datetime.now(JAKARTA)
    if now.hour == 23 and now.minute >= 50:
        midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=5, microsecond=0)
        time.sleep((midnight - now).total_seconds())


def book_first_slot_today(page, recorder) -> str:
    page.goto("/reservasi")
    page.get_by_role("link", name=re.compile("Penerbitan KTP-el Baru")).first.click()
    page.locator(".booking-day").first.click()
    earliest = (datetime.now(JAKARTA) + MARGIN).replace(tzinfo=None)
    free = page.locator(".booking-slot:not(.disabled) input")
    starts = [
        datetime.fromisoformat(value).replace(tzinfo=None)
        for value in free.evaluate_all("els => els.map(e => e.value)")
    ]
    free.nth(next(i for i, start in enumerate(starts) if start >= earliest)).check()
    page.fill("#name", "Siti Rahmawati")
    page.fill("#phone", "0812 3456 7890")
    recorder.shot(page, "phone-booking-form")
    assert english_on_page(page) == []
    page.locator(".booking-submit").click()
    page.wait_for_selector("[data-booking-code]")
    recorder.shot(page, "phone-booking-confirmation")
    return page.locator("[data-booking-code]").inner_text().strip()


def test_book_cancel_book_again_and_check_in_at_the_kiosk(fresh_site, open_page, recorder):
    wait_out_the_last_minutes_of_the_day()
    today = datetime.now(JAKARTA).date().isoformat()
    # Today may be a national holiday (the suite also runs on 1 January): the office opens anyway.
    fresh_site.cli(
        "applications", "add-holiday", "--date", today, "--name", "Buka untuk uji reservasi", "--working-day"
    )
    admin = {"Authorization": "Bearer " + device_token(fresh_site, "admin", "Admin uji")}
    phone = open_page(fresh_site, viewport=PHONE)
    queues = {q["prefix"]: q for q in phone.request.get("/api/v1/queues", headers=admin).json()["items"]}
    week = {
        "week": WEEK,
        "booking": {"enabled": True, "slot_minutes": 5, "online_percent": 100, "days_ahead": 5, "grace_minutes": 15},
    }
    saved = phone.request.put(f"/api/v1/queues/{queues['A']['id']}/schedule", data=week, headers=admin)
    assert saved.status == 200, saved.text()

    first = book_first_slot_today(phone, recorder)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", first)
    assert "Si** Ra*******" in phone.content() and "0812" not in phone.content()
    assert_accessible(phone, "booking confirmation")
    phone.get_by_role("link", name="Lihat atau batalkan reservasi").click()
    phone.fill("#code", first)
    phone.fill("#phone_last4", "7890")
    phone.locator(".booking-find").click()
    phone.locator(".booking-cancel").click()
    assert phone.locator("[data-booking-status]").inner_text() == "dibatalkan"
    recorder.shot(phone, "phone-booking-cancelled")

    second = book_first_slot_today(phone, recorder)
    assert second != first

    kiosk = kiosk_page(fresh_site, open_page)
    kiosk.get_by_role("link", name="Saya sudah reservasi").click()
    kiosk.wait_for_url(re.compile(r"/kiosk/reservasi"))  # loaded, with its stylesheet, before it is measured
    assert english_on_page(kiosk) == []
    assert_targets_at_least(kiosk, what="kiosk check-in")
    kiosk.fill("#code", second.replace("-", "").lower())
    recorder.shot(kiosk, "kiosk-check-in-code")
    kiosk.locator(".booking-checkin").click()
    number = kiosk.locator("[data-ticket-number]").inner_text().strip()
    assert re.fullmatch(r"A\d{3}", number)
    shown = kiosk.locator(".booking-ticket").inner_text()
    assert "dipanggil mulai pukul" in shown or "lebih dulu dari pengunjung langsung" in shown
    recorder.shot(kiosk, "kiosk-booked-ticket")
    kiosk.get_by_role("link", name="Pantau posisi Anda").click()
    kiosk.wait_for_load_state()
    assert number in kiosk.content()
    recorder.shot(kiosk, "ticket-page")
