"""The hub's tables: sites and their secrets, hub users and tokens, received records, roll-ups.

Every table of received data is keyed by site code first (a national hub can later be
distributed by site on Citus without a schema change). `hub_records` is partitioned by month
of the record's local day on PostgreSQL (see the migration).
"""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, Date, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mpp_lite.database import UTCDateTime, utcnow
from mpp_lite.hub.extensions import HubBase

ROLES = ("hub_admin", "province", "site")


class HubSite(HubBase):
    __tablename__ = "hub_sites"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # Kemendagri code, e.g. 32.04
    name: Mapped[str] = mapped_column(String(160))
    province: Mapped[str] = mapped_column(String(4), index=True)
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Jakarta")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class HubSiteSecret(HubBase):
    __tablename__ = "hub_site_secrets"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_code: Mapped[str] = mapped_column(String(16), index=True)
    secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # None: current. A replaced secret keeps working until this moment (the rotation overlap).
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class HubUser(UserMixin, HubBase):
    __tablename__ = "hub_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HubToken(HubBase):
    __tablename__ = "hub_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HubRecord(HubBase):
    """The latest version of each received ticket, application, survey and complaint."""

    __tablename__ = "hub_records"
    __table_args__ = {"postgresql_partition_by": "RANGE (day)"}

    site_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)  # the site's local day; partition key
    type: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HubService(HubBase):
    """The latest version of each site's catalogue entry (the province-wide catalogue)."""

    __tablename__ = "hub_services"

    site_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HubDaily(HubBase):
    """One site's figures for one of its local days, kept up to date at ingest by deltas."""

    __tablename__ = "hub_daily"

    site_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    tickets: Mapped[int] = mapped_column(Integer, default=0)
    visitors: Mapped[int] = mapped_column(Integer, default=0)
    served: Mapped[int] = mapped_column(Integer, default=0)
    no_show: Mapped[int] = mapped_column(Integer, default=0)
    wait_n: Mapped[int] = mapped_column(Integer, default=0)
    wait_seconds: Mapped[float] = mapped_column(Float, default=0)
    applications_received: Mapped[int] = mapped_column(Integer, default=0)
    applications_due: Mapped[int] = mapped_column(Integer, default=0)
    applications_ready: Mapped[int] = mapped_column(Integer, default=0)
    applications_on_time: Mapped[int] = mapped_column(Integer, default=0)
    survey_n: Mapped[int] = mapped_column(Integer, default=0)
    u1: Mapped[int] = mapped_column(Integer, default=0)
    u2: Mapped[int] = mapped_column(Integer, default=0)
    u3: Mapped[int] = mapped_column(Integer, default=0)
    u4: Mapped[int] = mapped_column(Integer, default=0)
    u5: Mapped[int] = mapped_column(Integer, default=0)
    u6: Mapped[int] = mapped_column(Integer, default=0)
    u7: Mapped[int] = mapped_column(Integer, default=0)
    u8: Mapped[int] = mapped_column(Integer, default=0)
    u9: Mapped[int] = mapped_column(Integer, default=0)
    complaints_received: Mapped[int] = mapped_column(Integer, default=0)


class HubDailyWait(HubBase):
    """How many tickets of a site's day waited this many whole minutes (for medians over periods)."""

    __tablename__ = "hub_daily_waits"

    site_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    minute: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class HubOpenComplaint(HubBase):
    """Complaints a site has not closed yet, with their due date (open and overdue counts)."""

    __tablename__ = "hub_open_complaints"

    site_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    due_date: Mapped[date | None] = mapped_column(Date)


class HubSeenSignature(HubBase):
    """Signatures of accepted batches within the timestamp window: a replay is refused."""

    __tablename__ = "hub_seen_signatures"

    site_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    signature: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class HubRefusal(HubBase):
    """A refused batch (unknown site, wrong secret, stale, replayed): who, when and why."""

    __tablename__ = "hub_refusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    site_code: Mapped[str] = mapped_column(String(40), default="")
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")


Index("ix_hub_sites_province_code", HubSite.province, HubSite.code)


class HubForwardTarget(HubBase):
    """The hub above this one (province -> nation), and the code this hub signs as there."""

    __tablename__ = "hub_forward_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(4))


class HubForwardQueue(HubBase):
    """A record's newest version not yet accepted by the hub above (written at ingest)."""

    __tablename__ = "hub_forward_queue"

    site_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class HubBundle(HubBase):
    """A USB bundle imported on the hub (`mpp-lite hub import`, the upload page): which, when, by whom."""

    __tablename__ = "hub_bundles"

    bundle_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_code: Mapped[str] = mapped_column(String(16), index=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(80), default="")
    records: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
