"""Steps the browser journeys share: a citizen at the kiosk, an operator at the counter."""

from __future__ import annotations

import re

from browser.checks import assert_accessible
from browser.support import create_staff, device_token, snap

APPLICANT = {"name": "Siti Rahmawati", "nik": "3201014501900001", "phone": "081234567890"}
KIOSK_TENANT = "Disdukcapil"
KTP = "Penerbitan KTP-el Baru"


def kiosk_page(server, open_page, query: str = "", **kw):
    """A browser paired as a kiosk (its device cookie holds a kiosk token) on /kiosk."""
    page = open_page(
        server, device=device_token(server, "kiosk", "Kiosk lobi"), viewport={"width": 1080, "height": 1920}, **kw
    )
    page.goto("/kiosk" + query)
    page.wait_for_function("() => document.body.dataset.kioskState === 'start'")
    return page


def take_ticket(page, recorder, tenant: str = KIOSK_TENANT, service: str = KTP) -> dict:
    """Touch tenant -> service -> "regular number"; answer the ticket JSON the kiosk received."""
    page.get_by_role("button", name=re.compile(tenant)).first.click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'services'")
    recorder.shot(page, "kiosk-services")
    page.locator("[data-screen=services]:not([hidden])").get_by_role(
        "button", name=re.compile(re.escape(service))
    ).click()
    page.wait_for_function("() => document.body.dataset.kioskState === 'priority'")
    recorder.shot(page, "kiosk-priority")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/tickets") and r.request.method == "POST") as issued:
        page.locator("[data-screen=priority] [data-priority='0']").click()
    assert issued.value.status == 201, issued.value.text()
    ticket = issued.value.json()
    page.wait_for_function("() => document.body.dataset.kioskState === 'ticket'")
    recorder.shot(page, "kiosk-ticket")
    return ticket


def signed_in_page(
    server, open_page, username: str, role: str = "operator", tenant: str | None = "DUKCAPIL", viewport=None
):
    """A staff member made with the real CLI, signed in through the login form."""
    password = create_staff(server, username, role, tenant)
    page = open_page(server, viewport=viewport)
    page.goto("/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def operator_page(server, open_page, username: str = "petugas.ktp", tenant: str = "DUKCAPIL", viewport=None):
    """An operator signed in; the login leads them to the counter."""
    page = signed_in_page(server, open_page, username, "operator", tenant, viewport)
    page.wait_for_url(re.compile(r"/counter"))
    return page


def open_counter(page, number: int = 1):
    """The console of counter `number` (the operator picks it when the tenant has several)."""
    if not re.search(r"/counter/\d+$", page.url):
        page.get_by_role("link", name=re.compile(rf"Loket {number}\b")).first.click()
    page.wait_for_url(re.compile(r"/counter/\d+$"))
    return page


def service_id(page, code: str = "DKC-01") -> int:
    """A service's id from the public API (the demo's KTP-el service is DKC-01)."""
    items = page.request.get("/api/v1/services").json()["items"]
    return next(item["id"] for item in items if item["code"] == code)


def issue_by_api(page, token: str, code: str = "DKC-01") -> dict:
    """A ticket as a kiosk script would take it (Bearer token), to set a journey up quickly."""
    response = page.request.post(
        "/api/v1/tickets", data={"service_id": service_id(page, code)}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 201, response.text()
    return response.json()


def display_page(server, open_page, query: str = ""):
    """A browser paired as the hall's TV (display token in the device cookie) on /display."""
    page = open_page(
        server, device=device_token(server, "display", "TV lobi"), viewport={"width": 1920, "height": 1080}
    )
    page.goto("/display" + query)
    page.wait_for_function("() => window.MPPDisplay && window.MPPDisplay.loaded === true")
    return page


def press(page, action: str) -> None:
    """Press a console button by its action (language-independent) and wait for the new panel."""
    selector = "[data-call-next]" if action == "call-next" else f"#console-panel button[hx-vals*='\"{action}\"']"
    with page.expect_response(lambda r: "/aksi" in r.url and r.request.method == "POST") as answered:
        page.locator(selector).click()
    assert answered.value.status == 200
    page.wait_for_load_state()
    snap(page, f"counter-{action}")


def keypad_type(page, text: str) -> None:
    """Type on the kiosk's own on-screen keypad (the kiosk has no keyboard)."""
    for key in text:
        if key == "-":
            continue
        page.locator(f".keypad [data-key='{key}']").click()


def register_application(operator, ticket_number: str) -> str:
    """From the console serving `ticket_number`: register the application; answer its code."""
    operator.locator("#console-panel a[href*='/permohonan/baru?tiket=']").click()
    operator.wait_for_url(re.compile(r"/permohonan/baru"))
    assert ticket_number in operator.locator(".alert-info").inner_text()
    assert_accessible(operator, "register application")
    boxes = operator.locator("#requirements input[type=checkbox]")
    assert boxes.count() >= 1
    for index in range(boxes.count()):
        boxes.nth(index).check()
    operator.locator("#name").fill(APPLICANT["name"])
    operator.locator("#nik").fill(APPLICANT["nik"])
    operator.locator("#phone").fill(APPLICANT["phone"])
    snap(operator, "application-form-filled")
    operator.locator("main form button[type=submit]").click()
    operator.wait_for_url(re.compile(r"/permohonan/[0-9A-Z]+"))
    snap(operator, "application-registered")
    code = operator.locator("h1 .font-monospace").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", code), code
    assert operator.get_by_role("status").first.is_visible()  # the flash naming the tracking code
    return code


def register_from_served_ticket(server, open_page) -> tuple[object, str, str]:
    """A ticket taken, called and being served at counter 1; its application registered."""
    kiosk = device_token(server, "kiosk")
    operator = operator_page(server, open_page)
    open_counter(operator, 1)
    ticket = issue_by_api(operator, kiosk, "DKC-01")
    operator.reload()
    press(operator, "call-next")
    press(operator, "start")
    assert operator.locator("[data-current-ticket]").inner_text() == ticket["number"]
    return operator, register_application(operator, ticket["number"]), ticket["number"]
