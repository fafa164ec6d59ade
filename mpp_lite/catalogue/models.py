"""Tenants (instansi) and their services with the 14 Standar Pelayanan components, the reviews of
those standards, public consultations and the Maklumat Pelayanan. Queues and counters: queue/models.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from mpp_lite.database import SyncedRecord, UTCDateTime, utcnow
from mpp_lite.extensions import db

if TYPE_CHECKING:
    from mpp_lite.queue.models import Queue

DURATION_UNITS = ("working_days", "minutes")
# full: the file is processed and its status kept here; receipt_only: the tenant works in its own
# system (SIAK, SiCantik, M-Paspor) and the kit issues the tracking code, receipt and staff updates.
PROCESSING_MODES = ("full", "receipt_only")


class Tenant(db.Model):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    colour: Mapped[str] = mapped_column(String(7), default="#1f4e79")
    contact: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    logo_filename: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    processing_mode: Mapped[str] = mapped_column(String(16), default="full", server_default="full")

    services: Mapped[list[Service]] = relationship(back_populates="tenant", order_by="Service.code")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def __repr__(self) -> str:
        return f"<Tenant {self.code}>"


class Service(SyncedRecord, db.Model):
    """A published service and its Standar Pelayanan (PermenPANRB 15/2014)."""

    __tablename__ = "services"
    __sync_type__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queues.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(String(255), default="")
    # The six components shown to citizens
    requirements: Mapped[list] = mapped_column(JSON, default=list)
    procedure: Mapped[list] = mapped_column(JSON, default=list)
    duration_value: Mapped[int] = mapped_column(default=1)
    duration_unit: Mapped[str] = mapped_column(String(16), default="working_days")
    fee: Mapped[int] = mapped_column(default=0)
    fee_note: Mapped[str] = mapped_column(Text, default="")
    product: Mapped[str] = mapped_column(Text, default="")
    complaint_channel: Mapped[str] = mapped_column(Text, default="")
    # The eight management components
    legal_basis: Mapped[list] = mapped_column(JSON, default=list)
    facilities: Mapped[str] = mapped_column(Text, default="")
    competency: Mapped[str] = mapped_column(Text, default="")
    internal_supervision: Mapped[str] = mapped_column(Text, default="")
    staff_count: Mapped[str] = mapped_column(String(80), default="")
    service_guarantee: Mapped[str] = mapped_column(Text, default="")
    security_guarantee: Mapped[str] = mapped_column(Text, default="")
    performance_evaluation: Mapped[str] = mapped_column(Text, default="")

    # The standard's decree (SK) and its latest review (PermenPANRB 15/2014: reviewed periodically).
    decree_number: Mapped[str] = mapped_column(String(120), default="", server_default="")
    decree_date: Mapped[date | None] = mapped_column(Date)
    last_reviewed_on: Mapped[date | None] = mapped_column(Date)

    needs_application: Mapped[bool] = mapped_column(default=False)
    published: Mapped[bool] = mapped_column(default=False, index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    tenant: Mapped[Tenant] = relationship(back_populates="services")
    queue: Mapped[Queue | None] = relationship()
    reviews: Mapped[list[StandardReview]] = relationship(
        back_populates="service", order_by="StandardReview.reviewed_on.desc()", cascade="all, delete-orphan"
    )

    @property
    def is_free(self) -> bool:
        return not self.fee

    def __repr__(self) -> str:
        return f"<Service {self.code}>"


class StandardReview(db.Model):
    """One review of a service's standard: when, what changed, who took part."""

    __tablename__ = "standard_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    reviewed_on: Mapped[date] = mapped_column(Date)
    changes: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(80), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    service: Mapped[Service] = relationship(back_populates="reviews")


class PublicConsultation(db.Model):
    """A Forum Konsultasi Publik: the public's part in drafting or reviewing standards, with minutes."""

    __tablename__ = "public_consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(Text)
    participants_count: Mapped[int] = mapped_column()
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"), index=True)
    # The minutes (berita acara), a PDF or a scan, kept in the database so backups carry them.
    minutes_filename: Mapped[str] = mapped_column(String(120), default="")
    minutes_mimetype: Mapped[str] = mapped_column(String(60), default="")
    minutes: Mapped[bytes | None] = mapped_column(LargeBinary)
    recorded_by: Mapped[str] = mapped_column(String(80), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    service: Mapped[Service | None] = relationship()


class Maklumat(db.Model):
    """The Maklumat Pelayanan: the unit's signed public promise to serve by its standards.

    Every edit keeps the earlier text as a row; the newest row is the one in force.
    """

    __tablename__ = "maklumat"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    signatory_name: Mapped[str] = mapped_column(String(120))
    signatory_title: Mapped[str] = mapped_column(String(160))
    signatory_nip: Mapped[str] = mapped_column(String(30), default="")
    signed_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    on_display: Mapped[bool] = mapped_column(default=False)
    recorded_by: Mapped[str] = mapped_column(String(80), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
