"""Working days (hari kerja): Monday-Friday, minus national holidays, cuti bersama and local days.

National holidays and cuti bersama come from the `holidays` package (Indonesia, categories
`public` and `government`; the latter holds the joint leave days), unless the admin imported
the year's official list (the SKB of three ministers, OfficialHoliday): then that list alone.
The bundled data only estimates religious holidays of years not yet decided (names ending
"(perkiraan)") and has no cuti bersama for them, so the admin is warned while the current year,
or from October the next, still rests on such data. The admin adds local holidays, and
corrections that make a day a working day again (a cuti bersama a regency does not take, or a
Saturday worked in exchange), in the LocalHoliday table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask import has_app_context

from mpp_lite.applications.models import LocalHoliday
from mpp_lite.extensions import db

KIND_HOLIDAY = "holiday"
KIND_WORKING_DAY = "working_day"
LOCAL_KINDS = (KIND_HOLIDAY, KIND_WORKING_DAY)
KIND_NATIONAL = "national"
KIND_CUTI_BERSAMA = "cuti_bersama"
OFFICIAL_KINDS = (KIND_NATIONAL, KIND_CUTI_BERSAMA)
ESTIMATE_MARK = "(perkiraan)"  # how the bundled data names a date it only estimates
WARN_NEXT_YEAR_FROM_MONTH = 10  # the SKB for a year usually appears by September


@lru_cache(maxsize=64)
def bundled_holidays(year: int, category: str = "") -> dict[date, str]:
    """The `holidays` package's Indonesian public holidays and cuti bersama of one year (or only
    one category: "public" or "government", the latter being cuti bersama)."""
    categories = (category,) if category else ("public", "government")
    days = holidays.country_holidays("ID", categories=categories, years=year, language="id")
    return dict(days.items())


def national_holidays(year: int, official: dict[int, dict[date, str]] | None = None) -> dict[date, str]:
    """National holidays and cuti bersama of one year, with Indonesian names: the imported official
    list where there is one (`official`, by year; loaded when not given), else the bundled data."""
    official = official if official is not None else load_official_days(year)
    return official.get(year) or bundled_holidays(year)


@dataclass(frozen=True)
class YearData:
    """Where a year's national days come from, and what in them is not certain yet."""

    year: int
    official: bool  # an imported official list
    cuti_bersama: int  # how many cuti bersama days the year has
    estimated: tuple[tuple[date, str], ...]  # dates the bundled data only estimates

    @property
    def uncertain(self) -> bool:
        return not self.official and (self.cuti_bersama == 0 or bool(self.estimated))


def year_data(year: int, official: dict[int, dict[date, str]] | None = None) -> YearData:
    official = official if official is not None else load_official_days(year)
    if official.get(year):
        cuti = sum(1 for name in official[year].values() if name.lower().startswith("cuti bersama"))
        return YearData(year, True, cuti, ())
    bundled = bundled_holidays(year)
    estimated = tuple(sorted((day, name) for day, name in bundled.items() if ESTIMATE_MARK in name))
    return YearData(year, False, len(bundled_holidays(year, "government")), estimated)


def calendar_warnings(today: date) -> list[YearData]:
    """The years whose holidays are not certain yet and matter now: this year, and from October
    the next one (due dates and bookings reach into it)."""
    years = [today.year] + ([today.year + 1] if today.month >= WARN_NEXT_YEAR_FROM_MONTH else [])
    official = load_official_days(*years)
    return [data for data in (year_data(y, official) for y in years) if data.uncertain]


class WorkingCalendar:
    """A calendar with the local days loaded once; use one per computation, not across requests."""

    def __init__(
        self, local: dict[date, tuple[str, str]] | None = None, official: dict[int, dict[date, str]] | None = None
    ):
        self.local = local if local is not None else load_local_days()
        self.official = official if official is not None else load_official_days()

    def national(self, year: int) -> dict[date, str]:
        return national_holidays(year, self.official)

    def is_estimate(self, day: date) -> bool:
        """Whether `day` is a holiday the bundled data only estimates."""
        return ESTIMATE_MARK in (self.holiday_name(day) or "")

    def uncertain_between(self, start: date, end: date) -> bool:
        """Whether working days counted from `start` to `end` rest on data that is not official
        yet: an estimated holiday on the way, or a year whose cuti bersama are not known."""
        for year in range(start.year, end.year + 1):
            data = year_data(year, self.official)
            if not data.official and not data.cuti_bersama:
                return True  # no cuti bersama known for a year the count passes through
        day = start
        while day <= end:
            if day not in self.local and self.is_estimate(day):
                return True
            day += timedelta(days=1)
        return False

    def holiday_name(self, day: date) -> str | None:
        """The reason `day` is not worked (a holiday's name), or None."""
        local = self.local.get(day)
        if local is not None:
            kind, name = local
            return name if kind == KIND_HOLIDAY else None
        return self.national(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        local = self.local.get(day)
        if local is not None:
            return local[0] == KIND_WORKING_DAY
        if day.weekday() >= 5:
            return False
        return day not in self.national(day.year)

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


def load_official_days(*years: int) -> dict[int, dict[date, str]]:
    """Imported official lists by year (all years when none is named); none outside the app."""
    from mpp_lite.applications.models import OfficialHoliday

    if not has_app_context():
        return {}
    query = db.select(OfficialHoliday.year, OfficialHoliday.day, OfficialHoliday.name)
    if years:
        query = query.where(OfficialHoliday.year.in_(years))
    found: dict[int, dict[date, str]] = {}
    for year, day, name in db.session.execute(query):
        found.setdefault(year, {})[day] = name
    return found


def add_working_days(start: date, count: int) -> date:
    return WorkingCalendar().add_working_days(start, count)


def is_working_day(day: date) -> bool:
    return WorkingCalendar().is_working_day(day)
