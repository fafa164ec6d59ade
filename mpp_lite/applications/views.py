"""Application pages: staff worklist, register, detail, receipts; public status and verification."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.applications import holiday_import, services
from mpp_lite.applications.calendar import WorkingCalendar, national_holidays, year_data
from mpp_lite.applications.forms import (
    EditForm,
    HolidayForm,
    OfficialListForm,
    RegisterForm,
    StatusForm,
    TransitionForm,
    option,
)
from mpp_lite.applications.holiday_import import import_official_list, parse_official_list
from mpp_lite.applications.models import (
    ApplicationStatus,
    LocalHoliday,
    Notification,
    OfficialHoliday,
)
from mpp_lite.applications.notify import deliver_after_commit, get_sender, send_pending
from mpp_lite.auth.permissions import current_actor, public, require
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.queue.models import Ticket
from mpp_lite.security import database_id, page_number
from mpp_lite.site import clock, menus
from mpp_lite.site.services import get_settings

bp = Blueprint("applications", __name__)
menus.add_staff("applications.worklist", _l("Applications"), ("operator", "supervisor"), 20)

menus.add_public("applications.status_page", _l("Check application status"), 30)
menus.add_admin(
    "applications.worklist", _l("Applications"), _l("Applications in progress, due dates and receipts."), 40
)
menus.add_admin(
    "applications.notifications",
    _l("Applicant notifications"),
    _l("Messages for applicants (file ready, documents missing) and the gateway that sends them."),
    46,
)
menus.add_admin(
    "applications.holidays",
    _l("Holidays and working days"),
    _l("Local holidays and corrections to the working-day calendar used for due dates."),
    45,
)

PAGE_SIZE = 50


def _services_for(actor):
    query = db.select(Service).join(Tenant).order_by(Tenant.sort_order, Tenant.name, Service.name)
    if not actor.sees_all_tenants():
        query = query.where(Service.tenant_id == actor.tenant_id)
    return list(db.session.scalars(query))


def _ticket_for(actor, raw):
    """The queue ticket being served whose id came with `?tiket=`, if it is this agency's."""

    try:
        ticket = db.session.get(Ticket, database_id(raw))
    except (TypeError, ValueError):  # absent, not a number, or beyond any id (2**70)
        return None
    if ticket is None or ticket.service is None or not actor.may_act_for_tenant(ticket.service.tenant_id):
        return None
    return ticket


def _working_days_counter():
    """Working days from today to a due date: positive = left, negative = late."""
    calendar, today, one = WorkingCalendar(), clock.today(), timedelta(days=1)

    def count(due):
        if due >= today:
            return calendar.working_days_between(today + one, due + one)
        return -calendar.working_days_between(due + one, today + one)

    return count


def _safe_in_url(text: str) -> bool:
    """Names and codes may go into page links; long digit runs (NIK, phone) may not."""
    return len(re.sub(r"\D", "", text)) < 9


# --- staff --------------------------------------------------------------------------------


@bp.route("/permohonan", methods=["GET", "POST"])
@require("operator", "supervisor")
def worklist():
    """The filter form posts, so that a NIK typed into the search never lands in a URL or a log."""
    actor = current_actor()
    values = request.values
    status = values.get("status", "open")
    if status not in services.WORKLIST_FILTERS:
        status = "open"
    search = (values.get("q") or "").strip()[:60]
    tenant_id = values.get("tenant_id", type=database_id) if actor.sees_all_tenants() else None
    page = max(1, values.get("page", 1, type=page_number))
    query = services.worklist_query(actor, status, tenant_id, search)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.order_by(None).subquery()))
    rows = list(db.session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    tenants = list(db.session.scalars(db.select(Tenant).order_by(Tenant.name))) if actor.sees_all_tenants() else []
    return render_template(
        "applications/worklist.html",
        rows=rows,
        status=status,
        search=search,
        tenant_id=tenant_id,
        tenants=tenants,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        today=clock.today(),
        link_search=search if _safe_in_url(search) else None,
        filters=services.WORKLIST_FILTERS,
        label=services.status_label,
        is_overdue=services.is_overdue,
        days_left=_working_days_counter(),
    )


@bp.route("/permohonan/baru", methods=["GET", "POST"])
@require("operator")
def register():
    actor = current_actor()
    service_list = _services_for(actor)
    form = RegisterForm()
    form.service_id.choices = [option(0, _("Choose a service"))] + [
        option(s.id, f"{s.name} ({s.tenant.display_name})" if actor.sees_all_tenants() else s.name)
        for s in service_list
    ]
    ticket = None
    if request.method == "GET":
        ticket = _ticket_for(actor, request.args.get("tiket"))
        if ticket is not None:
            form.service_id.data = ticket.service_id
            form.ticket_id.data = str(ticket.id)
        elif request.args.get("layanan", type=database_id):
            form.service_id.data = request.args.get("layanan", type=database_id)
    elif form.ticket_id.data:
        ticket = _ticket_for(actor, form.ticket_id.data)
    service = next((s for s in service_list if s.id == form.service_id.data), None)
    checked = set(request.form.getlist("documents")) if request.method == "POST" else set()
    errors: dict[str, str] = {}
    if request.method == "POST" and form.validate_on_submit():
        documents = [int(value) for value in checked if value.isdigit()]

        def work():
            application = services.register_application(
                actor,
                form.service_id.data,
                {
                    "name": form.name.data,
                    "nik": form.nik.data,
                    "phone": form.phone.data,
                    "email": form.email.data,
                    "address": form.address.data,
                },
                documents,
                ticket_id=ticket.id if ticket else None,
                verify_now=form.verify_now.data,
                note=form.note.data or "",
            )
            return application, application.warnings

        try:
            application, warnings = in_transaction(work)
        except services.ApplicationError as error:
            errors = {key.split(".", 1)[-1]: value for key, value in error.fields.items()}
            flash(error.message, "danger")
        else:
            flash(
                _(
                    "Application registered. Tracking code: %(code)s. Print the receipt for the applicant.",
                    code=application.display_code,
                ),
                "success",
            )
            for warning in warnings:
                flash(warning, "warning")
            return redirect(url_for("applications.detail", code=application.tracking_code, cetak=1))
    elif request.method == "POST":
        flash(_("Some fields are not valid; please check them."), "danger")
    for key, message in errors.items():
        target = getattr(form, key if key in ("name", "nik", "phone", "email", "address") else "_none", None)
        if target is not None:
            target.errors = list(target.errors or []) + [message]
    return render_template(
        "applications/register.html",
        form=form,
        service=service,
        ticket=ticket,
        checked=checked,
        errors=errors,
        services_json=service_list,
    )


@bp.get("/permohonan/persyaratan")
@require("operator")
def requirements_partial():
    """The chosen service's requirements as checkboxes (htmx swaps them in on change)."""
    actor = current_actor()
    service = db.session.get(Service, request.args.get("service_id", type=database_id) or 0)
    if service is not None and not actor.may_act_for_tenant(service.tenant_id):
        service = None
    return render_template("applications/_requirements.html", service=service, checked=set(), errors={})


def _visible_application(actor, code: str):
    """The application this staff member may see, or 404 (unknown code) / 403 (other agency)."""
    try:
        return services.get_for_actor(actor, code)
    except services.NotFound:
        abort(404)
    except services.NotAllowed:
        abort(403)


@bp.get("/permohonan/<code>")
@require("operator", "supervisor")
def detail(code: str):
    actor = current_actor()
    application = _visible_application(actor, code)
    in_transaction(lambda: services.record_full_view(actor, application))
    may_act = actor.may_act_for_tenant(application.tenant_id)
    calendar = WorkingCalendar()
    closed = []
    if application.verified_at and application.due_date:
        closed = calendar.closed_days(services.local_date(application.verified_at), application.due_date)
    notifications = list(
        db.session.scalars(db.select(Notification).filter_by(application_id=application.id).order_by(Notification.id))
    )
    return render_template(
        "applications/detail.html",
        app=application,
        may_act=may_act,
        form=TransitionForm(),
        allowed=services.allowed_transitions(application) if may_act else (),
        label=services.status_label,
        action_label=lambda s: str(services.ACTION_LABELS.get(s, s)),
        note_required=services.NOTE_REQUIRED,
        overdue=services.is_overdue(application),
        verify_url=services.verify_url(application),
        closed_days=closed,
        notifications=notifications,
        print_now=request.args.get("cetak") == "1",
    )


@bp.post("/permohonan/<code>/status")
@require("operator")
def change_status(code: str):
    actor = current_actor()
    form = TransitionForm()
    try:
        application = services.get_for_actor(actor, code, write=True)
    except services.NotFound:
        abort(404)
    except services.NotAllowed:
        abort(403)
    if not form.validate_on_submit():
        flash(_("Choose what to do with the application."), "danger")
        return redirect(url_for("applications.detail", code=application.tracking_code))
    try:
        in_transaction(lambda: services.transition(actor, application, form.to.data, form.note.data or ""))
    except services.ApplicationError as error:
        flash(error.message, "danger")
        return redirect(url_for("applications.detail", code=code))
    deliver_after_commit()
    flash(_("Status changed to: %(status)s.", status=services.status_label(application.status)), "success")
    return redirect(url_for("applications.detail", code=application.tracking_code))


@bp.post("/permohonan/<code>/rujukan")
@require("operator")
def external_reference(code: str):
    """The agency system's name and number for this file (receipt-only tenants work there)."""
    actor = current_actor()
    application = _visible_application(actor, code)
    try:
        in_transaction(
            lambda: services.set_external_reference(
                actor, application, request.form.get("external_system", ""), request.form.get("external_reference", "")
            )
        )
    except services.NotAllowed:
        abort(403)
    except services.ApplicationError as error:
        flash(" ".join([error.message, *error.fields.values()]), "danger")
        return redirect(url_for("applications.detail", code=application.tracking_code))
    flash(_("Agency system reference saved."), "success")
    return redirect(url_for("applications.detail", code=application.tracking_code))


@bp.route("/permohonan/<code>/ubah", methods=["GET", "POST"])
@require("operator")
def edit(code: str):
    """Correct the applicant's data or tick documents brought later; the same form as registering."""
    actor = current_actor()
    try:
        application = services.get_for_actor(actor, code, write=True)
    except services.NotFound:
        abort(404)
    except services.NotAllowed:
        abort(403)
    if not application.is_open:
        flash(_("A closed application cannot be changed."), "warning")
        return redirect(url_for("applications.detail", code=application.tracking_code))
    form = EditForm()
    requirements = list(application.service.requirements or [])
    if request.method == "GET":
        in_transaction(lambda: services.record_full_view(actor, application, "edit"))
        form.name.data, form.nik.data, form.phone.data = application.applicant_name, application.nik, application.phone
        form.email.data, form.address.data = application.email, application.address
        checked = {str(i + 1) for i, r in enumerate(requirements) if r in (application.documents or [])}
    else:
        checked = set(request.form.getlist("documents"))
    errors: dict[str, str] = {}
    if request.method == "POST" and form.validate_on_submit():
        try:
            changed = in_transaction(
                lambda: services.update_application(
                    actor,
                    application,
                    {
                        "name": form.name.data,
                        "nik": form.nik.data,
                        "phone": form.phone.data,
                        "email": form.email.data,
                        "address": form.address.data,
                    },
                    [int(value) for value in checked if value.isdigit()],
                )
            )
        except services.ApplicationError as error:
            errors = {key.split(".", 1)[-1]: value for key, value in error.fields.items()}
            flash(error.message, "danger")
        else:
            flash(_("Saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("applications.detail", code=application.tracking_code))
    for key, message in errors.items():
        target = getattr(form, key, None) if key in ("name", "nik", "phone", "email", "address") else None
        if target is not None:
            target.errors = list(target.errors or []) + [message]
    return render_template(
        "applications/edit.html",
        form=form,
        app=application,
        service=application.service,
        checked=checked,
        errors=errors,
    )


@bp.get("/permohonan/<code>/tanda-terima.pdf")
@require("operator", "supervisor")
def receipt(code: str):
    """The receipt (staff only: it carries the full name). `?format=slip` for 80 mm printers."""
    actor = current_actor()
    application = _visible_application(actor, code)
    slip = request.args.get("format") == "slip"
    in_transaction(lambda: services.record_full_view(actor, application, "receipt-slip" if slip else "receipt"))
    settings = get_settings()
    from mpp_lite.applications import pdf  # reportlab loads with the first receipt

    buffer = pdf.slip_pdf(application, settings) if slip else pdf.receipt_pdf(application, settings, officer=actor.name)
    name = f"tanda-terima-{application.display_code}{'-slip' if slip else ''}.pdf"
    return send_file(buffer, mimetype="application/pdf", download_name=name, as_attachment=False)


# --- public -------------------------------------------------------------------------------


@bp.get("/verifikasi/<code>")
@public
def verify(code: str):
    """What the receipt's QR opens: masked data when the signature matches, else "not valid"."""
    application = services.verify_receipt(code, request.args.get("sig"))
    return render_template(
        "applications/verify.html", app=application, label=services.status_label, mask_name=services.mask_name
    ), (200 if application else 404)


@bp.route("/status", methods=["GET", "POST"])
@public
def status_page():
    """Citizen status check (kiosk keypad or phone): code + last 4 phone digits, POST only."""
    form = StatusForm()
    result = None
    error = None
    limited = False
    field_errors: dict[str, str] = {}
    status_code = 200
    headers = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            field_errors = {"code": _("Check the code.")}
            status_code = 422
        else:

            def work():
                try:
                    return services.lookup_status(form.code.data, form.phone_last4.data)
                except services.NotFound as missing:
                    return missing  # committed all the same: the failed try counts toward the limit

            try:
                result = in_transaction(work)
            except services.RateLimited as limit:
                error, status_code = limit.message, 429
                headers["Retry-After"] = str(limit.retry_after)
                limited = True
            except services.InvalidInput as invalid:
                field_errors, status_code = invalid.fields, 422
            else:
                if isinstance(result, services.NotFound):
                    error, status_code, result = result.message, 404, None
                else:
                    form = StatusForm(formdata=None)  # do not keep the digits on screen
    kiosk = request.args.get("kiosk") == "1" or current_actor().role == "kiosk"
    return (
        render_template(
            "applications/status.html",
            form=form,
            app=result,
            error=error,
            field_errors=field_errors,
            limited=limited,
            kiosk=kiosk,
            label=services.status_label,
            mask_name=services.mask_name,
            history=services.public_history(result) if result else [],
            pickup=services.pickup_instructions(result) if result and result.status == ApplicationStatus.READY else "",
            survey_url=f"/survei?permohonan={result.tracking_code}"
            if result and result.status == ApplicationStatus.PICKED_UP
            else "",
            due_is_estimate=bool(result) and services.due_date_is_estimate(result),
        ),
        status_code,
        headers,
    )


# --- admin: calendar ----------------------------------------------------------------------


@bp.route("/admin/hari-libur", methods=["GET", "POST"])
@require("admin")
def holidays():
    actor = current_actor()
    form = HolidayForm()
    if form.validate_on_submit():
        try:
            in_transaction(lambda: services.save_local_holiday(actor, form.day.data, form.name.data, form.kind.data))
        except services.ApplicationError as error:
            flash(error.message, "danger")
        else:
            flash(_("Saved. Due dates of open applications were recalculated."), "success")
            return redirect(url_for("applications.holidays", tahun=form.day.data.year))
    year = request.args.get("tahun", type=int) or clock.today().year
    year = min(max(year, 2000), 2100)
    local = list(db.session.scalars(db.select(LocalHoliday).order_by(LocalHoliday.day)))

    national = sorted(national_holidays(year).items())
    calendar = WorkingCalendar()
    overridden = {row.day for row in local}
    return render_template(
        "applications/holidays.html",
        form=form,
        local=local,
        national=national,
        year=year,
        overridden=overridden,
        is_working_day=calendar.is_working_day,
        today=clock.today(),
        year_data=year_data(year, calendar.official),
        import_form=OfficialListForm(),
        source=_official_source(year),
    )


def _official_source(year: int):
    return db.session.execute(
        db.select(OfficialHoliday.source, OfficialHoliday.imported_at, OfficialHoliday.imported_by)
        .where(OfficialHoliday.year == year)
        .limit(1)
    ).first()


@bp.post("/admin/hari-libur/impor")
@require("admin")
def import_holidays():
    """The year's official list (SKB) from a file: checked whole, stored whole or not at all."""
    form = OfficialListForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("applications.holidays"))
    upload = form.file.data
    parsed = parse_official_list(upload.read(holiday_import.MAX_FILE_BYTES + 1), upload.filename or "")
    try:
        if form.dry_run.data:
            result = import_official_list(current_actor(), parsed, dry_run=True)
            return render_template("applications/holiday_import.html", error=None, result=result)
        result = in_transaction(lambda: import_official_list(current_actor(), parsed))
    except services.InvalidInput as error:
        return render_template("applications/holiday_import.html", error=error, result=None), 422
    flash(
        _(
            "Imported the official list for %(year)d: %(days)d days, %(cuti)d of them cuti bersama. "
            "Due dates moved: %(moved)d.",
            year=result.year,
            days=result.days,
            cuti=result.cuti_bersama,
            moved=result.due_dates_moved,
        ),
        "success",
    )
    return redirect(url_for("applications.holidays", tahun=result.year))


@bp.post("/admin/hari-libur/<int:holiday_id>/hapus")
@require("admin")
def delete_holiday(holiday_id: int):
    try:
        in_transaction(lambda: services.delete_local_holiday(current_actor(), holiday_id))
    except services.NotFound:
        abort(404)
    flash(_("Removed. Due dates of open applications were recalculated."), "success")
    return redirect(url_for("applications.holidays"))


# --- admin: notifications -----------------------------------------------------------------


@bp.get("/admin/notifikasi")
@require("admin")
def notifications():
    rows = list(db.session.scalars(db.select(Notification).order_by(Notification.id.desc()).limit(200)))
    counts = dict(
        db.session.execute(
            db.select(Notification.status, db.func.count(Notification.id)).group_by(Notification.status)
        ).all()
    )
    return render_template(
        "applications/notifications.html",
        rows=rows,
        counts=counts,
        sender=getattr(get_sender(), "name", ""),
        label=services.status_label,
    )


@bp.post("/admin/notifikasi/kirim")
@require("admin")
def send_notifications():
    if get_sender() is None:
        flash(_("No gateway is configured, so nothing leaves this PC."), "warning")
        return redirect(url_for("applications.notifications"))
    counts = send_pending(limit=100)  # commits each outcome itself, the gateway called outside
    flash(_("Sent: %(sent)d. Waiting for a retry: %(pending)d. Failed for good: %(failed)d.", **counts), "info")
    return redirect(url_for("applications.notifications"))
