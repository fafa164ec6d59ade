"""The outbox writer: every change to a synced record adds an outbox row in the same transaction.

A session `before_flush` hook bumps the record's version on a real change (1 on insert; a
status step is a change of its application or complaint) and notes what changed;
`after_flush_postexec` builds the payloads and inserts the outbox rows and their per-endpoint
delivery rows on the flush's own connection. Whatever rolls back the change rolls back its outbox
row with it, so a change can never exist without its row or the reverse.

Statements that write without the flush (an INSERT on the connection, an UPDATE ... RETURNING
such as the queue's compare-and-set claims) add their outbox rows themselves, in the same
transaction: `record_new` for a row they inserted, `record_changed` for rows they updated (the
statement raises the version itself, `version = version + 1`, as the flush hook would)."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Integer, bindparam, cast, event, insert, inspect, literal_column, select

from mpp_lite.database import new_uuid
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.sync.models import OutboxRow, SyncDelivery, SyncEndpoint
from mpp_lite.sync.policy import POLICIES, has_real_change, parent_of, sync_type_of

CHANGES_KEY = "mpp_lite_sync_changes"
# Records that already have a new version (and its outbox row) in the open transaction: a
# later change in the same transaction updates that row instead of making another version.
TX_KEY = "mpp_lite_sync_transaction"


def register() -> None:
    """Attach the outbox hooks to the app's session (once per process)."""
    if not event.contains(db.session, "before_flush", _before_flush):
        event.listen(db.session, "before_flush", _before_flush)
        event.listen(db.session, "after_flush_postexec", _after_flush)
        event.listen(db.session, "after_soft_rollback", _after_rollback)
        event.listen(db.session, "after_transaction_end", _after_transaction_end)


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
    # Fresh for every flush: a flush that failed (e.g. inside a savepoint that was rolled
    # back) must leave nothing behind for the next one.
    changes: dict[int, list] = {}
    session.info[CHANGES_KEY] = changes

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
        versioned = session.info.get(TX_KEY, {})
        for entry in changes.values():
            obj, action, bumped = entry
            if action == "insert" or bumped:
                continue
            # A real change to a stored record: the next version, once per transaction.
            entry[2] = True
            known = versioned.get(obj.uid)
            this_transaction = known is not None and known[1] == obj.version
            if action == "delete":
                entry.append((obj.uid, obj.version if this_transaction else (obj.version or 1) + 1))
            elif not this_transaction:
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
            rows.append(
                {
                    "record_type": kind,
                    "record_uid": uid,
                    "version": version,
                    "occurred_at": now,
                    "payload": payload,
                    "created_at": now,
                }
            )
    _write(session, rows, now)


def record_new(session, kind: str, record, now) -> None:
    """The outbox row of a record inserted with a Core statement, which the flush hooks never
    see; `record` has the model's attribute names (e.g. the queue's `IssuedTicket`)."""
    record_changed(session, kind, [record], now)


def record_changed(session, kind: str, records, now) -> None:
    """Outbox rows for records a statement wrote without the flush (e.g. an UPDATE ... RETURNING
    the model), each at the version the statement gave it. A record that already has a row of
    that version in this transaction (written twice by one step) gets that row updated."""
    rows = [
        {
            "record_type": kind,
            "record_uid": record.uid,
            "version": record.version,
            "occurred_at": now,
            "payload": POLICIES[kind].payload(record),
            "created_at": now,
        }
        for record in records
    ]
    if rows:
        _write(session, rows, now)


@cache
def _insert_returning_id(table):
    return insert(table).returning(table.c.id, sort_by_parameter_order=True)


@cache
def _deliveries_for_every_endpoint():
    """One statement: a pending delivery of an outbox row for each endpoint there is now."""
    endpoints, deliveries = SyncEndpoint.__table__, SyncDelivery.__table__
    return deliveries.insert().from_select(
        ["outbox_id", "endpoint_id", "state", "attempts", "next_attempt_at", "last_error"],
        select(
            cast(bindparam("outbox_id"), Integer),
            endpoints.c.id,
            literal_column("'pending'"),
            literal_column("0"),
            bindparam("now", type_=deliveries.c.next_attempt_at.type),
            literal_column("''"),
        ),
    )


def _write(session, rows: list[dict], now) -> None:
    """Insert outbox rows (or update this transaction's row of the same version) and their
    deliveries for every endpoint, on the session's connection."""
    connection = session.connection()
    table = OutboxRow.__table__
    versioned = session.info.setdefault(TX_KEY, {})
    fresh = []
    for row in rows:
        known = versioned.get(row["record_uid"])
        if known is not None and known[1] == row["version"]:
            connection.execute(
                table.update()
                .where(table.c.id == known[0])
                .values(payload=row["payload"], occurred_at=row["occurred_at"])
            )
        else:
            fresh.append(row)
    outbox_ids = [row[0] for row in connection.execute(_insert_returning_id(table), fresh)] if fresh else []
    for outbox_id, row in zip(outbox_ids, fresh, strict=True):
        versioned[row["record_uid"]] = (outbox_id, row["version"])
    if outbox_ids:
        connection.execute(
            _deliveries_for_every_endpoint(), [{"outbox_id": outbox_id, "now": now} for outbox_id in outbox_ids]
        )
    # Once a record is anonymised, its older payloads must not keep what was removed.
    for row in rows:
        if row["payload"].get("anonymised") is True and row["version"] > 1:
            connection.execute(
                table.update()
                .where(table.c.record_uid == row["record_uid"], table.c.version < row["version"])
                .values(payload={"scrubbed": True})
            )


def _after_rollback(session, previous_transaction=None) -> None:
    # Any rollback, a savepoint's too, may have removed rows noted in TX_KEY: forget them all
    # (later changes in the transaction simply make new versions).
    session.info.pop(CHANGES_KEY, None)
    session.info.pop(TX_KEY, None)


def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(TX_KEY, None)
