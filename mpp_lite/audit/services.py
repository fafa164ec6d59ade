"""Writing audit events; callers own the transaction like any other write."""

from __future__ import annotations

from flask import has_request_context, request

from mpp_lite.audit.models import AuditEvent
from mpp_lite.extensions import db


def record(actor, action: str, object_type: str = "", object_id="", **detail) -> AuditEvent:
    """Record that `actor` (an Actor, a User, or a plain name) did `action`.

    Never put personal data (NIK, phone) in `detail`: name the record, not its content.
    """
    name = getattr(actor, "name", None) or getattr(actor, "username", None) or str(actor)
    role = getattr(actor, "role", "") or ""
    event = AuditEvent(
        actor=name[:80],
        actor_role=role,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        detail=detail,
        ip=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    db.session.add(event)
    db.session.flush()
    return event
