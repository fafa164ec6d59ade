"""Issuing, calling and moving queue tickets, atomically on SQLite and PostgreSQL.

Every function takes plain values and an explicit actor, flushes but never commits: the view,
API endpoint or CLI command that calls it owns the transaction (and rolls back on an error).
"""

from __future__ import annotations

import time as clocktime
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import Date, bindparam, case, exists, func, text
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import Actor
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.database import take_write_lock_now
from mpp_lite.errors import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, DomainError
from mpp_lite.extensions import db
from mpp_lite.queue.counter_state import may_call
from mpp_lite.queue.models import (
    ARRIVAL_ORDER,
    AT_COUNTER_STATUSES,
    OPEN_STATUSES,
    PRIORITY_GROUPS,
    Counter,
    Queue,
    Ticket,
    TicketStatus,
)
from mpp_lite.queue.schedule import Schedule, queue_schedule, queue_state, queue_state_quota_message
from mpp_lite.site import clock
from mpp_lite.site.cache import memo, note_write
from mpp_lite.sync.outbox import record_changed, record_new

# What each action needs the ticket's status to be, and what it leaves behind.
ACTIONS = {
    "recall": (TicketStatus.CALLED,),
    "start": (TicketStatus.CALLED,),
    "finish": (TicketStatus.CALLED, TicketStatus.SERVING),
    "no-show": (TicketStatus.CALLED,),
    "transfer": (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING),
}
CALL_RETRIES = 20

_BUMP_COUNTER = text(
    "INSERT INTO queue_day_counters (queue_id, day, last_number) VALUES (:queue_id, :day, 1) "
    "ON CONFLICT (queue_id, day) DO UPDATE SET last_number = queue_day_counters.last_number + 1 "
    "RETURNING last_number"
).bindparams(bindparam("day", type_=Date()))


class TicketError(DomainError):
    """A queue request that cannot be done; the message says why and what to do instead."""


def allowed_actions(status: str) -> list[str]:
    return [action for action, states in ACTIONS.items() if status in states]


# ---------------------------------------------------------------------------------------------
# Issuing
# ---------------------------------------------------------------------------------------------


def format_number(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:03d}"


def valid_id(value) -> int | None:
    """An id as the database can hold it (anything else simply does not exist)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# A kiosk issues tickets all morning for the same few services. What issuing needs of a service,
# its tenant and its queue is kept per process as plain frozen values (safe to share between
# threads), with the attribute names of the models so the same queue rules, sync policy and JSON
# serve both. A change in this process clears them at once; another process's within 10 s.
ISSUABLE_CACHE_SECONDS = 10


@dataclass(frozen=True)
class TenantFacts:
    id: int
    code: str
    name: str
    display_name: str
    active: bool


@dataclass(frozen=True)
class QueueFacts:
    id: int
    prefix: str
    name: str
    active: bool
    opens_at: time | None
    closes_at: time | None
    daily_quota: int | None
    service_minutes: int
    schedule: Schedule | None = None


@dataclass(frozen=True)
class ServiceFacts:
    id: int
    uid: str
    code: str
    name: str
    published: bool
    tenant_id: int
    tenant: TenantFacts
    queue: QueueFacts | None


class IssuedTicket(SimpleNamespace):
    """A ticket as issuing wrote it: every column of the tickets table as the INSERT returned it
    (so a new column needs nothing here), with the queue and service facts that its JSON, its
    outbox payload and its printout read."""

    counter = None


def _load_service_facts(ident: int) -> ServiceFacts | None:
    row = db.session.execute(
        db.select(
            Service.id,
            Service.uid,
            Service.code,
            Service.name,
            Service.published,
            Service.tenant_id,
            Tenant.code,
            Tenant.name,
            Tenant.short_name,
            Tenant.active,
            Queue.id,
            Queue.prefix,
            Queue.name,
            Queue.active,
            Queue.opens_at,
            Queue.closes_at,
            Queue.daily_quota,
            Queue.service_minutes,
            Queue.schedule,
        )
        .join(Service.tenant)
        .outerjoin(Service.queue)
        .where(Service.id == ident)
    ).first()
    if row is None:
        return None
    (
        service_id,
        uid,
        code,
        name,
        published,
        tenant_id,
        tenant_code,
        tenant_name,
        short_name,
        tenant_active,
        queue_id,
        *queue,
        schedule,
    ) = row
    return ServiceFacts(
        id=service_id,
        uid=uid,
        code=code,
        name=name,
        published=published,
        tenant_id=tenant_id,
        tenant=TenantFacts(tenant_id, tenant_code, tenant_name, short_name or tenant_name, tenant_active),
        queue=QueueFacts(queue_id, *queue, schedule=queue_schedule(QueueFacts(queue_id, *queue, schedule=schedule)))
        if queue_id is not None
        else None,
    )


def service_facts(ident: int) -> ServiceFacts | None:
    """What issuing (and a ticket's outbox payload) needs of a service, kept per process."""
    return memo("issuable_services", {"services", "tenants", "queues"}, ISSUABLE_CACHE_SECONDS).get(
        ident, lambda: _load_service_facts(ident)
    )


def issuable_service(service_id) -> ServiceFacts:
    ident = valid_id(service_id)
    service = service_facts(ident) if ident else None
    if service is None or not service.published or not service.tenant.active:
        raise TicketError(
            _("There is no such service. Choose a service from the list."), NOT_FOUND, code="unknown_service"
        )
    return service


def take_number(queue_id: int, day: date) -> int:
    """The queue's next number of the day (a booked citizen's check-in takes one too)."""
    return db.session.connection().execute(_BUMP_COUNTER, {"queue_id": queue_id, "day": day}).scalar_one()


@cache
def _insert_ticket_statement():
    """INSERT answering every column: the model's defaults (public id, uid, version 1, waiting)
    fill what issuing does not set."""
    table = Ticket.__table__
    return table.insert().returning(*table.c)


def check_priority_group(group) -> str | None:
    """A ticket's priority group, or None; an unknown one is refused naming the valid ones."""
    if group is None or group == "":
        return None
    if group not in PRIORITY_GROUPS:
        raise TicketError(
            _("Unknown priority group. Use one of: %(groups)s.", groups=", ".join(PRIORITY_GROUPS)),
            INVALID,
            fields={"priority_group": _("One of: %(groups)s.", groups=", ".join(PRIORITY_GROUPS))},
        )
    return group


def issue(
    service_id,
    priority: bool = False,
    issued_by: str = "",
    actor: Actor | None = None,
    priority_group: str | None = None,
) -> IssuedTicket:
    """Give the next number of the service's queue: unique and gap-free per queue and day.

    The counter bump is the transaction's first write, so SQLite takes its write lock at once
    (and waits for it with busy_timeout); the ticket row and its outbox row follow in the same
    transaction, so a rollback undoes all three and no number is ever lost.

    The hottest write of the kit, so written with three Core statements on the session's
    connection rather than through the ORM's unit of work (which cost most of a ticket's time):
    the outbox row is added here, and the tables written are noted for the memos.
    """

    priority_group = check_priority_group(priority_group)
    priority = bool(priority) or priority_group is not None  # a group implies priority
    service = issuable_service(service_id)
    if actor is not None and actor.role == "operator" and not actor.may_act_for_tenant(service.tenant_id):
        raise TicketError(
            _("Operators issue tickets for their own tenant's services only."), FORBIDDEN, code="other_tenant"
        )
    queue = service.queue
    now = clock.utcnow()
    state = queue_state(queue, now, count=False)
    if not state.open:
        raise TicketError(
            state.message,
            CONFLICT,
            code="queue_" + state.reason if state.reason != "inactive" else "no_queue",
            reason=state.reason,
            opening_hours=state.hours,
            next_opening=state.next_opening.isoformat(timespec="minutes") if state.next_opening else None,
        )
    day = now.astimezone(clock.zone()).date()
    session = db.session()
    connection = session.connection()
    seq = connection.execute(_BUMP_COUNTER, {"queue_id": queue.id, "day": day}).scalar_one()
    if state.quota and seq > state.quota:
        # Lost the race for the last places: the caller's rollback returns the number.
        raise TicketError(
            queue_state_quota_message(queue, state.quota),
            CONFLICT,
            code="queue_quota",
            reason="quota",
            opening_hours=state.hours,
        )
    now = clock.utcnow()  # read while holding the write lock: issue times follow the numbers
    if seq == 1:
        close_open_tickets(before=day, now=now)
    row = connection.execute(
        _insert_ticket_statement(),
        {
            "queue_id": queue.id,
            "service_id": service.id,
            "day": day,
            "seq": seq,
            "number": format_number(queue.prefix, seq),
            "priority": bool(priority),
            "priority_group": priority_group,
            "issued_at": now,
            "updated_at": now,
            "issued_by": (issued_by or "")[:80],
        },
    ).one()
    ticket = IssuedTicket(**row._mapping, queue=queue, service=service)
    note_write(session, "tickets")
    note_write(session, "queue_day_counters")
    record_new(session, "ticket", ticket, now)
    return ticket


def issue_ticket(
    service_id,
    priority: bool = False,
    issued_by: str = "",
    actor: Actor | None = None,
    priority_group: str | None = None,
) -> Ticket:
    """`issue`, answering the stored ticket as a model for callers that go on working with it."""
    return db.session.get(Ticket, issue(service_id, priority, issued_by, actor, priority_group).id)


def close_open_tickets(before: date | None = None, through: date | None = None, now: datetime | None = None) -> int:
    """Day end: waiting tickets become cancelled, called ones no-show, serving ones done.

    Nothing is deleted. `before` closes days strictly earlier (at a day's first ticket);
    `through` closes that day too (the scheduled step at closing time).
    """
    now = now or clock.utcnow()
    statement = db.update(Ticket).where(Ticket.status.in_(OPEN_STATUSES))
    if through is not None:
        statement = statement.where(Ticket.day <= through)
    else:
        statement = statement.where(Ticket.day < (before or clock.today()))
    closed = _write_tickets(
        statement.values(
            status=case(
                (Ticket.status == TicketStatus.WAITING, TicketStatus.CANCELLED),
                (Ticket.status == TicketStatus.CALLED, TicketStatus.NO_SHOW),
                else_=TicketStatus.DONE,
            ),
            closed_reason="day_end",
            updated_at=now,
            version=Ticket.version + 1,
            finished_at=case((Ticket.status == TicketStatus.SERVING, now), else_=Ticket.finished_at),
        ),
        now,
    )
    return len(closed)


def _write_tickets(statement, now: datetime, counter: Counter | None = None, params=None) -> list[Ticket]:
    """Run an UPDATE of tickets that raises their version (`version = version + 1`) and answer the
    updated tickets as it returned them (no second read); their outbox rows go in the same
    transaction. The queue's compare-and-set steps all write this way. `counter`: the counter the
    tickets are at, already loaded (the returned rows would read it again for the payload);
    `params`: values of the statement's bound parameters."""
    tickets = db.session.scalars(
        statement.returning(Ticket),
        params,
        execution_options={"synchronize_session": False, "populate_existing": True},
    ).all()
    if counter is not None:
        for ticket in tickets:
            if ticket.counter_id == counter.id:
                set_committed_value(ticket, "counter", counter)
    record_changed(db.session, "ticket", [as_written(ticket) for ticket in tickets], now)
    return tickets


# ---------------------------------------------------------------------------------------------
# Counters and permissions
# ---------------------------------------------------------------------------------------------


def counter_tenant_ids(counter: Counter) -> set[int]:
    if counter.tenant_id is not None:
        return {counter.tenant_id}
    return {q.tenant_id for q in counter.queues if q.tenant_id is not None}


def counter_for(actor: Actor, counter_id) -> Counter:
    """The active counter, if the actor may work at it (404 unknown, 403 another tenant's)."""
    ident = valid_id(counter_id)
    # With its queues in the same query: calling reads them next.
    counter = db.session.get(Counter, ident, options=[joinedload(Counter.queues)]) if ident else None
    if counter is None or not counter.active:
        raise TicketError(_("There is no such counter."), NOT_FOUND, code="unknown_counter")
    if not any(actor.may_act_for_tenant(t) for t in counter_tenant_ids(counter)) and actor.role != "admin":
        raise TicketError(
            _("Counter %(num)d belongs to another tenant; you may not call tickets there.", num=counter.number),
            FORBIDDEN,
            code="other_tenant",
        )
    return counter


def counters_for(actor: Actor) -> list[Counter]:
    """Counters the actor may work at, by number."""
    counters = db.session.scalars(
        db.select(Counter)
        .where(Counter.active.is_(True))
        .options(selectinload(Counter.queues))
        .order_by(Counter.number)
    ).all()
    if actor.role == "admin":
        return list(counters)
    return [c for c in counters if any(actor.may_act_for_tenant(t) for t in counter_tenant_ids(c))]


def ticket_tenant_id(ticket: Ticket) -> int | None:
    if ticket.counter is not None and ticket.counter.tenant_id is not None:
        return ticket.counter.tenant_id
    return ticket.queue.tenant_id if ticket.queue else None


def ticket_for(actor: Actor, ticket_id, write: bool = True) -> Ticket:
    ident = valid_id(ticket_id)
    # With its counter in the same query: whose ticket it is depends on it.
    ticket = (
        db.session.get(Ticket, ident, populate_existing=True, options=[joinedload(Ticket.counter)]) if ident else None
    )
    if ticket is None:
        raise TicketError(_("There is no such ticket."), NOT_FOUND, code="unknown_ticket")
    if write and not actor.may_act_for_tenant(ticket_tenant_id(ticket)):
        raise TicketError(
            _("Ticket %(number)s belongs to another tenant's queue.", number=ticket.number),
            FORBIDDEN,
            code="other_tenant",
        )
    return ticket


def held_ticket(counter_id: int) -> Ticket | None:
    return db.session.scalar(
        db.select(Ticket)
        .where(Ticket.counter_id == counter_id, Ticket.status.in_(AT_COUNTER_STATUSES))
        .order_by(Ticket.last_called_at.desc())
        .limit(1)
    )


def _busy_error(ticket: Ticket) -> TicketError:
    return TicketError(
        _("This counter is still serving %(number)s: finish it or mark it as no-show first.", number=ticket.number),
        CONFLICT,
        code="counter_busy",
        ticket={"id": ticket.id, "number": ticket.number, "status": ticket.status},
        allowed=allowed_actions(ticket.status),
    )


# ---------------------------------------------------------------------------------------------
# Calling
# ---------------------------------------------------------------------------------------------


def _claim(condition, counter: Counter, actor: Actor, **values) -> Ticket | None:
    """One UPDATE that gives the counter the ticket `condition` picks, if the counter holds none;
    the ticket as written, or None. The call is timed once this process's SQLite writer is held,
    so call times follow the real order of the calls."""
    take_write_lock_now(db.session)
    now = clock.utcnow()
    claimed = _write_tickets(
        db.update(Ticket)
        .where(condition, _counter_is_free())
        .values(
            status=TicketStatus.CALLED,
            counter_id=counter.id,
            call_count=Ticket.call_count + 1,
            version=Ticket.version + 1,
            operator_id=actor.id if actor.kind == "user" else None,
            called_at=now,
            last_called_at=now,
            updated_at=now,
            **values,
        ),
        now,
        counter,
        {"free_counter_id": counter.id},
    )
    return claimed[0] if claimed else None


def as_written(ticket: Ticket):
    """What the outbox payload and the API's answer read of a ticket a statement just wrote: its
    columns and counter, with its service, tenant and queue from the kept facts (a dictionary
    look-up, where the model would read them from the database, for the payload while the write
    lock is held)."""
    facts = service_facts(ticket.service_id)
    if facts is None or facts.queue is None or facts.queue.id != ticket.queue_id:
        return ticket  # moved since (rare): the model reads what it needs
    return IssuedTicket(
        **{key: getattr(ticket, key) for key in _TICKET_COLUMNS},
        queue=facts.queue,
        service=facts,
        counter=ticket.counter,
    )


_TICKET_COLUMNS = tuple(Ticket.__table__.c.keys())


@cache
def _counter_is_free():
    """No ticket is called or serving at the counter given as `free_counter_id` when executed."""
    held = aliased(Ticket)
    return ~exists().where(held.counter_id == bindparam("free_counter_id"), held.status.in_(AT_COUNTER_STATUSES))


def calling_order(counter: Counter, queues: list[Queue], today: date) -> tuple:
    """The ORDER BY of the counter's next call under its queues' policy (queue/schedule.py):
    strict: priority tickets first; interleave r: one priority ticket after every r ordinary calls
    while both wait; dedicated: only priority counters call priority tickets first, the others
    call in order of arrival. A counter serving queues of several policies follows the first
    queue (by prefix) that has one other than strict. After the priority rule, booked tickets
    whose slot has begun go ahead of walk-ins (call_next leaves out those whose slot has not)."""
    arrival = ARRIVAL_ORDER
    schedules = [s for s in (queue_schedule(q) for q in queues) if s is not None and s.policy != "strict"]
    if not schedules:
        return (Ticket.priority.desc(), *arrival)
    policy = schedules[0]
    if policy.policy == "dedicated":
        return (Ticket.priority.desc(), *arrival) if counter.priority_counter else arrival
    ratio = policy.interleave_ratio or 1
    latest = db.session.scalars(
        db.select(Ticket.priority)
        .where(Ticket.queue_id.in_([q.id for q in queues]), Ticket.day == today, Ticket.called_at.is_not(None))
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(ratio)
    ).all()
    priority_due = len(latest) == ratio and not any(latest)
    return (Ticket.priority.desc() if priority_due else Ticket.priority.asc(), *arrival)


def call_next(actor: Actor, counter_id) -> Ticket | None:
    """Call the oldest waiting ticket (priority first) of the counter's queues, or None.

    One UPDATE picks and claims the ticket, so two counters pressing at once never get the same
    one; on PostgreSQL the pick skips rows another counter is claiming (SKIP LOCKED).
    """
    counter = counter_for(actor, counter_id)
    may_call(counter)
    queues = [q for q in counter.queues if q.active]
    queue_ids = [q.id for q in queues]
    if not queue_ids:
        held = held_ticket(counter.id)
        if held is not None:
            raise _busy_error(held)
        return None
    today = clock.today()
    order = calling_order(counter, queues, today)
    postgres = db.engine.dialect.name == "postgresql"
    waiting = (
        Ticket.queue_id.in_(queue_ids),
        Ticket.status == TicketStatus.WAITING,
        Ticket.day == today,
        db.or_(Ticket.callable_from.is_(None), Ticket.callable_from <= clock.utcnow()),
    )  # booked: from the slot
    for attempt in range(CALL_RETRIES):
        if attempt:
            clocktime.sleep(0.005 * attempt)  # other counters' claims are in flight; let them land
        pick = db.select(Ticket.id).where(*waiting).order_by(*order).limit(1)
        if postgres:
            pick = pick.with_for_update(skip_locked=True)
        claimed = _claim(
            db.and_(Ticket.id == pick.scalar_subquery(), Ticket.status == TicketStatus.WAITING), counter, actor
        )
        if claimed is not None:
            return claimed
        # Nothing claimed: the counter still holds a ticket (the claim's own guard; also when the
        # same counter pressed twice at once and the other press won), or nobody is waiting.
        held = held_ticket(counter.id)
        if held is not None:
            raise _busy_error(held)
        if not db.session.scalar(db.select(exists().where(*waiting))):
            return None
    return None


def call_number(actor: Actor, counter_id, number: str) -> Ticket:
    """Call a specific number out of order (also a no-show citizen who came back)."""
    counter = counter_for(actor, counter_id)
    may_call(counter)
    held = held_ticket(counter.id)
    if held is not None:
        raise _busy_error(held)
    wanted = (number or "").strip().upper().replace(" ", "")
    queue_ids = [q.id for q in counter.queues]
    ticket = (
        db.session.scalar(
            db.select(Ticket)
            .where(
                Ticket.number == wanted,
                Ticket.day == clock.today(),
                Ticket.queue_id.in_(queue_ids),
                Ticket.status.in_((TicketStatus.WAITING, TicketStatus.NO_SHOW)),
            )
            .order_by(Ticket.id.desc())
            .limit(1)
        )
        if wanted and queue_ids
        else None
    )
    if ticket is None:
        raise TicketError(
            _("No ticket %(number)s is waiting today in this counter's queues.", number=wanted or "-"),
            NOT_FOUND,
            code="unknown_ticket",
            fields={"number": _("Check the number.")},
        )
    claimed = _claim(
        db.and_(Ticket.id == ticket.id, Ticket.status == ticket.status),
        counter,
        actor,
        finished_at=None,
        closed_reason="",
    )
    if claimed is None:
        raise TicketError(
            _("Ticket %(number)s was just called by another counter.", number=wanted), CONFLICT, code="conflict"
        )
    return claimed


# ---------------------------------------------------------------------------------------------
# Acting on a called ticket
# ---------------------------------------------------------------------------------------------


def _wrong_state(ticket: Ticket, action: str) -> TicketError:
    allowed = allowed_actions(ticket.status)
    if allowed:
        message = _(
            "Ticket %(number)s is %(status)s, so it cannot be %(action)s. Possible now: %(allowed)s.",
            number=ticket.number,
            status=status_label(ticket.status),
            action=action_label(action),
            allowed=", ".join(action_label(a) for a in allowed),
        )
    else:
        message = _(
            "Ticket %(number)s is %(status)s; nothing more can be done with it.",
            number=ticket.number,
            status=status_label(ticket.status),
        )
    return TicketError(message, CONFLICT, code="wrong_state", ticket_status=ticket.status, allowed=allowed)


def act(actor: Actor, ticket_id, action: str) -> Ticket:
    """recall | start | finish | no-show a ticket; 409 naming the allowed actions otherwise."""
    if action not in ACTIONS or action == "transfer":
        raise TicketError(_("Unknown action."), NOT_FOUND, code="unknown_action")
    ticket = ticket_for(actor, ticket_id)
    expected = ACTIONS[action]
    if ticket.status not in expected:
        raise _wrong_state(ticket, action)
    if action in ("recall", "start") and ticket.counter is not None:
        may_call(ticket.counter)
    now = clock.utcnow()
    values: dict = {"updated_at": now, "version": Ticket.version + 1}
    if action == "recall":
        values.update(last_called_at=now, call_count=Ticket.call_count + 1)
    elif action == "start":
        values.update(status=TicketStatus.SERVING, started_at=now)
    elif action == "finish":
        note_write(db.session, "ticket_finished")  # the queue's recent service times move
        values.update(
            status=TicketStatus.DONE,
            finished_at=now,
            started_at=func.coalesce(Ticket.started_at, Ticket.last_called_at),
        )
    elif action == "no-show":
        values.update(status=TicketStatus.NO_SHOW, finished_at=now)
    if actor.kind == "user":
        values["operator_id"] = actor.id
    done = _write_tickets(
        db.update(Ticket).where(Ticket.id == ticket.id, Ticket.status.in_(expected)).values(**values),
        now,
        ticket.counter,
    )
    if not done:  # another request moved it first: say what it is now
        raise _wrong_state(db.session.get(Ticket, ticket.id, populate_existing=True), action)
    return done[0]


def transfer(actor: Actor, ticket_id, service_id) -> Ticket:
    """Send the citizen to another service's queue with the same number and issue time."""
    ticket = ticket_for(actor, ticket_id)
    if ticket.status not in ACTIONS["transfer"]:
        raise _wrong_state(ticket, "transfer")
    service = issuable_service(service_id)
    if service.id == ticket.service_id:
        raise TicketError(
            _(
                "Ticket %(number)s is already for %(service)s: choose another service to transfer to.",
                number=ticket.number,
                service=service.name,
            ),
            INVALID,
            fields={"service_id": _("Choose another service.")},
        )
    if service.queue is None or not service.queue.active:
        raise TicketError(
            _("%(service)s has no queue to transfer to.", service=service.name), CONFLICT, code="no_queue"
        )
    now = clock.utcnow()
    done = _write_tickets(
        db.update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.status == ticket.status)
        .values(status=TicketStatus.TRANSFERRED, finished_at=now, updated_at=now, version=Ticket.version + 1),
        now,
    )
    if not done:
        db.session.refresh(ticket)
        raise _wrong_state(ticket, "transfer")
    successor = Ticket(
        queue_id=service.queue.id,
        service_id=service.id,
        day=ticket.day,
        seq=ticket.seq,
        number=ticket.number,
        priority=ticket.priority,
        priority_group=ticket.priority_group,
        status=TicketStatus.WAITING,
        issued_at=ticket.issued_at,
        updated_at=now,
        issued_by=ticket.issued_by,
        transferred_from_id=ticket.id,
    )
    db.session.add(successor)
    db.session.flush()
    # Recorded here, so the console and the API record the same fields for the same action.
    record(actor, "ticket_transferred", "ticket", ticket.id, to_service=service.id, new_ticket=successor.id)
    return successor


def latest_version(ticket: Ticket) -> Ticket:
    """Follow transfers to the ticket the citizen now holds (their QR names the first one)."""
    seen = 0
    while ticket.status == TicketStatus.TRANSFERRED and seen < 20:
        successor = db.session.scalar(db.select(Ticket).where(Ticket.transferred_from_id == ticket.id))
        if successor is None:
            break
        ticket, seen = successor, seen + 1
    return ticket


# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------


def status_label(status: str) -> str:
    labels = {
        TicketStatus.WAITING: _("waiting"),
        TicketStatus.CALLED: _("called"),
        TicketStatus.SERVING: _("being served"),
        TicketStatus.DONE: _("done"),
        TicketStatus.NO_SHOW: _("no-show"),
        TicketStatus.TRANSFERRED: _("transferred"),
        TicketStatus.CANCELLED: _("cancelled"),
    }
    return labels.get(status, status)


def action_label(action: str) -> str:
    labels = {
        "recall": _("recalled"),
        "start": _("started"),
        "finish": _("finished"),
        "no-show": _("marked no-show"),
        "transfer": _("transferred"),
    }
    return labels.get(action, action)
