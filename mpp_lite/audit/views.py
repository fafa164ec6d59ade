"""Admin page of the audit log, filterable by actor, action and date. Read only: the app never
changes or deletes an audit row (the database refuses it too, see migration 0006)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l

from mpp_lite.audit.models import AuditEvent
from mpp_lite.auth.permissions import require
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.site.menus import add_admin

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
add_admin("audit.index", _l("Audit log"), _l("Who signed in, viewed, changed or exported what, and when."), 90)
PER_PAGE = 50


def _date(value: str | None) -> date | None:
    try:
        return clock.parse_day(value or "")
    except ValueError:
        return None


def _page(value: str | None) -> int:
    try:
        return min(max(1, int(value or 1)), 100000)
    except ValueError:
        return 1


def filtered_events(actor: str, action: str, start: date | None, end: date | None):
    query = db.select(AuditEvent)
    if actor:
        query = query.where(db.func.lower(AuditEvent.actor).contains(actor.lower(), autoescape=True))
    if action:
        query = query.where(AuditEvent.action == action)
    zone = clock.zone()
    if start:
        query = query.where(AuditEvent.at >= datetime.combine(start, time.min, zone))
    if end:
        query = query.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time.min, zone))
    return query


@bp.get("/")
@require("admin")
def index():
    actor = (request.args.get("actor") or "").strip()[:80]
    action = (request.args.get("action") or "").strip()[:48]
    start, end = _date(request.args.get("from")), _date(request.args.get("to"))
    page = _page(request.args.get("page"))
    query = filtered_events(actor, action, start, end)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    ).all()
    actions = db.session.scalars(db.select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    args = {
        "actor": actor,
        "action": action,
        "from": start.strftime("%d-%m-%Y") if start else "",
        "to": end.strftime("%d-%m-%Y") if end else "",
    }
    return render_template(
        "audit/index.html",
        events=events,
        actions=actions,
        args=args,
        page=page,
        total=total,
        pages=max(1, -(-total // PER_PAGE)),
    )
