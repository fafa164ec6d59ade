"""Bookings of a queue's time slots, the per-slot seat counters that make taking a seat atomic,
and the outgoing messages (with their channels and editable templates) that tell citizens."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mpp_lite.database import StrEnum, SyncedRecord, UTCDateTime, utcnow
from mpp_lite.extensions import db


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    LAPSED = "lapsed"
    CANCELLED = "cancelled"


class BookingSource(StrEnum):
    ONLINE = "online"  # the citizen on /reservasi
    DESK = "desk"  # staff at the information desk
    IMPORT = "import"  # a CSV from another system (M-Paspor, MPP Digital, a tenant's own)


class Booking(SyncedRecord, db.Model):
    """One citizen's seat in one slot of a queue; the code is shown as XXXX-XXXX-X."""

    __tablename__ = "bookings"
    # Not a sync record: the wire format mpp-lite/v1 carries tickets, applications, surveys,
    # complaints and services only (CONTRACT.md); a booking reaches the hub as its ticket.
    __table_args__ = (
        Index("ix_bookings_queue_slot", "queue_id", "slot_start", "status"),
        Index("ix_bookings_phone_created", "phone", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(9), unique=True)  # 9 symbols, no dashes
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)  # the slot's local date
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime())
    slot_end: Mapped[datetime] = mapped_column(UTCDateTime())
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))  # digits, 0-leading (081...)
    status: Mapped[str] = mapped_column(String(16), default=BookingStatus.BOOKED, index=True)
    source: Mapped[str] = mapped_column(String(16), default=BookingSource.ONLINE)
    # Outside bookings: "<system>:<their reference>", unique so that a re-import creates nothing.
    external_ref: Mapped[str | None] = mapped_column(String(120), unique=True)
    client: Mapped[str] = mapped_column(String(32), default="", index=True)  # hash of the booking client's address
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))

    queue = relationship("Queue")
    service = relationship("Service")
    ticket = relationship("Ticket")

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:8]}-{self.code[8:]}"

    def __repr__(self) -> str:
        return f"<Booking {self.display_code} {self.status}>"


class BookingSeats(db.Model):
    """Seats taken in one slot of one queue; bumped and checked in the booking's transaction."""

    __tablename__ = "booking_seats"

    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True)
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    taken: Mapped[int] = mapped_column(default=0)


class MessageStatus(StrEnum):
    PENDING = "pending"  # waits for the sender (gateway, e-mail) or for staff (WhatsApp button)
    SENDING = "sending"  # taken by a sender; back to pending if the sender died mid-way
    SENT = "sent"
    DEAD = "dead"  # gave up after the last retry; listed on the admin page
    SKIPPED = "skipped"  # no channel configured: nothing left the PC


class Channel(StrEnum):
    WHATSAPP_LINK = "whatsapp_link"  # staff click wa.me on their own WhatsApp
    HTTP = "http"  # a generic SMS/WhatsApp gateway
    EMAIL = "email"  # SMTP


class OutgoingMessage(db.Model):
    """One message for one citizen on one channel; the body is already filled in."""

    __tablename__ = "outgoing_messages"
    __table_args__ = (Index("ix_outgoing_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(120))  # phone digits or e-mail address
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(String(40), default="")  # booking or tracking code (no personal data)
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_by: Mapped[str] = mapped_column(String(80), default="")


class MessageChannel(db.Model):
    """A channel's settings as the admin saved them (URL, headers, SMTP host ...)."""

    __tablename__ = "message_channels"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MessageTemplate(db.Model):
    """The admin's wording of one event's message (Indonesian); the default when none is saved."""

    __tablename__ = "message_templates"

    event: Mapped[str] = mapped_column(String(32), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
