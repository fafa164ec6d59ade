"""Applications (permohonan) that are not finished at the counter, and their status steps."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from mpp_lite.database import StrEnum, SyncedRecord, UTCDateTime, utcnow
from mpp_lite.extensions import db


class ApplicationStatus(StrEnum):
    RECEIVED = "received"
    INCOMPLETE = "incomplete"
    VERIFIED = "verified"
    PROCESSING = "processing"
    READY = "ready"
    PICKED_UP = "picked_up"
    REJECTED = "rejected"


APPLICATION_STATUSES = tuple(ApplicationStatus)
OPEN_APPLICATION_STATUSES = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.INCOMPLETE,
    ApplicationStatus.VERIFIED,
    ApplicationStatus.PROCESSING,
    ApplicationStatus.READY,
)


class Application(SyncedRecord, db.Model):
    __tablename__ = "applications"
    __sync_type__ = "application"
    __table_args__ = (
        # The dashboard's on-time rate, overdue list and period counts over years of files.
        Index("ix_applications_ready_at", "ready_at"),
        Index("ix_applications_status_due_date", "status", "due_date"),
        Index("ix_applications_received_at_status", "received_at", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(9), unique=True)  # 9 symbols, no dashes
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    # Personal data (UU 27/2022): only what the service needs; anonymised after retention.
    applicant_name: Mapped[str] = mapped_column(String(120))
    nik: Mapped[str | None] = mapped_column(String(16), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[list] = mapped_column(JSON, default=list)  # requirement texts handed in
    status: Mapped[str] = mapped_column(String(16), default=ApplicationStatus.RECEIVED, index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    # SLA clock: the service's working days fixed when the file was first complete, and the
    # working days lost while it went back to "incomplete" after that (paused_since is set then).
    sla_working_days: Mapped[int | None] = mapped_column()
    paused_since: Mapped[date | None] = mapped_column(Date)
    paused_working_days: Mapped[int] = mapped_column(default=0, server_default="0")
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # picked up or rejected
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The tenant's own system and its number for this file (SIAK, "SiCantik: 503/123/DPMPTSP/2026").
    external_system: Mapped[str] = mapped_column(String(40), default="", server_default="")
    external_reference: Mapped[str] = mapped_column(String(80), default="", server_default="", index=True)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    service = relationship("Service")
    tenant = relationship("Tenant")
    ticket = relationship("Ticket")
    steps: Mapped[list[ApplicationStep]] = relationship(
        back_populates="application", order_by="ApplicationStep.at", cascade="all, delete-orphan"
    )

    @property
    def display_code(self) -> str:
        return f"{self.tracking_code[:4]}-{self.tracking_code[4:8]}-{self.tracking_code[8:]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPLICATION_STATUSES

    def __repr__(self) -> str:
        return f"<Application {self.tracking_code} {self.status}>"


class ApplicationStep(db.Model):
    """One status change: who, when, from what to what, and why."""

    __tablename__ = "application_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship(back_populates="steps")


class LocalHoliday(db.Model):
    """A day the admin sets: a local holiday, or a correction that makes a day a working day."""

    __tablename__ = "local_holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16), default="holiday")  # holiday | working_day
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OfficialHoliday(db.Model):
    """A national holiday or cuti bersama from a year's official list (the SKB of three ministers),
    imported by the admin. A year that has rows here takes them instead of the bundled data."""

    __tablename__ = "official_holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))  # national | cuti_bersama
    source: Mapped[str] = mapped_column(String(200), default="")
    imported_by: Mapped[str] = mapped_column(String(80), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


NOTIFICATION_EVENTS = ("ready", "incomplete")


class NotificationStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    DISABLED = "disabled"


NOTIFICATION_STATUSES = tuple(NotificationStatus)


class Notification(db.Model):
    """A message owed to the applicant (file ready, documents missing); a sender delivers it."""

    __tablename__ = "application_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=NotificationStatus.PENDING, index=True)
    channel: Mapped[str] = mapped_column(String(32), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    application: Mapped[Application] = relationship()


class StatusLookupFailure(db.Model):
    """One failed status lookup (unknown code or wrong phone digits), for the rate limit.

    `client` is a hash of the address, not the address; rows older than a day are deleted.
    """

    __tablename__ = "status_lookup_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    client: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(9), index=True)
