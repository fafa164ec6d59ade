"""The per-process caches: what this process writes shows at once; what another process writes
shows when the kept copy runs out (seconds); an undone write leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from mpp_lite.extensions import db
from mpp_lite.site import cache
from mpp_lite.site.services import SETTINGS_CACHE_SECONDS, get_settings, update_settings


@pytest.fixture
def clock_seconds(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(cache, "monotonic", lambda: now[0])
    return now


def test_a_setting_changed_by_another_process_shows_within_seconds(app, client, clock_seconds):
    assert "Mal Pelayanan Publik" in client.get("/").get_data(as_text=True)
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])  # as a second server process would
    with other.begin() as conn:
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('mpp_name', 'MPP Kabupaten Contoh')"))
    other.dispose()
    assert "MPP Kabupaten Contoh" not in client.get("/").get_data(as_text=True)  # the kept copy
    clock_seconds[0] += SETTINGS_CACHE_SECONDS + 1
    assert "MPP Kabupaten Contoh" in client.get("/").get_data(as_text=True)


def test_a_setting_saved_in_this_process_shows_at_once(app, client, clock_seconds):
    assert "MPP Kabupaten Contoh" not in client.get("/").get_data(as_text=True)
    update_settings({"mpp_name": "MPP Kabupaten Contoh"})
    db.session.commit()
    assert "MPP Kabupaten Contoh" in client.get("/").get_data(as_text=True)


def test_an_undone_change_leaves_no_trace(app, clock_seconds):
    update_settings({"mpp_name": "Never saved"})
    assert get_settings()["mpp_name"] == "Never saved"  # the transaction sees its own change
    db.session.rollback()
    assert get_settings()["mpp_name"] == "Mal Pelayanan Publik"


def test_a_revoked_token_is_refused_at_once(app, client, create_token, clock_seconds):
    from mpp_lite.auth.models import ApiToken
    from mpp_lite.auth.services import revoke_token

    raw = create_token("display", name="TV lobby")
    headers = {"Authorization": "Bearer " + raw}
    assert client.get("/api/v1/display", headers=headers).status_code == 200
    revoke_token(db.session.scalar(db.select(ApiToken).filter_by(name="TV lobby")))
    db.session.commit()
    assert client.get("/api/v1/display", headers=headers).status_code == 401


def test_the_board_changes_at_once_when_this_process_issues_a_ticket(app, client, create_token, seeded, clock_seconds):
    from mpp_lite.queue.services import issue_ticket

    headers = {"Authorization": "Bearer " + create_token("display")}
    etag = client.get("/api/v1/display", headers=headers).headers["ETag"]
    assert client.get("/api/v1/display", headers={**headers, "If-None-Match": etag}).status_code == 304
    issue_ticket(seeded["services"][0].id)
    db.session.commit()
    changed = client.get("/api/v1/display", headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["queues"][0]["waiting"] == 1


def test_an_unchanged_poll_is_answered_early_for_screens_only(app, client, create_token, create_user, login, seeded):
    from mpp_lite.auth.models import ApiToken
    from mpp_lite.auth.services import revoke_token

    display = {"Authorization": "Bearer " + create_token("display", name="TV lobby")}
    etag = client.get("/api/v1/display", headers=display).headers["ETag"]
    unchanged = {"If-None-Match": etag}
    assert client.get("/api/v1/display", headers={**display, **unchanged}).status_code == 304
    operator = {"Authorization": "Bearer " + create_token("operator", name="op", tenant=seeded["tenants"][0])}
    assert client.get("/api/v1/display", headers={**operator, **unchanged}).status_code == 304
    kiosk = {"Authorization": "Bearer " + create_token("kiosk", name="kiosk")}
    assert client.get("/api/v1/display", headers={**kiosk, **unchanged}).status_code == 403
    assert client.get("/api/v1/display", headers=unchanged).status_code == 401
    assert client.get("/api/v1/display", headers={"Authorization": "Bearer wrong", **unchanged}).status_code == 401
    revoke_token(db.session.scalar(db.select(ApiToken).filter_by(name="TV lobby")))
    db.session.commit()
    assert client.get("/api/v1/display", headers={**display, **unchanged}).status_code == 401
    login(create_user("spv", role="supervisor"))
    assert client.get("/api/v1/display", headers=unchanged).status_code == 304  # staff: through the view


def test_a_paired_screen_polls_by_its_cookie_until_it_is_unpaired(app, client, seeded):
    from mpp_lite.auth.services import revoke_token
    from mpp_lite.queue.devices import create_device, new_pairing_code, redeem_code

    device = create_device("TV ruang tunggu", "display")
    token, raw = redeem_code(new_pairing_code(device))
    db.session.commit()
    client.set_cookie(app.config["DEVICE_COOKIE_NAME"], raw)
    etag = client.get("/api/v1/display").headers["ETag"]
    assert client.get("/api/v1/display", headers={"If-None-Match": etag}).status_code == 304
    revoke_token(token)
    db.session.commit()
    assert client.get("/api/v1/display", headers={"If-None-Match": etag}).status_code in (401, 403)


def test_a_value_loaded_across_a_commit_is_not_kept(app):
    memo = cache.Memo("example", {"settings"}, ttl=60)

    def load_then_someone_commits():
        memo.clear()  # what a commit writing "settings" does while this load is under way
        return "read before that commit"

    assert memo.get("key", load_then_someone_commits) == "read before that commit"
    assert memo.peek("key") is None  # not kept: the next request reads again
    assert memo.get("key", lambda: "fresh") == "fresh"
    assert memo.peek("key") == "fresh"


def test_issuing_sees_a_service_change_of_this_process_at_once(app, client, create_token, seeded, clock_seconds):
    from mpp_lite.catalogue.models import Service

    kiosk = {"Authorization": "Bearer " + create_token("kiosk")}
    ktp = seeded["services"][0]
    assert client.post("/api/v1/tickets", json={"service_id": ktp.id}, headers=kiosk).status_code == 201
    db.session.get(Service, ktp.id).published = False
    db.session.commit()
    refused = client.post("/api/v1/tickets", json={"service_id": ktp.id}, headers=kiosk)
    assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "unknown_service"


def test_issuing_sees_another_process_closing_a_queue_within_seconds(app, client, create_token, seeded, clock_seconds):
    from mpp_lite.queue.services import ISSUABLE_CACHE_SECONDS

    kiosk = {"Authorization": "Bearer " + create_token("kiosk")}
    ktp = seeded["services"][0]
    assert client.post("/api/v1/tickets", json={"service_id": ktp.id}, headers=kiosk).status_code == 201
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])  # an admin on a second server process
    with other.begin() as conn:
        conn.execute(text("UPDATE queues SET active = false WHERE prefix = 'A'"))
    other.dispose()
    assert client.post("/api/v1/tickets", json={"service_id": ktp.id}, headers=kiosk).status_code == 201  # kept copy
    clock_seconds[0] += ISSUABLE_CACHE_SECONDS + 1
    refused = client.post("/api/v1/tickets", json={"service_id": ktp.id}, headers=kiosk)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "no_queue"
