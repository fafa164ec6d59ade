"""Journey 1 and 5: a citizen takes a number at the kiosk; the kiosk resets when left alone."""

from __future__ import annotations

import re
import time

import pytest

from browser.checks import assert_accessible, assert_targets_at_least, english_on_page
from browser.journeys import KTP, kiosk_page, take_ticket

pytestmark = pytest.mark.browser

# English the kiosk must not show in Indonesian (besides every msgid of the translation files)
KIOSK_ENGLISH = (
    "Your queue number",
    "Touch the screen to continue",
    "People ahead of you",
    "Estimated wait",
    "Which service do you need",
    "Check application status",
    "Done",
    "Continue",
    "Back",
)


def test_kiosk_ticket_with_pdf_and_live_position(fresh_site, open_page, recorder):
    page = kiosk_page(fresh_site, open_page)
    ticket = take_ticket(page, recorder)
    assert re.fullmatch(r"A\d{3}", ticket["number"])
    number = page.locator("[data-screen=ticket] [data-ticket-number]")
    assert number.is_visible() and number.inner_text() == ticket["number"]
    assert page.locator("[data-screen=ticket]").get_by_text(KTP).is_visible()
    assert english_on_page(page, KIOSK_ENGLISH) == []
    # the QR image on screen loaded (it points at the ticket's own page)
    assert page.locator("[data-ticket-qr]").evaluate("img => img.complete && img.naturalWidth > 0")

    # "Selesai" before the screen goes back by itself (10 s)
    page.get_by_role("button", name="Selesai").click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'start'")

    pdf = page.request.get(ticket["pdf_url"])
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert page.request.get(ticket["pdf_url"] + "?paper=58").body().startswith(b"%PDF")

    # a second citizen: one person ahead of them
    second = take_ticket(page, recorder)
    assert second["number"] != ticket["number"]

    phone = open_page(fresh_site, viewport={"width": 390, "height": 844})
    phone.goto(second["public_url"])
    position = phone.locator("#ticket-position")
    assert position.get_attribute("data-status") == "waiting"
    assert second["number"] in position.inner_text()
    assert phone.get_by_role("status").inner_text().startswith("1 orang")
    assert english_on_page(phone) == []
    assert_accessible(phone, "ticket position page")
    assert recorder.outside == [] and recorder.csp == []


def test_kiosk_screens_are_accessible_and_touch_sized(site, open_page, recorder):
    page = kiosk_page(site, open_page)
    screens = [("start", None)]
    assert_accessible(page, "kiosk start")
    assert_targets_at_least(page, what="kiosk start")
    page.get_by_role("button", name=re.compile("Disdukcapil")).first.click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'services'")
    screens.append(("services", None))
    assert_accessible(page, "kiosk services")
    assert_targets_at_least(page, what="kiosk services")
    page.locator("[data-screen=services]:not([hidden])").get_by_role("button", name=re.compile(KTP)).click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'priority'")
    assert_accessible(page, "kiosk priority")
    assert_targets_at_least(page, what="kiosk priority")
    page.locator("[data-screen=priority] [data-priority='0']").click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'ticket'")
    recorder.shot(page, "kiosk-ticket")
    assert_accessible(page, "kiosk ticket")
    assert_targets_at_least(page, what="kiosk ticket")


def test_kiosk_idle_warning_then_start_screen(site, open_page, recorder):
    # ?idle=2&warning=3: the kiosk's own test hook shortens its timers (defaults 45 s + 20 s)
    page = kiosk_page(site, open_page, query="?idle=2&warning=3")
    page.get_by_role("button", name=re.compile("Disdukcapil")).first.click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'services'")
    page.wait_for_function("() => document.body.dataset.kioskWarning === '1'", timeout=20_000)
    dialog = page.get_by_role("alertdialog")
    assert dialog.is_visible()
    assert english_on_page(page, KIOSK_ENGLISH) == []
    recorder.shot(page, "kiosk-idle-warning")
    assert_accessible(page, "kiosk idle warning")
    assert_targets_at_least(page, what="kiosk idle warning")
    # touching "continue" keeps the citizen where they were
    dialog.get_by_role("button").click()
    assert page.evaluate("document.body.dataset.kioskState") == "services"
    assert page.evaluate("document.body.dataset.kioskWarning") is None
    # left alone again: warning, then back to the start screen
    page.wait_for_function("() => document.body.dataset.kioskWarning === '1'", timeout=20_000)
    page.wait_for_function(
        "() => document.body.dataset.kioskState === 'start' && !document.body.dataset.kioskWarning", timeout=20_000
    )
    assert page.locator("[data-screen=start]").is_visible()
    assert page.get_by_role("alertdialog").is_hidden()
    recorder.shot(page, "kiosk-back-to-start")


@pytest.mark.parametrize("link", ["/status", "/survei", "/pengaduan"])
def test_kiosk_self_service_pages_are_accessible_and_touch_sized(site, open_page, link):
    """The start screen's other buttons open pages that are kiosk pages too."""
    page = kiosk_page(site, open_page)
    page.locator(f"[data-screen=start] a[href='{link}']").click()
    page.wait_for_url(re.compile(re.escape(link) + r"$"))
    assert english_on_page(page) == []
    assert_accessible(page, f"kiosk {link}")
    assert_targets_at_least(page, what=f"kiosk {link}")


# Every touch target of a screen, as {top, bottom} in CSS pixels, and the window's height.
TARGETS = """() => ({
  height: window.innerHeight,
  scroll: document.documentElement.scrollHeight,
  targets: [...document.querySelectorAll('#kiosk [data-screen]:not([hidden]) .kiosk-btn')].map((node) => {
    const r = node.getBoundingClientRect();
    return { text: node.innerText.split('\\n')[0], top: r.top, bottom: r.bottom };
  }),
})"""


def test_kiosk_buttons_sit_in_the_middle_and_lower_part_of_a_standing_screen(site, open_page, recorder):
    """1080x1920: the question in the upper third, every button below it, down to the lower third."""
    page = kiosk_page(site, open_page)

    def check(screen):
        found = page.evaluate(TARGETS)
        recorder.shot(page, f"kiosk-portrait-{screen}")
        assert found["targets"], screen
        high = [t for t in found["targets"] if t["top"] < found["height"] / 3]
        assert high == [], f"{screen}: buttons in the upper third"
        assert max(t["bottom"] for t in found["targets"]) > found["height"] * 2 / 3, f"{screen}: lower third unused"
        assert found["scroll"] <= found["height"], f"{screen}: the screen scrolls ({found['scroll']} px)"

    check("start")
    page.get_by_role("button", name=re.compile("Disdukcapil")).first.click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'services'")
    check("services")
    page.locator("[data-screen=services]:not([hidden])").get_by_role("button", name=re.compile(KTP)).click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'priority'")
    check("priority")


def test_kiosk_ticket_screen_goes_back_to_the_start_by_itself(fresh_site, open_page, recorder):
    """The next citizen never sees the previous one's number and QR code."""
    page = kiosk_page(fresh_site, open_page)
    ticket = take_ticket(page, recorder)
    shown = time.monotonic()
    note = page.locator("[data-ticket-return]")
    assert re.fullmatch(r"Layar ini kembali ke awal dalam \d+ detik\.", note.inner_text())
    assert page.get_by_role("button", name="Selesai").is_visible()
    page.wait_for_function("() => document.body.dataset.kioskState === 'start'", timeout=15_000)
    assert 7 <= time.monotonic() - shown <= 15  # about 10 s: time to read the number, not to leave it
    recorder.shot(page, "kiosk-back-to-start-after-ticket")
    assert page.locator("[data-screen=start]").is_visible()
    assert ticket["number"] not in page.locator("#kiosk").inner_text()
    assert page.locator("[data-ticket-qr]").get_attribute("src") is None


def test_kiosk_priority_buttons_record_the_group(site, open_page, recorder):
    """The four priority buttons each give a priority ticket that records its group (UU 25/2009)."""
    page = kiosk_page(site, open_page)
    page.get_by_role("button", name=re.compile("Disdukcapil")).first.click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'services'")
    page.locator("[data-screen=services]:not([hidden])").get_by_role("button", name=re.compile(KTP)).click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'priority'")
    with page.expect_response(re.compile(r"/api/v1/tickets$")) as answer:
        page.locator("[data-screen=priority] [data-group='ibu_hamil']").click()
    ticket = answer.value.json()
    assert answer.value.status == 201
    assert ticket["priority"] is True and ticket["priority_group"] == "ibu_hamil"
    page.wait_for_function("() => document.body.dataset.kioskState === 'ticket'")
    assert page.locator("[data-ticket-priority]").is_visible()
    assert recorder.outside == []
