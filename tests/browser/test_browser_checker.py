"""The checkers themselves: a deliberately broken kiosk-like page must be caught.

The page (tests/browser/broken/kiosk_broken.html) exists only for this test: it is served at a
path of the live server by intercepting the request in the browser, so it loads the real
stylesheets from the server and runs under the same origin, but the kit never ships it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.checks import assert_accessible, assert_targets_at_least, axe_violations, small_targets

pytestmark = pytest.mark.browser

BROKEN = Path(__file__).resolve().parent / "broken" / "kiosk_broken.html"
BROKEN_PATH = "/__test__/kiosk-broken"


def open_broken(site, open_page):
    page = open_page(site, bypass_csp=True)  # the test page carries its own <style>
    page.route(
        "**" + BROKEN_PATH,
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=BROKEN.read_text(encoding="utf-8")
        ),
    )
    page.goto(BROKEN_PATH)
    return page


def test_axe_check_catches_a_button_without_a_name(site, open_page):
    page = open_broken(site, open_page)
    violations = axe_violations(page)
    named = {v["id"]: v for v in violations}
    assert "button-name" in named, violations
    assert named["button-name"]["impact"] == "critical"
    assert [n["target"] for n in named["button-name"]["nodes"]] == ["#nameless"]
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(page)


def test_target_size_check_catches_a_30px_button(site, open_page):
    page = open_broken(site, open_page)
    small = small_targets(page)
    assert [(s["width"], s["height"]) for s in small] == [(30, 30)]
    assert 'id="tiny"' in small[0]["html"]
    with pytest.raises(AssertionError, match="30x30"):
        assert_targets_at_least(page)


def test_checks_pass_once_the_defects_are_fixed(site, open_page):
    """The checker is not simply always failing: fix both defects and it is satisfied."""
    page = open_broken(site, open_page)
    page.evaluate("""() => {
        document.getElementById('nameless').setAttribute('aria-label', 'Polres');
        const tiny = document.getElementById('tiny');
        tiny.classList.remove('tiny'); tiny.classList.add('btn-lg');
    }""")
    assert_accessible(page)
    assert_targets_at_least(page)
