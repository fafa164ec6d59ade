"""The push client: sends pending outbox rows to each endpoint in signed mpp-lite/v1 batches.

Oldest first, in batches; only the latest pending version of a record is sent (older ones are
marked superseded). A batch's Idempotency-Key comes from its (id, version) list, so a retry of
the same contents carries the same key. Failures that may pass (timeouts, dropped
connections, 408/429/5xx, answers that are not JSON or cut short) leave the rows pending with
exponential backoff and full jitter; a row is dead after SYNC_MAX_ATTEMPTS tries or when the
receiver rejects it. A 401/403 stops the whole run: the secret or this PC's clock is wrong.

A push is a job, like a CLI command, not a service: it owns its transactions and commits after
each batch (marked "job" below), so that a crash loses at most one batch's bookkeeping and the
receiver is called with no transaction or SQLite write lock held.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, exists, select, update
from sqlalchemy.orm import aliased

from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.site.logs import operations
from mpp_lite.sync import services
from mpp_lite.sync.adapters import Answer, adapter_for  # noqa: F401  Answer: adapters written for 0.1 import it from here
from mpp_lite.sync.models import DeliveryState, OutboxRow, SyncDelivery, SyncEndpoint
from mpp_lite.sync.signing import idempotency_key


class PushLocked(Exception):
    """Another push holds the lock."""


@dataclass
class EndpointResult:
    name: str
    total: int = 0
    sent: int = 0
    batches: int = 0
    failed_batches: int = 0
    dead: list[str] = field(default_factory=list)
    error: str | None = None
    fatal: bool = False  # auth or configuration: the run stops


@dataclass
class PushResult:
    endpoints: list[EndpointResult]
    pending: int = 0

    @property
    def fatal(self) -> EndpointResult | None:
        return next((r for r in self.endpoints if r.fatal), None)

    @property
    def exit_code(self) -> int:
        if self.fatal:
            return 1
        return 3 if self.pending else 0


def push(endpoint_name: str | None = None, progress: Callable[[EndpointResult], None] | None = None) -> PushResult:
    """One push run over the enabled endpoints (or the one named). Commits as it goes.

    Raises services.SyncError for a configuration problem and PushLocked when another push runs.
    """
    site = services.site_identity()
    if endpoint_name:
        endpoint = services.get_endpoint(endpoint_name)
        if endpoint is None:
            raise services.SyncError(f"No endpoint named {endpoint_name!r}; see `mpp-lite sync list`.")
        if not endpoint.enabled:
            raise services.SyncError(f"The endpoint {endpoint_name!r} is disabled; enable it on the admin page.")
        endpoints = [endpoint]
    else:
        endpoints = [e for e in services.list_endpoints() if e.enabled]
        if not endpoints:
            raise services.SyncError(
                "No enabled endpoint: add one with `mpp-lite sync add-endpoint --name N --url URL --secret-file F`."
            )
    for endpoint in endpoints:
        adapter_for(endpoint)  # a misconfigured adapter is a configuration error, before anything runs
    timeout = services.setting("SYNC_TIMEOUT")
    lease = max(120.0, 4 * timeout)
    holder = services.lock_holder()
    if not services.acquire_lock(holder, lease):
        raise PushLocked("Another push is running; this one sends nothing. Try again when it has finished.")
    results: list[EndpointResult] = []
    try:
        for endpoint in endpoints:
            result = push_endpoint(endpoint, site, holder, lease, progress)
            results.append(result)
            if result.fatal:
                break
        if not any(r.fatal for r in results):
            services.prune_outbox()
            db.session.commit()  # job: see the module docstring
        ids = [e.id for e in endpoints]
        pending = (
            db.session.scalar(
                select(db.func.count())
                .select_from(SyncDelivery)
                .where(SyncDelivery.endpoint_id.in_(ids), SyncDelivery.state == DeliveryState.PENDING)
            )
            or 0
        )
    finally:
        services.release_lock(holder)
    for result in results:
        log = operations.warning if result.error or result.dead else operations.info
        log(
            "Sync push to %s: %d sent in %d batch(es), %d dead%s",
            result.name,
            result.sent,
            result.batches,
            len(result.dead),
            f"; {result.error}" if result.error else "",
        )
    if pending:
        operations.info("Sync push: %d record(s) still pending", pending)
    return PushResult(results, pending)


def supersede_older(endpoint_id: int) -> None:
    """Only the latest version of a record needs sending: older pending or dead ones step aside."""
    mine, newer = aliased(OutboxRow), aliased(OutboxRow)
    later = aliased(SyncDelivery)
    has_newer = exists().where(
        later.endpoint_id == endpoint_id,
        later.state.in_((DeliveryState.PENDING, DeliveryState.SENT)),
        later.outbox_id == newer.id,
        newer.record_uid == mine.record_uid,
        newer.version > mine.version,
    )
    older_ids = select(mine.id).where(has_newer)
    db.session.execute(
        update(SyncDelivery)
        .where(
            SyncDelivery.endpoint_id == endpoint_id,
            SyncDelivery.state.in_((DeliveryState.PENDING, DeliveryState.DEAD)),
            SyncDelivery.outbox_id.in_(older_ids),
        )
        .values(state=DeliveryState.SUPERSEDED),
        execution_options={"synchronize_session": False},
    )


def due_count(endpoint_id: int) -> int:
    return (
        db.session.scalar(
            select(db.func.count())
            .select_from(SyncDelivery)
            .where(
                SyncDelivery.endpoint_id == endpoint_id,
                SyncDelivery.state == DeliveryState.PENDING,
                SyncDelivery.next_attempt_at <= clock.utcnow(),
            )
        )
        or 0
    )


def next_batch(endpoint: SyncEndpoint) -> list[tuple[SyncDelivery, OutboxRow]]:
    rows = db.session.execute(
        select(SyncDelivery, OutboxRow)
        .join(OutboxRow, and_(OutboxRow.id == SyncDelivery.outbox_id))
        .where(
            SyncDelivery.endpoint_id == endpoint.id,
            SyncDelivery.state == DeliveryState.PENDING,
            SyncDelivery.next_attempt_at <= clock.utcnow(),
        )
        .order_by(OutboxRow.id)
        .limit(endpoint.batch_size)
    ).all()
    latest: dict[str, tuple[SyncDelivery, OutboxRow]] = {}
    for delivery, row in rows:
        kept = latest.get(row.record_uid)
        if kept is None or row.version > kept[1].version:
            if kept is not None:
                kept[0].state = DeliveryState.SUPERSEDED
            latest[row.record_uid] = (delivery, row)
        else:
            delivery.state = DeliveryState.SUPERSEDED
    return sorted(latest.values(), key=lambda pair: pair[1].id)


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff, capped, with full jitter (AWS architecture blog)."""
    base, cap = services.setting("SYNC_BACKOFF_BASE"), services.setting("SYNC_BACKOFF_CAP")
    return random.uniform(0, min(cap, base * (2 ** min(attempts - 1, 30))))  # noqa: S311  not for secrets


def _fail(
    delivery: SyncDelivery, row: OutboxRow, message: str, result: EndpointResult, delay: float | None = None
) -> None:
    delivery.attempts += 1
    delivery.last_error = message[:1000]
    if delivery.attempts >= services.setting("SYNC_MAX_ATTEMPTS"):
        delivery.state = DeliveryState.DEAD
        delivery.last_error = f"gave up after {delivery.attempts} attempts: {message}"[:1000]
        result.dead.append(f"{row.record_type} {row.record_uid} v{row.version}: {delivery.last_error}")
    else:
        if delay is None:
            delay = backoff_seconds(delivery.attempts)
        delivery.next_attempt_at = clock.utcnow() + timedelta(seconds=delay)


def push_endpoint(
    endpoint: SyncEndpoint,
    site: dict,
    holder: str,
    lease: float,
    progress: Callable[[EndpointResult], None] | None = None,
) -> EndpointResult:
    result = EndpointResult(endpoint.name)
    timeout = services.setting("SYNC_TIMEOUT")
    adapter = adapter_for(endpoint)
    supersede_older(endpoint.id)
    db.session.commit()  # job: see the module docstring
    result.total = due_count(endpoint.id)
    while True:
        batch = next_batch(endpoint)
        if not batch:
            db.session.commit()  # job: see the module docstring
            break
        rows = [row for _, row in batch]
        key = idempotency_key(site["code"], [(row.record_uid, row.version) for row in rows])
        body, headers = adapter.request(site, endpoint, rows, key)
        answer = adapter.send(endpoint.url, body, headers, timeout)
        now = clock.utcnow()
        endpoint.last_attempt_at = now
        result.batches += 1
        if answer.kind == "ok":
            accepted = set(answer.accepted)
            for delivery, row in batch:
                if row.record_uid in answer.rejected:
                    delivery.state, delivery.last_error = DeliveryState.DEAD, answer.rejected[row.record_uid]
                    delivery.attempts += 1
                    result.dead.append(f"{row.record_type} {row.record_uid} v{row.version}: {delivery.last_error}")
                elif row.record_uid in accepted:
                    delivery.state, delivery.sent_at, delivery.last_error = DeliveryState.SENT, now, ""
                    delivery.attempts += 1
                    result.sent += 1
                else:
                    _fail(delivery, row, "missing from the receiver's answer", result)
            endpoint.last_success_at = now
        elif answer.kind == "rejected":
            for delivery, row in batch:
                delivery.state, delivery.last_error = (
                    DeliveryState.DEAD,
                    f"the receiver refused the batch: {answer.message}"[:1000],
                )
                delivery.attempts += 1
                result.dead.append(f"{row.record_type} {row.record_uid} v{row.version}: {delivery.last_error}")
            endpoint.last_error, endpoint.last_error_at = answer.message[:1000], now
        elif answer.kind in ("auth", "config"):
            endpoint.last_error, endpoint.last_error_at = answer.message[:1000], now
            result.error, result.fatal = answer.message, True
            db.session.commit()  # job: see the module docstring
            return result
        else:
            # One delay for the whole batch keeps it together, so its retry carries the same
            # contents and therefore the same Idempotency-Key.
            delay = backoff_seconds(max(delivery.attempts for delivery, _ in batch) + 1)
            for delivery, row in batch:
                _fail(delivery, row, answer.message, result, delay)
            endpoint.last_error, endpoint.last_error_at = answer.message[:1000], now
            result.error = answer.message
            result.failed_batches += 1
            db.session.commit()  # job: see the module docstring
            break  # the endpoint is unwell: leave the rest for the next run
        db.session.commit()  # job: see the module docstring
        services.renew_lock(holder, lease)
        if progress is not None:
            progress(result)
        time.sleep(0)
    return result
