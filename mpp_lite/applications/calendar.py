"""Working days (hari kerja): Monday-Friday, minus national holidays, cuti bersama and local days.

National holidays and cuti bersama come from the `holidays` package (Indonesia, categories
`public` and `government`; the latter holds the joint leave days). The admin adds local
holidays, and corrections that make a day a working day again (a cuti bersama a regency
does not take, or a Saturday worked in exchange), in the LocalHoliday table.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from mpp_lite.applications.models import LocalHoliday
from mpp_lite.extensions import db

KIND_HOLIDAY = "holiday"
KIND_WORKING_DAY = "working_day"
LOCAL_KINDS = (KIND_HOLIDAY, KIND_WORKING_DAY)


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, str]:
    """Indonesia's public holidays and cuti bersama of one year, with Indonesian names."""
    days = holidays.country_holidays("ID", categories=("public", "government"), years=year, language="id")
    return dict(days.items())


class WorkingCalendar:
    """A calendar with the local days loaded once; use one per computation, not across requests."""

    def __init__(self, local: dict[date, tuple[str, str]] | None = None):
        self.local = local if local is not None else load_local_days()

    def holiday_name(self, day: date) -> str | None:
        """The reason `day` is not worked (a holiday's name), or None."""
        local = self.local.get(day)
        if local is not None:
            kind, name = local
            return name if kind == KIND_HOLIDAY else None
        return national_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        local = self.local.get(day)
        if local is not None:
            return local[0] == KIND_WORKING_DAY
        if day.weekday() >= 5:
            return False
        return day not in national_holidays(day.year)

    def add_working_days(self, start: date, count: int) -> date:
        """The date `count` working days after `start` (the start day itself is not counted)."""
        day = start
        remaining = max(0, count)
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in [start, end): how many the clock lost while paused from start to end."""
        total, day = 0, start
        while day < end:
            if self.is_working_day(day):
                total += 1
            day += timedelta(days=1)
        return total

    def closed_days(self, start: date, end: date) -> list[tuple[date, str]]:
        """Holidays between start and end inclusive, for showing why a due date is later."""
        found, day = [], start
        while day <= end:
            name = self.holiday_name(day)
            if name:
                found.append((day, name))
            day += timedelta(days=1)
        return found


def load_local_days() -> dict[date, tuple[str, str]]:
    return {row.day: (row.kind, row.name) for row in db.session.scalars(db.select(LocalHoliday))}


def add_working_days(start: date, count: int) -> date:
    return WorkingCalendar().add_working_days(start, count)


def is_working_day(day: date) -> bool:
    return WorkingCalendar().is_working_day(day)
