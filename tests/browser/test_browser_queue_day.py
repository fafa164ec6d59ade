"""A day at the MPP in the real browser: the kiosk says why a queue is closed and when it opens,
the console pauses a counter, and the TV shows the paused counter (screenshots for the manager)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from browser.checks import assert_accessible
from browser.journeys import (
    display_page,
    issue_by_api,
    kiosk_page,
    open_counter,
    operator_page,
    press,
)
from browser.support import device_token

pytestmark = pytest.mark.browser
WEEK = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_closed_queue_paused_counter_on_kiosk_console_and_tv(fresh_site, open_page, recorder):
    admin = {"Authorization": "Bearer " + device_token(fresh_site, "admin", "Admin uji")}
    setup = open_page(fresh_site)
    queues = {q["prefix"]: q for q in setup.request.get("/api/v1/queues", headers=admin).json()["items"]}
    today = date.today()
    closure = {
        "week": WEEK,
        "overrides": [
            {
                "from": (today - timedelta(days=1)).isoformat(),
                "to": (today + timedelta(days=1)).isoformat(),
                "windows": [],
                "note": "Pemeliharaan sistem",
            }
        ],
    }
    saved = setup.request.put(f"/api/v1/queues/{queues['A']['id']}/schedule", data=closure, headers=admin)
    assert saved.status == 200, saved.text()

    kiosk = kiosk_page(fresh_site, open_page)
    kiosk.get_by_role("button", name=re.compile("Disdukcapil")).first.click()
    kiosk.wait_for_function("() => document.body.dataset.kioskState === 'services'")
    kiosk.locator("[data-screen=services]:not([hidden])").get_by_role("button").first.click()
    kiosk.wait_for_function("() => document.body.dataset.kioskState === 'error'")
    shown = kiosk.locator("[data-screen=error]").inner_text()
    assert "Tutup: Pemeliharaan sistem." in shown and "Buka kembali" in shown
    recorder.shot(kiosk, "kiosk-closed-queue")

    console = operator_page(fresh_site, open_page)
    open_counter(console, 1)
    console.select_option("#pause-reason", "salat")
    console.fill("#pause-back", "13:00")
    with console.expect_response(lambda r: "/aksi" in r.url and r.request.method == "POST"):
        console.locator("[data-pause-form] button[type=submit]").click()
    console.wait_for_selector("[data-counter-state=paused]")
    assert "Jeda: salat" in console.locator("[data-counter-state]").inner_text()
    assert_accessible(console, "counter console, paused")
    recorder.shot(console, "console-pause-control")

    board = display_page(fresh_site, open_page)
    board.wait_for_function("() => document.body.innerText.includes('13.00')", timeout=10_000)
    recorder.shot(board, "display-paused-counter")
    assert board.evaluate("document.documentElement.scrollHeight") <= 1080


def test_the_console_at_1366x768_keeps_the_waiting_counts_and_tally_in_view(fresh_site, open_page, recorder):
    """A counter PC's usual screen: with a ticket held, the waiting counts and today's tally stay above the
    fold, and a ticket only called is labelled as called, not as being served."""
    kiosk = device_token(fresh_site, "kiosk", "Kios konsol")
    console = operator_page(
        fresh_site, open_page, username="petugas.layar", tenant="BPJSKES", viewport={"width": 1366, "height": 768}
    )
    setup = open_page(fresh_site)
    for _ticket in range(3):
        issue_by_api(setup, kiosk, code="BPJ-01")
    open_counter(console, 11)
    press(console, "call-next")
    status = console.locator("[data-current-status]")
    assert status.get_attribute("data-current-status") == "called"
    assert status.inner_text().strip().lower() == "dipanggil"
    for selector in ("[data-waiting]", "[data-tally-done]"):
        box = console.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 768, (selector, box)
    assert "Dipanggil, menunggu warga datang" in console.locator("#console-panel").inner_text()
    recorder.shot(console, "console-1366x768-ticket-held")
    press(console, "start")
    assert "Sedang dilayani" in console.locator("#console-panel").inner_text()
    press(console, "finish")  # the side column's tally follows the panel (swapped out of band)
    console.wait_for_function("() => document.querySelector('[data-tally-done]').textContent.trim() === '1'")
    assert console.locator("[data-waiting=D]").inner_text().strip() == "2"
