"""Evidence for the PEKPPP evaluation as people see it: the published SKM results, the Maklumat on
the kiosk's start screen, and the supervisor's overdue-complaints list (screenshots kept)."""

from __future__ import annotations

import re

import pytest

from browser.checks import assert_accessible, english_on_page
from browser.journeys import kiosk_page, signed_in_page

pytestmark = pytest.mark.browser


def test_published_skm_results_show_ikm_sample_note_and_follow_up(site, open_page, recorder):
    page = open_page(site)
    page.goto("/survei/hasil")
    periods = page.locator("section.published-period")
    assert periods.count() == 2  # the demo's two semesters of last year
    first = periods.first.inner_text()
    assert re.search(r"\d{2}\.\d{2}", first) and "Krejcie" in first and "responden" in first
    assert "Tindak lanjut" in first or "tindak lanjut" in first.lower()
    assert english_on_page(page) == []
    assert_accessible(page, "published SKM results")
    recorder.shot(page, "survei-hasil")
    assert recorder.outside == [] and recorder.csp == []


def test_the_kiosk_start_screen_shows_the_maklumat(site, open_page, recorder):
    page = kiosk_page(site, open_page)
    maklumat = page.locator("#kiosk-maklumat")
    assert maklumat.is_visible() and "Maklumat Pelayanan" in maklumat.inner_text()
    assert "sanggup menyelenggarakan pelayanan" in maklumat.inner_text()
    assert_accessible(page, "kiosk start with the Maklumat")
    recorder.shot(page, "kiosk-maklumat")
    assert recorder.outside == [] and recorder.csp == []


def test_the_supervisor_sees_the_overdue_complaints(site, open_page, recorder):
    page = signed_in_page(site, open_page, "pengawas.mpp", "supervisor", None)
    page.goto("/pengaduan/meja/terlambat")
    rows = page.locator("#overdue-complaints tbody tr.table-overdue")
    assert rows.count() >= 2  # the demo's open complaints of last year
    assert "batas" in rows.first.inner_text()
    assert english_on_page(page) == []
    assert_accessible(page, "overdue complaints")
    recorder.shot(page, "pengaduan-terlambat")
    assert recorder.outside == [] and recorder.csp == []
