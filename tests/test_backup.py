"""Backups: verified gzip copies, rotation, second destination, restore, admin page, schedule."""

from __future__ import annotations

import gzip
import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from mpp_lite.backup.scheduler import is_due, parse_time, run_once
from mpp_lite.backup.services import BACKUP_NAME, backups_to_keep, rotate_backups
from mpp_lite.extensions import db
from mpp_lite.site import clock

ON_POSTGRES = os.environ.get("MPP_TEST_DATABASE_URL", "").startswith("postgresql")
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="file backups are for SQLite; PostgreSQL sites use pg_dump")


def unpack(path: Path, folder: Path) -> Path:
    target = folder / (path.name + ".sqlite")
    target.write_bytes(gzip.decompress(path.read_bytes()))
    return target


def counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        connection.close()


def live_counts() -> dict[str, int]:
    return counts(Path(db.engine.url.database))


@sqlite_only
def test_backup_prints_the_verified_gzip_path_last(app, runner, seeded, instance_dir, tmp_path):
    before = live_counts()
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip().splitlines()[-1])
    assert path.parent == instance_dir / "backups"
    assert BACKUP_NAME.match(path.name)
    assert "integrity ok" in result.output
    assert counts(unpack(path, tmp_path)) == before
    assert before["services"] == 3


@sqlite_only
def test_backup_to_another_folder(app, runner, tmp_path):
    out = tmp_path / "usb" / "cadangan"
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip().splitlines()[-1])
    assert path.parent == out and path.exists()


@sqlite_only
def test_backup_is_audited(app, runner):
    from mpp_lite.audit.models import AuditEvent

    runner.invoke(args=["backup"])
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="backup_created"))
    assert event is not None and event.object_id.startswith("mpp-lite-")


def test_rotation_keeps_14_daily_8_weekly_12_monthly():
    start = datetime(2025, 1, 1, 1, 0)
    moments = [start + timedelta(days=n) for n in range(500)]
    keep = backups_to_keep(moments, 14, 8, 12)
    newest = moments[-1]
    # the last 14 days, then one a week for 8 weeks, then one a month for 12 months
    assert all(newest - timedelta(days=n) in keep for n in range(14))
    assert len({m.isocalendar()[:2] for m in keep}) >= 8
    assert len({(m.year, m.month) for m in keep}) == 12
    assert len(keep) <= 14 + 8 + 12
    assert min(keep) >= newest - timedelta(days=366)


def test_rotation_deletes_only_our_old_files(tmp_path):
    for n in range(40):
        moment = datetime(2026, 1, 1, 2, 0) + timedelta(days=n)
        (tmp_path / f"mpp-lite-{moment:%Y%m%d-%H%M%S}.sqlite.gz").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("keep me")
    (tmp_path / "mpp-lite-20200101-000000.sqlite.gz.partial").write_bytes(b"x")
    removed = rotate_backups(tmp_path, daily=3, weekly=0, monthly=0)
    assert len(removed) == 37
    left = sorted(p.name for p in tmp_path.iterdir())
    assert "notes.txt" in left and "mpp-lite-20200101-000000.sqlite.gz.partial" in left
    assert "mpp-lite-20260209-020000.sqlite.gz" in left


@sqlite_only
def test_second_destination_gets_a_copy(app, runner, tmp_path):
    from mpp_lite.site.services import update_settings

    usb = tmp_path / "usb"
    usb.mkdir()
    update_settings({"backup_second_dir": str(usb)})
    db.session.commit()
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip().splitlines()[-1])
    assert (usb / path.name).read_bytes() == path.read_bytes()


@sqlite_only
def test_missing_second_destination_is_a_warning_not_a_failure(app, runner, tmp_path):
    from mpp_lite.site.services import update_settings

    update_settings({"backup_second_dir": str(tmp_path / "unplugged")})
    db.session.commit()
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0
    assert "not available" in result.output
    assert Path(result.output.strip().splitlines()[-1]).exists()


def make_backup(runner) -> Path:
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    return Path(result.output.strip().splitlines()[-1])


@sqlite_only
def test_restore_brings_back_the_data_and_keeps_the_replaced_database(app, runner, seeded, create_tenant):
    path = make_backup(runner)
    before = live_counts()
    create_tenant("SAMSAT", "Samsat")  # a change after the backup
    assert live_counts()["tenants"] == before["tenants"] + 1
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    after = live_counts()
    assert after["tenants"] == before["tenants"]
    from mpp_lite.audit.models import AuditEvent

    assert db.session.scalar(db.select(AuditEvent).filter_by(action="backup_restored")) is not None
    database = Path(db.engine.url.database)
    kept = [p for p in database.parent.iterdir() if p.name.startswith(database.name + ".replaced-")]
    assert len(kept) == 1
    assert counts(kept[0])["tenants"] == before["tenants"] + 1
    assert "kept as" in result.output


@sqlite_only
def test_restore_asks_first(app, runner, seeded):
    path = make_backup(runner)
    result = runner.invoke(args=["restore", str(path)], input="n\n")
    assert result.exit_code != 0
    assert "Replace the database" in result.output
    database = Path(db.engine.url.database)
    assert not [p for p in database.parent.iterdir() if ".replaced-" in p.name]


@sqlite_only
@pytest.mark.parametrize("damage", ["truncate", "garbage", "not-gzip-not-db", "flip"])
def test_damaged_backup_is_refused_with_a_clear_message(app, runner, seeded, tmp_path, damage):
    path = make_backup(runner)
    before = live_counts()
    data = path.read_bytes()
    bad = tmp_path / "bad.sqlite.gz"
    if damage == "truncate":
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        bad.write_bytes(gzip.compress(b"SQLite format 3\x00" + b"\x07" * 8192))
    elif damage == "not-gzip-not-db":
        bad.write_text("hello")
    else:
        raw = bytearray(gzip.decompress(data))
        for offset in range(4096 + 100, len(raw), 4096):  # scribble over every page but the first
            raw[offset : offset + 64] = b"\xff" * 64
        bad.write_bytes(gzip.compress(bytes(raw)))
    result = runner.invoke(args=["restore", str(bad), "--yes"])
    assert result.exit_code == 1
    assert "damaged" in result.output and "Nothing was changed" in result.output
    assert live_counts() == before


@sqlite_only
def test_a_database_that_is_not_ours_is_refused(app, runner, tmp_path):
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    result = runner.invoke(args=["restore", str(other), "--yes"])
    assert result.exit_code == 1
    assert "not an MPP Lite backup" in result.output


def test_admin_page_warns_in_red_without_a_recent_backup(app, client, create_user, login, instance_dir):
    login(create_user())
    page = client.get("/admin/cadangan/").get_data(as_text=True)
    assert "alert-danger" in page and "Belum pernah ada cadangan" in page
    old = clock.local_now() - timedelta(days=3)
    folder = instance_dir / "backups"
    folder.mkdir(exist_ok=True)
    (folder / f"mpp-lite-{old:%Y%m%d-%H%M%S}.sqlite.gz").write_bytes(b"x" * 2048)
    page = client.get("/admin/cadangan/").get_data(as_text=True)
    assert "alert-danger" in page and "lebih dari dua hari" in page
    assert old.strftime("%d-%m-%Y %H:%M") in page and "2.0 kB" in page


@sqlite_only
def test_admin_backup_now_then_page_is_green(app, client, create_user, login):
    login(create_user())
    response = client.post("/admin/cadangan/sekarang", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "alert-success" in page and "lebih dari dua hari" not in page
    assert clock.local_now().strftime("%d-%m-%Y") in page


def test_admin_saves_backup_settings_and_keeps_bad_input(app, client, create_user, login):
    login(create_user())
    response = client.post(
        "/admin/cadangan/",
        data={
            "backup_keep_daily": "7",
            "backup_keep_weekly": "4",
            "backup_keep_monthly": "6",
            "backup_second_dir": "/media/usb",
            "backup_daily_at": "25:99",
        },
    )
    assert response.status_code == 400
    assert 'value="/media/usb"' in response.get_data(as_text=True)
    response = client.post(
        "/admin/cadangan/",
        data={
            "backup_keep_daily": "7",
            "backup_keep_weekly": "4",
            "backup_keep_monthly": "6",
            "backup_second_dir": "/media/usb",
            "backup_daily_at": "12:30",
        },
    )
    assert response.status_code == 302
    from mpp_lite.backup.services import backup_settings, keep_counts

    assert keep_counts() == (7, 4, 6)
    assert backup_settings()["backup_daily_at"] == "12:30"


def test_backup_pages_are_for_admins_only(app, client, create_user, login, seeded):
    login(create_user("sup", "supervisor"))
    assert client.get("/admin/cadangan/").status_code == 403
    assert client.post("/admin/cadangan/sekarang").status_code == 403


def test_daily_schedule_is_due_once_a_day_after_the_set_time():
    at = parse_time("12:30")
    assert parse_time("7:05") == (7, 5) and parse_time("24:00") is None and parse_time("") is None
    now = datetime(2026, 3, 2, 12, 31)
    assert is_due(now, at, None)
    assert is_due(now, at, datetime(2026, 3, 1, 12, 30))  # yesterday's
    assert is_due(now, at, datetime(2026, 3, 2, 8, 0))  # a backup by hand this morning
    assert not is_due(now, at, datetime(2026, 3, 2, 12, 30, 5))  # already made since 12:30
    assert not is_due(datetime(2026, 3, 2, 12, 29), at, None)
    assert not is_due(now, None, None)


@sqlite_only
def test_scheduler_takes_the_daily_backup_and_purges_when_enabled(app, instance_dir):
    from mpp_lite.audit.models import AuditEvent
    from mpp_lite.site.services import update_settings

    assert run_once(app) is None  # no time set: nothing happens
    update_settings({"backup_daily_at": "00:00", "privacy_daily_purge": "1"})
    db.session.commit()
    path = run_once(app)
    assert path and Path(path).exists()
    assert run_once(app) is None  # already done today
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"backup_created", "privacy_purge"} <= actions


@sqlite_only
def test_second_copy_is_shown_on_the_admin_page(app, client, create_user, login, runner, tmp_path):
    from mpp_lite.site.services import update_settings

    usb = tmp_path / "usb"
    usb.mkdir()
    update_settings({"backup_second_dir": str(usb)})
    db.session.commit()
    make_backup(runner)
    login(create_user())
    page = client.get("/admin/cadangan/").get_data(as_text=True)
    assert 'id="second-copy-status"' in page and "alert-warning" not in page
    for copy in usb.iterdir():
        copy.unlink()  # the drive was swapped
    page = client.get("/admin/cadangan/").get_data(as_text=True)
    assert "alert-warning" in page and str(usb) in page


def test_postgresql_sites_are_told_to_use_pg_dump(instance_dir):
    from mpp_lite import create_app
    from mpp_lite.backup.services import BackupError, database_path

    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://mpp@127.0.0.1/mpp"}
    )
    with app.app_context(), pytest.raises(BackupError, match="pg_dump"):
        database_path()


@sqlite_only
def test_secret_key_and_uploads_are_kept_beside_the_backups(app, runner, instance_dir, tmp_path):
    from mpp_lite.site.services import update_settings

    (instance_dir / "secret_key").write_text("kunci-rahasia\n")
    (instance_dir / "uploads").mkdir()
    (instance_dir / "uploads" / "logo-0123456789abcdef.png").write_bytes(b"\x89PNG logo")
    usb = tmp_path / "usb"
    usb.mkdir()
    update_settings({"backup_second_dir": str(usb)})
    db.session.commit()
    out = tmp_path / "cadangan"
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for folder in (out, usb):
        kept = folder / "instance-files"
        assert (kept / "secret_key").read_text() == "kunci-rahasia\n"
        assert (kept / "uploads" / "logo-0123456789abcdef.png").read_bytes() == b"\x89PNG logo"
    assert oct((out / "instance-files" / "secret_key").stat().st_mode & 0o777) == "0o600"


@sqlite_only
def test_restore_on_a_new_pc_brings_back_the_secret_key_and_logos(app, runner, instance_dir, tmp_path):
    (instance_dir / "secret_key").write_text("kunci-lama\n")
    (instance_dir / "uploads").mkdir()
    (instance_dir / "uploads" / "logo-0123456789abcdef.png").write_bytes(b"logo")
    out = tmp_path / "usb"
    path = Path(runner.invoke(args=["backup", "--out", str(out)]).output.strip().splitlines()[-1])
    (instance_dir / "secret_key").unlink()  # the new PC has no key yet
    (instance_dir / "uploads" / "logo-0123456789abcdef.png").unlink()
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert (instance_dir / "secret_key").read_text() == "kunci-lama\n"
    assert (instance_dir / "uploads" / "logo-0123456789abcdef.png").read_bytes() == b"logo"
    assert "Secret key restored" in result.output

    (instance_dir / "secret_key").write_text("kunci-baru\n")  # a PC that made its own key: warn, keep it
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert (instance_dir / "secret_key").read_text() == "kunci-baru\n"
    assert "receipts printed before verify only with the old one" in result.output
