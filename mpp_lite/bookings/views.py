"""Booking pages: /reservasi for phones and the kiosk (service -> day -> slot -> name and phone),
the confirmation with its QR, PDF and calendar file, managing by code + phone digits, and the
kiosk's check-in ("Saya sudah reservasi")."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.auth.permissions import current_actor, public
from mpp_lite.bookings import checkin, documents, services
from mpp_lite.bookings.models import Booking
from mpp_lite.bookings.slots import bookable_days, booking_rules, day_slots
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.database import in_transaction
from mpp_lite.errors import DomainError
from mpp_lite.extensions import db
from mpp_lite.privacy.masking import mask_name, mask_phone
from mpp_lite.queue.printing import qr_svg
from mpp_lite.queue.services import issue_ticket, valid_id
from mpp_lite.queue.views import device_or_staff
from mpp_lite.site import clock, menus
from mpp_lite.site.errors import page_status

bp = Blueprint("bookings", __name__)
menus.add_public("bookings.start", _l("Book a visit"), 25)


@bp.context_processor
def booking_helpers() -> dict:
    return {"mask_name": mask_name, "mask_phone": mask_phone, "day_label": lambda day: format_date(day, "EEE, d MMM")}


def bookable_services() -> list[Service]:
    services_ = db.session.scalars(
        db.select(Service)
        .join(Tenant)
        .where(Service.published.is_(True), Tenant.active.is_(True), Service.queue_id.is_not(None))
        .order_by(Tenant.sort_order, Tenant.name, Service.name)
    ).all()
    return [s for s in services_ if booking_rules(s.queue) is not None]


def _kiosk() -> bool:
    return request.values.get("kiosk") == "1"


def _booking_by_code(code: str) -> Booking:
    try:
        booking = services.find(code)
    except DomainError:
        booking = None
    if booking is None:
        abort(404)
    return booking


@bp.route("/reservasi", methods=["GET", "POST"])
@public
def start():
    """One page, three steps by query: ?layanan= picks the service, &tanggal= the day."""
    service = None
    chosen_day = None
    errors: dict[str, str] = {}
    message = ""
    alternatives = []
    status = 200
    values = {"name": "", "phone": "", "slot_start": ""}
    service_id = valid_id(request.values.get("layanan") or request.values.get("service_id"))
    if service_id:
        service = db.session.get(Service, service_id)
        if service is None or service not in bookable_services():
            service = None
            message = _("This service takes no bookings. Choose one from the list.")
    raw_day = request.values.get("tanggal", "")
    if service is not None and raw_day:
        try:
            chosen_day = date.fromisoformat(raw_day)
        except ValueError:
            message = _("Choose a day from the list.")
    if request.method == "POST" and service is not None:
        values = {key: request.form.get(key, "") for key in values}
        client = services.client_key()
        try:
            booking = in_transaction(
                lambda: services.book(service.id, values["slot_start"], values["name"], values["phone"], client=client)
            )
        except DomainError as error:
            errors, message = dict(error.fields), error.message
            alternatives = error.extra.get("alternatives", [])
            status = page_status(error)
            headers = error.headers
            days = bookable_days(service.queue)
            slots = day_slots(service.queue, chosen_day) if chosen_day else []
            return (
                render_template(
                    "bookings/start.html",
                    services=bookable_services(),
                    service=service,
                    days=days,
                    day=chosen_day,
                    slots=slots,
                    errors=errors,
                    message=message,
                    values=values,
                    alternatives=alternatives,
                    kiosk=_kiosk(),
                ),
                status,
                headers,
            )
        return redirect(
            url_for("bookings.confirmation", code=booking.display_code, baru=1, kiosk=1 if _kiosk() else None), 303
        )
    days = bookable_days(service.queue) if service is not None else []
    slots = day_slots(service.queue, chosen_day) if service is not None and chosen_day in days else []
    if chosen_day is not None and chosen_day not in days:
        message = message or _("This day cannot be booked. Choose a day from the list.")
        chosen_day = None
    return render_template(
        "bookings/start.html",
        services=bookable_services(),
        service=service,
        days=days,
        day=chosen_day,
        slots=slots,
        errors=errors,
        message=message,
        values=values,
        alternatives=alternatives,
        kiosk=_kiosk(),
    ), status


@bp.get("/reservasi/kode/<code>")
@public
def confirmation(code: str):
    booking = _booking_by_code(code)
    return render_template(
        "bookings/confirmation.html",
        booking=booking,
        new=request.args.get("baru") == "1",
        slot_text=services.slot_text(booking),
        label=services.status_label,
        kiosk=_kiosk(),
    )


@bp.get("/reservasi/kode/<code>/qr.svg")
@public
def qr(code: str):
    booking = _booking_by_code(code)
    response = current_app.response_class(qr_svg(booking.display_code), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/reservasi/kode/<code>/reservasi.pdf")
@public
def confirmation_pdf(code: str):
    booking = _booking_by_code(code)
    return send_file(
        documents.confirmation_pdf(booking),
        mimetype="application/pdf",
        download_name=f"reservasi-{booking.display_code}.pdf",
        as_attachment=False,
        max_age=0,
    )


@bp.get("/reservasi/kode/<code>/reservasi.ics")
@public
def calendar_file(code: str):
    booking = _booking_by_code(code)
    response = current_app.response_class(documents.calendar_event(booking), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="reservasi-{booking.display_code}.ics"'
    return response


@bp.route("/reservasi/kelola", methods=["GET", "POST"])
@public
def manage():
    """See or cancel a booking with its code and the phone's last 4 digits (POST only: no digits in URLs)."""
    booking = None
    errors: dict[str, str] = {}
    message = ""
    status = 200
    headers: dict = {}
    code = request.form.get("code", "")
    if request.method == "POST":
        cancel = request.form.get("action") == "cancel"

        def work():
            try:
                found = services.for_citizen(code, request.form.get("phone_last4"))
            except DomainError as error:
                return error  # committed all the same: a failed try counts toward the limit
            return services.cancel(found, by="citizen") if cancel else found

        try:
            result = in_transaction(work)
            if isinstance(result, DomainError):
                raise result
            booking = result
            if cancel:
                message = _("The booking is cancelled; its seat is free for someone else.")
        except DomainError as error:
            errors, message, headers = dict(error.fields), error.message, error.headers
            status = page_status(error)
    return (
        render_template(
            "bookings/manage.html",
            booking=booking,
            errors=errors,
            message=message,
            code=code,
            slot_text=services.slot_text(booking) if booking else "",
            label=services.status_label,
            kiosk=_kiosk(),
        ),
        status,
        headers,
    )


@bp.route("/kiosk/reservasi", methods=["GET", "POST"])
@device_or_staff("kiosk")
def kiosk_checkin():
    """ "Saya sudah reservasi": type or scan the code, get a ticket in the booked queue."""
    actor = current_actor()
    ticket = booking = None
    error = None
    walk_in = None
    status = 200
    code = request.form.get("code", "")
    if request.method == "POST" and request.form.get("action") == "walk_in":
        service_id = valid_id(request.form.get("service_id"))
        try:
            ticket = in_transaction(lambda: issue_ticket(service_id, issued_by=actor.name, actor=actor))
        except DomainError as refused:
            error, status = refused.message, 409
    elif request.method == "POST":
        try:
            booking, ticket = in_transaction(lambda: checkin.check_in(code, issued_by=actor.name))
        except DomainError as refused:
            error = refused.message
            walk_in = refused.extra.get("walk_in")
            status = page_status(refused)
    early = ticket is not None and ticket.callable_from is not None and ticket.callable_from > clock.utcnow()
    return render_template(
        "bookings/kiosk_checkin.html",
        ticket=ticket,
        booking=booking,
        error=error,
        walk_in=walk_in,
        early=early,
        code=code if error else "",
    ), status
