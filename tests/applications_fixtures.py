"""Fixtures for the application tests (a pytest plugin): a 5-working-day service, staff, a movable clock."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from applications_helpers import REQUIREMENTS, create_staff

JAKARTA = ZoneInfo("Asia/Jakarta")


class Clock:
    """Moves `mpp_lite.site.clock.utcnow` (what the services read) to a local Jakarta time."""

    def __init__(self, monkeypatch):
        self.now = datetime(2026, 3, 13, 9, 0, tzinfo=JAKARTA).astimezone(timezone.utc)
        monkeypatch.setattr("mpp_lite.site.clock.utcnow", lambda: self.now)

    def set(self, year, month, day, hour=9, minute=0):
        self.now = datetime(year, month, day, hour, minute, tzinfo=JAKARTA).astimezone(timezone.utc)

    def advance(self, **delta):
        from datetime import timedelta

        self.now = self.now + timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def world(seeded, create_service, create_user):
    """Seeded tenants plus a 5-working-day service with three requirements, and staff."""
    dukcapil, polres = seeded["tenants"]
    qa, qb = seeded["queues"]
    akta = create_service(
        dukcapil,
        qa,
        code="DKC-05",
        name="Akta Kelahiran",
        requirements=list(REQUIREMENTS),
        duration_value=5,
        duration_unit="working_days",
        needs_application=True,
    )
    skck = seeded["services"][2]
    users = create_staff(create_user, dukcapil, polres)
    return {"service": akta, "skck": skck, "dukcapil": dukcapil, "polres": polres, "users": users, **seeded}
