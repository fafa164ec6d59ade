"""Queues and the counters (loket) that serve them, queue tickets, the per-day number counters that
make issuing atomic and gap-free, and the one-time codes that pair a kiosk or display browser with
its device token."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON, Time

from mpp_lite.catalogue.models import Tenant
from mpp_lite.database import StrEnum, SyncedRecord, UTCDateTime, utcnow
from mpp_lite.extensions import db


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    CANCELLED = "cancelled"


TICKET_STATUSES = tuple(TicketStatus)
# Who is served first (UU 25/2009 Pasal 29): elderly, disabled, pregnant, with small children.
PRIORITY_GROUPS = ("lansia", "disabilitas", "ibu_hamil", "anak")
OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)
AT_COUNTER_STATUSES = (TicketStatus.CALLED, TicketStatus.SERVING)


def new_public_id() -> str:
    """Unguessable id for the ticket's public page (/t/<public_id>); 128 random bits."""
    return secrets.token_urlsafe(16)


counter_queues = Table(
    "counter_queues",
    db.Model.metadata,
    Column("counter_id", ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True),
    Column("queue_id", ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True),
)


class Queue(db.Model):
    """A line of people with one letter prefix; counters serve one or more queues."""

    __tablename__ = "queues"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"), index=True)
    daily_quota: Mapped[int | None] = mapped_column()
    opens_at: Mapped[time | None] = mapped_column(Time)
    closes_at: Mapped[time | None] = mapped_column(Time)
    # The week (queue/schedule.py, CONTRACT "Queue day"); None: open every day within the times above.
    schedule: Mapped[dict | None] = mapped_column(JSON)
    service_minutes: Mapped[int] = mapped_column(default=10)
    active: Mapped[bool] = mapped_column(default=True)

    tenant: Mapped[Tenant | None] = relationship()
    counters: Mapped[list[Counter]] = relationship(
        secondary=counter_queues, back_populates="queues", order_by="Counter.number"
    )

    def __repr__(self) -> str:
        return f"<Queue {self.prefix}>"


class Counter(db.Model):
    """A loket: a desk with a number that the display board and the voice call out."""

    __tablename__ = "counters"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(80))
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # The counter's session (queue/counters.py): open, paused (with a reason and an expected
    # return) or closed. A counter nobody has opened yet (state_since empty) counts as open, as
    # counters did before sessions; one opened by an operator is closed at the day's end.
    state: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    pause_reason: Mapped[str | None] = mapped_column(String(16))
    back_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    state_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    operator_name: Mapped[str] = mapped_column(String(80), default="", server_default="")
    priority_counter: Mapped[bool] = mapped_column(default=False, server_default=false())

    tenant: Mapped[Tenant | None] = relationship()
    queues: Mapped[list[Queue]] = relationship(
        secondary=counter_queues, back_populates="counters", order_by="Queue.prefix"
    )

    def __repr__(self) -> str:
        return f"<Counter {self.number}>"


class CounterEvent(db.Model):
    """One change of a counter's session: who opened, paused (why, until when), resumed, closed."""

    __tablename__ = "counter_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    state: Mapped[str] = mapped_column(String(16))  # the state entered: open | paused | closed
    reason: Mapped[str | None] = mapped_column(String(16))
    back_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(80), default="")


class QueueDayCounter(db.Model):
    """Last number issued per queue per local day; bumped in the same transaction as the ticket."""

    __tablename__ = "queue_day_counters"

    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class Ticket(SyncedRecord, db.Model):
    """One visit's place in a queue.

    A transfer closes this row as `transferred` and opens a successor in the new queue with the
    same number, seq and issue time (so the citizen keeps their place); only original issues
    count for the per-queue uniqueness of seq.
    """

    __tablename__ = "tickets"
    __sync_type__ = "ticket"
    __table_args__ = (
        Index(
            "ix_tickets_queue_day_seq",
            "queue_id",
            "day",
            "seq",
            unique=True,
            sqlite_where=text("transferred_from_id IS NULL"),
            postgresql_where=text("transferred_from_id IS NULL"),
        ),
        # One queue's waiting line of one day, in calling order (people ahead, call next, board).
        Index("ix_tickets_waiting", "queue_id", "day", "status", "priority", "issued_at", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)  # the site's local date at issue
    seq: Mapped[int] = mapped_column()  # 1, 2, 3 ... per queue per day
    number: Mapped[str] = mapped_column(String(8))  # "A001"
    priority: Mapped[bool] = mapped_column(default=False)
    priority_group: Mapped[str | None] = mapped_column(String(16))  # PRIORITY_GROUPS, or None
    status: Mapped[str] = mapped_column(String(16), default=TicketStatus.WAITING, index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # moves on recall
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    call_count: Mapped[int] = mapped_column(default=0)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_by: Mapped[str] = mapped_column(String(80), default="")  # kiosk/staff name
    closed_reason: Mapped[str] = mapped_column(String(32), default="", server_default="")
    transferred_from_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    # A booked ticket (bookings/): not called before its slot starts, then ahead of walk-ins.
    callable_from: Mapped[datetime | None] = mapped_column(UTCDateTime())

    queue = relationship("Queue")
    service = relationship("Service")
    counter = relationship("Counter")
    operator = relationship("User")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def __repr__(self) -> str:
        return f"<Ticket {self.number} {self.day} {self.status}>"


# Waiting tickets in order of arrival: booked tickets whose slot has begun, by slot, then walk-ins
# as they came. services.calling_order puts its policy's priority rule in front.
ARRIVAL_ORDER = (Ticket.callable_from.is_(None), Ticket.callable_from, Ticket.issued_at, Ticket.seq, Ticket.id)
# One queue's waiting line of one day in the strict (default) calling order: a call's pick reads
# its first entry instead of sorting the line (migration 0017).
Index("ix_tickets_calling", Ticket.queue_id, Ticket.day, Ticket.status, Ticket.priority.desc(), *ARRIVAL_ORDER)


class DevicePairing(db.Model):
    """A one-time code (valid for minutes) that turns a browser into a paired kiosk or display.

    Only the code's hash is kept; redeeming it gives the browser a fresh token for the device.
    """

    __tablename__ = "device_pairings"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80), default="")

    token = relationship("ApiToken")
