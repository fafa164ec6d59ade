"""Journey 6: the whole day with the outside network cut off. Every browser here may reach only
the loopback server: each request to another host is aborted and recorded, and none may happen
(no CDN, no web font, no analytics, nothing a kiosk without internet would wait for)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser.journeys import (
    APPLICANT,
    display_page,
    keypad_type,
    kiosk_page,
    open_counter,
    operator_page,
    press,
    register_application,
    take_ticket,
)
from browser.support import device_token

pytestmark = pytest.mark.browser

BROKEN = Path(__file__).resolve().parent / "broken" / "kiosk_broken.html"


def test_the_guard_catches_a_page_that_loads_from_another_host(site, open_page, recorder):
    """The check itself: a test-only page pulling a stylesheet from a CDN is caught."""
    page = open_page(site, bypass_csp=True)
    html = BROKEN.read_text(encoding="utf-8").replace(
        "</head>", '<link rel="stylesheet" href="https://cdn.example.com/bootstrap.min.css"></head>'
    )
    page.route("**/__test__/cdn-page", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto("/__test__/cdn-page")
    assert recorder.outside == ["https://cdn.example.com/bootstrap.min.css"]
    recorder.outside.clear()


def test_whole_journey_with_the_outside_network_blocked(fresh_site, open_page, recorder):
    board = display_page(fresh_site, open_page)
    kiosk = kiosk_page(fresh_site, open_page)
    ticket = take_ticket(kiosk, recorder)

    operator = operator_page(fresh_site, open_page)
    open_counter(operator, 1)
    press(operator, "call-next")
    board.wait_for_function(
        "(n) => window.MPPDisplay.announcements.some(a => a.number === n)", arg=ticket["number"], timeout=2000
    )
    press(operator, "start")
    code = register_application(operator, ticket["number"])
    operator.goto("/counter")
    open_counter(operator, 1)
    press(operator, "finish")

    phone = open_page(fresh_site, viewport={"width": 390, "height": 844})
    phone.goto(ticket["public_url"])
    phone.locator("a[href*='/survei?tiket=']").click()
    phone.wait_for_url(re.compile(r"/survei\?tiket="))
    for element in range(1, 10):
        phone.locator(f"label[for='U{element}-3']").click()
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/survei/terima-kasih"))

    # the kiosk went back to its start screen by itself 10 s after the ticket
    kiosk.wait_for_function("() => document.body.dataset.kioskState === 'start'")
    kiosk.locator("a[href='/status']").click()
    kiosk.wait_for_url(re.compile(r"/status"))
    keypad_type(kiosk, code)
    keypad_type(kiosk, APPLICANT["phone"][-4:])
    kiosk.locator(".status-submit").click()
    assert code in kiosk.locator(".status-result").inner_text()

    for page, path in ((phone, "/"), (phone, "/layanan?q=ktp"), (phone, "/login")):
        page.goto(path)
    # pages that poll keep running for a moment: still nothing from outside
    board.wait_for_function("() => Number(document.body.dataset.polls) > 3")
    assert recorder.outside == [], f"requests to other hosts: {recorder.outside}"
    assert recorder.csp == [], f"Content-Security-Policy violations: {recorder.csp}"
    assert device_token(fresh_site, "kiosk")  # the kiosk used its paired-device cookie throughout
