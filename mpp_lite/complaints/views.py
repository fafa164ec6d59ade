"""Complaint pages: /pengaduan for citizens (kiosk and phone) and the staff desk per tenant."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import current_actor, public, require
from mpp_lite.catalogue.models import Tenant
from mpp_lite.catalogue.services import tenants_with_services
from mpp_lite.complaints.forms import (
    CHANNEL_LABELS,
    DEADLINE_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    ComplaintForm,
    DeskComplaintForm,
    option,
)
from mpp_lite.complaints.models import COMPLAINT_STATUSES, Complaint
from mpp_lite.complaints.services import (
    LAPOR_URL,
    ComplaintError,
    allowed_transitions,
    assign,
    by_token,
    change_status,
    escalated,
    file_complaint,
    find_for_citizen,
    is_overdue,
    mark_complete,
    mask_email,
    mask_name,
    mask_phone,
    may_handle,
    may_read,
    missed_deadlines,
    response_days,
    shows_identity,
    staff_query,
)
from mpp_lite.database import in_transaction
from mpp_lite.errors import FORBIDDEN
from mpp_lite.extensions import db, limiter
from mpp_lite.reports.exports import to_csv, to_xlsx
from mpp_lite.security import database_id, page_number
from mpp_lite.site import clock, menus

bp = Blueprint("complaints", __name__)
menus.add_staff("complaints.desk", _l("Complaints desk"), ("operator", "supervisor"), 30)

menus.add_public("complaints.new", _l("Complaints"), 70)
menus.add_admin(
    "complaints.desk", _l("Complaints desk"), _l("Complaints and suggestions, their answers and deadlines."), 65
)


@bp.app_context_processor
def complaint_labels():
    return {
        "complaint_status_labels": STATUS_LABELS,
        "complaint_kind_labels": KIND_LABELS,
        "complaint_channel_labels": CHANNEL_LABELS,
        "lapor_url": LAPOR_URL,
        "complaint_deadline_labels": DEADLINE_LABELS,
        "complaint_status_classes": {
            "new": "bg-primary",
            "in_progress": "bg-warning text-dark",
            "answered": "bg-success",
            "closed": "bg-secondary",
            "forwarded": "bg-info text-dark",
        },
    }


def _fill_choices(form: ComplaintForm) -> None:
    groups = tenants_with_services()
    form.tenant_id.choices = [option("", _("I don't know / the hall itself"))] + [
        option(t.id, t.name) for t, _s in groups
    ]
    form.service_id.choices = [option("", "-")] + [
        option(s.id, s.name, t.display_name) for t, services in groups for s in services
    ]


def _submit(form: ComplaintForm, channel: str):
    actor = current_actor()
    try:
        complaint = in_transaction(
            lambda: file_complaint(
                actor,
                text=form.text.data,
                kind=form.kind.data or "complaint",
                channel=channel,
                tenant_id=form.tenant_id.data,
                service_id=form.service_id.data,
                contact_name=form.contact_name.data or "",
                contact_phone=form.contact_phone.data or "",
                contact_email=form.contact_email.data or "",
                confidential=bool(form.confidential.data),
                complete=not getattr(form, "incomplete", None) or not form.incomplete.data,
            )
        )
    except ComplaintError as error:
        for name, message in error.fields.items():
            field = getattr(form, name, None)
            if field is not None:
                field.errors = [*field.errors, message]
        flash(error.message, "danger")
        return None
    return complaint


@bp.route("/pengaduan", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
def new():
    form = ComplaintForm()
    _fill_choices(form)
    if form.validate_on_submit():
        channel = "kiosk" if current_actor().role == "kiosk" else "web"
        complaint = _submit(form, channel)
        if complaint is not None:
            return redirect(url_for("complaints.track", token=complaint.access_token, baru=1))
    status = 422 if form.errors else 200
    return render_template("complaints/new.html", form=form, days=response_days()), status


@bp.route("/pengaduan/cek", methods=["GET", "POST"])
@public
@limiter.limit("10 per 10 minutes", methods=["POST"])
def lookup():
    """Find one's complaint again with its reference and the last four digits of the phone given."""
    from mpp_lite.applications.services import RateLimited

    reference = (request.form.get("reference") or "").strip()[:30]
    not_found = False
    if request.method == "POST":
        try:
            complaint = find_for_citizen(reference, request.form.get("phone_last4", ""))
        except RateLimited as error:
            return (
                render_template("complaints/lookup.html", reference=reference, limited=error.message),
                429,
                {"Retry-After": str(error.retry_after)},
            )
        db.session.commit()  # a failed try counts, also after a restart
        if complaint is not None:
            return redirect(url_for("complaints.track", token=complaint.access_token))
        not_found = True
    return render_template(
        "complaints/lookup.html", reference=reference, not_found=not_found
    ), 404 if not_found else 200


@bp.get("/pengaduan/<token>")
@public
def track(token: str):
    complaint = by_token(token) or abort(404)
    return render_template(
        "complaints/track.html",
        complaint=complaint,
        just_filed=request.args.get("baru") == "1",
        masked={
            "name": mask_name(complaint.contact_name),
            "phone": mask_phone(complaint.contact_phone),
            "email": mask_email(complaint.contact_email),
        },
        overdue=is_overdue(complaint),
    )


# ---------------------------------------------------------------- staff desk


@bp.get("/pengaduan/meja")
@require("operator", "supervisor")
def desk():
    actor = current_actor()
    status = request.args.get("status") if request.args.get("status") in COMPLAINT_STATUSES else None
    tenant_id = request.args.get("tenant", type=database_id)
    overdue = request.args.get("lewat") == "1"
    query = staff_query(actor, status, tenant_id, overdue)
    page = db.paginate(query, page=request.args.get("page", 1, type=page_number), per_page=50, error_out=False)
    counts_query = db.select(Complaint.status, db.func.count()).group_by(Complaint.status)
    if not actor.sees_all_tenants():
        counts_query = counts_query.where(Complaint.tenant_id == actor.tenant_id)
    counts = dict(db.session.execute(counts_query).all())
    tenants = (
        db.session.scalars(db.select(Tenant).order_by(Tenant.sort_order, Tenant.name)).all()
        if actor.sees_all_tenants()
        else []
    )
    return render_template(
        "complaints/desk.html",
        page=page,
        status=status,
        tenant_id=tenant_id,
        overdue=overdue,
        counts=counts,
        tenants=tenants,
        today=clock.today(),
        statuses=COMPLAINT_STATUSES,
    )


@bp.get("/pengaduan/meja/ekspor.<fmt>")
@require("operator", "supervisor")
def desk_export(fmt: str):
    """The desk's list (same filters) as CSV or XLSX, without the complainants' contact details."""
    from flask import Response

    if fmt not in ("csv", "xlsx"):
        abort(404)
    actor = current_actor()
    status = request.args.get("status") if request.args.get("status") in COMPLAINT_STATUSES else None
    query = staff_query(actor, status, request.args.get("tenant", type=database_id), request.args.get("lewat") == "1")
    headers = [
        _("Reference"),
        _("Received"),
        _("Kind"),
        _("Channel"),
        _("Agency"),
        _("Service"),
        _("Status"),
        _("Answer due by"),
        _("Answered"),
        _("Text"),
        _("Answer"),
    ]
    rows = [
        [
            c.reference,
            c.received_at.astimezone(clock.zone()).strftime("%Y-%m-%d %H:%M"),
            str(KIND_LABELS[c.kind]),
            str(CHANNEL_LABELS.get(c.channel, c.channel)),
            c.tenant.name if c.tenant else _("MPP management"),
            c.service.name if c.service else "",
            str(STATUS_LABELS[c.status]),
            c.due_date.isoformat(),
            c.answered_at.astimezone(clock.zone()).strftime("%Y-%m-%d %H:%M") if c.answered_at else "",
            c.text,
            c.answer,
        ]
        for c in db.session.scalars(query.limit(20000))
    ]
    if fmt == "csv":
        body, mimetype = to_csv(headers, rows), "text/csv; charset=utf-8"
    else:
        body = to_xlsx(_("Complaints"), headers, rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    filename = f"pengaduan-{clock.today():%d-%m-%Y}.{fmt}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/pengaduan/meja/baru", methods=["GET", "POST"])
@require("operator", "supervisor")
def desk_new():
    form = DeskComplaintForm()
    _fill_choices(form)
    actor = current_actor()
    if request.method == "GET" and actor.role == "operator" and actor.tenant_id:
        form.tenant_id.data = actor.tenant_id
    if form.validate_on_submit():
        complaint = _submit(form, form.channel.data)
        if complaint is not None:
            flash(
                _(
                    "Complaint %(ref)s recorded. Give the citizen the reference number and the status link.",
                    ref=complaint.reference,
                ),
                "success",
            )
            return redirect(url_for("complaints.desk_detail", complaint_id=complaint.id))
    return render_template("complaints/desk_new.html", form=form, days=response_days()), 422 if form.errors else 200


@bp.route("/pengaduan/meja/<int:complaint_id>", methods=["GET", "POST"])
@require("operator", "supervisor")
def desk_detail(complaint_id: int):
    actor = current_actor()
    complaint = db.session.get(Complaint, complaint_id) or abort(404)
    if not may_read(actor, complaint):
        abort(403)
    errors = {}
    if request.method == "POST":
        action = request.form.get("action")

        def work():
            if action == "assign":
                assign(actor, complaint, request.form.get("tenant_id"))
            elif action == "complete":
                mark_complete(actor, complaint)
            else:
                change_status(
                    actor,
                    complaint,
                    request.form.get("to", ""),
                    request.form.get("note", ""),
                    request.form.get("answer"),
                    request.form.get("lapor_number"),
                )

        try:
            in_transaction(work)
            if action == "assign":
                flash(_("The complaint was handed over."), "success")
            elif action == "complete":
                flash(
                    _(
                        "Marked complete: to be resolved by %(date)s.",
                        date=complaint.resolution_due.strftime("%d-%m-%Y"),
                    ),
                    "success",
                )
            else:
                flash(_("Status changed to: %(status)s.", status=STATUS_LABELS.get(complaint.status)), "success")
            return redirect(url_for("complaints.desk_detail", complaint_id=complaint.id))
        except ComplaintError as error:
            if error.kind == FORBIDDEN:
                abort(403)
            flash(error.message, "danger")
            errors = error.fields
            complaint = db.session.get(Complaint, complaint_id)
    else:
        in_transaction(lambda: record(actor, "complaint.view", "complaint", complaint.reference))
    tenants = db.session.scalars(db.select(Tenant).order_by(Tenant.sort_order, Tenant.name)).all()
    return render_template(
        "complaints/desk_detail.html",
        complaint=complaint,
        may_handle=may_handle(actor, complaint),
        transitions=allowed_transitions(complaint),
        tenants=tenants,
        errors=errors,
        overdue=is_overdue(complaint),
        missed=missed_deadlines(complaint),
        shows_identity=shows_identity(actor, complaint),
        form_values=request.form,
    ), 422 if errors else 200


@bp.get("/pengaduan/meja/terlambat")
@require("supervisor")
def overdue_list():
    """Complaints past a deadline, escalated to the hall's supervisors (Perpres 76/2013 clocks)."""
    return render_template(
        "complaints/overdue.html", rows=escalated(), today=clock.today(), complaint_response_days=response_days()
    )
