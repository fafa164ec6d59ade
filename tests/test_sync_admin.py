"""The admin page "Sinkronisasi": endpoints, counts, dead-letter retry, the schedule command."""

from __future__ import annotations

from sync_fixtures import SECRET, add_endpoint, make_ticket, set_site

from mpp_lite.extensions import db
from mpp_lite.sync.models import OutboxRow, SyncDelivery, SyncEndpoint


def admin_client(create_user, login):
    return login(create_user("admin1", "admin"))


def test_only_admins_see_the_page(app, client, create_user, login, seeded):
    assert client.get("/admin/sinkronisasi/").status_code == 302  # to the login page
    operator = create_user("op1", "operator", tenant=seeded["tenants"][0])
    login(operator)
    assert client.get("/admin/sinkronisasi/").status_code == 403


def test_page_shows_counts_errors_and_the_schedule_commands(app, client, create_user, login, seeded):
    set_site()
    endpoint = add_endpoint("https://mpp.jabarprov.go.id/sync")
    make_ticket(seeded["services"][0], seeded["queues"][0], 1)
    db.session.commit()
    dead = db.session.scalars(db.select(SyncDelivery).join(OutboxRow).where(OutboxRow.record_type == "service")).first()
    dead.state, dead.last_error = "dead", "HTTP 422 unknown service"
    endpoint.last_error = "no answer within 30 s"
    db.session.commit()
    admin_client(create_user, login)
    page = client.get("/admin/sinkronisasi/").get_data(as_text=True)
    assert "provinsi" in page and "https://mpp.jabarprov.go.id/sync" in page
    assert SECRET not in page
    assert "no answer within 30 s" in page and "HTTP 422 unknown service" in page
    assert "scripts/sync_push.py" in page and "schtasks /Create" in page
    assert "Sinkronisasi" in client.get("/admin/").get_data(as_text=True)


def test_add_edit_retry_and_remove_an_endpoint(app, client, create_user, login, seeded):
    admin_client(create_user, login)
    response = client.post("/admin/sinkronisasi/site", data={"code": "32.04"})
    assert response.status_code == 302
    bad = client.post(
        "/admin/sinkronisasi/endpoints",
        data={"name": "prov", "url": "https://x.go.id/in", "secret": "short", "batch_size": 100, "policy": "default"},
    )
    assert bad.status_code == 400 and "https://x.go.id/in" in bad.get_data(as_text=True)  # what was typed stays
    response = client.post(
        "/admin/sinkronisasi/endpoints",
        data={
            "name": "prov",
            "url": "https://x.go.id/in",
            "secret": SECRET,
            "batch_size": 50,
            "enabled": "y",
            "policy": "default",
        },
    )
    assert response.status_code == 302
    endpoint = db.session.scalar(db.select(SyncEndpoint))
    assert endpoint.secret == SECRET and endpoint.batch_size == 50
    # The existing services were queued for it.
    assert db.session.scalar(db.select(db.func.count()).select_from(SyncDelivery)) == 3
    # Widening the policy needs a legal basis.
    form = {"url": "https://x.go.id/in2", "secret": "", "batch_size": 20, "policy": "full", "legal_basis": ""}
    refused = client.post(f"/admin/sinkronisasi/endpoints/{endpoint.id}", data=form)
    assert refused.status_code == 400
    form["legal_basis"] = "PKS Disdukcapil Provinsi No. 1/2026"
    assert client.post(f"/admin/sinkronisasi/endpoints/{endpoint.id}", data=form).status_code == 302
    db.session.refresh(endpoint)
    assert (endpoint.url, endpoint.policy, endpoint.secret, endpoint.enabled) == (
        "https://x.go.id/in2",
        "full",
        SECRET,
        False,
    )
    db.session.execute(db.update(SyncDelivery).values(state="dead", last_error="x"))
    db.session.commit()
    assert client.post(f"/admin/sinkronisasi/endpoints/{endpoint.id}/retry-dead").status_code == 302
    assert {d.state for d in db.session.scalars(db.select(SyncDelivery))} == {"pending"}
    assert client.post(f"/admin/sinkronisasi/endpoints/{endpoint.id}/delete").status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(SyncEndpoint)) == 0


def test_page_in_indonesian_by_default(app, client, create_user, login):
    admin_client(create_user, login)
    page = client.get("/admin/sinkronisasi/").get_data(as_text=True)
    assert "Tambah endpoint" in page and "Kirim terjadwal" in page


def test_send_now_pushes_in_the_background(app, client, create_user, login, seeded, tmp_path):
    import threading
    import time

    from sync_fixtures import ReceiverThread

    receiver = ReceiverThread(tmp_path / "receiver")
    try:
        admin_client(create_user, login)
        response = client.post("/admin/sinkronisasi/push", follow_redirects=True)
        assert "kode MPP" in response.get_data(as_text=True)  # nothing to send without a site code
        set_site()
        add_endpoint(receiver.url)
        response = client.post("/admin/sinkronisasi/push")
        assert response.status_code == 302
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and receiver.rows("SELECT COUNT(*) FROM records") != [(3,)]:
            time.sleep(0.05)
        assert receiver.rows("SELECT COUNT(*) FROM records") == [(3,)]
        while (
            time.monotonic() < deadline
            and db.session.scalar(
                db.select(db.func.count()).select_from(SyncDelivery).where(SyncDelivery.state == "sent")
            )
            != 3
        ):
            db.session.rollback()
            time.sleep(0.05)
    finally:
        for thread in threading.enumerate():  # let the background push finish with its connection
            if thread.name == "mpp-sync-push-now":
                thread.join(30)
        receiver.stop()


def test_sync_status_api_for_monitoring(app, client, create_token, seeded):
    set_site()
    add_endpoint("https://x.go.id/in")
    assert client.get("/api/v1/sync/status").status_code == 401
    kiosk = create_token("kiosk")
    assert client.get("/api/v1/sync/status", headers={"Authorization": f"Bearer {kiosk}"}).status_code == 403
    token = create_token("sync", name="pemantau")
    answer = client.get("/api/v1/sync/status", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert answer["endpoints"][0]["name"] == "provinsi"
    assert answer["endpoints"][0]["pending"]["service"] == 3


def test_every_form_speaks_indonesian_for_wtforms_own_messages(app, client, create_user, login):
    """The sync endpoint form said "This field is required." on an Indonesian page; one base form for all."""
    from mpp_lite.forms import BaseForm

    admin_client(create_user, login)
    page = client.post("/admin/sinkronisasi/endpoints", data={"url": "https://x.go.id/in", "policy": "nope"})
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "This field is required." not in text and "Not a valid choice" not in text
    assert "Isian ini wajib diisi." in text or "wajib" in text
    forms = []
    pending = list(BaseForm.__subclasses__())
    while pending:
        form = pending.pop()
        forms.append(form)
        pending.extend(form.__subclasses__())
    from flask_wtf import FlaskForm

    strays = [f.__name__ for f in FlaskForm.__subclasses__() if f is not BaseForm]
    assert strays == [] and len(forms) > 20
