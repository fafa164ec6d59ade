"""`mpp-lite applications ...`: the calendar, local days, notifications."""

from __future__ import annotations

from datetime import date

from applications_helpers import actor_for, register

from mpp_lite.applications import services
from mpp_lite.extensions import db


def test_calendar_lists_cuti_bersama_and_local_days(runner, world, clock):
    added = runner.invoke(args=["applications", "add-holiday", "--date", "2026-03-26", "--name", "Hari Jadi Kabupaten"])
    assert added.exit_code == 0, added.output
    result = runner.invoke(args=["applications", "calendar", "--year", "2026"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.startswith("2026-03-18 Wed closed") for line in lines)
    assert any(line.startswith("2026-03-26 Thu closed Hari Jadi Kabupaten") for line in lines)


def test_add_and_remove_holiday_move_due_dates(runner, world, clock):
    application = register(world)
    services.transition(actor_for(world["users"]["op"]), application, "verified")
    db.session.commit()
    assert runner.invoke(args=["applications", "add-holiday", "--date", "2026-03-26", "--name", "Libur"]).exit_code == 0
    db.session.expire_all()
    assert application.due_date == date(2026, 3, 30)
    assert runner.invoke(args=["applications", "remove-holiday", "--date", "2026-03-26"]).exit_code == 0
    db.session.expire_all()
    assert application.due_date == date(2026, 3, 27)
    missing = runner.invoke(args=["applications", "remove-holiday", "--date", "2026-03-26"])
    assert missing.exit_code == 1
    bad = runner.invoke(args=["applications", "add-holiday", "--date", "26-03-2026", "--name", "x"])
    assert bad.exit_code == 1 and "2026-03-26" in bad.output


def test_notify_without_a_sender_says_so(runner, world):
    result = runner.invoke(args=["applications", "notify"])
    assert result.exit_code == 1 and "MPP_NOTIFY_SENDER" in result.output


def test_notify_retries_failures_and_reports_them(app, runner, world, clock):
    app.config.update(NOTIFY_SENDER="webhook", NOTIFY_WEBHOOK_URL="http://127.0.0.1:9/nothing-listens-here")
    application = register(world)
    for to in ("verified", "ready"):
        services.transition(actor_for(world["users"]["op"]), application, to)
    db.session.commit()
    result = runner.invoke(args=["applications", "notify"])
    assert result.exit_code == 3 and "waiting for a retry 1" in result.output
    for _ in range(4):
        result = runner.invoke(args=["applications", "notify"])
    assert result.exit_code == 0 and "failed for good 1" in result.output


def test_the_gateway_is_called_with_no_transaction_and_no_write_lock_held(app, runner, world, clock, monkeypatch):
    """A slow gateway must not keep kiosks from issuing tickets: SQLite's writer is free meanwhile."""
    from mpp_lite.applications import notify
    from mpp_lite.database import sqlite_write_lock

    seen = []

    class WatchingSender:
        name = "watching"

        def send(self, payload):
            lock = sqlite_write_lock(db.engine.url.database)
            seen.append((payload["tracking_code"], db.session().in_transaction(), lock.locked()))

    monkeypatch.setattr(notify, "get_sender", WatchingSender)
    application = register(world)
    for to in ("verified", "ready"):
        services.transition(actor_for(world["users"]["op"]), application, to)
    db.session.commit()
    assert notify.send_pending() == {"sent": 1, "failed": 0, "pending": 0}
    assert seen == [(application.display_code, False, False)]
