"""Pairing a kiosk browser the way a site does it: the administrator makes a device and its code,
the kiosk's browser enters the code, keeps the (HttpOnly) device cookie and opens the kiosk.
An unpaired browser sees how to pair, in Indonesian, accessibly."""

from __future__ import annotations

import re

import pytest

from browser.checks import assert_accessible, english_on_page
from browser.support import create_staff

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/kiosk", "/display"])
def test_unpaired_screen_explains_how_to_pair(site, open_page, path):
    page = open_page(site)
    response = page.goto(path)
    assert response.status == 403
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator("a[href='/perangkat/pasang']").is_visible()
    assert english_on_page(page, ("This screen is not paired", "Enter a pairing code")) == []
    assert_accessible(page, f"unpaired {path}")


def test_admin_pairs_a_kiosk_browser_with_a_code(site, open_page, recorder):
    password = create_staff(site, "admin.uji", "admin", None)
    admin = open_page(site)
    admin.goto("/login")
    admin.get_by_label("Nama pengguna").fill("admin.uji")
    admin.get_by_label("Kata sandi").fill(password)
    admin.get_by_role("button", name="Masuk").click()
    admin.wait_for_url(re.compile(r"/admin"))
    admin.goto("/admin/perangkat")
    assert_accessible(admin, "admin devices")
    admin.locator("main form #name").fill("Kios lobi timur")
    admin.locator("main form input[type=radio][value=kiosk]").check()
    admin.locator("main form button[type=submit]").last.click()
    code = admin.locator("[data-pairing-code]").inner_text().strip()
    assert code
    recorder.shot(admin, "pairing-code")

    kiosk = open_page(site, viewport={"width": 1080, "height": 1920})
    kiosk.goto("/perangkat/pasang")
    assert_accessible(kiosk, "pair this screen")
    kiosk.locator("main form input[name=code]").fill(code)
    kiosk.locator("main form button[type=submit]").click()
    kiosk.wait_for_url(re.compile(r"/kiosk$"))
    kiosk.wait_for_function("() => document.body.dataset.kioskState === 'start'")
    cookie = next(c for c in kiosk.context.cookies() if c["name"] == "mpp_device")
    assert cookie["httpOnly"] and cookie["expires"] > 0
    # the code works once
    other = open_page(site)
    other.goto("/perangkat/pasang")
    other.locator("main form input[name=code]").fill(code)
    other.locator("main form button[type=submit]").click()
    assert other.locator(".invalid-feedback").is_visible()
    assert "mpp_device" not in {c["name"] for c in other.context.cookies()}
