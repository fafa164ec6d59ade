"""Bookable days and slots of a queue, from its schedule and the working calendar.

A slot is a stretch of `slot_minutes` inside one of the day's opening windows (a break or a
closed day has none). Its capacity is the share (`online_percent`) of what the queue's counters
can serve in it: slot minutes x active counters / minutes per citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from mpp_lite.bookings.models import BookingSeats
from mpp_lite.bookings.rules import BookingRules
from mpp_lite.extensions import db
from mpp_lite.queue.models import Counter, Queue, counter_queues
from mpp_lite.queue.schedule import Schedule, queue_schedule, working_calendar
from mpp_lite.site import clock

LOOK_AHEAD_DAYS = 200  # calendar days searched for `days_ahead` working days


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, site time
    end: datetime
    capacity: int
    taken: int = 0

    @property
    def left(self) -> int:
        return max(0, self.capacity - self.taken)

    def to_json(self) -> dict:
        return {
            "start": self.start.isoformat(timespec="minutes"),
            "end": self.end.isoformat(timespec="minutes"),
            "capacity": self.capacity,
            "left": self.left,
        }


def booking_rules(queue: Queue | None) -> tuple[Schedule, BookingRules] | None:
    """The queue's schedule and rules when it takes bookings, else None."""
    if queue is None or not queue.active:
        return None
    schedule = queue_schedule(queue)
    if schedule is None or not schedule.booking.enabled:
        return None
    return schedule, schedule.booking


def active_counters(queue_id: int) -> int:
    return (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(counter_queues)
            .join(Counter, Counter.id == counter_queues.c.counter_id)
            .where(counter_queues.c.queue_id == queue_id, Counter.active.is_(True))
        )
        or 0
    )


def slot_capacity(queue: Queue, rules: BookingRules, counters: int) -> int:
    per_citizen = max(1, queue.service_minutes or 10)
    return (rules.slot_minutes * max(counters, 1) // per_citizen) * rules.online_percent // 100


def bookable_days(queue: Queue, now: datetime | None = None) -> list[date]:
    """The queue's next `days_ahead` working days (today included) whose booking is still open."""
    found = booking_rules(queue)
    if found is None:
        return []
    schedule, rules = found
    local = (now or clock.utcnow()).astimezone(clock.zone())
    holiday_name = working_calendar().holiday_name
    days: list[date] = []
    working = 0
    for offset in range(LOOK_AHEAD_DAYS):
        day = local.date() + timedelta(days=offset)
        windows = schedule.windows_on(day)
        if not windows or holiday_name(day):
            continue
        working += 1
        if working > rules.days_ahead:
            break
        if _booking_open_for(day, rules, local) and any(_day_slots(day, schedule, rules, local, 0)):
            days.append(day)
    return days


def _booking_open_for(day: date, rules: BookingRules, local: datetime) -> bool:
    if rules.closes_day_before is None:
        return True
    closes = datetime.combine(day - timedelta(days=1), time(0), tzinfo=local.tzinfo) + timedelta(
        minutes=rules.closes_day_before
    )
    return local < closes


def _day_slots(day: date, schedule: Schedule, rules: BookingRules, local: datetime, capacity: int):
    midnight = datetime.combine(day, time(0), tzinfo=local.tzinfo)
    for window in schedule.windows_on(day):
        start = window.opens
        while start + rules.slot_minutes <= window.closes:
            begins = midnight + timedelta(minutes=start)
            if begins > local:  # a slot that has started is no longer offered
                yield Slot(begins, begins + timedelta(minutes=rules.slot_minutes), capacity)
            start += rules.slot_minutes


def day_slots(queue: Queue, day: date, now: datetime | None = None) -> list[Slot]:
    """The day's slots with seats taken; [] for a day that is closed, too far or not bookable."""
    local = (now or clock.utcnow()).astimezone(clock.zone())
    if day not in bookable_days(queue, now):
        return []
    schedule, rules = booking_rules(queue)
    capacity = slot_capacity(queue, rules, active_counters(queue.id))
    slots = list(_day_slots(day, schedule, rules, local, capacity))
    if not slots:
        return []
    taken = dict(
        db.session.execute(
            db.select(BookingSeats.slot_start, BookingSeats.taken).where(
                BookingSeats.queue_id == queue.id,
                BookingSeats.slot_start >= slots[0].start,
                BookingSeats.slot_start <= slots[-1].start,
            )
        ).all()
    )
    return [Slot(s.start, s.end, s.capacity, taken.get(s.start, 0)) for s in slots]


def find_slot(queue: Queue, start: datetime, now: datetime | None = None) -> Slot | None:
    """The offered slot that starts at `start` (aware), or None."""
    local_start = start.astimezone(clock.zone())
    return next((s for s in day_slots(queue, local_start.date(), now) if s.start == local_start), None)


def nearest_free(queue: Queue, around: datetime, now: datetime | None = None, count: int = 3) -> list[Slot]:
    """Up to `count` slots with seats left, closest in time to `around` (same day first)."""
    local = around.astimezone(clock.zone())
    days = bookable_days(queue, now)
    days.sort(key=lambda d: (d != local.date(), abs((d - local.date()).days)))
    found: list[Slot] = []
    for day in days[:5]:
        free = [s for s in day_slots(queue, day, now) if s.left > 0 and s.start != local]
        free.sort(key=lambda s: abs((s.start - local).total_seconds()))
        found.extend(free)
        if len(found) >= count:
            break
    return found[:count]
