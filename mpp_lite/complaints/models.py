"""Complaints and suggestions made on site, their status history and response deadline."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mpp_lite.database import StrEnum, SyncedRecord, UTCDateTime, utcnow
from mpp_lite.extensions import db


class ComplaintStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    CLOSED = "closed"
    FORWARDED = "forwarded"  # diteruskan ke SP4N-LAPOR!: the local resolution clock stops


COMPLAINT_STATUSES = tuple(ComplaintStatus)
OPEN_COMPLAINT_STATUSES = (ComplaintStatus.NEW, ComplaintStatus.IN_PROGRESS)
# Not yet resolved locally (answered still runs the resolution clock until closed).
UNRESOLVED_COMPLAINT_STATUSES = (ComplaintStatus.NEW, ComplaintStatus.IN_PROGRESS, ComplaintStatus.ANSWERED)
# As SP4N-LAPOR! names them: complaint = pengaduan, suggestion = aspirasi, information = permintaan informasi.
COMPLAINT_KINDS = ("complaint", "suggestion", "information")
COMPLAINT_CHANNELS = ("kiosk", "web", "desk", "phone", "letter", "email", "social_media")
TRANSITIONS = {
    "new": ("in_progress", "answered", "closed", "forwarded"),
    "in_progress": ("answered", "closed", "forwarded"),
    "answered": ("closed", "in_progress", "forwarded"),
    "closed": (),
    "forwarded": ("closed",),
}


class Complaint(SyncedRecord, db.Model):
    __tablename__ = "complaints"
    __sync_type__ = "complaint"
    __table_args__ = (UniqueConstraint("year", "seq", name="uq_complaints_year_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # ADU-2026-7K3Q9XWD (before: ADU-2026-000123)
    year: Mapped[int] = mapped_column()
    seq: Mapped[int] = mapped_column()
    access_token: Mapped[str] = mapped_column(String(32), unique=True)  # the citizen's status link
    kind: Mapped[str] = mapped_column(String(16), default="complaint")
    channel: Mapped[str] = mapped_column(String(16), default="desk")
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    text: Mapped[str] = mapped_column(Text)
    # Personal data (UU 27/2022): optional, shown masked on every public page.
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    contact_email: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(16), default=ComplaintStatus.NEW, index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    day: Mapped[date] = mapped_column(Date, index=True)  # local date received
    due_date: Mapped[date] = mapped_column(Date, index=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by: Mapped[str] = mapped_column(String(80), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Perpres 76/2013: resolved within 60 days after the complaint is complete (all it needs known).
    completed_on: Mapped[date | None] = mapped_column(Date)
    resolution_due: Mapped[date | None] = mapped_column(Date, index=True)
    lapor_number: Mapped[str] = mapped_column(String(40), default="", server_default="")
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A confidential complaint: only supervisors and admins see who made it.
    confidential: Mapped[bool] = mapped_column(default=False, server_default=false())
    recorded_by: Mapped[str] = mapped_column(String(80), default="")
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    tenant = relationship("Tenant")
    service = relationship("Service")
    steps: Mapped[list[ComplaintStep]] = relationship(
        back_populates="complaint", order_by="ComplaintStep.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Complaint {self.reference} {self.status}>"


class ComplaintStep(db.Model):
    """One status change or note: who, when, from what to what."""

    __tablename__ = "complaint_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    complaint: Mapped[Complaint] = relationship(back_populates="steps")
