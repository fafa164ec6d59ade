"""The hub in Chromium: the national table and one site's page of a real hub server, with
screenshots in test-artifacts/hub/ (Debian's Chromium driven by Playwright, as tests/browser/)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
import requests
from hub_fixtures import HubProcess, batch_body, signed_headers
from live import LiveServer

from browser.support import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITES = {
    "32.04": "Kabupaten Bandung",
    "32.73": "Kota Bandung",
    "32.05": "Kabupaten Garut",
    "33.01": "Kabupaten Cilacap",
    "35.78": "Kota Surabaya",
}
NEVER_SYNCED = "32.05"


def _site_days(code: str, today: date, rng_seed: int) -> list[dict]:
    """Two weeks of a site: tickets with their waits, surveys, a complaint, its published services."""
    import random

    rng = random.Random(rng_seed)
    records = []
    for back in range(13, -1, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        opening = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=1)
        for n in range(rng.randint(20, 60)):
            issued = opening + timedelta(minutes=4 * n)
            called = issued + timedelta(minutes=rng.randint(2, 35))
            records.append(
                {
                    "id": str(uuid.uuid4()),
                    "type": "ticket",
                    "version": 3,
                    "occurred_at": called.isoformat(),
                    "data": {
                        "number": f"A{n + 1:03d}",
                        "day": day.isoformat(),
                        "status": "done",
                        "issued_at": issued.isoformat(),
                        "called_at": called.isoformat(),
                    },
                }
            )
        for _n in range(rng.randint(3, 8)):
            records.append(
                {
                    "id": str(uuid.uuid4()),
                    "type": "survey",
                    "version": 1,
                    "occurred_at": opening.isoformat(),
                    "data": {"day": day.isoformat(), "answers": {f"U{i}": rng.randint(3, 4) for i in range(1, 10)}},
                }
            )
    records.append(
        {
            "id": str(uuid.uuid4()),
            "type": "complaint",
            "version": 1,
            "occurred_at": opening.isoformat(),
            "data": {
                "day": today.isoformat(),
                "status": "new",
                "due_date": (today - timedelta(days=1 if code == "32.04" else -5)).isoformat(),
            },
        }
    )
    for number, name in enumerate(("Perekaman KTP-el", "Penerbitan SKCK", "Paspor")):
        records.append(
            {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, code + name)),
                "type": "service",
                "version": 1,
                "occurred_at": opening.isoformat(),
                "data": {
                    "code": f"S-{number}",
                    "name": name,
                    "published": True,
                    "fee": 0,
                    "duration_value": 1,
                    "duration_unit": "working_days",
                    "requirements": ["KTP"],
                    "procedure": ["Datang"],
                    "product": name,
                    "complaint_channel": "LAPOR!",
                },
            }
        )
    return records


def _push(hub: HubProcess, code: str, secret: str, records: list[dict]) -> None:
    for start in range(0, len(records), 100):
        body = batch_body(code, records[start : start + 100])
        answer = requests.post(hub.url + "/sync", data=body, headers=signed_headers(code, secret, body), timeout=30)
        assert answer.status_code == 200, answer.text


def _site_bundle(folder, secret_file):
    """A demo MPP Lite site's `sync export` bundle (its catalogue), signed with the hub's secret for 32.05."""
    site = LiveServer(folder / "site", demo=True)
    site.cli("init", "--demo")
    site.cli("sync", "site", "--code", NEVER_SYNCED, "--name", "MPP Kabupaten Garut")
    out = folder / "garut.zip"
    site.cli("sync", "export", "--since", "2020-01-01", "--out", str(out), "--secret-file", str(secret_file))
    return out


def test_the_national_table_and_a_site_page_in_chromium(tmp_path, browser):
    hub = HubProcess(tmp_path / "hub").start()
    folder = ARTIFACTS / "hub"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        today = datetime.now(timezone(timedelta(hours=7))).date()  # the sites' local day (WIB)
        for seed, (code, name) in enumerate(SITES.items()):
            secret_file = tmp_path / f"{code}.secret"
            hub.cli(
                "add-site", "--code", code, "--name", name, "--province", code[:2], "--secret-out", str(secret_file)
            )
            if code != NEVER_SYNCED:
                _push(hub, code, secret_file.read_text().strip(), _site_days(code, today, seed))
        hub.cli("create-user", "--username", "nasional", "--password", "rahasia-nasional-1", "--role", "hub_admin")
        context = browser.new_context(base_url=hub.url, viewport={"width": 1600, "height": 900}, locale="id-ID")
        outside, csp = [], []
        context.route(
            "**/*",
            lambda route: (
                (outside.append(route.request.url), route.abort())
                if not route.request.url.startswith(hub.url)
                else route.continue_()
            ),
        )
        page = context.new_page()
        page.on(
            "console", lambda message: csp.append(message.text) if "Content Security Policy" in message.text else None
        )
        page.goto("/login")
        page.fill("#username", "nasional")
        page.fill("#password", "rahasia-nasional-1")
        page.click("button.btn-primary")
        period = f"from={(today - timedelta(days=13)).isoformat()}&to={today.isoformat()}"
        page.goto(f"/?{period}")
        rows = page.locator("#sites tbody tr")
        assert rows.count() == len(SITES)
        assert page.locator(f'#sites tbody tr[data-code="{NEVER_SYNCED}"]').get_attribute("class") == "table-warning"
        assert page.locator('#sites tbody tr[data-code="32.04"]').get_attribute("class") == ""
        assert "(5 " in page.locator("#sites tfoot").inner_text()  # the national total of five sites
        page.screenshot(path=str(folder / "01-national-table.png"), full_page=True)
        page.select_option("#province", "32")
        page.click("form button.btn-primary")
        assert page.locator("#sites tbody tr").count() == 3
        page.screenshot(path=str(folder / "02-province-32-table.png"), full_page=True)
        page.goto(f"/situs/32.04?{period}")
        assert page.locator("h1").inner_text().startswith("Kabupaten Bandung")
        assert page.locator("#days tbody tr").count() == 14
        assert page.locator("#chart rect").count() == 14 and page.locator("#chart polyline").count() == 1
        page.screenshot(path=str(folder / "03-site-32.04.png"), full_page=True)
        page.goto("/layanan?q=skck")
        assert page.locator(".service-result").count() == 4
        page.screenshot(path=str(folder / "04-catalogue-search.png"), full_page=True)
        # A regency with no connection: its USB bundle uploaded through the page (CSRF, multipart, waitress).
        bundle = _site_bundle(tmp_path, tmp_path / "32.05.secret")
        page.goto("/impor")
        page.set_input_files("#bundle", str(bundle))
        page.click("form button.btn-primary")
        assert "Kabupaten Garut" in page.locator("#import-result").inner_text()
        page.screenshot(path=str(folder / "05-bundle-imported.png"), full_page=True)
        page.goto(f"/?{period}")
        assert page.locator(f'#sites tbody tr[data-code="{NEVER_SYNCED}"]').get_attribute("class") == ""
        assert outside == [] and csp == []
        context.close()
    finally:
        hub.stop()
