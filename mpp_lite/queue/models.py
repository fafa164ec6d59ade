"""Queue tickets and the per-day number counters that make issuing atomic and gap-free."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mpp_lite.database import SyncedRecord, UTCDateTime, utcnow
from mpp_lite.extensions import db

TICKET_STATUSES = ("waiting", "called", "serving", "done", "no_show", "transferred", "cancelled")
OPEN_STATUSES = ("waiting", "called", "serving")


def new_public_id() -> str:
    """Unguessable id for the ticket's public page (/t/<public_id>); 128 random bits."""
    return secrets.token_urlsafe(16)


class QueueDayCounter(db.Model):
    """Last number issued per queue per local day; bumped in the same transaction as the ticket."""

    __tablename__ = "queue_day_counters"

    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class Ticket(SyncedRecord, db.Model):
    __tablename__ = "tickets"
    __sync_type__ = "ticket"
    __table_args__ = (
        Index("ix_tickets_queue_day_seq", "queue_id", "day", "seq", unique=True),
        Index("ix_tickets_waiting", "queue_id", "status", "priority", "issued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)  # the site's local date at issue
    seq: Mapped[int] = mapped_column()  # 1, 2, 3 ... per queue per day
    number: Mapped[str] = mapped_column(String(8))  # "A001"
    priority: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="waiting", index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    call_count: Mapped[int] = mapped_column(default=0)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_by: Mapped[str] = mapped_column(String(80), default="")  # kiosk/staff name
    transferred_from_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))

    queue = relationship("Queue")
    service = relationship("Service")
    counter = relationship("Counter")
    operator = relationship("User")

    def __repr__(self) -> str:
        return f"<Ticket {self.number} {self.day} {self.status}>"
