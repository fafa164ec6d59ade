"""What screens and the API show of the queue: a ticket as JSON, the display board, the
counter console, the kiosk's catalogue."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from flask import has_request_context
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.catalogue.services import published_services
from mpp_lite.extensions import db
from mpp_lite.queue.announce import clips_for_call
from mpp_lite.queue.counter_state import PAUSED, state_of
from mpp_lite.queue.estimates import estimated_wait_minutes, people_ahead, wait_range, wait_text
from mpp_lite.queue.models import AT_COUNTER_STATUSES, Counter, Queue, Ticket, TicketStatus, counter_queues
from mpp_lite.queue.schedule import QueueState, queue_schedule, queue_state
from mpp_lite.queue.services import held_ticket
from mpp_lite.security import absolute_url  # never from the client's Host header
from mpp_lite.site import clock


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(clock.zone()).isoformat(timespec="seconds") if value else None


def public_url(ticket: Ticket) -> str | None:
    if not has_request_context():
        return f"/t/{ticket.public_id}"
    return absolute_url("queue.ticket_page", public_id=ticket.public_id)


def queue_json(queue: Queue, now: datetime) -> dict:
    """A queue for kiosks and scripts (CONTRACT "Queue day"): its state now, in citizens' words."""
    state = queue_state(queue, now, count=False)
    schedule = queue_schedule(queue)
    return {
        "id": queue.id,
        "prefix": queue.prefix,
        "name": queue.name,
        "tenant_code": queue.tenant.code if queue.tenant else None,
        "open_now": state.open,
        "closed_reason": None if state.open else state.reason,
        "message": state.message,
        "next_opening": _iso(state.next_opening) if state.next_opening else None,
        "policy": schedule.policy if schedule else "strict",
        "interleave_ratio": schedule.interleave_ratio if schedule else None,
    }


def _estimate(ticket, ahead: int | None, with_estimate: bool) -> dict:
    """The wait as a number and an honest range; with no counter open, no number but the queue's
    next opening when it is closed now."""
    minutes = estimated_wait_minutes(ticket.queue, ahead) if with_estimate else None
    upcoming = None
    if with_estimate and ahead is not None and minutes is None:
        upcoming = queue_state(ticket.queue, count=False).next_opening
    estimate = wait_range(minutes)
    return {
        "estimated_wait_minutes": minutes,
        "estimated_wait": estimate,
        "estimated_wait_text": wait_text(estimate) if ahead is not None else None,
        "next_opening": _iso(upcoming) if upcoming else None,
    }


def ticket_json(ticket: Ticket, with_estimate: bool = True) -> dict:
    ahead = people_ahead(ticket) if with_estimate else None
    return {
        "id": ticket.id,
        "number": ticket.number,
        "queue": ticket.queue.prefix,
        "queue_name": ticket.queue.name,
        "service_id": ticket.service_id,
        "service_name": ticket.service.name,
        "tenant": ticket.service.tenant.display_name if ticket.service.tenant else None,
        "status": ticket.status,
        "priority": ticket.priority,
        "priority_group": ticket.priority_group,
        "position": ahead + 1 if ahead is not None else None,
        "people_ahead": ahead,
        **_estimate(ticket, ahead, with_estimate),
        "counter": ticket.counter.number if ticket.counter else None,
        "counter_name": ticket.counter.name if ticket.counter else None,
        "issued_at": _iso(ticket.issued_at),
        "called_at": _iso(ticket.called_at),
        "started_at": _iso(ticket.started_at),
        "finished_at": _iso(ticket.finished_at),
        "call_count": ticket.call_count,
        "transferred_from_id": ticket.transferred_from_id,
        "public_url": public_url(ticket),
        "pdf_url": (
            absolute_url("queue.ticket_pdf", public_id=ticket.public_id)
            if has_request_context()
            else f"/t/{ticket.public_id}/tiket.pdf"
        ),
    }


# ---------------------------------------------------------------------------------------------
# The display board and the counter console
# ---------------------------------------------------------------------------------------------


def board_fingerprint(day: date, settings: dict, prefixes: tuple[str, ...] = ()) -> str:
    """Changes whenever anything on the board would: a few small indexed queries, cheap to poll."""
    count, changed = db.session.execute(
        db.select(func.count(Ticket.id), func.max(Ticket.updated_at)).where(Ticket.day == day)
    ).one()
    layout = (
        db.session.execute(
            db.select(
                Queue.id,
                Queue.prefix,
                Queue.name,
                Queue.active,
                Queue.tenant_id,
                Queue.opens_at,
                Queue.closes_at,
                Queue.schedule,
            )
        ).all(),
        db.session.execute(
            db.select(
                Counter.id,
                Counter.number,
                Counter.name,
                Counter.active,
                Counter.tenant_id,
                Counter.state,
                Counter.pause_reason,
                Counter.back_at,
                Counter.state_since,
            )
        ).all(),
        db.session.execute(db.select(Tenant.id, Tenant.name, Tenant.short_name)).all(),
        db.session.execute(db.select(counter_queues.c.counter_id, counter_queues.c.queue_id)).all(),
    )
    # The minute too: queues open and close by the clock (a break ends at 13.00) with no write.
    minute = clock.local_now().strftime("%H%M")
    raw = "|".join(
        str(part)
        for part in (
            day,
            minute,
            count,
            changed,
            sorted(map(tuple, layout[0])),
            sorted(map(tuple, layout[1])),
            sorted(map(tuple, layout[2])),
            sorted(map(tuple, layout[3])),
            settings.get("mpp_name"),
            running_text(settings),
            prefixes,
        )
    )
    return hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()[:24]


def running_text(settings: dict) -> str:
    """The admin's running text, then the Maklumat Pelayanan when it is to be shown on the TV."""
    return "   ·   ".join(part for part in (settings.get("running_text"), settings.get("maklumat_ticker")) if part)


def board(settings: dict, prefixes: tuple[str, ...] = (), recent: int = 8) -> dict:
    """What the TV shows: latest calls (with voice clips), each counter's ticket, waiting counts.

    Carries numbers, counters and queue names only: no personal data.
    """
    day = clock.today()
    queue_filter = Queue.prefix.in_(prefixes) if prefixes else True
    queues = db.session.scalars(
        db.select(Queue)
        .where(Queue.active.is_(True), queue_filter)
        .options(selectinload(Queue.tenant))
        .order_by(Queue.prefix)
    ).all()
    queue_ids = [q.id for q in queues]
    waiting = dict(
        db.session.execute(
            db.select(Ticket.queue_id, func.count(Ticket.id))
            .where(Ticket.day == day, Ticket.status == TicketStatus.WAITING, Ticket.queue_id.in_(queue_ids))
            .group_by(Ticket.queue_id)
        ).all()
    )
    calls = db.session.scalars(
        db.select(Ticket)
        .where(Ticket.day == day, Ticket.last_called_at.is_not(None), Ticket.queue_id.in_(queue_ids))
        .options(selectinload(Ticket.counter), selectinload(Ticket.queue))
        .order_by(Ticket.last_called_at.desc())
        .limit(recent)
    ).all()
    current = {
        t.counter_id: t
        for t in db.session.scalars(
            db.select(Ticket)
            .where(Ticket.day == day, Ticket.status.in_(AT_COUNTER_STATUSES))
            .order_by(Ticket.last_called_at)
        )
    }
    counters = db.session.scalars(
        db.select(Counter)
        .where(Counter.active.is_(True))
        .options(selectinload(Counter.queues), selectinload(Counter.tenant))
        .order_by(Counter.number)
    ).all()
    if prefixes:
        counters = [c for c in counters if any(q.prefix in prefixes for q in c.queues)]
    return {
        "mpp_name": settings.get("mpp_name", ""),
        "running_text": running_text(settings),
        "date": day.isoformat(),
        "calls": [
            {
                "call_id": f"{t.id}.{t.call_count}",
                "ticket_id": t.id,
                "number": t.number,
                "queue": t.queue.prefix,
                "counter": t.counter.number if t.counter else None,
                "counter_name": t.counter.name if t.counter else "",
                "status": t.status,
                "recall": t.call_count > 1,
                "called_at": _iso(t.last_called_at),
                "clips": clips_for_call(t.number, t.counter.number) if t.counter else [],
            }
            for t in calls
        ],
        "counters": [
            {
                "number": c.number,
                "name": c.name,
                "tenant": c.tenant.display_name if c.tenant else "",
                "queues": [q.prefix for q in c.queues],
                "ticket": current[c.id].number if c.id in current else None,
                "status": current[c.id].status if c.id in current else None,
                **_counter_session(c, day),
            }
            for c in counters
        ],
        "queues": [
            {
                "prefix": q.prefix,
                "name": q.name,
                "tenant": q.tenant.display_name if q.tenant else "",
                "waiting": waiting.get(q.id, 0),
                **_queue_opening(q),
            }
            for q in queues
        ],
    }


def _counter_session(counter: Counter, day: date) -> dict:
    """A counter's state on the TV: open, paused (why, until when) or closed (left off the board)."""
    state = state_of(counter, day)
    paused = state == PAUSED
    return {
        "state": state,
        "pause_reason": counter.pause_reason if paused else None,
        "back_at": _iso(counter.back_at) if paused and counter.back_at else None,
    }


def _queue_opening(queue: Queue) -> dict:
    """Whether a queue takes tickets now and, when not, when it opens again (no counting)."""
    if queue_schedule(queue) is None and not (queue.opens_at or queue.closes_at):
        return {"open_now": True, "next_opening": None}
    state = queue_state(queue, count=False)
    return {
        "open_now": state.open or state.reason in ("quota", "last_ticket"),
        "next_opening": _iso(state.next_opening) if state.next_opening else None,
    }


def counter_overview(counter: Counter) -> dict:
    """The console's data: the held ticket, waiting per queue, today's tally for this counter."""
    day = clock.today()
    queue_ids = [q.id for q in counter.queues]
    waiting = dict(
        db.session.execute(
            db.select(Ticket.queue_id, func.count(Ticket.id))
            .where(Ticket.day == day, Ticket.status == TicketStatus.WAITING, Ticket.queue_id.in_(queue_ids))
            .group_by(Ticket.queue_id)
        ).all()
    )
    priority_waiting = dict(
        db.session.execute(
            db.select(Ticket.queue_id, func.count(Ticket.id))
            .where(
                Ticket.day == day,
                Ticket.status == TicketStatus.WAITING,
                Ticket.priority.is_(True),
                Ticket.queue_id.in_(queue_ids),
            )
            .group_by(Ticket.queue_id)
        ).all()
    )
    tally = dict(
        db.session.execute(
            db.select(Ticket.status, func.count(Ticket.id))
            .where(Ticket.day == day, Ticket.counter_id == counter.id)
            .group_by(Ticket.status)
        ).all()
    )
    next_up = db.session.scalars(
        db.select(Ticket)
        .where(
            Ticket.day == day,
            Ticket.status == TicketStatus.WAITING,
            Ticket.queue_id.in_(queue_ids),
            db.or_(Ticket.callable_from.is_(None), Ticket.callable_from <= clock.utcnow()),
        )
        .order_by(
            Ticket.priority.desc(), Ticket.callable_from.is_(None), Ticket.callable_from, Ticket.issued_at, Ticket.seq
        )
        .limit(8)  # as call_next: booked tickets from their slot, ahead of walk-ins
    ).all()
    missed = db.session.scalars(
        db.select(Ticket)
        .where(Ticket.day == day, Ticket.status == TicketStatus.NO_SHOW, Ticket.queue_id.in_(queue_ids))
        .order_by(Ticket.finished_at.desc())
        .limit(5)
    ).all()
    return {
        "held": held_ticket(counter.id),
        "queues": [(q, waiting.get(q.id, 0), priority_waiting.get(q.id, 0)) for q in counter.queues],
        "tally": {
            "done": tally.get(TicketStatus.DONE, 0),
            "no_show": tally.get(TicketStatus.NO_SHOW, 0),
            "transferred": tally.get(TicketStatus.TRANSFERRED, 0),
        },
        "next_up": next_up,
        "missed": missed,
    }


def kiosk_catalogue() -> list[tuple[Tenant, list[tuple[Service, QueueState]]]]:
    """Tenants with the services that take tickets, each with whether its queue is open now."""
    now = clock.utcnow()
    states: dict[int, QueueState] = {}
    grouped: dict[int, tuple[Tenant, list]] = {}
    for service in db.session.scalars(published_services().where(Service.queue_id.is_not(None))):
        queue = service.queue
        if queue.id not in states:
            states[queue.id] = queue_state(queue, now)
        grouped.setdefault(service.tenant_id, (service.tenant, []))[1].append((service, states[queue.id]))
    return list(grouped.values())


def transfer_targets() -> list[Service]:
    return list(db.session.scalars(published_services().where(Service.queue_id.is_not(None))))
