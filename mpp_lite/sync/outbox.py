"""The outbox writer: every change to a synced record adds an outbox row in the same transaction.

A session `before_flush` hook bumps the record's version on a real change (1 on insert) and
notes what changed; `after_flush_postexec` builds the payloads and inserts the outbox rows and their
per-endpoint delivery rows on the flush's own connection. Whatever rolls back the change
rolls back its outbox row with it, so a change can never exist without its row or the
reverse. (Bulk SQL statements that bypass the ORM do not pass through here.)
"""

from __future__ import annotations

from sqlalchemy import event, insert, inspect, select

from mpp_lite.database import new_uuid
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.sync.models import OutboxRow, SyncDelivery, SyncEndpoint
from mpp_lite.sync.policy import POLICIES, has_real_change, parent_of, sync_type_of

CHANGES_KEY = "mpp_lite_sync_changes"


def register() -> None:
    """Attach the outbox hooks to the app's session (once per process)."""
    if not event.contains(db.session, "before_flush", _before_flush):
        event.listen(db.session, "before_flush", _before_flush)
        event.listen(db.session, "after_flush_postexec", _after_flush)
        event.listen(db.session, "after_rollback", _after_rollback)


def _parent(session, child):
    parent = parent_of(child)
    if parent is not None:
        return parent
    # The step was made with a bare foreign key: follow it.
    for name, relation in inspect(type(child)).relationships.items():
        policy_children = [p.children.get(type(child).__name__) for p in POLICIES.values()]
        if name in policy_children:
            columns = list(relation.local_columns)
            ident = getattr(child, columns[0].key, None) if columns else None
            if ident is not None:
                return session.get(relation.mapper.class_, ident)
    return None


def _before_flush(session, flush_context, instances) -> None:
    changes: dict[int, list] = session.info.setdefault(CHANGES_KEY, {})

    def mark(obj, action):
        entry = changes.get(id(obj))
        if entry is None:
            changes[id(obj)] = [obj, action, None]
        elif action == "delete":
            entry[1] = "delete"

    with session.no_autoflush:
        for obj in list(session.new):
            if sync_type_of(obj):
                if not obj.uid:
                    obj.uid = new_uuid()
                if not obj.version:
                    obj.version = 1
                mark(obj, "insert")
            else:
                parent = _parent(session, obj)
                if parent is not None and sync_type_of(parent):
                    mark(parent, "insert" if parent in session.new else "update")
        for obj in list(session.dirty):
            if sync_type_of(obj):
                if has_real_change(obj):
                    mark(obj, "update")
            elif has_real_change(obj):
                parent = _parent(session, obj)
                if parent is not None and sync_type_of(parent):
                    mark(parent, "update")
        for obj in list(session.deleted):
            if sync_type_of(obj):
                mark(obj, "delete")
            else:
                parent = _parent(session, obj)
                if parent is not None and sync_type_of(parent) and parent not in session.deleted:
                    mark(parent, "update")
        for entry in changes.values():
            obj, action, bumped = entry
            if action == "insert" or bumped:
                continue
            # A real change to a stored record: the next version (once per flush).
            entry[2] = True
            if action == "delete":
                entry.append((obj.uid, (obj.version or 1) + 1))
            else:
                obj.version = (obj.version or 1) + 1


def _after_flush(session, flush_context) -> None:
    changes = session.info.pop(CHANGES_KEY, None)
    if not changes:
        return
    now = clock.utcnow()
    rows = []
    with session.no_autoflush:
        for entry in changes.values():
            obj, action = entry[0], entry[1]
            kind = sync_type_of(obj)
            if action == "delete":
                uid, version = entry[3] if len(entry) > 3 else (obj.uid, (obj.version or 1) + 1)
                payload = {"deleted": True}
            else:
                uid, version = obj.uid, obj.version
                payload = POLICIES[kind].payload(obj)
            rows.append({"record_type": kind, "record_uid": uid, "version": version,
                         "occurred_at": now, "payload": payload, "created_at": now})
    connection = session.connection()
    table = OutboxRow.__table__
    result = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    outbox_ids = [row[0] for row in result]
    endpoint_ids = connection.execute(select(SyncEndpoint.__table__.c.id)).scalars().all()
    if endpoint_ids:
        connection.execute(insert(SyncDelivery.__table__), [
            {"outbox_id": outbox_id, "endpoint_id": endpoint_id, "state": "pending", "attempts": 0,
             "next_attempt_at": now, "last_error": ""}
            for outbox_id in outbox_ids for endpoint_id in endpoint_ids
        ])


def _after_rollback(session) -> None:
    session.info.pop(CHANGES_KEY, None)
