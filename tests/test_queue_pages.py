"""Queue pages: device pairing, the kiosk, the display, the counter console, the ticket page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from mpp_lite.extensions import db
from mpp_lite.queue import services
from mpp_lite.queue.models import Ticket
from mpp_lite.site import clock


@pytest.fixture
def admin_client(app, create_user, login):
    return login(create_user("admin1", "admin"), on=app.test_client())


def pair(app, admin_client, name="Kiosk lobby", role="kiosk"):
    """Create a device as the admin and pair a fresh browser with it; answers that browser."""
    page = admin_client.post("/admin/perangkat", data={"name": name, "role": role})
    assert page.status_code == 200
    code = re.search(r"data-pairing-code>([0-9A-Z]{4}-[0-9A-Z]{4})<", page.get_data(as_text=True)).group(1)
    browser = app.test_client()
    form = browser.get(f"/perangkat/pasang?kode={code}")
    assert form.status_code == 200 and code in form.get_data(as_text=True)
    response = browser.post("/perangkat/pasang", data={"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kiosk" if role == "kiosk" else "/display")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("mpp_device=mpp_") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    browser.pairing_code = code
    return browser


def test_unpaired_browsers_are_told_how_to_pair(client, seeded):
    for path in ("/kiosk", "/display"):
        response = client.get(path)
        assert response.status_code == 403
        page = response.get_data(as_text=True)
        assert "/perangkat/pasang" in page
        assert "Perangkat" in page  # Administrasi > Perangkat
    assert client.post("/api/v1/tickets", json={"service_id": seeded["services"][0].id}).status_code == 401


def test_pairing_a_kiosk_then_issuing_from_its_page(app, admin_client, seeded):
    kiosk = pair(app, admin_client)
    page = kiosk.get("/kiosk")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-screen="start"' in html and "Disdukcapil" in html and "Penerbitan SKCK" in html
    for link in ('href="/status"', 'href="/survei"', 'href="/pengaduan"'):
        assert link in html
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    issued = kiosk.post(
        "/api/v1/tickets",
        json={"service_id": seeded["services"][0].id, "priority": True},
        headers={"X-CSRFToken": csrf},
    )
    assert issued.status_code == 201
    body = issued.get_json()
    assert body["number"] == "A001" and body["priority"] is True and body["print"]["kind"] == "browser"
    assert db.session.get(Ticket, body["id"]).issued_by == "Kiosk lobby"
    # The code works once.
    again = app.test_client().post("/perangkat/pasang", data={"code": kiosk.pairing_code})
    assert again.status_code == 400


def test_pairing_code_expires_and_revoking_unpairs(app, admin_client, seeded, monkeypatch):
    page = admin_client.post("/admin/perangkat", data={"name": "TV ruang tunggu", "role": "display"})
    code = re.search(r"data-pairing-code>([0-9A-Z-]{9})<", page.get_data(as_text=True)).group(1)
    real = clock.utcnow
    monkeypatch.setattr(clock, "utcnow", lambda: real() + timedelta(minutes=16))
    assert app.test_client().post("/perangkat/pasang", data={"code": code}).status_code == 400
    monkeypatch.setattr(clock, "utcnow", real)
    tv = pair(app, admin_client, "TV lobby", "display")
    assert tv.get("/display").status_code == 200
    assert tv.get("/api/v1/display").status_code == 200
    assert tv.get("/kiosk").status_code == 403  # a display is not a kiosk
    listing = admin_client.get("/admin/perangkat").get_data(as_text=True)
    assert "TV lobby" in listing
    from mpp_lite.auth.models import ApiToken

    token = db.session.scalar(db.select(ApiToken).filter_by(name="TV lobby"))
    assert admin_client.post(f"/admin/perangkat/{token.id}/cabut").status_code == 302
    assert tv.get("/display").status_code == 403


def test_kiosk_printer_settings(app, admin_client):
    pair(app, admin_client)
    from mpp_lite.auth.models import ApiToken

    token = db.session.scalar(db.select(ApiToken).filter_by(name="Kiosk lobby"))
    response = admin_client.post(
        f"/admin/perangkat/{token.id}", data={"kind": "network", "paper": "58", "host": "192.168.1.50", "port": "9100"}
    )
    assert response.status_code == 302
    db.session.refresh(token)
    assert token.settings["printer"] == {"kind": "network", "paper": 58, "host": "192.168.1.50", "port": "9100"}
    bad = admin_client.post(f"/admin/perangkat/{token.id}", data={"kind": "usb", "paper": "80", "vendor_id": "xyz"})
    assert bad.status_code == 400


def test_staff_may_open_the_kiosk_and_display(app, seeded, create_user, login):
    operator = login(create_user("op", "operator", seeded["tenants"][0]), on=app.test_client())
    assert operator.get("/kiosk").status_code == 200
    assert operator.get("/display").status_code == 200


def test_display_page_shows_the_board_without_personal_data(app, admin_client, seeded):
    tv = pair(app, admin_client, "TV", "display")
    services.issue_ticket(seeded["services"][0].id)
    db.session.commit()
    html = tv.get("/display").get_data(as_text=True)
    assert 'data-url="/api/v1/display"' in html and "data-sound-overlay" in html
    assert "Loket" in html or "Counter" in html


def test_counter_console_calls_and_finishes(app, seeded, create_user, login):
    dukcapil, polres = seeded["tenants"]
    operator = login(create_user("op", "operator", dukcapil), on=app.test_client())
    choose = operator.get("/counter")
    assert choose.status_code == 200 and "Loket 1" in choose.get_data(as_text=True)
    counter = seeded["counters"][0]
    assert operator.get(f"/counter/{seeded['counters'][3].id}").status_code == 403  # Polres's counter
    assert operator.get(f"/counter/{counter.id}").status_code == 200
    assert operator.get("/counter").headers["Location"].endswith(f"/counter/{counter.id}")  # remembered
    first = services.issue_ticket(seeded["services"][0].id)
    services.issue_ticket(seeded["services"][0].id)
    db.session.commit()
    panel = operator.post(f"/counter/{counter.id}/aksi", data={"action": "call-next"}).get_data(as_text=True)
    assert 'data-held="A001"' in panel and f"/permohonan/baru?tiket={first.id}" in panel
    busy = operator.post(f"/counter/{counter.id}/aksi", data={"action": "call-next"}).get_data(as_text=True)
    assert 'data-held="A001"' in busy and "alert-warning" in busy
    for action in ("recall", "start", "finish"):
        panel = operator.post(f"/counter/{counter.id}/aksi", data={"action": action, "ticket_id": first.id})
        assert panel.status_code == 200
    assert 'data-held=""' in panel.get_data(as_text=True)
    assert db.session.get(Ticket, first.id).status == "done"
    called = operator.post(f"/counter/{counter.id}/aksi", data={"action": "call-number", "number": "a002"}).get_data(
        as_text=True
    )
    assert 'data-held="A002"' in called
    moved = operator.post(
        f"/counter/{counter.id}/aksi", data={"action": "transfer", "service_id": seeded["services"][2].id}
    )
    assert 'data-held=""' in moved.get_data(as_text=True)
    successor = db.session.scalar(db.select(Ticket).where(Ticket.transferred_from_id.is_not(None)))
    assert successor.number == "A002" and successor.queue.prefix == "B"
    from mpp_lite.audit.models import AuditEvent

    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "ticket_transferred"))
    assert event.detail == {"to_service": seeded["services"][2].id, "new_ticket": successor.id}  # as the API records


def test_ticket_page_follows_the_ticket_to_the_survey(app, seeded, client):
    from mpp_lite.auth.permissions import Actor

    admin = Actor(kind="user", role="admin", name="admin")
    ticket = services.issue_ticket(seeded["services"][0].id)
    behind = services.issue_ticket(seeded["services"][0].id)
    db.session.commit()
    page = client.get(f"/t/{behind.public_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "A002" in html and 'data-status="waiting"' in html and "hx-trigger" in html
    assert re.search(r"Diambil pukul \d{2}:\d{2}<", html)  # a time after "pukul", not a date
    services.call_next(admin, seeded["counters"][1].id)
    db.session.commit()
    assert "Loket 2" in client.get(f"/t/{ticket.public_id}/posisi").get_data(as_text=True)
    services.act(admin, ticket.id, "finish")
    db.session.commit()
    done = client.get(f"/t/{ticket.public_id}").get_data(as_text=True)
    assert f'href="/survei?tiket={ticket.public_id}"' in done
    moved = services.transfer(admin, behind.id, seeded["services"][2].id)
    db.session.commit()
    followed = client.get(f"/t/{behind.public_id}/posisi").get_data(as_text=True)
    assert moved.service.name in followed
    assert client.get("/t/tidak-ada").status_code == 404


def test_devices_page_is_in_the_admin_menu(admin_client):
    html = admin_client.get("/admin/").get_data(as_text=True)
    assert "/admin/perangkat" in html


def test_demo_init_prints_pairing_links(runner):
    result = runner.invoke(args=["init", "--demo"])
    assert result.exit_code == 0, result.output
    links = re.findall(r"/perangkat/pasang\?kode=([0-9A-Z]{4}-[0-9A-Z]{4})", result.output)
    assert len(links) == 2
    from mpp_lite.queue.devices import redeem_code

    token, _raw = redeem_code(links[0])
    assert token.role == "kiosk"
    db.session.commit()
    again = runner.invoke(args=["init", "--demo"])
    assert len(re.findall(r"/perangkat/pasang\?kode=", again.output)) == 1  # only the unpaired display


def test_a_display_can_show_only_some_queues(app, admin_client, seeded):
    tv = pair(app, admin_client, "TV lantai 2", "display")
    from mpp_lite.auth.models import ApiToken

    token = db.session.scalar(db.select(ApiToken).filter_by(name="TV lantai 2"))
    assert admin_client.post(f"/admin/perangkat/{token.id}", data={"queues": "b"}).status_code == 302
    html = tv.get("/display").get_data(as_text=True)
    assert 'data-url="/api/v1/display?queues=B"' in html
    board = tv.get("/api/v1/display?queues=B").get_json()
    assert [q["prefix"] for q in board["queues"]] == ["B"]
    assert {c["number"] for c in board["counters"]} == {4, 5}
    assert admin_client.post(f"/admin/perangkat/{token.id}", data={"queues": "A1"}).status_code == 400


def test_kiosk_return_partial_only_on_a_paired_kiosk(app, admin_client, seeded):
    """base.html includes queue/_kiosk_return.html: a way back to /kiosk from /status, /survei..."""
    from flask import g, render_template_string

    kiosk = pair(app, admin_client)
    cookie = kiosk.get_cookie("mpp_device").value
    template = '{% include "queue/_kiosk_return.html" %}'
    with app.test_request_context("/status", headers={"Cookie": f"mpp_device={cookie}"}):
        assert 'href="/kiosk"' in render_template_string(template)
        g.pop("actor")
    with app.test_request_context("/status"):
        assert render_template_string(template).strip() == ""


def test_kiosk_offers_english_and_speaks_indonesian_by_default(app, seeded, create_user, login):
    staff = login(create_user("op", "operator", seeded["tenants"][0]), on=app.test_client())
    indonesian = staff.get("/kiosk").get_data(as_text=True)
    assert "Selamat datang" in indonesian and 'lang="en">English</a>' in indonesian
    staff.get("/bahasa/en?next=/kiosk")
    from flask_babel import refresh

    refresh()  # the test keeps one app context open; a real request starts with a fresh one
    english = staff.get("/kiosk").get_data(as_text=True)
    assert "Welcome! Which service do you need?" in english
    assert 'data-lang="en"' in english and "/bahasa/id?next=/kiosk" in english
