"""Setting up queues and counters: which prefixes exist, their hours and quotas, and which queues
each counter serves. Plain values in, flush but never commit: the caller owns the transaction.
Each change is recorded in the audit log here, whoever asks for it (the admin pages or a script).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from mpp_lite.audit.services import record
from mpp_lite.catalogue.models import Tenant
from mpp_lite.catalogue.services import is_taken
from mpp_lite.errors import FieldError
from mpp_lite.extensions import db
from mpp_lite.queue.models import Counter, Queue

QUEUE_FIELDS = ("name", "tenant_id", "daily_quota", "opens_at", "closes_at", "service_minutes", "active")


def _check_tenant(values: dict) -> None:
    if values.get("tenant_id") and db.session.get(Tenant, values["tenant_id"]) is None:
        raise FieldError(_l("Choose a tenant from the list."), "tenant_id")


def save_queue(queue: Queue, values: dict, actor) -> Queue:
    """Create or change a queue; its prefix must be unique (compared without case)."""
    prefix = (values.get("prefix") or "").strip().upper()
    if is_taken(Queue, Queue.prefix, prefix, queue.id):
        raise FieldError(_l("Another queue already uses the prefix %(prefix)s.", prefix=prefix), "prefix")
    _check_tenant(values)
    created = queue.id is None
    queue.prefix = prefix
    for field in QUEUE_FIELDS:
        if field in values:
            value = values[field]
            setattr(queue, field, value.strip() if isinstance(value, str) else value)
    if created:
        db.session.add(queue)
    db.session.flush()
    record(actor, "queue_created" if created else "queue_updated", "queue", queue.id, prefix=queue.prefix)
    return queue


def save_counter(counter: Counter, values: dict, actor) -> Counter:
    """Create or change a counter: a unique number, a name, its tenant and the queues it serves."""
    number = values.get("number")
    statement = db.select(Counter.id).where(Counter.number == number)
    if counter.id is not None:
        statement = statement.where(Counter.id != counter.id)
    if db.session.scalar(statement.limit(1)) is not None:
        raise FieldError(_l("Counter %(num)s already exists.", num=number), "number")
    _check_tenant(values)
    queue_ids = list(values.get("queue_ids") or [])
    queues = list(db.session.scalars(db.select(Queue).where(Queue.id.in_(queue_ids)))) if queue_ids else []
    if len(queues) != len(set(queue_ids)):
        raise FieldError(_l("Choose queues from the list."), "queue_ids")
    created = counter.id is None
    counter.number = number
    counter.name = (values.get("name") or "").strip()
    counter.tenant_id = values.get("tenant_id")
    counter.active = bool(values.get("active"))
    counter.queues = sorted(queues, key=lambda q: q.prefix)
    if created:
        db.session.add(counter)
    db.session.flush()
    record(
        actor,
        "counter_created" if created else "counter_updated",
        "counter",
        counter.id,
        number=counter.number,
        queues=[q.prefix for q in counter.queues],
    )
    return counter
