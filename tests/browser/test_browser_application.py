"""Journey 3: an application registered from the ticket being served; receipt, verification,
and the citizen's status check on the kiosk (code + last 4 phone digits)."""

from __future__ import annotations

import re

import pytest

from browser.checks import assert_accessible, assert_targets_at_least, english_on_page
from browser.journeys import APPLICANT, keypad_type, register_from_served_ticket
from browser.support import device_token
from mpp_lite.applications.codes import ALPHABET, check_symbol

pytestmark = pytest.mark.browser

STATUS_ENGLISH = (
    "Check application status",
    "Tracking code",
    "Last 4 digits of your phone number",
    "Check status",
    "Application status",
    "History",
    "Received",
)


def unknown_code(code: str) -> str:
    """Another well-formed code (valid check character) that was never issued."""
    payload = code.replace("-", "")[:8]
    other = payload[:-1] + ALPHABET[(ALPHABET.index(payload[-1]) + 1) % len(ALPHABET)]
    return other + check_symbol(other)


def test_application_receipt_verification_and_kiosk_status(fresh_site, open_page, recorder):
    operator, code, number = register_from_served_ticket(fresh_site, open_page)
    assert number in operator.locator("main").inner_text()  # the queue ticket is linked

    receipt = operator.locator("a[href*='tanda-terima.pdf']").first
    pdf = operator.request.get(receipt.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    slip = operator.request.get(operator.locator("a[href*='tanda-terima.pdf?format=slip']").get_attribute("href"))
    assert slip.status == 200 and slip.body().startswith(b"%PDF")

    # the receipt's QR opens the verification page: valid, and the name only masked
    verify_url = operator.locator("a[href*='/verifikasi/']").first.get_attribute("href")
    phone = open_page(fresh_site, viewport={"width": 390, "height": 844})
    phone.goto(verify_url)
    valid = phone.get_by_role("status")
    assert valid.is_visible()
    page_text = phone.locator("main").inner_text()
    assert code in page_text
    assert APPLICANT["name"] not in page_text and APPLICANT["nik"] not in page_text
    assert english_on_page(phone) == []
    assert_accessible(phone, "receipt verification")
    # a tampered link is refused
    phone.goto(re.sub(r"sig=[^&]+", "sig=AAAA", verify_url))
    assert phone.get_by_role("alert").is_visible()

    # on the kiosk: status with the code and the last 4 phone digits, typed on its keypad
    kiosk = open_page(fresh_site, device=device_token(fresh_site, "kiosk"), viewport={"width": 1080, "height": 1920})
    kiosk.goto("/status")
    assert kiosk.locator(".keypad").is_visible()
    assert english_on_page(kiosk, STATUS_ENGLISH) == []
    assert_accessible(kiosk, "kiosk status form")
    assert_targets_at_least(kiosk, what="kiosk status form")

    # a wrong code first: the friendly error, nothing about tries left
    keypad_type(kiosk, unknown_code(code))
    assert kiosk.locator("#code").input_value().replace("-", "") == unknown_code(code)
    keypad_type(kiosk, APPLICANT["phone"][-4:])
    kiosk.locator(".status-submit").click()
    error = kiosk.get_by_role("alert")
    assert error.is_visible()
    assert re.search(r"\d+\s*(kali|percobaan|tries)", error.inner_text()) is None
    recorder.shot(kiosk, "status-wrong-code")
    assert_accessible(kiosk, "status error")

    # a mistyped code (check character fails): "check the code" at the field
    kiosk.locator("#code").click()  # touch the code field, then the keypad's "clear"
    kiosk.locator(".keypad [data-key='clear']").click()
    assert kiosk.locator("#code").input_value() == ""
    keypad_type(kiosk, code.replace("-", "")[:-1] + ("0" if code[-1] != "0" else "1"))
    keypad_type(kiosk, APPLICANT["phone"][-4:])
    kiosk.locator(".status-submit").click()
    assert kiosk.locator("#code-error").is_visible()
    assert kiosk.locator("#code").get_attribute("aria-invalid") == "true"

    # the right code
    kiosk.locator("#code").click()
    kiosk.locator(".keypad [data-key='clear']").click()
    keypad_type(kiosk, code)
    keypad_type(kiosk, APPLICANT["phone"][-4:])
    kiosk.locator(".status-submit").click()
    result = kiosk.locator(".status-result")
    assert result.is_visible()
    assert code in result.inner_text()
    assert APPLICANT["name"] not in kiosk.locator("main").inner_text()
    assert english_on_page(kiosk, STATUS_ENGLISH) == []
    recorder.shot(kiosk, "status-found")
    assert_accessible(kiosk, "status result")
    assert_targets_at_least(kiosk, what="kiosk status result")
    assert recorder.outside == [] and recorder.csp == []


def test_status_page_in_english(fresh_site, open_page):
    page = open_page(fresh_site, lang="en")
    page.goto("/status")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Check application status").is_visible()
    page.get_by_label("Tracking code").fill("7K3Q-9XWD-6")
    page.get_by_label("Last 4 digits of your phone number").fill("1234")
    page.get_by_role("button", name="Check status").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "status page (en)")
