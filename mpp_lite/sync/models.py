"""Sync tables: the outbox (one row per change), endpoints, per-endpoint delivery state, the push lock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from mpp_lite.database import StrEnum, UTCDateTime, utcnow
from mpp_lite.extensions import db


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"
    SUPERSEDED = "superseded"


DELIVERY_STATES = tuple(DeliveryState)
POLICIES = ("default", "full")


class OutboxRow(db.Model):
    """One change to a synced record, written in the same transaction as the change.

    `payload` holds every field the widest policy may send; each endpoint's policy picks from
    it when a batch is built. Rows are never changed after they are written.
    """

    __tablename__ = "sync_outbox"
    __table_args__ = (Index("ix_sync_outbox_record", "record_uid", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(16), index=True)
    record_uid: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column()
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<OutboxRow {self.record_type} {self.record_uid} v{self.version}>"


class SyncEndpoint(db.Model):
    """A national or provincial receiver that gets this site's records."""

    __tablename__ = "sync_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    # The shared HMAC secret has to be readable to sign; the admin page never shows it.
    secret: Mapped[str] = mapped_column(String(255))
    batch_size: Mapped[int] = mapped_column(default=100)
    enabled: Mapped[bool] = mapped_column(default=True)
    policy: Mapped[str] = mapped_column(String(16), default="default")
    legal_basis: Mapped[str] = mapped_column(Text, default="")  # why a wider policy is lawful
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<SyncEndpoint {self.name}>"


class SyncDelivery(db.Model):
    """Where one outbox row stands for one endpoint: pending, sent, dead, or superseded.

    Superseded: a newer version of the same record is queued for that endpoint, so this one
    need not be sent.
    """

    __tablename__ = "sync_deliveries"
    __table_args__ = (
        UniqueConstraint("outbox_id", "endpoint_id", name="uq_sync_deliveries_outbox_endpoint"),
        Index("ix_sync_deliveries_due", "endpoint_id", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("sync_outbox.id", ondelete="CASCADE"), index=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("sync_endpoints.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    outbox: Mapped[OutboxRow] = relationship()
    endpoint: Mapped[SyncEndpoint] = relationship()


class SyncLock(db.Model):
    """A lease that keeps two pushes from running at once (works across processes and on Windows).

    The holder renews it after every batch; a holder that died stops renewing and the lease
    runs out, so the next push may take over.
    """

    __tablename__ = "sync_locks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
