"""Opening hours and daily quotas: whether a queue takes tickets now, and why not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _

from mpp_lite.catalogue.models import Queue
from mpp_lite.extensions import db
from mpp_lite.queue.models import QueueDayCounter
from mpp_lite.site import clock


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
    reason: str = ""  # "closed" | "quota" | "inactive" | ""
    message: str = ""
    hours: str = ""
    issued_today: int = 0


def queue_state(queue: Queue | None, now: datetime | None = None, count: bool = True) -> QueueState:
    """Open or not, and why; `count=False` skips counting today's tickets unless a quota needs it."""
    if queue is None or not queue.active:
        return QueueState(False, "inactive", _("Tickets for this service are not given at the kiosk today; please ask at the information desk."))
    local = (now or clock.utcnow()).astimezone(clock.zone())
    hours = hours_text(queue)
    issued = last_number(queue.id, local.date()) if count or queue.daily_quota else 0
    if not is_open_at(queue, local.time()):
        message = _("This queue is closed now. Opening hours: %(hours)s. Please come back then.", hours=hours) if hours \
            else _("This queue is closed now. Please come back later.")
        return QueueState(False, "closed", message, hours, issued)
    if queue.daily_quota and issued >= queue.daily_quota:
        return QueueState(False, "quota", queue_state_quota_message(queue), hours, issued)
    return QueueState(True, "", "", hours, issued)


def last_number(queue_id: int, day: date) -> int:
    row = db.session.get(QueueDayCounter, (queue_id, day), populate_existing=True)
    return row.last_number if row else 0


def queue_state_quota_message(queue: Queue) -> str:
    hours = hours_text(queue)
    return _("Today's %(num)d tickets for this queue have all been taken. Please come back on the next working day%(hours)s.",
             num=queue.daily_quota, hours=(" (" + hours + ")") if hours else "")
