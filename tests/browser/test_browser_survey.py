"""Journey 4: the citizen answers the SKM survey from their ticket's link; the supervisor's
dashboard counts it in the IKM."""

from __future__ import annotations

import re

import pytest

from browser.checks import assert_accessible, assert_targets_at_least, english_on_page
from browser.journeys import issue_by_api, kiosk_page, open_counter, operator_page, press
from browser.support import create_staff, device_token

pytestmark = pytest.mark.browser

SURVEY_ENGLISH = (
    "Community satisfaction survey",
    "Send my answers",
    "Thank you for your answers",
    "About you (optional)",
    "Suggestions for us",
)


def supervisor_page(server, open_page):
    password = create_staff(server, "kepala.mpp", "supervisor", None)
    page = open_page(server)
    page.goto("/login")
    page.get_by_label("Nama pengguna").fill("kepala.mpp")
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/dashboard"))
    return page


def ikm_sample_n(dashboard) -> int:
    return int(re.search(r"n\s*=\s*(\d+)", dashboard.locator("#ikm-sample").inner_text()).group(1))


def test_survey_from_the_ticket_link_counts_on_the_dashboard(fresh_site, open_page, recorder):
    dashboard = supervisor_page(fresh_site, open_page)
    assert dashboard.locator("#fig-ikm").inner_text().strip() == "-"
    assert ikm_sample_n(dashboard) == 0
    assert english_on_page(dashboard) == []
    assert_accessible(dashboard, "dashboard")

    operator = operator_page(fresh_site, open_page)
    open_counter(operator, 1)
    ticket = issue_by_api(operator, device_token(fresh_site, "kiosk"))
    operator.reload()
    for action in ("call-next", "start", "finish"):
        press(operator, action)

    phone = open_page(fresh_site, viewport={"width": 390, "height": 844})
    phone.goto(ticket["public_url"])
    phone.locator("a[href*='/survei?tiket=']").click()
    phone.wait_for_url(re.compile(r"/survei\?tiket="))
    assert ticket["number"] in phone.locator(".survey-about").inner_text()
    assert english_on_page(phone, SURVEY_ENGLISH) == []
    assert_accessible(phone, "survey form")
    # an answer missing: told which, and what was chosen is kept
    for code in ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8"):
        phone.locator(f"label[for='{code}-4']").click()
    phone.locator("main form button[type=submit]").click()
    assert phone.locator("#survey-errors").is_visible()
    assert phone.locator("#q-U9.border-danger").count() == 1
    assert phone.locator("#U1-4").is_checked()
    assert_accessible(phone, "survey form with an error")
    phone.locator("label[for='U9-4']").click()
    phone.get_by_label(re.compile("Saran", re.I)).fill("Pelayanan cepat dan ramah.")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/survei/terima-kasih"))
    assert english_on_page(phone, SURVEY_ENGLISH) == []
    assert_accessible(phone, "survey thanks")

    # the same link cannot answer twice
    phone.goto(ticket["public_url"])
    phone.locator("a[href*='/survei?tiket=']").click()
    assert phone.locator("main form.survey-form").count() == 0
    recorder.shot(phone, "survey-already-answered")

    dashboard.reload()
    assert ikm_sample_n(dashboard) == 1
    assert dashboard.locator("#fig-ikm").inner_text().strip() == "100,00"  # all answers 4 -> IKM 100 (A), decimal comma
    recorder.shot(dashboard, "dashboard-counted")
    assert recorder.outside == [] and recorder.csp == []


def test_survey_before_the_service_is_finished_is_refused_politely(fresh_site, open_page):
    ticket = issue_by_api(open_page(fresh_site), device_token(fresh_site, "kiosk"), "POL-01")
    phone = open_page(fresh_site, viewport={"width": 390, "height": 844})
    response = phone.goto(f"/survei?tiket={ticket['public_url'].rstrip('/').rsplit('/', 1)[-1]}")
    assert response.status == 409
    assert phone.locator("main form.survey-form").count() == 0
    assert english_on_page(phone, SURVEY_ENGLISH) == []
    assert_accessible(phone, "survey refused")


def test_walk_up_survey_on_the_kiosk_one_question_per_screen(fresh_site, open_page, recorder):
    """At the kiosk: the survey button, a service, nine screens of faces (each touch-sized), thanks."""
    dashboard = supervisor_page(fresh_site, open_page)
    before = ikm_sample_n(dashboard)
    kiosk = kiosk_page(fresh_site, open_page)
    kiosk.locator("[data-screen=start] a[href='/survei']").click()
    kiosk.wait_for_url(re.compile(r"/survei$"))
    kiosk.locator("#service_id").select_option(index=1)  # the first service of the list
    for number in range(1, 10):
        question = kiosk.locator(f"#q-U{number}")
        question.wait_for(state="visible")
        assert kiosk.locator(".survey-elements fieldset:visible").count() == 1  # one question per screen
        if number in (1, 9):
            recorder.shot(kiosk, f"kiosk-survey-U{number}")
            assert_accessible(kiosk, f"kiosk survey U{number}")
            assert_targets_at_least(kiosk, what=f"kiosk survey U{number}")
        kiosk.locator(f"label[for='U{number}-4']").click()
    submit = kiosk.locator("main form button[type=submit]")
    submit.wait_for(state="visible")
    assert english_on_page(kiosk, SURVEY_ENGLISH) == []
    assert_targets_at_least(kiosk, what="kiosk survey last screen")
    submit.click()
    kiosk.wait_for_url(re.compile(r"/survei/terima-kasih"))
    assert_accessible(kiosk, "kiosk survey thanks")
    dashboard.reload()
    assert ikm_sample_n(dashboard) == before + 1
