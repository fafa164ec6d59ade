"""The public catalogue and the login page in a real browser, in Indonesian and English."""

from __future__ import annotations

import re

import pytest

from browser.checks import assert_accessible, english_on_page

pytestmark = pytest.mark.browser


def test_find_ktp_service_and_its_standard_pdf(site, open_page, recorder):
    page = open_page(site)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("heading", level=1).first.is_visible()
    page.get_by_label("Cari layanan").fill("ktp")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url(re.compile(r"/layanan\?q=ktp"))
    assert page.get_by_role("status").inner_text().startswith(tuple("123456789"))
    page.get_by_role("link", name=re.compile("KTP-el Baru")).first.click()
    page.wait_for_url(re.compile(r"/layanan/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Penerbitan KTP-el Baru"
    assert page.get_by_role("heading", name=re.compile("Persyaratan")).is_visible()
    pdf_link = page.get_by_role("link", name="Unduh standar pelayanan (PDF)")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert english_on_page(page) == []
    assert recorder.outside == [] and recorder.csp == []


def test_indonesian_pages_show_no_untranslated_english(site, open_page):
    page = open_page(site)
    for path in ("/", "/layanan?q=ktp", "/login", "/layanan?q=tidakadalayanan"):
        page.goto(path)
        assert english_on_page(page) == [], f"English left on the Indonesian page {path}"


def test_language_switch_to_english(site, open_page):
    page = open_page(site)
    page.goto("/layanan?q=ktp")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/layanan\?q=ktp"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Search for a service").is_visible()
    assert page.get_by_role("link", name="Bahasa Indonesia").is_visible()
    page.get_by_role("link", name=re.compile("KTP-el Baru")).first.click()
    assert page.get_by_role("heading", name=re.compile("Requirements")).is_visible()
    assert page.get_by_role("link", name="Download the service standard (PDF)").is_visible()
    page.goto("/login")
    assert page.get_by_role("heading", name="Staff sign in").is_visible()
    # and back: the choice is remembered, and switching back restores Indonesian
    page.get_by_role("link", name="Bahasa Indonesia").click()
    assert page.get_by_role("heading", name="Masuk petugas").is_visible()
    assert page.locator("html").get_attribute("lang") == "id"


def test_login_page_rejects_a_wrong_password_in_indonesian(site, open_page):
    page = open_page(site)
    page.goto("/login")
    page.get_by_label("Nama pengguna").fill("tidak-ada")
    page.get_by_label("Kata sandi").fill("salah-sekali-123")
    page.get_by_role("button", name="Masuk").click()
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    assert english_on_page(page) == []
    assert page.get_by_label("Nama pengguna").input_value() == "tidak-ada"


@pytest.mark.parametrize("path", ["/", "/layanan?q=ktp", "/layanan?q=zzz", "/login"])
def test_catalogue_and_login_pages_are_accessible(site, open_page, path):
    page = open_page(site)
    page.goto(path)
    assert_accessible(page)


def test_service_page_is_accessible_in_both_languages(site, open_page):
    for lang in (None, "en"):
        page = open_page(site, lang=lang)
        page.goto("/layanan?q=ktp")
        page.get_by_role("link", name=re.compile("KTP-el Baru")).first.click()
        page.wait_for_url(re.compile(r"/layanan/\d+$"))
        assert_accessible(page, f"service page ({lang or 'id'})")
