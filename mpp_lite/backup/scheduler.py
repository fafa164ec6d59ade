"""The optional in-process daily run: a backup at the set local time, then the privacy purge.

`serve` starts it when a daily time is set (admin page "Backups", or MPP_BACKUP_DAILY_AT=HH:MM).
Sites that prefer cron or Task Scheduler leave the time empty and schedule `mpp-lite backup`.
"""

from __future__ import annotations

import re
import threading
from datetime import datetime

from flask import Flask

from mpp_lite.audit.services import record
from mpp_lite.backup.services import (
    BackupError,
    backup_settings,
    create_backup,
    database_path,
    last_backup,
)
from mpp_lite.extensions import db
from mpp_lite.privacy.services import daily_purge_enabled, purge
from mpp_lite.site import clock

TIME_FORMAT = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
CHECK_EVERY_SECONDS = 30


def parse_time(value: str) -> tuple[int, int] | None:
    match = TIME_FORMAT.match((value or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def is_due(now: datetime, at: tuple[int, int] | None, last_backup_at: datetime | None) -> bool:
    """Due once a day: from the set time on, unless a backup was already made since that time
    today (a backup made by hand in the morning does not replace the evening one)."""
    if at is None:
        return False
    scheduled = now.replace(hour=at[0], minute=at[1], second=0, microsecond=0)
    if now < scheduled:
        return False
    return last_backup_at is None or last_backup_at < scheduled


def run_once(app: Flask) -> str | None:
    """Check the schedule and run the daily jobs if they are due; answer the backup path or None."""

    with app.app_context():
        try:
            at = parse_time(backup_settings()["backup_daily_at"])
            newest = last_backup()
            now = clock.local_now()
            if not is_due(now, at, newest["at"] if newest else None):
                return None
            result = create_backup()
            record(
                "scheduler",
                "backup_created",
                "backup",
                result.path.name,
                size=result.size,
                second_copy=bool(result.second_copy),
            )
            if result.second_error:
                app.logger.warning("Daily backup: %s", result.second_error)
            if daily_purge_enabled():
                counts = purge()
                record("scheduler", "privacy_purge", "", "", **counts)
            db.session.commit()  # the scheduler's thread is an entry point, like a CLI command
            app.logger.info("Daily backup written: %s", result.path.name)
            return str(result.path)
        except BackupError as error:
            db.session.rollback()
            app.logger.error("Daily backup failed: %s", error)
        except Exception:  # the schedule must outlive a bad night; the admin page shows staleness
            db.session.rollback()
            app.logger.exception("Daily backup failed")
        finally:
            db.session.remove()
    return None


class DailySchedule(threading.Thread):
    def __init__(self, app: Flask):
        super().__init__(name="mpp-daily-backup", daemon=True)
        self.app = app
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(CHECK_EVERY_SECONDS):
            run_once(self.app)

    def stop(self) -> None:
        self.stopping.set()


def start_schedule(app: Flask) -> DailySchedule | None:
    """Start the daily thread for a SQLite site; it reads the set time every 30 s, so the admin
    can set or change it without a restart. Answer the thread, or None for PostgreSQL."""

    with app.app_context():
        try:
            database_path()
        except BackupError:
            return None  # PostgreSQL: back up with pg_dump from the system scheduler
    thread = DailySchedule(app)
    thread.start()
    return thread
