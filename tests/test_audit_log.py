"""The audit log: an admin page filterable by actor, action and date; rows are never changed."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from mpp_lite.audit.models import AuditEvent
from mpp_lite.audit.services import record
from mpp_lite.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def add_event(actor, action, at):
    event = AuditEvent(
        actor=actor, actor_role="operator", action=action, object_type="user", object_id="1", detail={}, ip="", at=at
    )
    db.session.add(event)
    db.session.commit()
    return event


@pytest.fixture
def admin_client(client, create_user, login):
    login(create_user("kepala", "admin"))
    return client


def rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def test_admin_sees_and_filters_the_audit_log(app, admin_client):
    add_event("budi", "application_viewed", datetime(2026, 3, 1, 2, 0, tzinfo=timezone.utc))
    add_event("siti", "settings_changed", datetime(2026, 3, 5, 2, 0, tzinfo=timezone.utc))
    add_event("budi", "privacy_export", datetime(2026, 3, 9, 2, 0, tzinfo=timezone.utc))

    page = admin_client.get("/admin/audit/").get_data(as_text=True)
    assert "application_viewed" in page and "settings_changed" in page and "privacy_export" in page
    assert "login" in page  # the admin's own sign-in is recorded too

    page = admin_client.get("/admin/audit/?actor=BUDI").get_data(as_text=True)
    assert len(rows(page)) == 2 and "siti" not in page.split("<tbody>")[1]

    page = admin_client.get("/admin/audit/?action=settings_changed").get_data(as_text=True)
    assert len(rows(page)) == 1 and "siti" in rows(page)[0]

    page = admin_client.get("/admin/audit/?from=2026-03-02&to=2026-03-08").get_data(as_text=True)
    assert len(rows(page)) == 1 and "settings_changed" in rows(page)[0]
    # a day is the site's local day (WIB): 09:00 local on 1 March is inside "to=2026-03-01"
    page = admin_client.get("/admin/audit/?to=2026-03-01").get_data(as_text=True)
    assert len(rows(page)) == 1 and "01-03-2026 09:00" in rows(page)[0]


def test_bad_filter_values_are_ignored_not_errors(app, admin_client):
    response = admin_client.get("/admin/audit/?from=yesterday&to=2026-13-45&page=-3&actor=%25_")
    assert response.status_code == 200


def test_audit_log_pages(app, admin_client):
    for n in range(120):
        record("loket", "ticket_called", "ticket", n)
    db.session.commit()
    first = admin_client.get("/admin/audit/?action=ticket_called").get_data(as_text=True)
    assert len(rows(first)) == 50 and "1 / 3" in first
    last = admin_client.get("/admin/audit/?action=ticket_called&page=3").get_data(as_text=True)
    assert len(rows(last)) == 20


@pytest.mark.parametrize("role", ["operator", "supervisor"])
def test_only_admins_see_the_audit_log(app, client, create_user, create_tenant, login, role):
    tenant = create_tenant()
    login(create_user("staf", role, tenant if role == "operator" else None))
    assert client.get("/admin/audit/").status_code == 403


def test_anonymous_is_sent_to_login(app, client):
    response = client.get("/admin/audit/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_database_refuses_to_change_or_delete_audit_rows(app):
    event = record("budi", "login", "user", 1)
    db.session.commit()
    event.action = "nothing_happened"
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.get(AuditEvent, event.id).action == "login"


def test_everyday_operations_only_ever_add_audit_rows(app, client, runner, create_user, login, seeded):
    def snapshot():
        return {
            e.id: (e.at, e.actor, e.action, e.object_type, e.object_id, e.detail)
            for e in db.session.scalars(db.select(AuditEvent))
        }

    admin = create_user("kepala", "admin")
    client.post("/login", data={"username": "kepala", "password": "wrong password!"})
    login(admin)
    before = snapshot()
    client.post("/admin/privasi/anonimkan")
    client.post("/admin/privasi/ekspor", data={"nik": "3201014501900002"})
    client.post(
        "/admin/cadangan/",
        data={
            "backup_keep_daily": "7",
            "backup_keep_weekly": "4",
            "backup_keep_monthly": "6",
            "backup_second_dir": "",
            "backup_daily_at": "",
        },
    )
    runner.invoke(args=["privacy", "purge"])
    client.post("/logout")
    db.session.expire_all()
    after = snapshot()
    assert all(after[key] == value for key, value in before.items())
    assert {"privacy_purge", "privacy_export", "settings_changed", "logout"} <= {row[2] for row in after.values()}


def test_no_code_updates_or_deletes_audit_rows():
    pattern = re.compile(r"(update|delete)\s*\(\s*AuditEvent|(UPDATE|DELETE\s+FROM)\s+audit_events", re.I)
    offenders = []
    for path in (ROOT / "mpp_lite").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
