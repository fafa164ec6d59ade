"""The dashboard's charts really draw in a browser, the monthly PDF downloads, and a complaint
filed on a phone shows its reference, a masked contact and the SP4N-LAPOR! link."""

from __future__ import annotations

import re

import pytest

from browser.checks import assert_accessible, english_on_page
from browser.journeys import issue_by_api, open_counter, operator_page, press
from browser.support import create_staff, device_token

pytestmark = pytest.mark.browser

DRAWN = """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(canvas => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { ink += 1; } }
  return {id: canvas.id, chart: Boolean(chart), ink: ink};
})"""


def test_dashboard_charts_draw_and_the_monthly_pdf_downloads(fresh_site, open_page, recorder):
    operator = operator_page(fresh_site, open_page)
    open_counter(operator, 1)
    issue_by_api(operator, device_token(fresh_site, "kiosk"))
    operator.reload()
    for action in ("call-next", "start", "finish"):
        press(operator, action)

    password = create_staff(fresh_site, "kepala.laporan", "supervisor", None)
    page = open_page(fresh_site)
    page.goto("/login")
    page.get_by_label("Nama pengguna").fill("kepala.laporan")
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/dashboard"))
    page.wait_for_function("() => window.Chart && document.querySelectorAll('canvas[data-chart]').length >= 8")
    drawn = page.evaluate(DRAWN)
    assert len(drawn) >= 8
    assert all(c["chart"] for c in drawn), drawn
    assert all(c["ink"] > 0 for c in drawn if c["id"] in ("chart-visitors", "chart-tenants", "chart-waits")), drawn
    assert page.locator("#fig-issued").inner_text().strip() != "0"
    assert english_on_page(page) == []
    assert_accessible(page, "dashboard with data")
    recorder.shot(page, "dashboard-charts")

    response = page.request.get("/dashboard/laporan-bulanan.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    csv = page.request.get("/dashboard/ekspor/visitors_per_day.csv")
    assert csv.status == 200 and csv.text().lstrip("\ufeff").startswith("Tanggal;")  # ; for Indonesian Excel
    assert recorder.outside == [] and recorder.csp == []


def test_complaint_from_a_phone(fresh_site, open_page, recorder):
    phone = open_page(fresh_site, viewport={"width": 390, "height": 844})
    phone.goto("/pengaduan")
    assert phone.get_by_role("link", name="www.lapor.go.id").is_visible()
    assert_accessible(phone, "complaint form")
    phone.get_by_label("Pengaduan atau saran Anda").fill("Ruang tunggu terlalu panas pada siang hari.")
    phone.get_by_label("Nama Anda (tidak wajib)").fill("Siti Aminah")
    phone.get_by_label(re.compile("Nomor telepon")).fill("0812 3456 7890")
    phone.get_by_role("button", name="Kirim").click()
    phone.wait_for_url(re.compile(r"/pengaduan/[A-Za-z0-9_-]{20,}"))
    reference = phone.locator("#reference").inner_text()
    assert re.fullmatch(r"ADU-\d{4}-[0-9A-HJKMNP-TV-Z]{8}", reference)  # random, not counted
    body = phone.locator("main").inner_text()
    assert "Si** Am****" in body and "****-****-7890" in body and "Siti Aminah" not in body
    assert english_on_page(phone) == []
    assert_accessible(phone, "complaint filed")
    recorder.shot(phone, "complaint-filed")
    assert recorder.outside == [] and recorder.csp == []
