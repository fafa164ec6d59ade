"""A counter's state now (open, paused, closed) and the refusal to call at a counter that is not
open; the session actions that change it are in queue/counters.py."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.errors import CONFLICT, DomainError
from mpp_lite.queue.models import Counter
from mpp_lite.site import clock

OPEN, PAUSED, CLOSED = "open", "paused", "closed"
STATES = (OPEN, PAUSED, CLOSED)
PAUSE_REASONS = {
    "istirahat": _l("break"),
    "salat": _l("prayers"),
    "rapat": _l("meeting"),
    "gangguan": _l("system fault"),
    "lainnya": _l("other"),
}
ACTIONS_IN = {OPEN: ("pause", "close"), PAUSED: ("resume", "close"), CLOSED: ("open",)}


def state_of(counter: Counter, today=None) -> str:
    """The counter's state now: a session opened on an earlier day has ended with that day."""
    if counter.state in (OPEN, PAUSED) and counter.state_since is not None:
        today = today or clock.today()
        if counter.state_since.astimezone(clock.zone()).date() < today:
            return CLOSED
    return counter.state or OPEN


def may_call(counter: Counter) -> None:
    """Refuse calling, recalling and starting at a paused or closed counter (409, naming what is allowed)."""
    state = state_of(counter)
    if state == OPEN:
        return
    allowed = list(ACTIONS_IN[state])
    if state == PAUSED:
        message = _(
            "Counter %(num)d is paused (%(reason)s): resume it before calling. Possible now: %(allowed)s.",
            num=counter.number,
            reason=reason_label(counter.pause_reason),
            allowed=", ".join(allowed),
        )
    else:
        message = _(
            "Counter %(num)d is closed: open it before calling. Possible now: %(allowed)s.",
            num=counter.number,
            allowed=", ".join(allowed),
        )
    raise DomainError(message, CONFLICT, code=f"counter_{state}", counter_state=state, allowed=allowed)


def reason_label(reason: str | None) -> str:
    return str(PAUSE_REASONS.get(reason or "", reason or "-"))
