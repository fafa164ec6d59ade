"""Endpoints, delivery counts, dead-letter retries, the push lock and sync settings.

Like every service module: plain values in, flush but never commit (except the lock, which
must be visible to other processes at once and commits on its own).
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from mpp_lite.errors import DomainError
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.site.services import get_settings, update_settings
from mpp_lite.sync.models import DeliveryState, OutboxRow, SyncDelivery, SyncEndpoint, SyncLock
from mpp_lite.sync.policy import POLICY_NAMES, RECORD_TYPES

DEFAULTS = {
    "SYNC_TIMEOUT": 30.0,
    "SYNC_BACKOFF_BASE": 30.0,
    "SYNC_BACKOFF_CAP": 3600.0,
    "SYNC_MAX_ATTEMPTS": 20,
    "SYNC_BATCH_SIZE": 100,
    "SYNC_AUTO_PUSH_MINUTES": 0,
    "SYNC_OUTBOX_KEEP_DAYS": 30,
}
LOCK_NAME = "push"


class SyncError(DomainError):
    """A configuration problem a person must fix (the message says what to do)."""


def setting(key: str):
    value = current_app.config.get(key, DEFAULTS[key])
    kind = type(DEFAULTS[key])
    try:
        return kind(value)
    except (TypeError, ValueError) as error:
        raise SyncError(f"MPP_{key} must be a number (got {value!r})") from error


def site_identity() -> dict:
    """This site's code and name as the receiver sees them (settings `site_code`, `mpp_name`)."""

    settings = get_settings()
    code = (settings.get("site_code") or "").strip()
    if not code:
        raise SyncError(
            "The site code is not set. Set it on the admin page Sinkronisasi or with "
            "`mpp-lite sync site --code CODE` (e.g. the regency's Kemendagri code 32.04)."
        )
    return {"code": code, "name": settings.get("mpp_name") or code}


def set_site(code: str, name: str | None = None) -> None:
    code = (code or "").strip()
    if not code or len(code) > 40 or any(ch.isspace() for ch in code):
        raise SyncError("The site code must be 1-40 characters without spaces, e.g. 32.04")
    values = {"site_code": code}
    if name:
        values["mpp_name"] = name.strip()
    update_settings(values)


def check_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SyncError(f"The URL {url!r} is not an http:// or https:// address.")
    return url


def check_batch_size(size) -> int:
    try:
        size = int(size)
    except (TypeError, ValueError) as error:
        raise SyncError("The batch size must be a whole number from 1 to 1000.") from error
    if not 1 <= size <= 1000:
        raise SyncError("The batch size must be a whole number from 1 to 1000.")
    return size


def get_endpoint(name: str) -> SyncEndpoint | None:
    return db.session.scalar(select(SyncEndpoint).where(SyncEndpoint.name == name))


def list_endpoints() -> list[SyncEndpoint]:
    return list(db.session.scalars(select(SyncEndpoint).order_by(SyncEndpoint.name)))


def add_endpoint(
    name: str,
    url: str,
    secret: str,
    batch_size: int = 100,
    policy: str = "default",
    enabled: bool = True,
    legal_basis: str = "",
    backlog: bool = True,
) -> SyncEndpoint:
    """Add an endpoint; with `backlog`, the latest version of every record is queued for it."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise SyncError("The endpoint name must be 1-60 characters.")
    if get_endpoint(name) is not None:
        raise SyncError(f"An endpoint named {name!r} exists already; remove it first or pick another name.")
    secret = (secret or "").strip()
    if len(secret) < 16:
        raise SyncError("The shared secret must be at least 16 characters (e.g. from `openssl rand -hex 32`).")
    if policy not in POLICY_NAMES:
        raise SyncError(f"Unknown policy {policy!r}: use one of {', '.join(POLICY_NAMES)}.")
    if policy == "full" and not legal_basis.strip():
        legal_basis = "set by an administrator"
    endpoint = SyncEndpoint(
        name=name,
        url=check_url(url),
        secret=secret,
        batch_size=check_batch_size(batch_size),
        policy=policy,
        enabled=enabled,
        legal_basis=legal_basis.strip(),
        last_error="",
    )
    db.session.add(endpoint)
    db.session.flush()
    if backlog:
        queue_backlog(endpoint)
    return endpoint


def update_endpoint(
    endpoint: SyncEndpoint, *, url=None, secret=None, batch_size=None, enabled=None, policy=None, legal_basis=None
) -> SyncEndpoint:
    if url is not None:
        endpoint.url = check_url(url)
    if secret:
        secret = secret.strip()
        if len(secret) < 16:
            raise SyncError("The shared secret must be at least 16 characters.")
        endpoint.secret = secret
    if batch_size is not None:
        endpoint.batch_size = check_batch_size(batch_size)
    if enabled is not None:
        endpoint.enabled = bool(enabled)
    if legal_basis is not None:
        endpoint.legal_basis = legal_basis.strip()
    if policy is not None:
        if policy not in POLICY_NAMES:
            raise SyncError(f"Unknown policy {policy!r}: use one of {', '.join(POLICY_NAMES)}.")
        if policy == "full" and not (endpoint.legal_basis or "").strip():
            raise SyncError("The full policy sends NIK, phone numbers and names: write down the legal basis first.")
        endpoint.policy = policy
    db.session.flush()
    return endpoint


def remove_endpoint(endpoint: SyncEndpoint) -> None:
    db.session.execute(SyncDelivery.__table__.delete().where(SyncDelivery.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.flush()


def queue_backlog(endpoint: SyncEndpoint) -> int:
    """Queue the latest version of every record for an endpoint that has none of them yet."""
    latest = (select(func.max(OutboxRow.id).label("id")).group_by(OutboxRow.record_uid)).subquery()
    ids = list(db.session.scalars(select(latest.c.id)))
    now = clock.utcnow()
    if ids:
        db.session.execute(
            SyncDelivery.__table__.insert(),
            [
                {
                    "outbox_id": i,
                    "endpoint_id": endpoint.id,
                    "state": DeliveryState.PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "last_error": "",
                }
                for i in ids
            ],
        )
    return len(ids)


def retry_dead(endpoint: SyncEndpoint | None = None) -> int:
    """Put dead rows back to pending, attempts reset; answers how many."""
    statement = (
        update(SyncDelivery)
        .where(SyncDelivery.state == DeliveryState.DEAD)
        .values(state=DeliveryState.PENDING, attempts=0, next_attempt_at=clock.utcnow())
    )
    if endpoint is not None:
        statement = statement.where(SyncDelivery.endpoint_id == endpoint.id)
    count = db.session.execute(statement).rowcount
    db.session.flush()
    return count


def counts() -> dict[int, dict[str, dict[str, int]]]:
    """{endpoint_id: {"pending"|"sent"|"dead": {type: n}}} with every type present."""
    result: dict[int, dict[str, dict[str, int]]] = {}
    for endpoint in list_endpoints():
        result[endpoint.id] = {
            state: dict.fromkeys(RECORD_TYPES, 0)
            for state in (DeliveryState.PENDING, DeliveryState.SENT, DeliveryState.DEAD)
        }
    rows = db.session.execute(
        select(SyncDelivery.endpoint_id, OutboxRow.record_type, SyncDelivery.state, func.count())
        .join(OutboxRow, OutboxRow.id == SyncDelivery.outbox_id)
        .where(SyncDelivery.state.in_((DeliveryState.PENDING, DeliveryState.SENT, DeliveryState.DEAD)))
        .group_by(SyncDelivery.endpoint_id, OutboxRow.record_type, SyncDelivery.state)
    )
    for endpoint_id, record_type, state, n in rows:
        if endpoint_id in result:
            result[endpoint_id][state][record_type] = result[endpoint_id][state].get(record_type, 0) + n
    return result


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def status() -> dict:
    """The `sync status --json` answer (contract shape)."""
    all_counts = counts()
    return {
        "endpoints": [
            {
                "name": endpoint.name,
                **all_counts[endpoint.id],
                "last_success": _iso(endpoint.last_success_at),
                "last_error": endpoint.last_error or None,
            }
            for endpoint in list_endpoints()
        ]
    }


def dead_rows(endpoint: SyncEndpoint, limit: int = 50) -> list[tuple[SyncDelivery, OutboxRow]]:
    return list(
        db.session.execute(
            select(SyncDelivery, OutboxRow)
            .join(OutboxRow, OutboxRow.id == SyncDelivery.outbox_id)
            .where(SyncDelivery.endpoint_id == endpoint.id, SyncDelivery.state == DeliveryState.DEAD)
            .order_by(OutboxRow.id.desc())
            .limit(limit)
        )
    )


def prune_outbox(keep_days: int | None = None) -> int:
    """Delete outbox rows no endpoint still needs: an older version of a record (the latest is
    always kept), older than `keep_days`, with nothing pending or dead. Answers how many."""
    from sqlalchemy import delete, exists
    from sqlalchemy.orm import aliased

    keep_days = setting("SYNC_OUTBOX_KEEP_DAYS") if keep_days is None else keep_days
    before = clock.utcnow() - timedelta(days=keep_days)
    newer = aliased(OutboxRow)
    unfinished = aliased(SyncDelivery)
    doomed = select(OutboxRow.id).where(
        OutboxRow.created_at < before,
        exists().where(newer.record_uid == OutboxRow.record_uid, newer.version > OutboxRow.version),
        ~exists().where(
            unfinished.outbox_id == OutboxRow.id, unfinished.state.in_((DeliveryState.PENDING, DeliveryState.DEAD))
        ),
    )
    ids = list(db.session.scalars(doomed))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.session.execute(delete(SyncDelivery).where(SyncDelivery.outbox_id.in_(chunk)))
        db.session.execute(delete(OutboxRow).where(OutboxRow.id.in_(chunk)))
    return len(ids)


# The push lock --------------------------------------------------------------------------


def lock_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(4).hex()}"[:80]


def acquire_lock(holder: str, lease_seconds: float) -> bool:
    """Take the push lease, or answer False when another live push holds it. Commits."""
    now = clock.utcnow()
    expires = now + timedelta(seconds=lease_seconds)
    taken = db.session.execute(
        update(SyncLock)
        .where(SyncLock.name == LOCK_NAME, or_(SyncLock.expires_at < now, SyncLock.holder == holder))
        .values(holder=holder, acquired_at=now, expires_at=expires)
    ).rowcount
    if taken:
        db.session.commit()  # the lease must be seen by other processes at once
        return True
    if db.session.get(SyncLock, LOCK_NAME) is not None:
        db.session.rollback()
        return False
    db.session.add(SyncLock(name=LOCK_NAME, holder=holder, acquired_at=now, expires_at=expires))
    try:
        db.session.commit()  # as above
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def renew_lock(holder: str, lease_seconds: float) -> None:
    db.session.execute(
        update(SyncLock)
        .where(SyncLock.name == LOCK_NAME, SyncLock.holder == holder)
        .values(expires_at=clock.utcnow() + timedelta(seconds=lease_seconds))
    )
    db.session.commit()  # a lease: seen by other processes at once


def release_lock(holder: str) -> None:
    db.session.rollback()
    db.session.execute(SyncLock.__table__.delete().where(SyncLock.name == LOCK_NAME, SyncLock.holder == holder))
    db.session.commit()  # a lease: seen by other processes at once


def lock_info() -> SyncLock | None:
    lock = db.session.get(SyncLock, LOCK_NAME)
    if lock is not None and lock.expires_at < clock.utcnow():
        return None
    return lock
