"""Counter sessions: an operator opens a counter at the start of work, pauses it (a break, prayers,
a meeting, a system fault) with an expected return, resumes, and closes it.

Calling, recalling and starting are refused while a counter is paused or closed; a counter with a
ticket in hand cannot pause or close until the ticket is finished, a no-show or transferred. Every
change is a CounterEvent (who, when, why). A session opened by an operator ends with the day: the
next morning the counter is closed until someone opens it. A counter nobody has opened since it was
made (state_since empty) counts as open, as counters did before sessions existed.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from mpp_lite.auth.permissions import Actor
from mpp_lite.errors import CONFLICT, INVALID
from mpp_lite.extensions import db
from mpp_lite.queue.counter_state import ACTIONS_IN, CLOSED, OPEN, PAUSE_REASONS, PAUSED, state_of
from mpp_lite.queue.models import Counter, CounterEvent
from mpp_lite.queue.services import TicketError, counter_for, held_ticket
from mpp_lite.site import clock


def open_counter(actor: Actor, counter_id) -> Counter:
    """Open (or take over) a counter: the caller becomes its operator."""
    counter = counter_for(actor, counter_id)
    return _enter(actor, counter, OPEN)


def pause_counter(actor: Actor, counter_id, reason, back_at=None) -> Counter:
    counter = counter_for(actor, counter_id)
    if not isinstance(reason, str) or reason not in PAUSE_REASONS:
        raise TicketError(
            _("Unknown reason. Use one of: %(reasons)s.", reasons=", ".join(PAUSE_REASONS)),
            INVALID,
            fields={"reason": _("One of: %(reasons)s.", reasons=", ".join(PAUSE_REASONS))},
        )
    back = _parse_back_at(back_at)
    state = state_of(counter)
    if state == CLOSED:
        raise TicketError(
            _("Counter %(num)d is closed; open it first.", num=counter.number),
            CONFLICT,
            code="counter_closed",
            counter_state=state,
            allowed=list(ACTIONS_IN[state]),
        )
    _no_ticket_in_hand(counter, _("pause"))
    return _enter(actor, counter, PAUSED, reason, back)


def resume_counter(actor: Actor, counter_id) -> Counter:
    counter = counter_for(actor, counter_id)
    state = state_of(counter)
    if state != PAUSED:
        raise TicketError(
            _("Counter %(num)d is not paused.", num=counter.number),
            CONFLICT,
            code=f"counter_{state}",
            counter_state=state,
            allowed=list(ACTIONS_IN[state]),
        )
    return _enter(actor, counter, OPEN)


def close_counter(actor: Actor, counter_id) -> Counter:
    counter = counter_for(actor, counter_id)
    _no_ticket_in_hand(counter, _("close"))
    return _enter(actor, counter, CLOSED)


def close_sessions(through) -> int:
    """Day end: counters opened on `through` or earlier are closed, with an event each."""
    closed = 0
    system = Actor(kind="system", role="admin", name="day end")
    for counter in db.session.scalars(
        db.select(Counter).where(Counter.state.in_((OPEN, PAUSED)), Counter.state_since.is_not(None))
    ):
        if counter.state_since.astimezone(clock.zone()).date() <= through:
            _enter(system, counter, CLOSED)
            closed += 1
    return closed


def _no_ticket_in_hand(counter: Counter, action: str) -> None:
    held = held_ticket(counter.id)
    if held is not None:
        raise TicketError(
            _(
                "Counter %(num)d still holds %(number)s: finish it, mark it as no-show or transfer it before you "
                "%(action)s the counter.",
                num=counter.number,
                number=held.number,
                action=action,
            ),
            CONFLICT,
            code="counter_busy",
            ticket={"id": held.id, "number": held.number, "status": held.status},
            allowed=["finish", "no-show", "transfer"],
        )


def _parse_back_at(value) -> datetime | None:
    if value in (None, ""):
        return None
    moment = None
    if isinstance(value, str) and len(value) <= 40:
        text = value.strip()
        try:
            if len(text) == 5 and ":" in text:  # "13:00": today, site time
                hours, minutes = (int(part) for part in text.split(":"))
                moment = clock.local_now().replace(hour=hours, minute=minutes, second=0, microsecond=0)
            else:
                moment = datetime.fromisoformat(text)
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=clock.zone())
        except ValueError:
            moment = None
    if moment is None:
        raise TicketError(
            _("Give the expected return time as HH:MM or an ISO date and time."),
            INVALID,
            fields={"back_at": _("HH:MM, e.g. 13:00")},
        )
    return moment.astimezone(clock.utcnow().tzinfo)


def _enter(
    actor: Actor,
    counter: Counter,
    state: str,
    reason: str | None = None,
    back_at: datetime | None = None,
    keep_operator: bool = False,
) -> Counter:
    now = clock.utcnow()
    counter.state, counter.state_since = state, now
    counter.pause_reason = reason if state == PAUSED else None
    counter.back_at = back_at if state == PAUSED else None
    if state == OPEN and not keep_operator:
        counter.operator_id = actor.id if actor.kind == "user" else None
        counter.operator_name = (actor.name or "")[:80]
    elif state == CLOSED and not keep_operator:
        counter.operator_id, counter.operator_name = None, ""
    db.session.add(
        CounterEvent(
            counter_id=counter.id,
            at=now,
            state=state,
            reason=counter.pause_reason,
            back_at=counter.back_at,
            operator_id=actor.id if actor.kind == "user" else None,
            actor=(actor.name or "")[:80],
        )
    )
    db.session.flush()
    return counter


def counter_json(counter: Counter) -> dict:
    """The counter object (CONTRACT: `GET counters`, with the "Queue day" session fields)."""
    state = state_of(counter)
    return {
        "id": counter.id,
        "number": counter.number,
        "name": counter.name,
        "tenant_code": counter.tenant.code if counter.tenant else None,
        "queue_prefixes": [queue.prefix for queue in counter.queues],
        "state": state,
        "pause_reason": counter.pause_reason if state == PAUSED else None,
        "back_at": counter.back_at.astimezone(clock.zone()).isoformat(timespec="minutes")
        if state == PAUSED and counter.back_at
        else None,
        "operator": (counter.operator_name or None) if state != CLOSED else None,
        "priority_counter": bool(counter.priority_counter),
    }
