"""Daily rollups of settled days, so that a year's report reads a few thousand rows, not 400,000.

A day is rolled up once it is settled (two days past: tickets still open at closing have been
closed by then); recent days are always read from the tickets themselves. `mpp-lite report
rollup --rebuild` recomputes after a correction to old tickets.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from mpp_lite.database import UTCDateTime, utcnow
from mpp_lite.extensions import db


class RollupDay(db.Model):
    """A settled day whose figures are in the rollup tables."""

    __tablename__ = "report_rollup_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DailyServiceStats(db.Model):
    """Visits of one service on one day, with the sums that averages need."""

    __tablename__ = "report_daily_services"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    issued: Mapped[int] = mapped_column(default=0)
    served: Mapped[int] = mapped_column(default=0)
    no_show: Mapped[int] = mapped_column(default=0)
    wait_n: Mapped[int] = mapped_column(default=0)
    wait_seconds: Mapped[float] = mapped_column(Float, default=0)
    service_n: Mapped[int] = mapped_column(default=0)
    service_seconds: Mapped[float] = mapped_column(Float, default=0)


class DailyMinuteStats(db.Model):
    """How many tickets waited (kind "wait") or were served (kind "service") a whole number of minutes."""

    __tablename__ = "report_daily_minutes"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    minute: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(default=0)


class DailyStaffStats(db.Model):
    """Tickets finished per counter and operator per day (0 where none was recorded)."""

    __tablename__ = "report_daily_staff"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    counter_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    operator_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    served: Mapped[int] = mapped_column(default=0)
    service_n: Mapped[int] = mapped_column(default=0)
    service_seconds: Mapped[float] = mapped_column(Float, default=0)
