"""Forwarding up: what this hub received goes on to the hub above (province -> nation) in the
same mpp-lite/v1 format, signed with the secret the hub above gave this one, each record
naming its origin site. The queue is written at ingest in the same transaction as the record;
a version leaves it only when the hub above accepted it, so every version arrives once."""

from __future__ import annotations

import json

from sqlalchemy import and_, delete, or_, select

from mpp_lite.database import in_transaction
from mpp_lite.hub.extensions import hub_db as db
from mpp_lite.hub.models import HubForwardQueue, HubForwardTarget, HubRecord, HubService, HubSite
from mpp_lite.hub.sites import PROVINCE_CODE, HubError
from mpp_lite.site import clock
from mpp_lite.sync.adapters import headers_for, send
from mpp_lite.sync.signing import SCHEMA, idempotency_key


def set_target(url: str, secret: str, code: str) -> None:
    """Forward to `url`, signing as `code` (this province's code on the hub above). Queues everything held."""
    if not PROVINCE_CODE.match(code):
        raise HubError("--code is this hub's province code as the hub above knows it, e.g. 32.")
    if not url.startswith(("http://", "https://")):
        raise HubError("The URL must start with http:// or https://.")
    db.session.execute(delete(HubForwardTarget))
    db.session.add(HubForwardTarget(id=1, url=url, secret=secret, code=code))
    queued = {(q.site_code, q.record_id) for q in db.session.scalars(select(HubForwardQueue))}
    rows = [
        {"site_code": s, "record_id": r, "version": v}
        for s, r, v in db.session.execute(select(HubRecord.site_code, HubRecord.record_id, HubRecord.version))
        if (s, r) not in queued
    ]
    rows += [
        {"site_code": s, "record_id": r, "version": v}
        for s, r, v in db.session.execute(select(HubService.site_code, HubService.record_id, HubService.version))
        if (s, r) not in queued
    ]
    if rows:
        db.session.execute(HubForwardQueue.__table__.insert(), rows)
    db.session.flush()


def _batch(limit: int) -> list[dict]:
    queue = list(
        db.session.execute(
            select(HubForwardQueue.site_code, HubForwardQueue.record_id, HubForwardQueue.version)
            .order_by(HubForwardQueue.site_code, HubForwardQueue.record_id)
            .limit(limit)
        )
    )
    if not queue:
        return []
    keys = [(s, r) for s, r, _v in queue]
    names = dict(
        db.session.execute(select(HubSite.code, HubSite.name).where(HubSite.code.in_({s for s, _r in keys}))).all()
    )
    wanted = or_(*[and_(HubRecord.site_code == s, HubRecord.record_id == r) for s, r in keys])
    held = {(row.site_code, row.record_id): row for row in db.session.scalars(select(HubRecord).where(wanted))}
    wanted = or_(*[and_(HubService.site_code == s, HubService.record_id == r) for s, r in keys])
    services = {(row.site_code, row.record_id): row for row in db.session.scalars(select(HubService).where(wanted))}
    records = []
    for site_code, record_id, _version in queue:
        row = held.get((site_code, record_id))
        if row is not None:
            kind, version, occurred_at, data = row.type, row.version, row.occurred_at, row.data
        else:
            service = services.get((site_code, record_id))
            if service is None:
                continue
            kind, version, occurred_at, data = "service", service.version, service.received_at.isoformat(), service.data
        records.append(
            {
                "id": record_id,
                "type": kind,
                "version": version,
                "occurred_at": occurred_at,
                "data": data,
                "site": {"code": site_code, "name": names.get(site_code, site_code)},
            }
        )
    return records


def next_batch(limit: int) -> dict | None:
    """The hub above and the next queued records as plain values (None: nothing is set up to forward)."""
    target = db.session.scalar(select(HubForwardTarget))
    if target is None:
        return None
    return {"url": target.url, "secret": target.secret, "code": target.code, "records": _batch(limit)}


def mark_answered(records: list[dict], answered: set[str]) -> None:
    """The versions the hub above accepted or rejected leave the queue (a rejected one would be rejected
    again); a newer version queued since stays. Flushes."""
    for record in records:
        if record["id"] in answered:
            db.session.execute(
                delete(HubForwardQueue).where(
                    HubForwardQueue.site_code == record["site"]["code"],
                    HubForwardQueue.record_id == record["id"],
                    HubForwardQueue.version <= record["version"],
                )
            )
    db.session.flush()


def forward(batch_size: int = 200, timeout: float = 30) -> dict:
    """Send the queue in batches until it is empty or the hub above fails (the command's loop).

    Each batch is read in one transaction, sent outside any transaction, and its answer noted in
    another. Answers {"sent": n, "rejected": {id: error}, "pending": n, "error": None | message}.
    """
    sent, rejected, error = 0, {}, None
    while True:
        work = in_transaction(lambda: next_batch(batch_size))
        if work is None:
            raise HubError("No hub above is set: run `mpp-lite hub forward-to --url URL --secret-file F --code 32`.")
        records = work["records"]
        if not records:
            break
        body = json.dumps(
            {
                "schema": SCHEMA,
                "site": {"code": work["code"], "name": f"Hub {work['code']}"},
                "sent_at": clock.utcnow().isoformat(),
                "records": records,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        key = idempotency_key(work["code"], [(r["id"], r["version"]) for r in records])
        answer = send(work["url"], body, headers_for(work["code"], work["secret"], body, key), timeout)
        if answer.kind != "ok":
            error = answer.message or answer.kind
            break
        rejected.update(answer.rejected)
        answered = set(answer.accepted) | set(answer.rejected)
        in_transaction(lambda answered=answered, records=records: mark_answered(records, answered))
        sent += len(answer.accepted)
        if not answered:
            error = "the hub above accepted nothing"
            break
    pending = in_transaction(lambda: db.session.query(HubForwardQueue).count())
    return {"sent": sent, "rejected": rejected, "pending": pending, "error": error}
