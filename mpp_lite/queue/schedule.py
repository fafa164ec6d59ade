"""Opening hours and daily quotas: whether a queue takes tickets now, and why not.

A queue's week: opening windows per weekday, daily quotas, date-range overrides, and what that
means at a given moment (open, on a break, closed for a holiday) and when the queue opens next.

Pure values and functions: no database, no request. Holidays come in as a function from a date to
the holiday's name (the site's one working-day calendar: national holidays, cuti bersama and the
admin's local days), so queues and application due dates never disagree about a day off.

The stored and wire form is CONTRACT.md "Queue day":
    {"week": {"mon": [["08:00", "15:00"]], ..., "fri": [["08:00", "11:00"], ["13:00", "15:00"]],
              "sat": [], "sun": []},
     "quota": {"mon": 100 | null, ...},
     "overrides": [{"from": "2026-02-18", "to": "2026-03-19", "windows": [["08:00", "14:00"]],
                    "note": "Jam layanan Ramadan"}],
     "policy": "strict" | "interleave" | "dedicated", "interleave_ratio": 2 | null,
     "last_ticket_margin_minutes": 0}
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.applications.calendar import WorkingCalendar
from mpp_lite.bookings.rules import BookingRules
from mpp_lite.bookings.seats import held_seats
from mpp_lite.extensions import db
from mpp_lite.queue.estimates import estimated_wait_minutes, waiting_count
from mpp_lite.queue.models import Queue, QueueDayCounter
from mpp_lite.site import clock
from mpp_lite.site.cache import memo
from mpp_lite.site.services import get_setting

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
POLICIES = ("strict", "interleave", "dedicated")
CLOSED_REASONS = ("closed", "break", "holiday", "quota", "last_ticket", "inactive")
DAY_MINUTES = 24 * 60
LOOK_AHEAD_DAYS = 400  # a queue closed for longer has no next opening to announce
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
SITE_WEEK_SETTING = "queue_week"  # the site's standard week (wire form, JSON) that queues inherit
# The week most MPPs keep: Monday-Thursday 08.00-15.00, Friday 08.00-11.00 and 13.00-15.00 (a break
# for Friday prayers), weekends closed. Offered on the admin's week pages as a starting point.
TYPICAL_MPP_WEEK = {
    "mon": [["08:00", "15:00"]],
    "tue": [["08:00", "15:00"]],
    "wed": [["08:00", "15:00"]],
    "thu": [["08:00", "15:00"]],
    "fri": [["08:00", "11:00"], ["13:00", "15:00"]],
    "sat": [],
    "sun": [],
}

HolidayName = Callable[[date], "str | None"]
FRIDAY = 4
_log = logging.getLogger(__name__)


@dataclass(frozen=True, order=True)
class Window:
    """From `opens` to `closes`, in minutes after midnight (closing at 24:00 is 1440)."""

    opens: int
    closes: int

    def to_json(self) -> list[str]:
        return [clock_text(self.opens, ":"), clock_text(self.closes, ":")]


@dataclass(frozen=True)
class Override:
    """Other windows for a range of dates (Ramadan hours, a closure, an extra Saturday)."""

    start: date
    end: date
    windows: tuple[Window, ...]
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def to_json(self) -> dict:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "windows": [w.to_json() for w in self.windows],
            "note": self.note,
        }


class ScheduleInvalid(ValueError):
    """What is wrong, per field of the wire form (e.g. {"week.fri.1": "..."}); nothing is stored."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


@dataclass(frozen=True)
class Schedule:
    week: dict[str, tuple[Window, ...]]
    quota: dict[str, int | None] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()
    policy: str = "strict"
    interleave_ratio: int | None = None
    last_ticket_margin_minutes: int = 0
    booking: BookingRules = field(default_factory=BookingRules)  # bookings/rules.py

    # ---- building ------------------------------------------------------------------------
    @classmethod
    def office_hours(cls, opens: time | None = None, closes: time | None = None) -> Schedule:
        """One window on Monday-Friday (Saturday and Sunday closed): what a queue with a single
        opening window had before weekly schedules. No times means the whole day."""
        window = Window(_minutes(opens) if opens else 0, _minutes(closes) if closes else DAY_MINUTES)
        return cls(week={d: ((window,) if d not in ("sat", "sun") else ()) for d in WEEKDAYS})

    @classmethod
    def from_json(cls, data: object) -> Schedule:
        """Check and read the wire form; every problem is named by its field path at once."""
        errors: dict[str, str] = {}
        if not isinstance(data, dict):
            raise ScheduleInvalid({"schedule": _l("must be an object")})
        week_data = data.get("week")
        week: dict[str, tuple[Window, ...]] = {}
        if not isinstance(week_data, dict):
            errors["week"] = _l("must be an object with mon ... sun")
            week_data = {}
        for key in week_data:
            if key not in WEEKDAYS:
                errors[f"week.{key}"] = _l("unknown day: use mon, tue, wed, thu, fri, sat or sun")
        for day in WEEKDAYS:
            week[day] = _windows(week_data.get(day, []), f"week.{day}", errors)
        quota: dict[str, int | None] = dict.fromkeys(WEEKDAYS)
        quota_data = data.get("quota") or {}
        if not isinstance(quota_data, dict):
            errors["quota"] = _l("must be an object with mon ... sun")
            quota_data = {}
        for key, value in quota_data.items():
            if key not in WEEKDAYS:
                errors[f"quota.{key}"] = _l("unknown day: use mon, tue, wed, thu, fri, sat or sun")
            elif value is not None and (type(value) is not int or not 0 <= value <= 9999):
                errors[f"quota.{key}"] = _l("a whole number from 0 to 9999, or null for no quota")
            else:
                quota[key] = value
        overrides = []
        override_data = data.get("overrides") or []
        if not isinstance(override_data, list):
            errors["overrides"] = _l("must be a list")
            override_data = []
        for index, item in enumerate(override_data):
            where = f"overrides.{index}"
            if not isinstance(item, dict):
                errors[where] = _l("must be an object with from, to, windows and note")
                continue
            start = _date(item.get("from"), f"{where}.from", errors)
            end = _date(item.get("to"), f"{where}.to", errors)
            if start and end and end < start:
                errors[f"{where}.to"] = _l("must not be before from")
            windows = _windows(item.get("windows", []), f"{where}.windows", errors)
            note = item.get("note") or ""
            if not isinstance(note, str) or len(note) > 200:
                errors[f"{where}.note"] = _l("text of at most 200 characters")
                note = ""
            if start and end:
                overrides.append(Override(start, end, windows, note.strip()))
        for index, first in enumerate(overrides):
            for other in overrides[index + 1 :]:
                if first.start <= other.end and other.start <= first.end:
                    errors[f"overrides.{overrides.index(other)}"] = _l(
                        "its dates overlap those of override %(number)d", number=index + 1
                    )
        policy = data.get("policy", "strict")
        if policy not in POLICIES:
            errors["policy"] = _l("one of strict, interleave or dedicated")
        ratio = data.get("interleave_ratio")
        if policy == "interleave":
            if type(ratio) is not int or not 1 <= ratio <= 20:
                errors["interleave_ratio"] = _l(
                    "a whole number from 1 to 20: ordinary calls between two priority calls"
                )
        elif ratio is not None and (type(ratio) is not int or not 1 <= ratio <= 20):
            errors["interleave_ratio"] = _l("a whole number from 1 to 20, or null")
        margin = data.get("last_ticket_margin_minutes", 0)
        if type(margin) is not int or not 0 <= margin <= 240:
            errors["last_ticket_margin_minutes"] = _l("a whole number of minutes from 0 to 240")
        booking = BookingRules.from_json(data.get("booking"), errors)
        if errors:
            raise ScheduleInvalid(errors)
        return cls(
            week=week,
            quota=quota,
            overrides=tuple(sorted(overrides, key=lambda o: o.start)),
            policy=policy,
            interleave_ratio=ratio,
            last_ticket_margin_minutes=margin,
            booking=booking,
        )

    def to_json(self) -> dict:
        return {
            "week": {d: [w.to_json() for w in self.week.get(d, ())] for d in WEEKDAYS},
            "quota": {d: self.quota.get(d) for d in WEEKDAYS},
            "overrides": [o.to_json() for o in self.overrides],
            "policy": self.policy,
            "interleave_ratio": self.interleave_ratio,
            "last_ticket_margin_minutes": self.last_ticket_margin_minutes,
            "booking": self.booking.to_json(),
        }

    # ---- reading -------------------------------------------------------------------------
    def override_on(self, day: date) -> Override | None:
        return next((o for o in self.overrides if o.covers(day)), None)

    def windows_on(self, day: date) -> tuple[Window, ...]:
        """The day's windows by the week grid or an override (holidays are not applied here)."""
        override = self.override_on(day)
        return override.windows if override else self.week.get(WEEKDAYS[day.weekday()], ())

    def quota_on(self, day: date) -> int | None:
        return self.quota.get(WEEKDAYS[day.weekday()])


@dataclass(frozen=True)
class Opening:
    """A queue's state at one moment, in the site's time zone."""

    open_now: bool
    closed_reason: str | None = None  # "closed", "break" or "holiday" (quota and last ticket: callers)
    next_opening: datetime | None = None  # when closed: the start of the next window
    closes_at: datetime | None = None  # when open: the end of the current window
    holiday: str | None = None  # the holiday's name when closed for one today
    note: str = ""  # the override's note for today, if any (e.g. Ramadan hours)
    minutes_left_today: int = 0  # open minutes from now to the end of the day's last window


def opening_at(schedule: Schedule, moment: datetime, holiday_name: HolidayName) -> Opening:
    """Whether the queue is open at `moment` (aware, site time), and when it opens next if not."""
    day, now = moment.date(), moment.hour * 60 + moment.minute
    holiday = holiday_name(day)
    override = schedule.override_on(day)
    note = override.note if override else ""
    windows = () if holiday else schedule.windows_on(day)
    left = sum(max(0, w.closes - max(now, w.opens)) for w in windows)
    for window in windows:
        if window.opens <= now < window.closes:
            return Opening(True, closes_at=_at(day, window.closes, moment), note=note, minutes_left_today=left)
    later_today = [w for w in windows if w.opens > now]
    if later_today:
        earlier = any(w.closes <= now for w in windows)
        return Opening(
            False,
            "break" if earlier else "closed",
            _at(day, later_today[0].opens, moment),
            note=note,
            minutes_left_today=left,
        )
    return Opening(
        False,
        "holiday" if holiday else "closed",
        next_opening(schedule, day + timedelta(days=1), holiday_name, moment),
        holiday=holiday,
        note=note,
    )


def next_opening(schedule: Schedule, first_day: date, holiday_name: HolidayName, moment: datetime) -> datetime | None:
    """The start of the first window on or after `first_day` that is not a holiday."""
    for offset in range(LOOK_AHEAD_DAYS):
        day = first_day + timedelta(days=offset)
        windows = schedule.windows_on(day)
        if windows and not holiday_name(day):
            return _at(day, windows[0].opens, moment)
    return None


def last_ticket_refused(opening: Opening, wait_minutes: float | None, margin_minutes: int) -> bool:
    """The last-ticket rule: refuse when service would start after today's windows end (less the
    margin). An unknown wait (no counter open) refuses nothing here: the kiosk says so instead."""
    if not opening.open_now or wait_minutes is None:
        return False
    return wait_minutes > opening.minutes_left_today - margin_minutes


def citizen_message(opening: Opening, moment: datetime) -> str:
    """What the kiosk and the public pages say about the queue now, e.g. "Tutup: Hari Raya Natal.
    Buka kembali Senin, 28-12-2026 pukul 08.00" or "Istirahat salat Jumat, buka kembali pukul 13.00"."""
    note = f" ({opening.note})" if opening.note else ""
    if opening.open_now:
        return _("Open until %(time)s", time=_hhmm(opening.closes_at)) + note
    upcoming = opening.next_opening
    if opening.closed_reason == "break":
        if moment.weekday() == FRIDAY and moment.hour < 14:
            text = _("Friday prayer break, open again at %(time)s", time=_hhmm(upcoming))
        else:
            text = _("Break, open again at %(time)s", time=_hhmm(upcoming))
        return text + note
    if upcoming is not None and upcoming.date() == moment.date():
        return _("Not open yet. Opens at %(time)s", time=_hhmm(upcoming)) + note
    why = opening.holiday or opening.note  # a one-off closure's note is its reason
    reason = _("Closed: %(holiday)s.", holiday=why) if why else _("Closed.")
    if opening.note and opening.note != why:
        reason += note
    if upcoming is None:
        return reason
    return (
        reason
        + " "
        + _(
            "Open again %(day)s at %(time)s", day=format_date(upcoming.date(), "EEEE, dd-MM-yyyy"), time=_hhmm(upcoming)
        )
    )


# ---- small helpers ----------------------------------------------------------------------------
def _hhmm(moment: datetime | None) -> str:
    return f"{moment:%H.%M}" if moment else ""


def clock_text(minutes: int, separator: str = ".") -> str:
    return f"{minutes // 60:02d}{separator}{minutes % 60:02d}"


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _at(day: date, minutes: int, like: datetime) -> datetime:
    start = datetime.combine(day, time(0), tzinfo=like.tzinfo)
    return start + timedelta(minutes=minutes)


def _date(value: object, where: str, errors: dict[str, str]) -> date | None:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    errors[where] = _l("a date as YYYY-MM-DD")
    return None


def _clock(value: object) -> int | None:
    match = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


def _windows(value: object, where: str, errors: dict[str, str]) -> tuple[Window, ...]:
    if not isinstance(value, list):
        errors[where] = _l('a list of ["HH:MM", "HH:MM"] windows')
        return ()
    windows: list[tuple[int, Window]] = []
    for index, item in enumerate(value):
        if not (isinstance(item, list | tuple) and len(item) == 2):
            errors[f"{where}.{index}"] = _l('a window is ["HH:MM", "HH:MM"]')
            continue
        opens, closes = _clock(item[0]), _clock(item[1])
        if opens is None or closes is None:
            errors[f"{where}.{index}"] = _l("times between 00:00 and 24:00, as HH:MM")
        elif closes <= opens:
            errors[f"{where}.{index}"] = _l("closes before it opens")
        else:
            windows.append((index, Window(opens, closes)))
    windows.sort(key=lambda pair: pair[1])
    for (_first_index, first), (index, second) in zip(windows, windows[1:], strict=False):
        if second.opens < first.closes:
            errors[f"{where}.{index}"] = _l("overlaps another window of the day")
    return tuple(window for _index, window in windows)


# ---- a queue now: open, closed or out of tickets ----------------------------------------------
def hours_text(queue: Queue) -> str:
    if queue.opens_at and queue.closes_at:
        return f"{queue.opens_at:%H.%M}-{queue.closes_at:%H.%M}"
    if queue.opens_at:
        return _("from %(time)s", time=f"{queue.opens_at:%H.%M}")
    if queue.closes_at:
        return _("until %(time)s", time=f"{queue.closes_at:%H.%M}")
    return ""


def is_open_at(queue: Queue, moment: time) -> bool:
    if queue.opens_at and moment < queue.opens_at:
        return False
    return not (queue.closes_at and moment >= queue.closes_at)


@dataclass(frozen=True)
class QueueState:
    """Whether a queue takes tickets now, and the polite reason when it does not."""

    open: bool
    reason: str = ""  # one of CLOSED_REASONS, or "" when open
    message: str = ""
    hours: str = ""
    issued_today: int = 0
    quota: int | None = None  # today's quota (the week's for this weekday, else the queue's)
    next_opening: datetime | None = None  # when closed: when tickets are given again


CALENDAR_CACHE_SECONDS = 60  # another process's holiday change shows within this


def working_calendar():
    """The site's one working-day calendar, kept per process (a kiosk asks with every ticket)."""
    return memo("working_calendar", {"local_holidays", "official_holidays"}, CALENDAR_CACHE_SECONDS).get(
        "calendar", WorkingCalendar
    )


def queue_schedule(queue) -> Schedule | None:
    """The queue's own week, else the site's standard week, else None (a queue with neither is open
    every day within its simple times)."""
    raw = getattr(queue, "schedule", None)
    if isinstance(raw, Schedule):
        return raw
    if raw is None:
        return site_schedule()
    try:
        return Schedule.from_json(raw)
    except ScheduleInvalid:  # stored schedules are checked when saved; a hand-edited one is ignored
        _log.warning("queue %s has an unreadable schedule; treated as having none", queue.id)
        return None


def site_schedule() -> Schedule | None:
    """The site's standard week, which every queue without a week of its own follows."""
    raw = get_setting(SITE_WEEK_SETTING)
    return _stored_week(raw) if raw else None


@lru_cache(maxsize=8)
def _stored_week(raw: str) -> Schedule | None:
    try:
        return Schedule.from_json(json.loads(raw))
    except (ValueError, ScheduleInvalid):  # checked when saved; a hand-edited setting is ignored
        _log.warning("the site's standard week is unreadable; treated as having none")
        return None


def week_hours_text(schedule: Schedule, day: date) -> str:
    return ", ".join(f"{clock_text(w.opens)}-{clock_text(w.closes)}" for w in schedule.windows_on(day))


def queue_state(queue: Queue | None, now: datetime | None = None, count: bool = True) -> QueueState:
    """Open or not, and why; `count=False` skips counting today's tickets unless a quota needs it."""
    if queue is None or not queue.active:
        return QueueState(
            False,
            "inactive",
            _("Tickets for this service are not given at the kiosk today; please ask at the information desk."),
        )
    local = (now or clock.utcnow()).astimezone(clock.zone())
    schedule = queue_schedule(queue)
    if schedule is not None:
        return _scheduled_state(queue, schedule, local, count)
    hours = hours_text(queue)
    issued = last_number(queue.id, local.date()) if count or queue.daily_quota else 0
    if not is_open_at(queue, local.time()):
        message = (
            _("This queue is closed now. Opening hours: %(hours)s. Please come back then.", hours=hours)
            if hours
            else _("This queue is closed now. Please come back later.")
        )
        return QueueState(False, "closed", message, hours, issued)
    if queue.daily_quota and issued >= queue.daily_quota:
        return QueueState(False, "quota", queue_state_quota_message(queue), hours, issued, queue.daily_quota)
    return QueueState(True, "", "", hours, issued, queue.daily_quota)


def _scheduled_state(queue, schedule: Schedule, local: datetime, count: bool) -> QueueState:
    day = local.date()
    holiday_name = working_calendar().holiday_name
    opening = opening_at(schedule, local, holiday_name)
    hours = week_hours_text(schedule, day)
    quota = schedule.quota_on(day)
    quota = quota if quota is not None else queue.daily_quota
    if not opening.open_now:
        return QueueState(
            False,
            opening.closed_reason or "closed",
            citizen_message(opening, local),
            hours,
            next_opening=opening.next_opening,
            quota=quota,
        )
    tomorrow = next_opening(schedule, day + timedelta(days=1), holiday_name, local)
    issued = last_number(queue.id, day) if count or quota else 0
    walk_ins = quota
    if quota and schedule.booking.enabled:  # booked seats not yet used are kept from walk-ins
        walk_ins = quota - held_seats(queue.id, local, schedule.booking.grace_minutes)
    if quota and issued >= walk_ins:
        return QueueState(
            False, "quota", queue_state_quota_message(queue, quota, tomorrow), hours, issued, walk_ins, tomorrow
        )
    wait = estimated_wait_minutes(queue, waiting_count(queue.id, day))
    if last_ticket_refused(opening, wait, schedule.last_ticket_margin_minutes):
        message = _("No more tickets today: the wait would run past closing time.")
        if tomorrow is not None:
            message += " " + _(
                "Open again %(day)s at %(time)s",
                day=format_date(tomorrow.date(), "EEEE, dd-MM-yyyy"),
                time=_hhmm(tomorrow),
            )
        return QueueState(False, "last_ticket", message, hours, issued, quota, tomorrow)
    return QueueState(True, "", "", hours, issued, walk_ins)


def last_number(queue_id: int, day: date) -> int:
    row = db.session.get(QueueDayCounter, (queue_id, day), populate_existing=True)
    return row.last_number if row else 0


def queue_state_quota_message(queue: Queue, quota: int | None = None, reopens: datetime | None = None) -> str:
    if reopens is not None:
        return (
            _("Today's %(num)d tickets for this queue have all been taken.", num=quota or queue.daily_quota)
            + " "
            + _(
                "Open again %(day)s at %(time)s",
                day=format_date(reopens.date(), "EEEE, dd-MM-yyyy"),
                time=_hhmm(reopens),
            )
        )
    hours = hours_text(queue)
    return _(
        "Today's %(num)d tickets for this queue have all been taken. Please come back on the next working "
        "day%(hours)s.",
        num=quota or queue.daily_quota,
        hours=(" (" + hours + ")") if hours else "",
    )
